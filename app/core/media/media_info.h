#pragma once
// What a video file says about itself, for the report and the views.
#include <cstdint>
#include <string>

namespace interceptor {

struct MediaInfo {
    std::string path;
    std::string container;       // e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string container_long;  // e.g. "QuickTime / MOV"
    std::string video_codec;     // e.g. "h264"
    std::string video_profile;   // e.g. "High 4:4:4 Predictive"
    std::string pixel_format;    // e.g. "yuv420p10le"
    int bit_depth = 8;
    int coded_width = 0, coded_height = 0;  // as stored
    int width = 0, height = 0;              // as displayed (after rotation)
    int rotation = 0;                  // degrees clockwise applied for display: 0, 90, 180, 270
    double nominal_fps = 0;            // the stream's declared average frame rate
    double measured_fps = 0;           // frames / duration, from the frame index
    bool variable_frame_rate = false;  // frame durations differ by more than 1 %
    std::int64_t frame_count = 0;      // frames in presentation order (from the index)
    double duration_seconds = 0;
    std::int64_t bit_rate = 0;  // bits per second, container level (0: unknown)
    std::int64_t file_size = 0;
    std::string creation_time;  // container tag, when present
    std::string encoder;        // container or stream tag, when present
    bool has_audio = false;
    std::string audio_codec;
};

// The one frame rate that times are worked out with (playback, the jump dialog, bookmark times
// in the window and the report): the measured rate (frames over duration) where known, else
// the stream's declared rate, else 25.
inline double frame_rate(const MediaInfo& media) {
    if (media.measured_fps > 0) return media.measured_fps;
    return media.nominal_fps > 0 ? media.nominal_fps : 25;
}

}  // namespace interceptor
