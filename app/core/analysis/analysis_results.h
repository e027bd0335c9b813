#pragma once
// The values an analysis produces and every layer passes on: a frame's
// results per checkpoint, progress, how each checkpoint was used and its
// verdict, and the outcome of a run. Plain values, copied across threads;
// AnalysisJob makes them, the case store keeps them, reports and views read them.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/face_detector.h"
#include "core/analysis/low_light_stats.h"
#include "core/analysis/video_verdict.h"
#include "core/media/media_info.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/model/inference/profile.h"

namespace interceptor {

// One face's score by one checkpoint.
struct FaceScore {
    std::vector<float> logits;
    float p_fake = 0;
};

// A frame's result for one checkpoint. For a face profile the frame's score is its most
// suspicious face's (as SBI scores a video): score, face and heatmap are that face's, and
// face_scores has every face's, in the order of FrameResult::faces.
struct CheckpointFrameResult {
    bool applicable = false;
    std::string reason;            // why not applicable
    std::optional<cv::Rect> face;  // the face scored (cases before schema 3 store only this)
    int face_index = -1;           // which of FrameResult::faces it is, -1: none or unknown
    FrameScore score;              // valid when applicable
    cv::Mat heatmap;  // S x S, CV_32F in [0, 1]: the low-light module's luminance map (empty: none)
    std::vector<FaceScore> face_scores;
};

struct FrameResult {
    std::int64_t frame = 0, pts = 0;
    double seconds = 0;
    std::string timecode;
    bool decoded = false;      // false: the frame was damaged (reason in per_checkpoint)
    std::string pixel_sha256;  // of the decoded BGR pixels: ties a score to exactly one frame
    LowLightStats light;
    std::vector<Face> faces;  // every face found, with its track (empty: none, or no face profile)
    std::vector<CheckpointFrameResult> per_checkpoint;  // in slot order
};

// What a verdict needs of one frame's result for one checkpoint (slot).
inline FrameProbability probability_of(const FrameResult& r, std::size_t slot) {
    const auto& c = r.per_checkpoint[slot];
    return {r.frame, r.seconds, c.applicable ? std::optional<double>(c.score.p_fake) : std::nullopt,
            !r.decoded};
}

// The result without its maps (heatmap, luminance and attention values), as kept for every
// frame of a long clip: the maps' memory is released, not only emptied (vector::clear keeps it).
inline FrameResult without_maps(const FrameResult& r) {
    FrameResult light = r;
    for (auto& c : light.per_checkpoint) {
        c.heatmap.release();
        std::vector<float>().swap(c.score.luminance);
        std::vector<float>().swap(c.score.attention);
    }
    return light;
}

struct AnalysisProgress {
    std::int64_t done = 0, total = 0;
    double frames_per_second = 0;
    double seconds_left = 0;
};

// A checkpoint as used in one analysis (what a report must say about it) and its verdict.
struct CheckpointSummary {
    std::string name, path, sha256, device;
    Profile profile = Profile::WholeFrame;
    std::string architecture;   // e.g. "efficientnet_b4, 224 px, fusion 5128"
    std::string metadata_json;  // epoch, stage, metrics, provenance, as recorded in the file
    // What the checkpoint records (from its metadata), and what decide_threshold made of it
    // with the analysis's own threshold, if any.
    std::optional<double> calibrated_threshold;
    std::string calibrated_source;
    double threshold = 0.5;
    std::string threshold_source;
    VideoVerdict verdict;
    std::vector<TrackVerdict> tracks;  // each person's own verdict (face profiles)
    int raised_by_track = -1;  // the track that made the clip's finding, -1: none or unknown
};

struct AnalysisOutcome {
    MediaInfo media;
    std::string selection;
    std::vector<CheckpointSummary> checkpoints;
    std::vector<std::int64_t> damaged_frames;
    std::string face_detector;  // FaceDetector::describe(), "none" without face profiles
    bool cancelled = false;
};

}  // namespace interceptor
