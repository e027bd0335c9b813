// Faces: YuNet finds none in ffmpeg's test patterns and finds real ones; every face of a
// two-person clip is scored and tracked; a face entering halfway starts a track; an aligned
// crop of a rotated face is upright; the training sample of a frame is the analysis crop, pixel
// for pixel; the detector's options are checked.
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core/analysis/analysis_job.h"
#include "core/analysis/face_crop.h"
#include "core/analysis/face_detector.h"
#include "core/analysis/face_tracker.h"
#include "core/media/video_decoder.h"
#include "core/training/clip_sampler.h"
#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

std::string face_clip(const std::string& name) {
    return std::string(INTERCEPTOR_FIXTURES) + "/face-clips/" + name;
}

std::unique_ptr<FaceDetector> yunet() {
    auto made = make_face_detector({});
    INFO(made.error());
    REQUIRE(made.ok());
    return std::move(*made);
}

// A public-domain official portrait from the real clips folder (one face, frontal).
cv::Mat official_portrait() {
    cv::Mat portrait = cv::imread(real_clips_dir() + "/ageitgey__face_recognition__obama.jpg");
    REQUIRE_FALSE(portrait.empty());
    return portrait;
}

// The small parity checkpoint, told to score faces in the given geometry.
DetectorSlot face_slot(Profile profile) {
    Checkpoint c = ParityFixture::load("small").checkpoint("_training.pt");
    c.metadata().preprocessing = profile;
    return {"faces", c};
}

std::vector<FrameResult> analyse(const std::string& clip, Profile profile) {
    std::vector<FrameResult> results;
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult& r) { results.push_back(r); };
    AnalysisSettings settings;
    settings.selection = {FrameSelection::Mode::Every, 1};
    auto job = AnalysisJob::start(clip, {face_slot(profile)}, settings, callbacks);
    auto outcome = job->wait();
    INFO(outcome.error());
    REQUIRE(outcome.ok());
    CHECK(outcome->face_detector.find("YuNet (face_detection_yunet") == 0);
    return results;
}

}  // namespace

TEST_CASE("ffmpeg's test patterns have no face", "[faces]") {
    auto detector = yunet();
    auto decoder = VideoDecoder::open(generated_clip("patterns.mp4"));
    REQUIRE(decoder.ok());
    std::int64_t frames = 0, false_faces = 0;
    for (std::int64_t i = 0; i < (*decoder)->frame_count(); ++i) {
        auto frame = (*decoder)->frame(i);
        REQUIRE(frame.ok());
        const auto faces = detector->detect(frame->bgr);
        if (!faces.empty()) INFO("frame " << i << ": a face of score " << faces[0].score);
        false_faces += static_cast<std::int64_t>(faces.size());
        ++frames;
    }
    CHECK(frames == 110);
    CHECK(false_faces == 0);
}

TEST_CASE("YuNet finds a real face with its five landmarks", "[faces][real]") {
    if (!have_real_clips()) {
        WARN("skipped: " << real_clips_dir() << " is absent (real face clips are not here)");
        return;
    }
    const cv::Mat portrait = official_portrait();
    const auto faces = yunet()->detect(portrait);
    REQUIRE(faces.size() == 1);
    const Face& f = faces[0];
    CHECK(f.box.width > 200);
    CHECK(f.box.y + f.box.height / 2 < portrait.rows / 2);  // in the upper half of the portrait
    REQUIRE(f.landmarks.size() == 5);
    CHECK(f.landmarks[0].x < f.landmarks[1].x);  // the eyes in picture order
    CHECK(f.landmarks[2].y > f.landmarks[0].y);  // the nose below the eyes
    CHECK(f.landmarks[3].y > f.landmarks[2].y);  // the mouth below the nose
    for (const auto& p : f.landmarks) CHECK(f.box.contains(p));
    CHECK(f.score > 0.9);
}

