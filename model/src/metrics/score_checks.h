#pragma once
// The one argument check the metric functions share: a score for every label.
#include <stdexcept>
#include <string>
#include <vector>

namespace interceptor {

inline void check_scores_match_labels(std::size_t scores, std::size_t labels) {
    if (scores != labels)
        throw std::invalid_argument("metrics: " + std::to_string(scores) + " scores but " +
                                    std::to_string(labels) + " labels");
}

}  // namespace interceptor
