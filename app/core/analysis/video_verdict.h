#pragma once
// From per-frame probabilities to a video-level result: the mean, the DFDC
// winners' "confident strategy" and the maximum; the share of frames
// flagged; manipulated segments (sustained runs of high P(fake), found with
// smoothing and hysteresis); and the verdict. No verdict without evidence:
// too few scored frames make the clip inconclusive, never real. Frames that
// were not applicable or damaged are counted, never treated as real.
// Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interceptor {

struct FrameProbability {
    std::int64_t frame = 0;
    double seconds = 0;
    std::optional<double> p_fake;  // empty: not scored (not applicable, or damaged)
    bool damaged = false;          // the frame could not be decoded
};

// How much must be scored before a clip gets a verdict: at least min_frames
// frames (every selected frame, for a clip with fewer, such as a photograph)
// and at least min_share of the selected frames.
struct EvidenceRule {
    std::size_t min_frames = 3;
    double min_share = 0.25;
    std::string describe() const;
};

// Manipulated segments: P(fake) smoothed by a running median over
// smooth_frames scored frames; a run starts where the smoothed score reaches
// the threshold and lasts while it stays above the threshold less the
// hysteresis; runs shorter than min_run_seconds are flicker and dropped;
// the runs left that are closer than bridge_seconds are one segment; and
// segments shorter than min_seconds are dropped.
struct SegmentRule {
    int smooth_frames = 5;
    double hysteresis = 0.2;
    double min_run_seconds = 0.2;
    double bridge_seconds = 1.0;
    double min_seconds = 0.5;
    std::string describe() const;
};

struct VerdictRules {
    EvidenceRule evidence;
    SegmentRule segments;
};

struct FakeSegment {
    std::int64_t first_frame = 0, last_frame = 0;
    double start_seconds = 0, end_seconds = 0;
    double peak = 0;  // highest P(fake) inside (unsmoothed)
    int track = -1;   // the person whose face raised it (-1: the whole frame, or unknown)
};

struct VideoVerdict {
    double mean = 0, confident = 0, max = 0;
    std::size_t scored = 0, flagged = 0, not_applicable = 0, damaged = 0;
    double share_flagged = 0;  // flagged / scored
    double threshold = 0.5;
    bool conclusive = false;          // enough was scored (EvidenceRule)
    std::string inconclusive_reason;  // why not, in words
    bool clip_flagged = false;        // the confident-strategy score reaches the threshold
    std::vector<FakeSegment> segments;
    // A finding of manipulation: conclusive, and the clip score flagged or a segment found.
    bool fake = false;
    VerdictRules rules;

    const char* label() const;  // "fake", "real" or "inconclusive"
    std::string rule() const;   // the rules, a sentence for reports
};

// One person's verdict: the same rules on the frames where the track's face was scored.
struct TrackVerdict {
    int track = -1;
    VideoVerdict verdict;
};

// DFDC winner (Seferbekov): with more than 11 frames, if more than n/2.5
// score above 0.8, the mean of those; else if more than 90 % score below
// 0.2, the mean of those; else the plain mean.
double confident_strategy(const std::vector<double>& probabilities);

// frames: every selected frame, in order (scored or not).
VideoVerdict judge_video(const std::vector<FrameProbability>& frames, double threshold,
                         const VerdictRules& rules = {});

}  // namespace interceptor
