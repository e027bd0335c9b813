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

#include "core/analysis/analysis_results.h"
#include "core/analysis/face_tracker.h"
#include "core/analysis/frame_selection.h"
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
    DevicePreference device = DevicePreference::Auto;
    std::set<std::int64_t> skip_frames;  // already analysed (a resumed analysis): not decoded again
    VerdictRules rules;                  // when a clip gets a verdict, and its segments
    FaceDetectorSettings faces;          // for face-based checkpoints
    TrackRule tracks;
    int first_track = 0;  // a resumed analysis numbers its new tracks after the stored ones
};

// Describes a slot for an analysis, its threshold decided by decide_threshold.
CheckpointSummary describe_slot(const DetectorSlot& slot, std::optional<double> threshold_override,
                                const std::string& device);

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
