// The FFmpeg decoder on generated clips: codecs and containers, frame
// exactness across play, step and seek, rotation, VFR, damaged and bad files.
#include <catch2/catch.hpp>

#include <opencv2/core.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "core/media/video_decoder.h"
#include "support/clips.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

std::unique_ptr<VideoDecoder> open_clip(const std::string& name) {
    auto decoder = VideoDecoder::open(generated_clip(name));
    INFO(decoder.error());
    REQUIRE(decoder.ok());
    return std::move(*decoder);
}

std::vector<std::string> play_all(VideoDecoder& d) {
    std::vector<std::string> hashes;
    for (std::int64_t i = 0; i < d.frame_count(); ++i) {
        auto f = d.next();
        INFO(f.error());
        REQUIRE(f.ok());
        REQUIRE(f->index == i);
        hashes.push_back(f->pixel_sha256());
    }
    return hashes;
}

}  // namespace

TEST_CASE("every codec and container decodes all 75 frames", "[decoder]") {
    const std::vector<std::pair<std::string, std::string>> clips = {
        {"h264.mp4", "h264"},   {"h264.mov", "h264"},   {"hevc.mkv", "hevc"},
        {"vp9.webm", "vp9"},    {"av1.mkv", "av1"},     {"mjpeg.avi", "mjpeg"},
        {"mpeg4.avi", "mpeg4"}, {"hevc10.mp4", "hevc"}, {"odd.mp4", "h264"}};
    for (const auto& [name, codec] : clips) {
        DYNAMIC_SECTION(name) {
            const std::string before = file_state(generated_clip(name));
            auto d = open_clip(name);
            const MediaInfo& info = d->info();
            CHECK(info.video_codec == codec);
            CHECK(d->frame_count() == 75);
            CHECK(info.nominal_fps == Approx(25).epsilon(0.01));
            CHECK(info.measured_fps == Approx(25).epsilon(0.01));
            CHECK(info.duration_seconds == Approx(3.0).epsilon(0.01));
            CHECK_FALSE(info.variable_frame_rate);
            auto hashes = play_all(*d);
            CHECK(d->damaged_frames().empty());
            // The counter moves.
            CHECK(std::set<std::string>(hashes.begin(), hashes.end()).size() == 75);
            d.reset();
            CHECK(file_state(generated_clip(name)) == before);
        }
    }
}

TEST_CASE("odd sizes and 10-bit video keep their geometry", "[decoder]") {
    auto odd = open_clip("odd.mp4");
    CHECK(odd->info().width == 321);
    CHECK(odd->info().height == 241);
    auto f = odd->frame(10);
    REQUIRE(f.ok());
    CHECK(f->bgr.cols == 321);
    CHECK(f->bgr.rows == 241);
    auto deep = open_clip("hevc10.mp4");
    CHECK(deep->info().bit_depth == 10);
    CHECK(deep->info().pixel_format == "yuv420p10le");
    REQUIRE(deep->frame(40).ok());
}

