#include "interceptor/model/checkpoint/decision_threshold.h"

namespace interceptor {

DecisionThreshold decide_threshold(std::optional<double> set_for_analysis,
                                   std::optional<double> calibrated,
                                   const std::string& calibrated_source) {
    if (set_for_analysis) return {*set_for_analysis, "set for this analysis"};
    if (calibrated) return {*calibrated, "from the checkpoint (" + calibrated_source + ")"};
    return {0.5, "default 0.5: the checkpoint records no calibrated threshold"};
}

}  // namespace interceptor
