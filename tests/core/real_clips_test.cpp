// The decoder on real clips from ../shared/data/clips (research-licensed,
// never copied into the project): H.264 High 4:4:4, MPEG-4 Part 2, GIF.
#include <catch2/catch.hpp>

#include "core/media/video_decoder.h"
#include "support/clips.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

struct RealClip {
    const char* file;
    const char* codec;
    std::int64_t frames;  // as the clips README lists them
    int width, height;
};

const RealClip kClips[] = {
    {"polimi-ispl__icpr2020dfdc__ffpp_original_519.mp4", "h264", 751, 640, 480},
    {"jeffbyju__deepfake-detection__celebdf_Celeb-real_id29_0000.mp4", "mpeg4", 429, 852, 480},
    {"McJackTang__MMPD_rPPG_dataset__LED-low_T.gif", "gif", 150, 112, 199},
};

}  // namespace

TEST_CASE("real clips: frame counts, geometry and exact seeking", "[decoder][real]") {
    if (!have_real_clips()) {
        WARN("skipped: " << real_clips_dir()
                         << " is absent (real face clips are not on this machine)");
        return;
    }
    for (const auto& clip : kClips) {
        DYNAMIC_SECTION(clip.file) {
            const std::string path = real_clips_dir() + "/" + clip.file;
            const std::string before = file_state(path);
            auto opened = VideoDecoder::open(path);
            INFO(opened.error());
            REQUIRE(opened.ok());
            auto& d = **opened;
            CHECK(d.info().video_codec == clip.codec);
            CHECK(d.frame_count() == clip.frames);
            CHECK(d.info().width == clip.width);
            CHECK(d.info().height == clip.height);

            std::vector<std::string> played;
            for (int i = 0; i < 60; ++i) {
                auto f = d.next();
                REQUIRE(f.ok());
                played.push_back(f->pixel_sha256());
            }
            auto last = d.frame(clip.frames - 1);
            REQUIRE(last.ok());
            for (int i : {59, 31, 0, 45, 12}) {
                auto f = d.frame(i);
                REQUIRE(f.ok());
                CHECK(f->pixel_sha256() == played[i]);
            }
            CHECK(d.damaged_frames().empty());
            opened = Error{"closed"};
            CHECK(file_state(path) == before);
        }
    }
}
