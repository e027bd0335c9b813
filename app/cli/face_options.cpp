#include "cli/face_options.h"

namespace interceptor::cli {

const std::set<std::string>& face_valued_options() {
    static const std::set<std::string> options = {"--face-detector", "--face-score", "--face-nms",
                                                  "--min-face", "--face-model"};
    return options;
}

const char* const kFaceOptionsHelp =
    "  --face-detector yunet|haar  faces for face-based checkpoints (default yunet: box, five\n"
    "                       landmarks, score; haar: OpenCV's cascade, boxes only)\n"
    "  --face-score S       YuNet's least confidence kept (default 0.7)\n"
    "  --face-nms T         overlap (IoU) above which the weaker of two faces goes (default 0.3)\n"
    "  --min-face F         smallest face, a share of the frame's shorter side (default 0.04)\n"
    "  --face-model FILE    another model file for the detector\n";

namespace {

Result<double> number(const Arguments& a, const std::string& option, double fallback) {
    if (!a.has(option)) return fallback;
    try {
        std::size_t used = 0;
        const std::string text = a.value(option);
        const double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (...) {
    }
    return Error{option + " needs a number"};
}

}  // namespace

Result<FaceDetectorSettings> read_face_settings(const Arguments& a) {
    FaceDetectorSettings s;
    if (a.has("--face-detector")) {
        auto kind = parse_face_detector(a.value("--face-detector"));
        if (!kind) return Error{kind.error()};
        s.kind = *kind;
    }
    auto score = number(a, "--face-score", s.score_threshold);
    auto nms = number(a, "--face-nms", s.nms_threshold);
    auto min_face = number(a, "--min-face", s.min_face);
    for (const auto* r : {&score, &nms, &min_face})
        if (!*r) return Error{r->error()};
    s.score_threshold = *score;
    s.nms_threshold = *nms;
    s.min_face = *min_face;
    s.model_file = a.value("--face-model");
    return s;
}

}  // namespace interceptor::cli
