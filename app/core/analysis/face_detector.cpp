#include "core/analysis/face_detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/analysis/shipped_models.h"
#include "interceptor/model/named_choice.h"

namespace interceptor {
namespace fs = std::filesystem;

const char* face_detector_name(FaceDetectorKind kind) {
    return kind == FaceDetectorKind::Haar ? "haar" : "yunet";
}

Result<FaceDetectorKind> parse_face_detector(const std::string& name) {
    static const FaceDetectorKind all[] = {FaceDetectorKind::Yunet, FaceDetectorKind::Haar};
    return parse_named(name, all, face_detector_name, "face detector");
}

std::string FaceDetectorSettings::describe() const {
    std::ostringstream s;
    s << "smallest face " << min_face * 100 << " % of the frame's shorter side";
    if (kind == FaceDetectorKind::Yunet)
        s << ", score at least " << score_threshold << ", overlap suppression above IoU "
          << nms_threshold << ", detected at up to " << detect_size
          << " px, each face confirmed by a second look at " << kSecondLookSize << " px";
    return s.str();
}

std::vector<std::pair<std::string, std::string>> FaceDetectorSettings::options() const {
    const FaceDetectorSettings defaults;
    std::vector<std::pair<std::string, std::string>> out;
    auto number = [](double v) {
        std::ostringstream s;
        s.precision(15);  // reads back as the same double for any value typed on a command line
        s << v;
        return s.str();
    };
    if (kind != defaults.kind) out.emplace_back("--face-detector", face_detector_name(kind));
    if (score_threshold != defaults.score_threshold)
        out.emplace_back("--face-score", number(score_threshold));
    if (nms_threshold != defaults.nms_threshold)
        out.emplace_back("--face-nms", number(nms_threshold));
    if (min_face != defaults.min_face) out.emplace_back("--min-face", number(min_face));
    if (!model_file.empty()) out.emplace_back("--face-model", model_file);
    return out;
}

cv::Rect Face::pixel_box() const {
    return {static_cast<int>(std::lround(box.x)), static_cast<int>(std::lround(box.y)),
            static_cast<int>(std::lround(box.width)), static_cast<int>(std::lround(box.height))};
}

std::string FaceDetector::describe() const {
    const std::string file = fs::path(settings_.model_file).filename().string();
    return std::string(settings_.kind == FaceDetectorKind::Yunet ? "YuNet"
                                                                 : "OpenCV Haar cascade") +
           " (" + file + ", sha256 " + sha256_ + "; " + settings_.describe() + ")";
}

std::vector<Face> FaceDetector::keep_large(std::vector<Face> faces, const cv::Size& frame) const {
    const double least = settings_.min_face * std::min(frame.width, frame.height);
    faces.erase(std::remove_if(
                    faces.begin(), faces.end(),
                    [least](const Face& f) { return std::min(f.box.width, f.box.height) < least; }),
                faces.end());
    std::stable_sort(faces.begin(), faces.end(),
                     [](const Face& a, const Face& b) { return a.box.area() > b.box.area(); });
    return faces;
}

std::string shipped_yunet_model() {
    return shipped_model_file("face_detection_yunet_2021dec_fixed_opencv46.onnx");
}

Result<std::unique_ptr<FaceDetector>> make_face_detector(const FaceDetectorSettings& settings) {
    if (!(settings.min_face >= 0 && settings.min_face < 1))
        return Error{"the smallest face must be a share of the frame between 0 and 1"};
    if (settings.kind == FaceDetectorKind::Haar) return make_haar_face_detector(settings);
    if (!(settings.score_threshold > 0 && settings.score_threshold < 1))
        return Error{"the face score threshold must lie between 0 and 1"};
    if (!(settings.nms_threshold > 0 && settings.nms_threshold < 1))
        return Error{"the face overlap (NMS) threshold must lie between 0 and 1"};
    if (settings.detect_size < 64) return Error{"the face detection size must be at least 64 px"};
    return make_yunet_face_detector(settings);
}

}  // namespace interceptor
