// Faces found by YuNet and by the Haar cascade on every clip of a folder
// (frames with at least one face, faces per frame), false faces on ffmpeg's
// test patterns, and the cost of YuNet on a 1080p frame. Prints figures; it
// is not a test.
// usage: face_benchmark CLIPS_DIR PATTERNS_CLIP [EVERY_NTH]
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/face_detector.h"
#include "core/media/media_files.h"
#include "core/media/video_decoder.h"

using namespace interceptor;

namespace {

struct Count {
    long frames = 0, with_face = 0, faces = 0, two_or_more = 0;
};

Count count_faces(FaceDetector& detector, const std::string& clip, int every) {
    Count c;
    auto decoder = VideoDecoder::open(clip);
    if (!decoder) return c;
    for (std::int64_t i = 0; i < (*decoder)->frame_count(); i += every) {
        auto frame = (*decoder)->frame(i);
        if (!frame) continue;
        const auto n = static_cast<long>(detector.detect(frame->bgr).size());
        ++c.frames;
        c.with_face += n > 0;
        c.faces += n;
        c.two_or_more += n > 1;
    }
    return c;
}

std::unique_ptr<FaceDetector> make(FaceDetectorKind kind, int detect_size = 640) {
    FaceDetectorSettings s;
    s.kind = kind;
    s.detect_size = detect_size;
    auto d = make_face_detector(s);
    if (!d) {
        std::fprintf(stderr, "%s\n", d.error().c_str());
        std::exit(1);
    }
    return std::move(*d);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: face_benchmark CLIPS_DIR PATTERNS_CLIP [EVERY_NTH]\n");
        return 2;
    }
    const int every = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
    auto yunet = make(FaceDetectorKind::Yunet), haar = make(FaceDetectorKind::Haar);
    std::vector<std::string> clips;
    for (const auto& e : std::filesystem::directory_iterator(argv[1]))
        if (is_video_file(e.path())) clips.push_back(e.path().string());
    std::sort(clips.begin(), clips.end());
    clips.push_back(argv[2]);
    std::printf("%-72s %8s | %-24s | %-24s\n", "clip", "frames", "YuNet: with face, faces, 2+",
                "Haar: with face, faces, 2+");
    for (const auto& clip : clips) {
        const Count y = count_faces(*yunet, clip, every), h = count_faces(*haar, clip, every);
        std::printf("%-72s %8ld | %5ld (%5.1f %%) %6ld %3ld | %5ld (%5.1f %%) %6ld %3ld\n",
                    std::filesystem::path(clip).filename().string().c_str(), y.frames, y.with_face,
                    100.0 * y.with_face / std::max(1L, y.frames), y.faces, y.two_or_more,
                    h.with_face, 100.0 * h.with_face / std::max(1L, h.frames), h.faces,
                    h.two_or_more);
    }
    // Cost on a 1080p frame: the first frame of the first clip with a face, scaled to 1920x1080.
    auto decoder = VideoDecoder::open(clips.front());
    auto frame = decoder ? (*decoder)->frame(0) : Result<DecodedFrame>(Error{"no clip"});
    if (!frame) return 1;
    cv::Mat full;
    cv::resize(frame->bgr, full, cv::Size(1920, 1080), 0, 0, cv::INTER_LINEAR);
    for (int size : {320, 640, 960}) {
        auto d = make(FaceDetectorKind::Yunet, size);
        d->detect(full);  // warm-up
        const int runs = 20;
        const auto start = std::chrono::steady_clock::now();
        std::size_t found = 0;
        for (int r = 0; r < runs; ++r) found = d->detect(full).size();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count() /
            runs;
        std::printf(
            "YuNet on a 1920x1080 frame, detected at %4d px: %6.1f ms per frame "
            "(%zu face, second look included)\n",
            size, ms, found);
    }
    return 0;
}
