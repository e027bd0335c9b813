#pragma once
// How two or more checkpoints agree on one clip, frame by frame: for each
// pair, the share of frames where their verdicts agree, the Pearson
// correlation of their probabilities and the mean absolute difference, all
// over the frames both could score; and the frames where the checkpoints
// disagree most (largest spread of P(fake)). Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <vector>

namespace interceptor {

struct PairAgreement {
    std::size_t a = 0, b = 0;  // checkpoint positions
    std::size_t frames = 0;    // frames scored by both
    double agreement = 0;      // share of those with the same verdict
    double correlation = 0;    // Pearson; 0 when either side is constant
    double mean_abs_difference = 0;
};

struct Disagreement {
    std::int64_t frame = 0;
    double seconds = 0;
    double spread = 0;  // max P(fake) - min P(fake) across checkpoints
};

struct ComparisonFrame {
    std::int64_t frame = 0;
    double seconds = 0;
    std::vector<std::optional<double>> p_fake;  // per checkpoint; empty: not applicable
};

struct Comparison {
    std::vector<PairAgreement> pairs;
    std::vector<Disagreement> largest;  // most disagreement first
};

// thresholds: one per checkpoint, for the verdicts compared.
Comparison compare_checkpoints(const std::vector<ComparisonFrame>& frames,
                               const std::vector<double>& thresholds, std::size_t top = 10);

}  // namespace interceptor
