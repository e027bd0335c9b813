#pragma once
// Binary detection metrics computed from probabilities (never from hard
// predictions), with "fake" as the positive class: AUC-ROC, average
// precision, and at a threshold (fake when score >= threshold) accuracy,
// balanced accuracy, real and fake recall, the seed guide's bias figure
// (fake recall minus real recall), F1 and the confusion matrix; the equal
// error rate; log loss and calibration error; the ROC curve; and threshold
// calibration on validation scores.
// Definitions follow scikit-learn's (roc_auc_score, average_precision_score,
// roc_curve with every threshold kept). Pure functions; thread-safe.
#include <cstddef>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

struct RocPoint {
    double threshold = 0;  // fake when score >= threshold
    double false_positive_rate = 0, true_positive_rate = 0;
};

struct BinaryMetrics {
    std::size_t count = 0, fakes = 0, reals = 0;
    double auc = 0;                // 0.5 when only one class is present
    double average_precision = 0;  // 0 when there is no fake
    double threshold = 0.5;
    std::size_t true_fake = 0, false_fake = 0, true_real = 0, false_real = 0;  // confusion matrix
    double accuracy = 0, balanced_accuracy = 0, real_recall = 0, fake_recall = 0, bias = 0, f1 = 0;
    double eer = 0, eer_threshold = 0;
    double log_loss = 0, ece = 0;  // how far the probabilities can be taken at their word
                                   // (probability_calibration.h)
};

// labels: 1 fake, 0 real; scores: P(fake). Sizes must match.
BinaryMetrics binary_metrics(const std::vector<double>& scores, const std::vector<int>& labels,
                             double threshold);
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);
double average_precision(const std::vector<double>& scores, const std::vector<int>& labels);
// From the highest threshold down; the first point is (inf, 0, 0) as in scikit-learn.
std::vector<RocPoint> roc_curve(const std::vector<double>& scores, const std::vector<int>& labels);
// The rate where false positives and false negatives are equal (linear between ROC points), and its
// threshold.
void equal_error_rate(const std::vector<double>& scores, const std::vector<int>& labels,
                      double& eer, double& threshold);

// Frame scores grouped by the video they came from, videos in name order: what every
// video-level figure (the mean of a video's frames, the confident strategy) starts from.
struct VideoGroups {
    std::vector<std::string> videos;
    std::vector<std::vector<double>> scores;  // each video's frame scores, in frame order
    std::vector<int> labels;                  // a video's label is its frames' label
    std::vector<double> means() const;        // the mean of each video's frames
};
// The three vectors are per frame and must have the same size.
VideoGroups group_by_video(const std::vector<double>& frame_scores,
                           const std::vector<std::string>& frame_videos,
                           const std::vector<int>& frame_labels);

enum class CalibrationRule { BalancedAccuracy, EqualErrorRate };
// "balanced" or "eer", as the CLI takes them; an unknown name is an error naming both.
const char* calibration_rule_name(CalibrationRule rule);
Result<CalibrationRule> parse_calibration_rule(const std::string& name);

struct Calibration {
    double threshold = 0.5;
    std::string source;  // e.g. "validation split (412 samples), best balanced accuracy 0.873"
};

// Chooses a threshold on validation scores: the midpoint between adjacent
// distinct scores that maximises balanced accuracy (the lowest such), or the
// equal-error-rate threshold.
Calibration calibrate_threshold(const std::vector<double>& scores, const std::vector<int>& labels,
                                CalibrationRule rule, const std::string& what = "validation split");

}  // namespace interceptor
