// libFuzzer target: the decoder's open-and-decode path (FFmpeg demuxing and
// decoding through Interceptor's VideoDecoder) on arbitrary bytes written to
// a temporary .mp4 file: open, decode the first frames in order, then seek
// back to frame 0 and to the last frame. Damage must end in errors, within
// the decoder's time bounds.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "video_decoder.h"

namespace {
std::string scratch_file() {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/interceptor-fuzz-clip-" + std::to_string(getpid()) + ".mp4";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = scratch_file();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    if (auto decoder = interceptor::VideoDecoder::open(path)) {
        auto& d = **decoder;
        for (int i = 0; i < 8; ++i)
            if (!d.next()) break;
        (void)d.frame(0);
        if (d.frame_count() > 0) (void)d.frame(d.frame_count() - 1);
    }
    std::remove(path.c_str());
    return 0;
}
