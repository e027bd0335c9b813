#include "interceptor/model/metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "interceptor/model/metrics/probability_calibration.h"
#include "interceptor/model/named_choice.h"
#include "metrics/score_checks.h"

namespace interceptor {
namespace {

void check(const std::vector<double>& scores, const std::vector<int>& labels) {
    check_scores_match_labels(scores.size(), labels.size());
}

// Indices sorted by descending score.
std::vector<std::size_t> by_score_descending(const std::vector<double>& scores) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    return order;
}

std::size_t count_fakes(const std::vector<int>& labels) {
    return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1));
}

}  // namespace

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
    check(scores, labels);
    const std::size_t fakes = count_fakes(labels), reals = labels.size() - fakes;
    if (fakes == 0 || reals == 0) return 0.5;
    // Mann-Whitney U with average ranks for ties.
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    double fake_rank_sum = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
        const double rank = (i + 1 + j) / 2.0;  // ranks i+1 .. j, averaged
        for (std::size_t k = i; k < j; ++k)
            if (labels[order[k]] == 1) fake_rank_sum += rank;
        i = j;
    }
    return (fake_rank_sum - fakes * (fakes + 1) / 2.0) / (static_cast<double>(fakes) * reals);
}

std::vector<RocPoint> roc_curve(const std::vector<double>& scores, const std::vector<int>& labels) {
    check(scores, labels);
    const double fakes = static_cast<double>(count_fakes(labels)), reals = labels.size() - fakes;
    std::vector<RocPoint> curve{{std::numeric_limits<double>::infinity(), 0, 0}};
    const auto order = by_score_descending(scores);
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < order.size();) {
        const double s = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == s; ++i)
            (labels[order[i]] == 1 ? tp : fp) += 1;
        curve.push_back({s, reals > 0 ? fp / reals : 0, fakes > 0 ? tp / fakes : 0});
    }
    return curve;
}

double average_precision(const std::vector<double>& scores, const std::vector<int>& labels) {
    check(scores, labels);
    const double fakes = static_cast<double>(count_fakes(labels));
    if (fakes == 0) return 0;
    const auto order = by_score_descending(scores);
    double tp = 0, fp = 0, previous_recall = 0, ap = 0;
    for (std::size_t i = 0; i < order.size();) {
        const double s = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == s; ++i)
            (labels[order[i]] == 1 ? tp : fp) += 1;
        const double recall = tp / fakes, precision = tp / (tp + fp);
        ap += (recall - previous_recall) * precision;
        previous_recall = recall;
    }
    return ap;
}

void equal_error_rate(const std::vector<double>& scores, const std::vector<int>& labels,
                      double& eer, double& threshold) {
    const auto curve = roc_curve(scores, labels);
    eer = 1;
    threshold = 0.5;
    // Walk down the thresholds until the false negative rate falls to or below the false positive
    // rate.
    for (std::size_t i = 1; i < curve.size(); ++i) {
        const double fnr = 1 - curve[i].true_positive_rate, fpr = curve[i].false_positive_rate;
        if (fnr > fpr + 1e-12) continue;  // equal up to rounding counts as crossed
        const double prev_fnr = 1 - curve[i - 1].true_positive_rate,
                     prev_fpr = curve[i - 1].false_positive_rate;
        const double before = prev_fnr - prev_fpr, after = fnr - fpr;  // before > 0 >= after
        const double t = before - after > 0 ? before / (before - after) : 0;
        eer = prev_fpr + t * (fpr - prev_fpr);
        threshold = curve[i].threshold;
        return;
    }
}

