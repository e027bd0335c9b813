#pragma once
// From per-frame probabilities to a video-level result: the mean, the DFDC
// winners' "confident strategy" and the maximum; the verdict; the share of
// frames flagged; and the fake segments (runs of flagged frames, merged
// across small gaps). Frames that were not applicable are counted, never
// treated as real. Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interceptor {

struct FrameProbability {
    std::int64_t frame = 0;
    double seconds = 0;
    std::optional<double> p_fake;  // empty: not applicable
};

struct FakeSegment {
    std::int64_t first_frame = 0, last_frame = 0;
    double start_seconds = 0, end_seconds = 0;
    double peak = 0;  // highest P(fake) inside
};

struct VideoVerdict {
    double mean = 0, confident = 0, max = 0;
    std::size_t scored = 0, flagged = 0, not_applicable = 0;
    double share_flagged = 0;  // flagged / scored
    double threshold = 0.5;
    bool fake = false;  // the confident-strategy score reaches the threshold
    std::vector<FakeSegment> segments;
    std::string rule() const;  // a sentence for reports
};

// DFDC winner (Seferbekov): with more than 11 frames, if more than n/2.5
// score above 0.8, the mean of those; else if more than 90 % score below
// 0.2, the mean of those; else the plain mean.
double confident_strategy(const std::vector<double>& probabilities);

// gap_frames: flagged runs separated by at most this many unflagged or
// not-applicable frames (in the list's order) are merged into one segment.
VideoVerdict judge_video(const std::vector<FrameProbability>& frames, double threshold,
                         int gap_frames = 2);

}  // namespace interceptor
