#pragma once
// One decoded frame in display orientation, with where it sits in the clip.
// Immutable once made; cheap to copy (the pixels are shared).
#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>

namespace interceptor {

struct DecodedFrame {
    std::int64_t index = -1;  // 0-based, presentation order
    std::int64_t pts = 0;     // in the stream's time base
    double seconds = 0;       // from the start of the stream
    cv::Mat bgr;              // 8-bit BGR, upright
    // Empty for a clean frame; else what went wrong: the decoder met errors in this frame and
    // concealed them (H.264 copies or interpolates the lost blocks), so parts of the picture are
    // guessed. Such a frame may be looked at, never scored.
    std::string damage;

    std::string timecode() const;  // "HH:MM:SS.mmm"
    // SHA-256 of the BGR pixels: what ties a score to exactly one decoded picture.
    std::string pixel_sha256() const;
};

// "HH:MM:SS.mmm" for a time in seconds (negative times clamp to zero).
std::string format_timecode(double seconds);

}  // namespace interceptor
