// A corpus of damaged clips made from the generated ones in the test itself:
// truncated at several points, bytes flipped in the header and in the
// payload, a wrong extension, absurd declared dimensions, a stream with no
// frames. Each must open with a specific error or decode what can be decoded
// and report the rest, and finish (the decoder bounds every FFmpeg call).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/media/video_decoder.h"
#include "support/clips.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;
namespace fs = std::filesystem;

namespace {

std::vector<char> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_bytes(const TempDir& dir, const std::string& name,
                        const std::vector<char>& bytes) {
    const std::string path = (dir.path() / name).string();
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

struct Outcome {
    std::string open_error;
    std::int64_t frames = 0, decoded = 0, failed = 0;
    std::int64_t concealed = 0;  // decoded, with the decoder's errors marked (DecodedFrame::damage)
    std::vector<std::string> errors;
    std::vector<std::int64_t> failed_frames;
    std::map<std::int64_t, std::string> pixels;  // SHA-256 of each decoded frame's BGR pixels
};

// Opens the file and asks for every frame it claims, in order, then for the first again (a seek
// back).
Outcome decode_everything(const std::string& path) {
    Outcome o;
    auto decoder = VideoDecoder::open(path);
    if (!decoder) {
        o.open_error = decoder.error();
        return o;
    }
    auto& d = **decoder;
    o.frames = d.frame_count();
    for (std::int64_t i = 0; i < o.frames; ++i) {
        auto f = d.frame(i);
        if (f) {
            ++o.decoded;
            CHECK(f->bgr.cols > 0);
            o.pixels[i] = f->pixel_sha256();
            if (!f->damage.empty()) {
                ++o.concealed;
                CHECK(d.damaged_frames().count(i) == 1);
            }
        } else {
            ++o.failed;
            o.errors.push_back(f.error());
            o.failed_frames.push_back(i);
        }
    }
    if (o.frames > 0) (void)d.frame(0);
    return o;
}

void check_reported(const Outcome& o, const std::string& what) {
    INFO(what << ": open error \"" << o.open_error << "\", " << o.frames << " frames, " << o.decoded
              << " decoded, " << o.failed << " failed");
    if (!o.open_error.empty()) {
        CHECK(o.open_error.size() > 10);  // a sentence, not a code
        return;
    }
    // Every error is a sentence that names the frame it is about.
    for (std::size_t k = 0; k < o.errors.size(); ++k) {
        INFO(o.errors[k]);
        CHECK(o.errors[k].find(std::to_string(o.failed_frames[k])) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("clips truncated at many points decode their first part or say why",
          "[decoder][damage]") {
    TempDir dir;
    const auto whole = read_bytes(generated_clip("h264.mp4"));
    const auto original = decode_everything(generated_clip("h264.mp4"));
    REQUIRE(original.decoded == 75);
    for (double fraction : {0.01, 0.05, 0.2, 0.4, 0.7, 0.9, 0.99}) {
        const auto cut = std::vector<char>(
            whole.begin(), whole.begin() + static_cast<long>(whole.size() * fraction));
        const auto o = decode_everything(write_bytes(dir, "cut.mp4", cut));
        check_reported(o, "truncated at " + std::to_string(fraction));
        // The index is built from the packets the file still holds: a cut clip claims no more
        // frames than the whole one, every frame it claims is decoded or reported, and what
        // decodes is exactly what the whole clip decodes there.
        if (!o.open_error.empty()) continue;
        CHECK(o.frames <= 75);
        CHECK(o.decoded + o.failed == o.frames);
        for (const auto& [i, sha] : o.pixels) CHECK(sha == original.pixels.at(i));
        if (fraction >= 0.2 && fraction <= 0.9) {
            CHECK(o.decoded > 0);
            CHECK(o.decoded < 75);
        }
    }
}

TEST_CASE("bytes flipped in the header or the payload cost frames, never the process",
          "[decoder][damage]") {
    TempDir dir;
    for (const std::string clip : {"h264.mp4", "vp9.webm", "mjpeg.avi", "hevc.mkv"}) {
        const auto whole = read_bytes(generated_clip(clip));
        std::int64_t payload_failures = 0;
        for (std::uint32_t seed = 1; seed <= 6; ++seed) {
            std::mt19937 random(seed);
            auto bytes = whole;
            // Odd seeds damage the first 2 KiB (container header), even ones the rest.
            const std::size_t from = seed % 2 ? 0 : 2048,
                              to = seed % 2 ? std::min<std::size_t>(2048, bytes.size())
                                            : bytes.size();
            std::uniform_int_distribution<std::size_t> where(from, to - 1);
            for (int k = 0; k < 24; ++k)
                bytes[where(random)] ^= static_cast<char>(1 + random() % 255);
            const auto o = decode_everything(write_bytes(dir, "flipped-" + clip, bytes));
            check_reported(o, clip + " flipped with seed " + std::to_string(seed));
            if (seed % 2 == 0)
                payload_failures += o.failed + o.concealed + (o.open_error.empty() ? 0 : 1);
        }
        // Damage in the payload is reported for at least one of the three seeds: as frames that
        // fail, or (FFmpeg's H.264 decoder conceals it) as frames marked damaged.
        INFO(clip);
        CHECK(payload_failures > 0);
    }
}

TEST_CASE("a clip under the wrong extension is read by its content", "[decoder][damage]") {
    TempDir dir;
    const auto o = decode_everything(
        write_bytes(dir, "really-mp4.avi", read_bytes(generated_clip("h264.mp4"))));
    CHECK(o.open_error.empty());
    CHECK(o.frames == 75);
    CHECK(o.decoded == 75);
}

TEST_CASE("absurd declared dimensions are refused, not allocated", "[decoder][damage]") {
    TempDir dir;
    // A raw YUV4MPEG2 stream declaring 60000 x 60000 pixels per frame (5 GB) with a few bytes of
    // data.
    const std::string header = "YUV4MPEG2 W60000 H60000 F25:1 Ip A1:1 C420jpeg\nFRAME\n";
    std::vector<char> bytes(header.begin(), header.end());
    bytes.resize(bytes.size() + 4096, 16);
    const auto o = decode_everything(write_bytes(dir, "huge.y4m", bytes));
    INFO(o.open_error);
    CHECK(o.decoded == 0);
    // The same lie in a header that claims a negative size.
    const std::string bad = "YUV4MPEG2 W-5 H0 F25:1\nFRAME\n";
    const auto o2 = decode_everything(
        write_bytes(dir, "negative.y4m", std::vector<char>(bad.begin(), bad.end())));
    CHECK(o2.decoded == 0);
    CHECK_FALSE(o2.open_error.empty());
}

TEST_CASE("a video stream with no frames says so", "[decoder][damage]") {
    TempDir dir;
    const std::string path = (dir.path() / "zero-frames.mp4").string();
    const std::string command =
        "ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=64x48:rate=25 -frames:v "
        "0 -c:v libx264 '" +
        path + "' </dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    const auto o = decode_everything(path);
    INFO(o.open_error);
    CHECK(o.decoded == 0);
    CHECK_THAT(o.open_error, Catch::Contains("no frames") || Catch::Contains("no video stream") ||
                                 Catch::Contains("not a video"));
}
