#pragma once
// Scores a checkpoint on the validation side of FrameSamples (the split
// being evaluated, unaugmented) and measures it at frame level and at video
// level (the mean of a video's frames, and the DFDC winners' confident
// strategy), with the checkpoint's stored threshold and temperature.
#include <string>
#include <vector>

#include "core/training/frame_samples.h"
#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/metrics/metrics.h"

namespace interceptor {

struct SplitScores {
    std::vector<double> frame_scores;   // P(fake) at the checkpoint's temperature
    std::vector<double> frame_margins;  // logit(fake) - logit(real), before any temperature
    std::vector<int> frame_labels;
    std::vector<std::string> frame_videos;
    std::vector<std::string> videos;  // one per video, sorted
    std::vector<double> video_mean, video_confident;
    std::vector<int> video_labels;
};

struct Evaluation {
    std::string name, checkpoint_sha256;
    double threshold = 0.5;
    std::string threshold_source;
    double temperature = 1;  // the checkpoint's; its probabilities are already scaled by it
    SplitScores scores;
    BinaryMetrics frame, video_mean, video_confident;
    std::vector<RocPoint> roc_video;  // of the video means
};

Result<SplitScores> score_samples(const Checkpoint& checkpoint, FrameSamples& samples,
                                  int batch_size = 8);
// The same frames' scores at another temperature, video figures recomputed.
SplitScores at_temperature(const SplitScores& scores, double temperature);
Evaluation evaluate(const std::string& name, const Checkpoint& checkpoint, SplitScores scores);

}  // namespace interceptor
