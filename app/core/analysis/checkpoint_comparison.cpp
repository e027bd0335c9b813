#include "core/analysis/checkpoint_comparison.h"

#include <algorithm>
#include <cmath>

namespace interceptor {

Comparison compare_checkpoints(const std::vector<ComparisonFrame>& frames,
                               const std::vector<double>& thresholds, std::size_t top) {
    Comparison out;
    const std::size_t n = thresholds.size();
    for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = a + 1; b < n; ++b) {
            PairAgreement pair{a, b};
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, same = 0, diff = 0;
            for (const auto& f : frames) {
                if (f.p_fake.size() != n || !f.p_fake[a] || !f.p_fake[b]) continue;
                const double x = *f.p_fake[a], y = *f.p_fake[b];
                ++pair.frames;
                sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
                same += (x >= thresholds[a]) == (y >= thresholds[b]);
                diff += std::abs(x - y);
            }
            if (pair.frames > 0) {
                const double m = static_cast<double>(pair.frames);
                pair.agreement = same / m;
                pair.mean_abs_difference = diff / m;
                const double cov = sab / m - (sa / m) * (sb / m);
                const double va = saa / m - (sa / m) * (sa / m), vb = sbb / m - (sb / m) * (sb / m);
                pair.correlation = va > 1e-15 && vb > 1e-15 ? cov / std::sqrt(va * vb) : 0.0;
            }
            out.pairs.push_back(pair);
        }
    }
    for (const auto& f : frames) {
        double lo = 2, hi = -1;
        int scored = 0;
        for (const auto& p : f.p_fake) {
            if (!p) continue;
            lo = std::min(lo, *p), hi = std::max(hi, *p);
            ++scored;
        }
        if (scored >= 2) out.largest.push_back({f.frame, f.seconds, hi - lo});
    }
    std::stable_sort(
        out.largest.begin(), out.largest.end(),
        [](const Disagreement& x, const Disagreement& y) { return x.spread > y.spread; });
    if (out.largest.size() > top) out.largest.resize(top);
    return out;
}

}  // namespace interceptor
