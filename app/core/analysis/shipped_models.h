#pragma once
// The models that ship with Interceptor (resources/models, installed in
// <prefix>/share/interceptor/models) and the rule that makes a detector the
// default. A detector ships with the figures it was measured at, in
// resources/models/detectors.json; it becomes the default (what analyze
// uses without --checkpoint) only if it is clearly better than chance on
// real manipulations it never trained on: AUC at least 0.75 on the
// ciplab-val composites and above 0.5 on the real face swaps. Otherwise it
// is experimental, used only when named. Thread-safe.
#include <optional>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

// <prefix>/share/interceptor/models/NAME beside the binaries, else the source tree's
// resources/models/NAME (a development build); "" when neither has it.
std::string shipped_model_file(const std::string& name);

struct ShippedDetector {
    std::string name;       // as the Checkpoints dock and reports name it
    std::string path;       // the checkpoint file, resolved
    std::string sha256;     // recorded when it shipped
    double ciplab_auc = 0;  // AUC on ciplab-val's 400 + 400 portraits
    int ciplab_samples = 0;
    double real_swap_auc = 0;  // video-level AUC, real face swaps against genuine clips
    int real_swap_videos = 0;
    std::string provenance;  // the file that says how it was made

    bool is_default() const;
    // "default" or "experimental: ciplab-val AUC 0.39 (800 portraits) is below 0.75, ..."
    std::string status() const;
};

// The detectors of a manifest (JSON, as detectors.json); paths are resolved beside it.
Result<std::vector<ShippedDetector>> read_detector_manifest(const std::string& path);
// The shipped manifest's detectors; empty when none ships.
Result<std::vector<ShippedDetector>> shipped_detectors();
// The first detector that meets the default rule.
std::optional<ShippedDetector> default_detector(const std::vector<ShippedDetector>& detectors);

}  // namespace interceptor
