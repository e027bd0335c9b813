#include "core/analysis/checkpoint_verdict.h"

#include <map>

namespace interceptor {
namespace {

// The track of the face that gave the frame its score, -1 when unknown.
int scored_track(const FrameResult& r, std::size_t slot) {
    const int i = r.per_checkpoint[slot].face_index;
    return i >= 0 && static_cast<std::size_t>(i) < r.faces.size() ? r.faces[i].track : -1;
}

// The track with the most frames at or above the threshold among frames [first, last].
int flagging_track(const std::vector<const FrameResult*>& frames, std::size_t slot,
                   double threshold, std::int64_t first, std::int64_t last) {
    std::map<int, int> counts;
    for (const FrameResult* f : frames) {
        const FrameResult& r = *f;
        const auto& c = r.per_checkpoint[slot];
        if (r.frame < first || r.frame > last || !c.applicable || c.score.p_fake < threshold)
            continue;
        if (const int t = scored_track(r, slot); t >= 0) ++counts[t];
    }
    int best = -1, most = 0;
    for (const auto& [track, n] : counts)
        if (n > most) best = track, most = n;
    return best;
}

}  // namespace

CheckpointVerdicts judge_checkpoint(const std::vector<FrameResult>& frames, std::size_t slot,
                                    double threshold, const VerdictRules& rules) {
    std::vector<const FrameResult*> pointers;
    pointers.reserve(frames.size());
    for (const auto& r : frames) pointers.push_back(&r);
    return judge_checkpoint(pointers, slot, threshold, rules);
}

CheckpointVerdicts judge_checkpoint(const std::vector<const FrameResult*>& frames, std::size_t slot,
                                    double threshold, const VerdictRules& rules) {
    CheckpointVerdicts out;
    std::vector<FrameProbability> clip;
    std::map<int, std::vector<FrameProbability>> per_track;
    for (const FrameResult* f : frames) {
        const FrameResult& r = *f;
        clip.push_back(probability_of(r, slot));
        const auto& c = r.per_checkpoint[slot];
        for (std::size_t i = 0; i < r.faces.size() && i < c.face_scores.size(); ++i)
            if (r.faces[i].track >= 0)
                per_track[r.faces[i].track].push_back(
                    {r.frame, r.seconds, c.face_scores[i].p_fake, false});
    }
    out.clip = judge_video(clip, threshold, rules);
    for (auto& segment : out.clip.segments)
        segment.track =
            flagging_track(frames, slot, threshold, segment.first_frame, segment.last_frame);
    for (const auto& [track, series] : per_track) {
        TrackVerdict t{track, judge_video(series, threshold, rules)};
        for (auto& segment : t.verdict.segments) segment.track = track;
        out.tracks.push_back(std::move(t));
    }
    if (!out.clip.fake) return out;
    // The finding's source: the most suspicious track with a finding of its own, else the track
    // of the clip's segments, else the one most often above the threshold.
    double best = -1;
    for (const auto& t : out.tracks)
        if (t.verdict.fake && t.verdict.confident > best)
            best = t.verdict.confident, out.raised_by_track = t.track;
    if (out.raised_by_track < 0 && !out.clip.segments.empty())
        out.raised_by_track = out.clip.segments.front().track;
    if (out.raised_by_track < 0 && !frames.empty())
        out.raised_by_track =
            flagging_track(frames, slot, threshold, frames.front()->frame, frames.back()->frame);
    return out;
}

void judge_into(CheckpointSummary& summary, const std::vector<FrameResult>& frames,
                std::size_t slot, const VerdictRules& rules) {
    auto v = judge_checkpoint(frames, slot, summary.threshold, rules);
    summary.verdict = std::move(v.clip);
    summary.tracks = std::move(v.tracks);
    summary.raised_by_track = v.raised_by_track;
}

}  // namespace interceptor
