#include "core/media/frame_index.h"

#include <algorithm>

namespace interceptor {

FrameIndex::FrameIndex(std::vector<Entry> packets) : entries_(std::move(packets)) {
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.pts < b.pts; });
}

std::int64_t FrameIndex::find(std::int64_t pts) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), pts,
                               [](const Entry& e, std::int64_t p) { return e.pts < p; });
    return it != entries_.end() && it->pts == pts ? it - entries_.begin() : -1;
}

std::int64_t FrameIndex::keyframe_before(std::int64_t i) const {
    for (std::int64_t k = std::min<std::int64_t>(i, size() - 1); k >= 0; --k)
        if (entries_[static_cast<std::size_t>(k)].keyframe) return k;
    return 0;
}

}  // namespace interceptor
