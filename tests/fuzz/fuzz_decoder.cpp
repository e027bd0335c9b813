// libFuzzer target: the decoder's open-and-decode path (FFmpeg demuxing and
// decoding through Interceptor's VideoDecoder) on arbitrary bytes written to
// a temporary .mp4 file: open, decode the first frames in order, then seek
// back to frame 0 and to the last frame. Damage must end in errors, within
// the decoder's time bounds.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "core/media/video_decoder.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = interceptor::fuzz::write_scratch("-clip.mp4", data, size);
    if (path.empty()) return 0;
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