TEST_CASE("every face of a two-person clip is scored, each person on a track", "[faces][real]") {
    if (!std::filesystem::exists(face_clip("two-faces.mp4"))) {
        WARN("skipped: no two-person clip (it is composited from " << real_clips_dir() << ")");
        return;
    }
    const auto results = analyse(face_clip("two-faces.mp4"), Profile::FaceCrop);
    REQUIRE(results.size() == 40);
    std::map<int, std::vector<float>> curves;
    for (const auto& r : results) {
        INFO("frame " << r.frame);
        REQUIRE(r.faces.size() == 2);
        const auto& c = r.per_checkpoint[0];
        REQUIRE(c.face_scores.size() == 2);
        // The frame's score is its most suspicious face's.
        CHECK(c.score.p_fake == std::max(c.face_scores[0].p_fake, c.face_scores[1].p_fake));
        for (std::size_t f = 0; f < 2; ++f)
            curves[r.faces[f].track].push_back(c.face_scores[f].p_fake);
    }
    REQUIRE(curves.size() == 2);  // two people, two tracks, for the whole clip
    CHECK(curves.begin()->second.size() == 40);
    CHECK(curves.rbegin()->second.size() == 40);
    CHECK(curves.begin()->second != curves.rbegin()->second);  // a curve of their own each
}

TEST_CASE("a face entering halfway starts a new track", "[faces][real]") {
    if (!std::filesystem::exists(face_clip("face-enters.mp4"))) {
        WARN("skipped: no two-person clip (it is composited from " << real_clips_dir() << ")");
        return;
    }
    const auto results = analyse(face_clip("face-enters.mp4"), Profile::FaceAligned);
    REQUIRE(results.size() == 40);
    std::map<int, std::int64_t> first_seen;
    for (const auto& r : results) {
        INFO("frame " << r.frame);
        CHECK(r.faces.size() == (r.seconds < 1.95 ? 1u : 2u));
        for (const auto& f : r.faces) first_seen.emplace(f.track, r.frame);
    }
    REQUIRE(first_seen.size() == 2);
    CHECK(first_seen.begin()->second == 0);
    CHECK(first_seen.rbegin()->second == 20);  // 2 s at 10 frames/s
}

TEST_CASE("tracks follow overlap and end after a gap", "[faces]") {
    FaceTracker tracker({0.3, 1.0});
    auto face = [](float x) {
        Face f;
        f.box = {x, 10, 50, 50};
        return f;
    };
    std::vector<Face> frame = {face(0), face(200)};
    tracker.assign(frame, 0.0);
    CHECK(frame[0].track == 0);
    CHECK(frame[1].track == 1);
    std::vector<Face> moved = {face(210), face(8)};  // both moved a little, listed the other way
    tracker.assign(moved, 0.1);
    CHECK(moved[0].track == 1);
    CHECK(moved[1].track == 0);
    std::vector<Face> later = {face(8)};  // 1.5 s later: track 0 has ended, a new person
    tracker.assign(later, 1.6);
    CHECK(later[0].track == 2);
}

