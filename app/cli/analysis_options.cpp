#include "cli/analysis_options.h"

#include "cli/face_options.h"
#include "core/analysis/shipped_models.h"

namespace interceptor::cli {

const std::set<std::string> kAnalysisValuedOptions = [] {
    std::set<std::string> options = {"--checkpoint", "--name",  "--every",   "--evenly",
                                     "--threshold",  "--batch", "--case-dir"};
    options.insert(face_valued_options().begin(), face_valued_options().end());
    return options;
}();
const std::set<std::string> kAnalysisFlags = {"--all"};

Result<AnalysisSettings> read_analysis_settings(const Arguments& a) {
    AnalysisSettings settings;
    if (a.has("--all"))
        settings.selection = {FrameSelection::Mode::Every, 1};
    else if (a.has("--every"))
        settings.selection = {FrameSelection::Mode::EveryNth, a.integer("--every", 0)};
    else
        settings.selection = {FrameSelection::Mode::Evenly, a.integer("--evenly", 32)};
    if (settings.selection.n < 1)
        return Error{"the frame count or step must be a number of at least 1"};
    if (a.has("--threshold")) {
        try {
            settings.threshold = std::stod(a.value("--threshold"));
        } catch (...) {
            return Error{"--threshold needs a number"};
        }
    }
    settings.batch_size = a.integer("--batch", settings.batch_size);
    if (settings.batch_size < 1) return Error{"--batch must be at least 1"};
    auto faces = read_face_settings(a);
    if (!faces) return Error{faces.error()};
    settings.faces = *faces;
    return settings;
}

Result<std::vector<DetectorSlot>> load_slots(const Arguments& a) {
    std::vector<DetectorSlot> slots;
    const auto paths = a.values("--checkpoint");
    const auto names = a.values("--name");
    for (std::size_t i = 0; i < paths.size(); ++i) {
        auto c = Checkpoint::load(paths[i]);
        if (!c) return Error{c.error()};
        slots.push_back({i < names.size() ? names[i] : default_checkpoint_name(c->metadata()), *c});
    }
    return slots;
}

Result<DetectorSlot> shipped_default_slot() {
    auto shipped = shipped_detectors();
    if (!shipped) return Error{shipped.error()};
    const auto chosen = default_detector(*shipped);
    if (!chosen) {
        std::string problem = "analyze needs at least one --checkpoint";
        for (const auto& d : *shipped)
            problem += "\n  (the shipped detector \"" + d.name + "\" at " + d.path + " is " +
                       d.status() + "; name it with --checkpoint to use it)";
        return Error{problem};
    }
    auto c = Checkpoint::load(chosen->path);
    if (!c) return Error{"the shipped default detector: " + c.error()};
    if (c->metadata().sha256 != chosen->sha256)
        return Error{chosen->path +
                     ": the shipped default detector is not the file it shipped as "
                     "(SHA-256 " +
                     c->metadata().sha256 + ", recorded " + chosen->sha256 + ")"};
    return DetectorSlot{chosen->name, *c};
}

}  // namespace interceptor::cli
