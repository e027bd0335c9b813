#include "core/training/evaluation.h"

#include <map>

#include "core/analysis/video_verdict.h"
#include "interceptor/model/checkpoint/decision_threshold.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/model/inference/preprocess.h"
#include "interceptor/model/metrics/probability_calibration.h"

namespace interceptor {

namespace {

// The video-level figures from the frame-level ones.
void aggregate_videos(SplitScores& s) {
    const auto g = group_by_video(s.frame_scores, s.frame_videos, s.frame_labels);
    s.videos = g.videos;
    s.video_mean = g.means();
    s.video_labels = g.labels;
    s.video_confident.clear();
    for (const auto& p : g.scores) s.video_confident.push_back(confident_strategy(p));
}

}  // namespace

Result<SplitScores> score_samples(const Checkpoint& checkpoint, FrameSamples& samples,
                                  int batch_size) {
    DetectorOptions options;
    options.heatmap_size = 0;
    auto detector = Detector::create(checkpoint, options);
    if (!detector) return Error{detector.error()};
    SplitScores s;
    for (std::size_t start = 0; start < samples.val_size();
         start += static_cast<std::size_t>(batch_size)) {
        FrameBatch batch;
        batch.size = (*detector)->config().input_size;
        const std::size_t end =
            std::min(samples.val_size(), start + static_cast<std::size_t>(batch_size));
        for (std::size_t i = start; i < end; ++i) append_whole_frame(samples.val_image(i), batch);
        auto scored = (*detector)->score(batch);
        if (!scored) return Error{scored.error()};
        for (std::size_t i = start; i < end; ++i) {
            const auto& frame = (*scored)[i - start];
            s.frame_scores.push_back(frame.p_fake);
            s.frame_margins.push_back(frame.logits.size() == 2 ? frame.logits[1] - frame.logits[0]
                                                               : 0.0);
            s.frame_labels.push_back(samples.val_label(i));
            s.frame_videos.push_back(samples.val_video(i));
        }
    }
    aggregate_videos(s);
    return s;
}

SplitScores at_temperature(const SplitScores& scores, double temperature) {
    SplitScores s = scores;
    s.frame_scores = scaled_probabilities(scores.frame_margins, temperature);
    aggregate_videos(s);
    return s;
}

Evaluation evaluate(const std::string& name, const Checkpoint& checkpoint, SplitScores scores) {
    Evaluation e;
    e.name = name;
    e.checkpoint_sha256 = checkpoint.metadata().sha256;
    const auto decided = decide_threshold(std::nullopt, checkpoint.metadata().threshold,
                                          checkpoint.metadata().threshold_source);
    e.threshold = decided.value;
    e.threshold_source = decided.source;
    e.temperature = checkpoint.metadata().temperature.value_or(1.0);
    e.frame = binary_metrics(scores.frame_scores, scores.frame_labels, e.threshold);
    e.video_mean = binary_metrics(scores.video_mean, scores.video_labels, e.threshold);
    e.video_confident = binary_metrics(scores.video_confident, scores.video_labels, e.threshold);
    e.roc_video = roc_curve(scores.video_mean, scores.video_labels);
    e.scores = std::move(scores);
    return e;
}

}  // namespace interceptor
