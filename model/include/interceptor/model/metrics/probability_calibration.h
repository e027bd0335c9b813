#pragma once
// How far a detector's probabilities can be taken at their word, and
// temperature scaling (Guo et al., ICML 2017) to make them so: P(fake) =
// sigmoid(margin / T), where the margin is logit(fake) - logit(real) of the
// two-class network. T > 1 softens an over-confident network; ranking (AUC)
// and therefore the order of frames never change. Pure functions; thread-safe.
#include <vector>

namespace interceptor {

// Mean negative log-likelihood of the labels (1 fake, 0 real) under
// P(fake) = scores, each clipped to [1e-15, 1 - 1e-15] (scikit-learn's log_loss).
double log_loss(const std::vector<double>& scores, const std::vector<int>& labels);

// Expected calibration error over `bins` equal-width bins of P(fake) (bin k
// holds scores in [k/bins, (k+1)/bins), the last also 1): the sample-weighted
// mean of |fraction of fakes - mean score| per bin.
double expected_calibration_error(const std::vector<double>& scores, const std::vector<int>& labels,
                                  int bins = 10);

// P(fake) of each margin at temperature T.
std::vector<double> scaled_probabilities(const std::vector<double>& margins, double temperature);

// The temperature in [kMinTemperature, kMaxTemperature] that minimises the log loss of the
// margins (the loss is convex in 1/T, so a golden-section search over 1/T finds it to 1e-6).
constexpr double kMinTemperature = 0.05, kMaxTemperature = 20;
double fit_temperature(const std::vector<double>& margins, const std::vector<int>& labels);
// Whether a fitted temperature sits on the search's bound (within 0.1 %): the best fit lies
// beyond it, so the probabilities stay poorly calibrated.
bool on_temperature_bound(double temperature);

}  // namespace interceptor
