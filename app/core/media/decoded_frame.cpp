#include "core/media/decoded_frame.h"

#include <cmath>
#include <cstdio>

#include "interceptor/model/io/digest.h"

namespace interceptor {

std::string format_timecode(double seconds) {
    if (!(seconds > 0)) seconds = 0;
    auto millis = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
    char text[32];
    std::snprintf(
        text, sizeof text, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(millis / 3600000),
        static_cast<long long>(millis / 60000 % 60), static_cast<long long>(millis / 1000 % 60),
        static_cast<long long>(millis % 1000));
    return text;
}

std::string DecodedFrame::timecode() const { return format_timecode(seconds); }

std::string DecodedFrame::pixel_sha256() const {
    const cv::Mat pixels = bgr.isContinuous() ? bgr : bgr.clone();
    return sha256_hex(pixels.data, pixels.total() * pixels.elemSize());
}

}  // namespace interceptor
