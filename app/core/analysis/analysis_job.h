#pragma once
// Analyses one clip with one or more checkpoints in a single pass over the
// decoded frames. Decoding and preprocessing run on a producer thread,
// inference on each checkpoint's InferenceEngine thread, and a collector
// thread hands results to the caller in frame order as they come, with
// progress. Stages are joined by bounded queues (frames are never dropped;
// memory stays bounded). cancel() stops everything at the next frame; the
// destructor cancels and joins. Callbacks run on the collector thread.
// start(), cancel() and wait() are safe to call from any one thread.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/analysis/frame_selection.h"
#include "core/analysis/low_light_stats.h"
#include "core/analysis/preprocessor.h"
#include "core/analysis/video_verdict.h"
#include "core/media/media_info.h"
#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/detector.h"

namespace interceptor {

struct DetectorSlot {
    std::string name;  // e.g. "Stage 1"
    Checkpoint checkpoint;
};

struct AnalysisSettings {
    FrameSelection selection;
    std::optional<double> threshold;  // overrides every checkpoint's own
    int batch_size = 2;               // frames per inference call (2 was fastest on 2 CPU cores)
    int heatmap_size = 56;
    std::size_t queued_batches = 2;  // between the producer and the collector
    DevicePreference device = DevicePreference::Auto;
    std::set<std::int64_t> skip_frames;  // already analysed (a resumed analysis): not decoded again
};

struct CheckpointFrameResult {
    bool applicable = false;
    std::string reason;  // why not applicable
    std::optional<cv::Rect> face;
    FrameScore score;  // valid when applicable
    cv::Mat heatmap;  // S x S, CV_32F in [0, 1]: the low-light module's luminance map (empty: none)
};

struct FrameResult {
    std::int64_t frame = 0, pts = 0;
    double seconds = 0;
    std::string timecode;
    bool decoded = false;      // false: the frame was damaged (reason in per_checkpoint)
    std::string pixel_sha256;  // of the decoded BGR pixels: ties a score to exactly one frame
    LowLightStats light;
    std::vector<CheckpointFrameResult> per_checkpoint;  // in slot order
};

struct AnalysisProgress {
    std::int64_t done = 0, total = 0;
    double frames_per_second = 0;
    double seconds_left = 0;
};

// A checkpoint as used in one analysis (what a report must say about it) and its verdict.
struct CheckpointSummary {
    std::string name, path, sha256, profile, device;
    std::string architecture;   // e.g. "efficientnet_b4, 224 px, fusion 5128"
    std::string metadata_json;  // epoch, stage, metrics, provenance, as recorded in the file
    double threshold = 0.5;
    std::string threshold_source;
    VideoVerdict verdict;
};

// Describes a slot for an analysis: the threshold set for the analysis wins,
// then the checkpoint's calibrated one, then 0.5 (each says where it came from).
CheckpointSummary describe_slot(const DetectorSlot& slot, std::optional<double> threshold_override,
                                const std::string& device);

struct AnalysisOutcome {
    MediaInfo media;
    std::string selection;
    std::vector<CheckpointSummary> checkpoints;
    std::vector<std::int64_t> damaged_frames;
    std::string face_detector;
    bool cancelled = false;
};

class AnalysisJob {
  public:
    struct Callbacks {
        std::function<void(const FrameResult&)> on_frame;
        std::function<void(const AnalysisProgress&)> on_progress;
    };

    static std::unique_ptr<AnalysisJob> start(std::string clip, std::vector<DetectorSlot> slots,
                                              AnalysisSettings settings, Callbacks callbacks);
    ~AnalysisJob();
    void cancel();
    // Waits for the end; the error names what failed (file, checkpoint).
    // Verdicts cover the frames this job scored (not skip_frames).
    Result<AnalysisOutcome> wait();

  private:
    struct Run;
    AnalysisJob() = default;
    std::shared_ptr<Run> run_;
    std::thread producer_, collector_;
};

}  // namespace interceptor