BinaryMetrics binary_metrics(const std::vector<double>& scores, const std::vector<int>& labels,
                             double threshold) {
    check(scores, labels);
    BinaryMetrics m;
    m.count = scores.size();
    m.fakes = count_fakes(labels);
    m.reals = m.count - m.fakes;
    m.threshold = threshold;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const bool said_fake = scores[i] >= threshold;
        if (labels[i] == 1)
            (said_fake ? m.true_fake : m.false_real) += 1;
        else
            (said_fake ? m.false_fake : m.true_real) += 1;
    }
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    m.accuracy = ratio(m.true_fake + m.true_real, m.count);
    m.fake_recall = ratio(m.true_fake, m.fakes);
    m.real_recall = ratio(m.true_real, m.reals);
    m.balanced_accuracy = (m.fake_recall + m.real_recall) / 2;
    m.bias = m.fake_recall - m.real_recall;
    const double precision = ratio(m.true_fake, m.true_fake + m.false_fake);
    m.f1 = precision + m.fake_recall > 0
               ? 2 * precision * m.fake_recall / (precision + m.fake_recall)
               : 0;
    m.auc = roc_auc(scores, labels);
    m.average_precision = average_precision(scores, labels);
    equal_error_rate(scores, labels, m.eer, m.eer_threshold);
    m.log_loss = log_loss(scores, labels);
    m.ece = expected_calibration_error(scores, labels);
    return m;
}

Calibration calibrate_threshold(const std::vector<double>& scores, const std::vector<int>& labels,
                                CalibrationRule rule, const std::string& what) {
    check(scores, labels);
    Calibration c;
    const std::string samples = " (" + std::to_string(scores.size()) + " samples)";
    if (rule == CalibrationRule::EqualErrorRate) {
        double eer = 0;
        equal_error_rate(scores, labels, eer, c.threshold);
        c.source = what + samples + ", equal error rate point (EER " + std::to_string(eer) + ")";
        return c;
    }
    // One sweep up the sorted scores: a threshold just above a score moves
    // that score's samples from "said fake" to "said real".
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    const double fakes = static_cast<double>(count_fakes(labels)), reals = labels.size() - fakes;
    double fakes_below = 0, reals_below = 0;  // samples with score < candidate threshold
    auto balanced = [&] {
        const double fake_recall = fakes > 0 ? (fakes - fakes_below) / fakes : 0;
        const double real_recall = reals > 0 ? reals_below / reals : 0;
        return (fake_recall + real_recall) / 2;
    };
    double best = balanced();
    c.threshold = order.empty() ? 0.5 : scores[order.front()];  // everything said fake
    for (std::size_t i = 0; i < order.size();) {
        const double s = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == s; ++i)
            (labels[order[i]] == 1 ? fakes_below : reals_below) += 1;
        const double next = i < order.size() ? (s + scores[order[i]]) / 2 : std::nextafter(s, 2.0);
        if (const double b = balanced(); b > best + 1e-12) {
            best = b;
            c.threshold = next;
        }
    }
    c.source = what + samples + ", best balanced accuracy " + std::to_string(best);
    return c;
}

VideoGroups group_by_video(const std::vector<double>& frame_scores,
                           const std::vector<std::string>& frame_videos,
                           const std::vector<int>& frame_labels) {
    check_scores_match_labels(frame_scores.size(), frame_labels.size());
    if (frame_videos.size() != frame_scores.size())
        throw std::invalid_argument("metrics: a video name is needed for every frame score");
    std::map<std::string, std::size_t> where;
    VideoGroups g;
    for (std::size_t i = 0; i < frame_scores.size(); ++i) where.emplace(frame_videos[i], 0);
    for (auto& [video, slot] : where) {
        slot = g.videos.size();
        g.videos.push_back(video);
    }
    g.scores.resize(g.videos.size());
    g.labels.resize(g.videos.size());
    for (std::size_t i = 0; i < frame_scores.size(); ++i) {
        const std::size_t v = where[frame_videos[i]];
        g.scores[v].push_back(frame_scores[i]);
        g.labels[v] = frame_labels[i];
    }
    return g;
}

std::vector<double> VideoGroups::means() const {
    std::vector<double> out;
    for (const auto& s : scores) {
        double sum = 0;
        for (double x : s) sum += x;
        out.push_back(s.empty() ? 0 : sum / static_cast<double>(s.size()));
    }
    return out;
}

const char* calibration_rule_name(CalibrationRule rule) {
    return rule == CalibrationRule::EqualErrorRate ? "eer" : "balanced";
}

Result<CalibrationRule> parse_calibration_rule(const std::string& name) {
    static const CalibrationRule all[] = {CalibrationRule::BalancedAccuracy,
                                          CalibrationRule::EqualErrorRate};
    return parse_named(name, all, calibration_rule_name, "calibration rule");
}

}  // namespace interceptor