TEST_CASE("an aligned crop of a rotated face is upright", "[faces][real]") {
    if (!have_real_clips()) {
        WARN("skipped: " << real_clips_dir() << " is absent (real face clips are not here)");
        return;
    }
    const cv::Mat portrait = official_portrait();
    auto detector = yunet();
    // YuNet's landmarks hold to about 25 degrees of roll (README: beyond, they overshoot).
    for (double degrees : {-20.0, 15.0}) {
        INFO("rotated by " << degrees << " degrees");
        cv::Mat rotated;
        const cv::Point2f centre(portrait.cols / 2.0f, portrait.rows / 2.0f);
        cv::warpAffine(portrait, rotated, cv::getRotationMatrix2D(centre, degrees, 1.0),
                       portrait.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
        const auto faces = detector->detect(rotated);
        REQUIRE_FALSE(faces.empty());
        const cv::Point2f eyes = faces[0].landmarks[1] - faces[0].landmarks[0];
        CHECK(std::abs(std::atan2(eyes.y, eyes.x) * 180 / CV_PI + degrees) < 10);  // it is tilted
        constexpr int kSize = 320;
        auto crop = face_crop(rotated, faces[0], Profile::FaceAligned, kSize);
        REQUIRE(crop.ok());
        REQUIRE(crop->size() == cv::Size(kSize, kSize));
        // Found again in the crop, the landmarks sit on the template: the face is upright.
        const auto again = detector->detect(*crop);
        REQUIRE_FALSE(again.empty());
        const auto target = aligned_template(kSize);
        for (int k = 0; k < kFaceLandmarks; ++k) {
            const cv::Point2f d = again[0].landmarks[k] - target[k];
            CHECK(std::hypot(d.x, d.y) < 0.05 * kSize);
        }
        const cv::Point2f upright = again[0].landmarks[1] - again[0].landmarks[0];
        CHECK(std::abs(std::atan2(upright.y, upright.x) * 180 / CV_PI) < 6);
    }
    Face boxed;  // the Haar detector gives no landmarks: no aligned crop
    boxed.box = {10, 10, 100, 100};
    CHECK(face_crop(portrait, boxed, Profile::FaceAligned, 128).error().find("five face") !=
          std::string::npos);
}

TEST_CASE("a training sample is the analysis crop of the same frame, pixel for pixel",
          "[faces][training][real]") {
    if (!have_real_clips()) {
        WARN("skipped: " << real_clips_dir() << " is absent (real face clips are not here)");
        return;
    }
    const std::string clip = real_clips_dir() + "/polimi-ispl__icpr2020dfdc__ffpp_original_519.mp4";
    for (Profile profile : {Profile::FaceCrop, Profile::FaceAligned}) {
        INFO(profile_name(profile));
        auto pre = Preprocessor::create(profile, yunet());
        REQUIRE(pre.ok());
        TempDir dir;
        SampleCache cache(dir.file("cache"));
        auto sampled = cache.get(clip, 4, **pre, 96);
        auto cached = cache.get(clip, 4, **pre, 96);  // read back from the disk cache
        REQUIRE(sampled.ok());
        REQUIRE(cached.ok());
        CHECK(cache.hits() == 1);
        REQUIRE(sampled->frames.size() == 4);
        auto decoder = VideoDecoder::open(clip);
        REQUIRE(decoder.ok());
        auto detector = yunet();
        for (std::size_t i = 0; i < sampled->frames.size(); ++i) {
            auto frame = (*decoder)->frame(sampled->indices[i]);
            REQUIRE(frame.ok());
            const auto faces = detector->detect(frame->bgr);
            REQUIRE_FALSE(faces.empty());
            auto analysed = face_crop(frame->bgr, faces[0], profile, 96);
            REQUIRE(analysed.ok());
            CHECK(cv::norm(*analysed, sampled->frames[i], cv::NORM_INF) == 0);
            CHECK(cv::norm(*analysed, cached->frames[i], cv::NORM_INF) == 0);
        }
    }
}

TEST_CASE("the face detector's settings are checked", "[faces]") {
    FaceDetectorSettings s;
    s.score_threshold = 1.5;
    CHECK(make_face_detector(s).error() == "the face score threshold must lie between 0 and 1");
    s = {};
    s.min_face = -0.1;
    CHECK_FALSE(make_face_detector(s).ok());
    s = {};
    s.model_file = "/nonexistent/yunet.onnx";
    CHECK(make_face_detector(s).error() ==
          "/nonexistent/yunet.onnx: face detector model not found");
    TempDir dir;
    const std::string foreign = dir.file("not-a-model.onnx");
    std::FILE* f = std::fopen(foreign.c_str(), "wb");
    REQUIRE(f);
    std::fputs("these bytes are not an ONNX graph", f);
    std::fclose(f);
    s.model_file = foreign;
    CHECK(make_face_detector(s).error().find("not a YuNet model OpenCV can load") !=
          std::string::npos);
    CHECK(parse_face_detector("mtcnn").error() ==
          "unknown face detector 'mtcnn' (allowed: yunet, haar)");
    s = {};
    s.kind = FaceDetectorKind::Haar;
    auto haar = make_face_detector(s);
    REQUIRE(haar.ok());
    CHECK_FALSE((*haar)->has_landmarks());
    CHECK((*haar)->describe().find("OpenCV Haar cascade") == 0);
    auto aligned = Preprocessor::create(Profile::FaceAligned, std::move(*haar));
    CHECK(aligned.error().find("needs face landmarks") != std::string::npos);
    CHECK_FALSE(Preprocessor::create(Profile::FaceCrop, nullptr).ok());
}
