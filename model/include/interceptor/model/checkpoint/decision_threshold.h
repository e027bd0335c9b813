#pragma once
// The threshold a checkpoint's P(fake) is judged by, and where it came from:
// the one set for an analysis wins, then the checkpoint's calibrated one,
// then 0.5. The one place this is decided: analysis, case files, evaluation
// and the workstation all ask it. Pure; thread-safe.
#include <optional>
#include <string>

namespace interceptor {

struct DecisionThreshold {
    double value = 0.5;
    std::string source;  // in the words the report and the CLI print
};

// calibrated / calibrated_source: what the checkpoint records (CheckpointMetadata's
// threshold and threshold_source).
DecisionThreshold decide_threshold(std::optional<double> set_for_analysis,
                                   std::optional<double> calibrated,
                                   const std::string& calibrated_source);

}  // namespace interceptor
