#include "interceptor/model/metrics/probability_calibration.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "metrics/score_checks.h"

namespace interceptor {
namespace {

// -log sigmoid(x) without overflow.
double softplus_negative(double x) {
    return x > 0 ? std::log1p(std::exp(-x)) : -x + std::log1p(std::exp(x));
}

// Mean log loss of sigmoid(inverse * margin); from the margins, so that a
// saturated probability does not stop the search.
double margin_log_loss(const std::vector<double>& margins, const std::vector<int>& labels,
                       double inverse) {
    double sum = 0;
    for (std::size_t i = 0; i < margins.size(); ++i)
        sum += softplus_negative((labels[i] == 1 ? 1 : -1) * inverse * margins[i]);
    return margins.empty() ? 0 : sum / static_cast<double>(margins.size());
}

}  // namespace

double log_loss(const std::vector<double>& scores, const std::vector<int>& labels) {
    check_scores_match_labels(scores.size(), labels.size());
    double sum = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const double p = std::clamp(scores[i], 1e-15, 1 - 1e-15);
        sum -= labels[i] == 1 ? std::log(p) : std::log(1 - p);
    }
    return scores.empty() ? 0 : sum / static_cast<double>(scores.size());
}

double expected_calibration_error(const std::vector<double>& scores, const std::vector<int>& labels,
                                  int bins) {
    check_scores_match_labels(scores.size(), labels.size());
    if (bins < 1) throw std::invalid_argument("at least one bin is needed");
    std::vector<double> count(bins), fakes(bins), confidence(bins);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const int k = std::clamp(static_cast<int>(std::floor(scores[i] * bins)), 0, bins - 1);
        count[k] += 1;
        fakes[k] += labels[i] == 1 ? 1 : 0;
        confidence[k] += scores[i];
    }
    double error = 0;
    for (int k = 0; k < bins; ++k)
        if (count[k] > 0)
            error += std::abs(fakes[k] - confidence[k]);  // = count * |fraction - mean|
    return scores.empty() ? 0 : error / static_cast<double>(scores.size());
}

std::vector<double> scaled_probabilities(const std::vector<double>& margins, double temperature) {
    std::vector<double> p(margins.size());
    for (std::size_t i = 0; i < margins.size(); ++i)
        p[i] = 1 / (1 + std::exp(-margins[i] / temperature));
    return p;
}

double fit_temperature(const std::vector<double>& margins, const std::vector<int>& labels) {
    check_scores_match_labels(margins.size(), labels.size());
    if (margins.empty()) return 1;
    double lo = 1 / kMaxTemperature, hi = 1 / kMinTemperature;  // over the inverse temperature
    const double golden = (std::sqrt(5.0) - 1) / 2;
    double a = hi - golden * (hi - lo), b = lo + golden * (hi - lo);
    double fa = margin_log_loss(margins, labels, a), fb = margin_log_loss(margins, labels, b);
    while (hi - lo > 1e-9) {
        if (fa <= fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - golden * (hi - lo);
            fa = margin_log_loss(margins, labels, a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + golden * (hi - lo);
            fb = margin_log_loss(margins, labels, b);
        }
    }
    return 2 / (lo + hi);
}

bool on_temperature_bound(double temperature) {
    return temperature <= kMinTemperature * 1.001 || temperature >= kMaxTemperature * 0.999;
}

}  // namespace interceptor
