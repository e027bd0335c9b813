#include "core/analysis/video_verdict.h"

#include <algorithm>
#include <numeric>

namespace interceptor {
namespace {

double mean_of(const std::vector<double>& v) {
    return v.empty() ? 0.0
                     : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

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
                         int gap_frames) {
    VideoVerdict v;
    v.threshold = threshold;
    std::vector<double> scores;
    for (const auto& f : frames) {
        if (!f.p_fake) {
            ++v.not_applicable;
            continue;
        }
        scores.push_back(*f.p_fake);
        if (*f.p_fake >= threshold) ++v.flagged;
    }
    v.scored = scores.size();
    if (scores.empty()) return v;
    v.mean = mean_of(scores);
    v.max = *std::max_element(scores.begin(), scores.end());
    v.confident = confident_strategy(scores);
    v.share_flagged = static_cast<double>(v.flagged) / static_cast<double>(v.scored);
    v.fake = v.confident >= threshold;

    int gap = 0;
    for (const auto& f : frames) {
        const bool flagged = f.p_fake && *f.p_fake >= threshold;
        if (!flagged) {
            ++gap;
            continue;
        }
        if (!v.segments.empty() && gap <= gap_frames) {
            auto& s = v.segments.back();
            s.last_frame = f.frame;
            s.end_seconds = f.seconds;
            s.peak = std::max(s.peak, *f.p_fake);
        } else {
            v.segments.push_back({f.frame, f.frame, f.seconds, f.seconds, *f.p_fake});
        }
        gap = 0;
    }
    return v;
}

std::string VideoVerdict::rule() const {
    return "fake when the confident-strategy score (DFDC winner: mean of the frames above 0.8 when "
           "more than "
           "n/2.5 of more than 11 frames are, of those below 0.2 when more than 90 % are, else the "
           "mean) "
           "reaches the threshold";
}

}  // namespace interceptor
