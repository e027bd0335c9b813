#pragma once
// The 1080p H.264 clip the benchmarks share (10 s, 25 fps, GOP 50), and
// longer ones, generated in the build tree with the ffmpeg command line on first use.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace interceptor::bench {

inline std::string default_1080p_clip() {
    return std::string(INTERCEPTOR_FIXTURES) + "/bench/h264_1080p.mp4";
}

// Makes a test-pattern H.264 clip (25 fps) if it is missing; false if ffmpeg failed.
inline bool ensure_generated_clip(const std::string& clip, const std::string& size, int seconds,
                                  int gop) {
    if (std::filesystem::exists(clip)) return true;
    std::filesystem::create_directories(std::filesystem::path(clip).parent_path());
    std::printf("generating %s ...\n", clip.c_str());
    const std::string command =
        "ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=" + size +
        ":rate=25:duration=" + std::to_string(seconds) + " -c:v libx264 -preset veryfast -g " +
        std::to_string(gop) + " -pix_fmt yuv420p '" + clip + "'";
    return std::system(command.c_str()) == 0;
}

// The shared 1080p clip, made if it is missing.
inline bool ensure_clip(const std::string& clip) {
    return ensure_generated_clip(clip, "1920x1080", 10, 50);
}

}  // namespace interceptor::bench
