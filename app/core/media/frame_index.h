#pragma once
// The frames of a video stream in presentation order, with their
// timestamps and which ones are keyframes: built once per file by reading
// packets (no decoding), then used to turn "frame N" into a timestamp and to
// find the keyframe to seek to. Immutable after build; thread-safe to read.
#include <cstdint>
#include <vector>

namespace interceptor {

class FrameIndex {
  public:
    struct Entry {
        std::int64_t pts = 0;
        bool keyframe = false;
    };

    // Packets in file order; sorts them into presentation order.
    explicit FrameIndex(std::vector<Entry> packets);

    std::int64_t size() const { return static_cast<std::int64_t>(entries_.size()); }
    const Entry& operator[](std::int64_t i) const { return entries_[static_cast<std::size_t>(i)]; }
    // The frame with exactly this pts, or -1.
    std::int64_t find(std::int64_t pts) const;
    // The last keyframe at or before frame i (0 when there is none).
    std::int64_t keyframe_before(std::int64_t i) const;

  private:
    std::vector<Entry> entries_;
};

}  // namespace interceptor