TEST_CASE("frame N is the same pixels by playing, stepping back and seeking", "[decoder][exact]") {
    for (std::string name : {"h264.mp4", "hevc.mkv", "vp9.webm", "mpeg4.avi", "vfr.mp4"}) {
        DYNAMIC_SECTION(name) {
            auto played = play_all(*open_clip(name));

            auto backwards = open_clip(name);
            for (std::int64_t i = backwards->frame_count() - 1; i >= 0; --i) {
                auto f = backwards->frame(i);
                REQUIRE(f.ok());
                CHECK(f->pixel_sha256() == played[i]);
            }

            auto seeker = open_clip(name);
            std::vector<std::int64_t> order(played.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
            std::shuffle(order.begin(), order.end(), std::mt19937(7));
            for (auto i : order) {
                auto f = seeker->frame(i);
                REQUIRE(f.ok());
                CHECK(f->index == i);
                CHECK(f->pixel_sha256() == played[i]);
            }
        }
    }
}

TEST_CASE("seeking decodes from the nearest keyframe, not from the start", "[decoder][exact]") {
    auto d = open_clip("h264.mp4");  // keyframe every 25 frames
    REQUIRE(d->frame(74).ok());
    const auto after_first = d->frames_decoded();
    CHECK(after_first <= 2 * 25 + 8);
    REQUIRE(d->frame(73).ok());  // one step back: from the cache
    REQUIRE(d->frame(52).ok());  // back across a keyframe
    CHECK(d->frames_decoded() - after_first <= 25 + 8);
}

TEST_CASE("timestamps and timecodes follow the stream, VFR included", "[decoder]") {
    auto d = open_clip("vfr.mp4");
    CHECK(d->info().variable_frame_rate);
    auto f24 = d->frame(24);
    auto f26 = d->frame(26);
    REQUIRE(f24.ok());
    REQUIRE(f26.ok());
    CHECK(f24->seconds == Approx(0.96));
    CHECK(f26->seconds == Approx(1.08));
    CHECK(f26->timecode() == "00:00:01.080");
    CHECK(format_timecode(3725.5) == "01:02:05.500");
}

TEST_CASE("a phone clip with rotation metadata is shown upright", "[decoder]") {
    // make_clips.sh tags it with FFmpeg 5.1's rotate=90, which writes a display
    // matrix of 90 degrees counter-clockwise; ffmpeg's own autorotate turns the
    // picture counter-clockwise (checked by hand with ffmpeg -i rotated.mp4 x.png).
    auto d = open_clip("rotated.mp4");
    CHECK(d->info().rotation == 270);
    CHECK(d->info().coded_width == 320);
    CHECK(d->info().width == 240);
    CHECK(d->info().height == 320);
    auto rotated = d->frame(5);
    auto plain = open_clip("h264.mp4")->frame(5);
    REQUIRE(rotated.ok());
    REQUIRE(plain.ok());
    CHECK(rotated->bgr.cols == 240);
    cv::Mat turned;
    cv::rotate(plain->bgr, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    CHECK(cv::norm(turned, rotated->bgr, cv::NORM_INF) == 0);
}

TEST_CASE("bad files get a clear error", "[decoder][errors]") {
    auto error = [](const std::string& path) {
        auto d = VideoDecoder::open(path);
        return d.ok() ? std::string("(opened)") : d.error();
    };
    CHECK_THAT(error(generated_clip("missing.mp4")), Catch::EndsWith("missing.mp4: no such file"));
    CHECK_THAT(error(generated_clip("empty.mp4")), Catch::EndsWith("file is empty (0 bytes)"));
    CHECK_THAT(error(generated_clip("text.mp4")), Catch::Contains("not a video FFmpeg can read"));
    CHECK_THAT(error(generated_clip("audio_only.m4a")),
               Catch::EndsWith("has no video stream (audio only)"));
    CHECK_THAT(error(generated_clip("")), Catch::Contains("is a directory"));
    auto d = open_clip("h264.mp4");
    CHECK_THAT(d->frame(75).error(), Catch::Contains("outside the clip (0..74)"));
    CHECK_THAT(d->frame(-1).error(), Catch::Contains("outside the clip"));
}

TEST_CASE("damage in the middle costs only the damaged frames", "[decoder][errors]") {
    auto d = open_clip("damaged.mp4");
    REQUIRE(d->frame_count() == 75);
    int good = 0;
    for (std::int64_t i = 0; i < d->frame_count(); ++i) {
        auto f = d->frame(i);
        if (f.ok() && f->damage.empty()) ++good;
    }
    // Some frames near the damage may fail or decode with visible errors; the
    // frames before it and after the next keyframe must come through.
    CHECK(good >= 50);
    CHECK(d->frame(0).ok());
    CHECK(d->frame(74).ok());
    INFO("damaged frames: " << d->damaged_frames().size()
                            << ", frames decoded: " << d->frames_decoded());
    CHECK(static_cast<int>(d->damaged_frames().size()) == 75 - good);
    // A damaged frame costs at most a re-decode of its group of pictures, not a decode from the
    // start.
    CHECK(d->frames_decoded() <= 75 + static_cast<std::int64_t>(d->damaged_frames().size()) * 25);
}

TEST_CASE("a frame the decoder concealed errors in comes out marked damaged", "[decoder][errors]") {
    // damaged.mp4 has 4 KiB overwritten mid-file: FFmpeg's H.264 decoder drops some frames and
    // conceals the loss in the next one it outputs (decode_error_flags).
    auto d = open_clip("damaged.mp4");
    std::vector<std::int64_t> concealed;
    std::string first_pixels;
    for (std::int64_t i = 0; i < d->frame_count(); ++i) {
        auto f = d->frame(i);
        if (!f || f->damage.empty()) continue;
        if (concealed.empty()) first_pixels = f->pixel_sha256();
        concealed.push_back(i);
        CHECK_THAT(f->damage,
                   Catch::StartsWith("decoded with errors (") &&
                       Catch::Contains("parts of the picture are the decoder's guesses"));
        CHECK(d->damaged_frames().count(i) == 1);
    }
    REQUIRE_FALSE(concealed.empty());
    // Reached by a seek from a fresh decoder, the frame is damaged too, with the same pixels
    // (damage is decoded on one thread, however many cores); clean frames stay clean.
    auto fresh = open_clip("damaged.mp4");
    auto again = fresh->frame(concealed.front());
    REQUIRE(again.ok());
    CHECK_FALSE(again->damage.empty());
    CHECK(again->pixel_sha256() == first_pixels);
    CHECK(fresh->frame(0)->damage.empty());
    CHECK(open_clip("h264.mp4")->frame(40)->damage.empty());
}

TEST_CASE("a truncated file decodes what is there and says where it ends", "[decoder][errors]") {
    auto d = open_clip("truncated.mp4");
    int good = 0, failed = 0;
    for (std::int64_t i = 0; i < d->frame_count(); ++i) (d->frame(i).ok() ? good : failed)++;
    CHECK(good >= 25);
    CHECK(failed > 0);
    CHECK(d->frame(0).ok());
}

TEST_CASE("every still format and an MJPEG clip decode", "[decoder][stills]") {
    auto png = VideoDecoder::open(generated_clip("still.png"));
    REQUIRE(png.ok());
    auto reference = (*png)->frame(0);
    REQUIRE(reference.ok());
    for (const std::string still :
         {"still-420.jpg", "still-422.jpg", "still-444.jpg", "still.bmp"}) {
        INFO(still);
        auto decoder = VideoDecoder::open(generated_clip(still));
        REQUIRE(decoder.ok());
        REQUIRE((*decoder)->frame_count() == 1);
        auto frame = (*decoder)->frame(0);
        INFO(frame.error());
        REQUIRE(frame.ok());
        REQUIRE(frame->bgr.size() == reference->bgr.size());
        // The same picture: lossless formats exactly, JPEG within its compression error.
        const double difference = cv::norm(frame->bgr, reference->bgr, cv::NORM_L1) /
                                  static_cast<double>(frame->bgr.total() * 3);
        CHECK(difference < (still.find(".jpg") != std::string::npos ? 6.0 : 0.001));
        // Asked again (a seek back to the start), it is still there.
        auto again = (*decoder)->frame(0);
        REQUIRE(again.ok());
        CHECK(again->pixel_sha256() == frame->pixel_sha256());
    }
    auto mjpeg = VideoDecoder::open(generated_clip("mjpeg.avi"));
    REQUIRE(mjpeg.ok());
    for (std::int64_t i : {0, 74, 30}) CHECK((*mjpeg)->frame(i).ok());
}

TEST_CASE("an MP4 cut short before its index is reported as incomplete", "[decoder][errors]") {
    auto d = VideoDecoder::open(generated_clip("no-index.mp4"));
    REQUIRE_FALSE(d.ok());
    CHECK_THAT(d.error(), Catch::Contains("the file is incomplete") && Catch::Contains("moov"));
    // A file that is no MP4 at all still says so.
    auto text = VideoDecoder::open(generated_clip("text.mp4"));
    REQUIRE_FALSE(text.ok());
    CHECK_THAT(text.error(), !Catch::Contains("incomplete"));
}
