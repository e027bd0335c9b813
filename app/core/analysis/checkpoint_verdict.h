#pragma once
// The verdicts of one checkpoint over the frames of an analysis, in one place
// for the analysis job, the case store and the workstation: the clip's (from
// each frame's most suspicious face, or the whole frame), each track's (from
// that person's faces alone), which track each segment and the clip's finding
// came from. Pure; thread-safe.
#include <vector>

#include "core/analysis/analysis_results.h"

namespace interceptor {

struct CheckpointVerdicts {
    VideoVerdict clip;
    std::vector<TrackVerdict> tracks;  // by track number
    int raised_by_track = -1;
};

// frames: every selected frame, in order, with per_checkpoint[slot] filled. The pointer form
// lets a caller that keeps frames elsewhere (the window's map, repainted often) judge them
// without copying.
CheckpointVerdicts judge_checkpoint(const std::vector<const FrameResult*>& frames, std::size_t slot,
                                    double threshold, const VerdictRules& rules);
CheckpointVerdicts judge_checkpoint(const std::vector<FrameResult>& frames, std::size_t slot,
                                    double threshold, const VerdictRules& rules);

// Sets summary.verdict, .tracks and .raised_by_track from the frames.
void judge_into(CheckpointSummary& summary, const std::vector<FrameResult>& frames,
                std::size_t slot, const VerdictRules& rules);

}  // namespace interceptor
