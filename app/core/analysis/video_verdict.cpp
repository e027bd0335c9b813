#include "core/analysis/video_verdict.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace interceptor {
namespace {

double mean_of(const std::vector<double>& v) {
    return v.empty() ? 0.0
                     : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::string number(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

// The scored frames' P(fake), each replaced by the median of the `window` scored frames
// around it (fewer at the ends).
std::vector<double> running_median(const std::vector<double>& p, int window) {
    const int half = std::max(0, window / 2);
    const int n = static_cast<int>(p.size());
    std::vector<double> out(p.size());
    for (int i = 0; i < n; ++i) {
        std::vector<double> around(p.begin() + std::max(0, i - half),
                                   p.begin() + std::min(n, i + half + 1));
        std::nth_element(around.begin(), around.begin() + around.size() / 2, around.end());
        out[static_cast<std::size_t>(i)] = around[around.size() / 2];
    }
    return out;
}

std::vector<FakeSegment> find_segments(const std::vector<const FrameProbability*>& scored,
                                       double threshold, const SegmentRule& rule) {
    std::vector<double> p;
    for (const auto* f : scored) p.push_back(*f->p_fake);
    const auto smooth = running_median(p, rule.smooth_frames);
    const double leave = threshold - rule.hysteresis;
    // Runs where the smoothed score is in: entered at the threshold, left below `leave`.
    std::vector<FakeSegment> runs;
    bool inside = false;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        const auto& f = *scored[i];
        if (!inside && smooth[i] >= threshold) {
            inside = true;
            runs.push_back({f.frame, f.frame, f.seconds, f.seconds, p[i]});
        } else if (inside && smooth[i] < leave) {
            inside = false;
        }
        if (inside) {
            auto& s = runs.back();
            s.last_frame = f.frame;
            s.end_seconds = f.seconds;
            s.peak = std::max(s.peak, p[i]);
        }
    }
    // Flicker goes first (bursts shorter than min_run_seconds are not bridged into a segment);
    // the runs left that are close are one segment; segments too short are dropped.
    std::vector<FakeSegment> segments;
    for (const auto& r : runs) {
        if (r.end_seconds - r.start_seconds < rule.min_run_seconds) continue;
        if (!segments.empty() &&
            r.start_seconds - segments.back().end_seconds <= rule.bridge_seconds) {
            auto& s = segments.back();
            s.last_frame = r.last_frame;
            s.end_seconds = r.end_seconds;
            s.peak = std::max(s.peak, r.peak);
        } else {
            segments.push_back(r);
        }
    }
    std::vector<FakeSegment> kept;
    for (const auto& s : segments)
        if (s.end_seconds - s.start_seconds >= rule.min_seconds) kept.push_back(s);
    return kept;
}
}  // namespace

std::string EvidenceRule::describe() const {
    return "a verdict needs at least " + std::to_string(min_frames) +
           " scored frames (every selected frame when there are fewer) and at least " +
           number(100 * min_share) +
           " % of the selected frames scored; below that the clip is inconclusive";
}

std::string SegmentRule::describe() const {
    return "manipulated segments: P(fake) smoothed by a running median of " +
           std::to_string(smooth_frames) +
           " scored frames; a run starts where it reaches the threshold and ends where it "
           "falls below the threshold less " +
           number(hysteresis) + "; runs shorter than " + number(min_run_seconds) +
           " s are dropped as flicker, those left less than " + number(bridge_seconds) +
           " s apart are one segment, and segments shorter than " + number(min_seconds) +
           " s are dropped";
}

double confident_strategy(const std::vector<double>& p) {
    const double n = static_cast<double>(p.size());
    std::vector<double> high, low;
    for (double x : p) {
        if (x > 0.8) high.push_back(x);
        if (x < 0.2) low.push_back(x);
    }
    if (p.size() > 11 && static_cast<double>(high.size()) > n / 2.5) return mean_of(high);
    if (static_cast<double>(low.size()) > 0.9 * n) return mean_of(low);
    return mean_of(p);
}

VideoVerdict judge_video(const std::vector<FrameProbability>& frames, double threshold,
                         const VerdictRules& rules) {
    VideoVerdict v;
    v.threshold = threshold;
    v.rules = rules;
    std::vector<double> scores;
    std::vector<const FrameProbability*> scored;
    for (const auto& f : frames) {
        if (!f.p_fake) {
            ++(f.damaged ? v.damaged : v.not_applicable);
            continue;
        }
        scores.push_back(*f.p_fake);
        scored.push_back(&f);
        if (*f.p_fake >= threshold) ++v.flagged;
    }
    v.scored = scores.size();
    const std::size_t needed = std::min(rules.evidence.min_frames, frames.size());
    const double share =
        frames.empty() ? 0.0 : static_cast<double>(v.scored) / static_cast<double>(frames.size());
    v.conclusive = v.scored > 0 && v.scored >= needed && share >= rules.evidence.min_share;
    if (!v.conclusive)
        v.inconclusive_reason = std::to_string(v.scored) + " of " + std::to_string(frames.size()) +
                                " selected frames could be scored (" +
                                std::to_string(v.not_applicable) + " not applicable, " +
                                std::to_string(v.damaged) + " damaged); " +
                                rules.evidence.describe();
    if (scores.empty()) return v;
    v.mean = mean_of(scores);
    v.max = *std::max_element(scores.begin(), scores.end());
    v.confident = confident_strategy(scores);
    v.share_flagged = static_cast<double>(v.flagged) / static_cast<double>(v.scored);
    v.clip_flagged = v.confident >= threshold;
    v.segments = find_segments(scored, threshold, rules.segments);
    v.fake = v.conclusive && (v.clip_flagged || !v.segments.empty());
    return v;
}

const char* VideoVerdict::label() const {
    if (!conclusive) return "inconclusive";
    return fake ? "fake" : "real";
}

std::string VideoVerdict::rule() const {
    return "fake when the confident-strategy score (DFDC winner: mean of the frames above 0.8 "
           "when more than n/2.5 of more than 11 frames are, of those below 0.2 when more than "
           "90 % are, else the mean) reaches the threshold, or when a manipulated segment is "
           "found; " +
           rules.segments.describe() + "; " + rules.evidence.describe();
}

}  // namespace interceptor
