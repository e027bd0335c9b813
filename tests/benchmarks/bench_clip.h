#pragma once
// The 1080p H.264 clip the benchmarks share (10 s, 25 fps, GOP 50),
// generated in the build tree with the ffmpeg command line on first use.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace interceptor::bench {

inline std::string default_1080p_clip() {
    return std::string(INTERCEPTOR_FIXTURES) + "/bench/h264_1080p.mp4";
}

// Makes the clip if it is missing; false if ffmpeg failed.
inline bool ensure_clip(const std::string& clip) {
    if (std::filesystem::exists(clip)) return true;
    std::filesystem::create_directories(std::filesystem::path(clip).parent_path());
    std::printf("generating %s ...\n", clip.c_str());
    const std::string command =
        "ffmpeg -hide_banner -loglevel error -y -f lavfi -i "
        "testsrc2=size=1920x1080:rate=25:duration=10 "
        "-c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p '" +
        clip + "'";
    return std::system(command.c_str()) == 0;
}

}  // namespace interceptor::bench
