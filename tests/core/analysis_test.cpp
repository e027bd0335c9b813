// Low-light statistics, face detection and cropping, and the video verdict.
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "core/analysis/checkpoint_comparison.h"
#include "core/analysis/low_light_stats.h"
#include "core/analysis/preprocessor.h"
#include "core/analysis/video_verdict.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/inference/preprocess.h"
#include "support/clips.h"

using namespace interceptor;
using namespace interceptor::test;

TEST_CASE("low-light statistics come from the pixels", "[lowlight]") {
    cv::Mat dark(120, 160, CV_8UC3, cv::Scalar(30, 30, 30));
    auto s = measure_low_light(dark);
    CHECK(s.mean_luma == Approx(30));
    CHECK(s.p5_luma == 30);
    CHECK(s.p95_luma == 30);
    CHECK(s.noise_sigma == Approx(0).margin(1e-9));
    CHECK(s.low_light);

    cv::Mat noisy(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
    cv::Mat noise(noisy.size(), CV_32FC3);
    cv::randn(noise, 0, 5);
    cv::Mat mixed;
    noisy.convertTo(mixed, CV_32FC3);
    mixed += noise;
    mixed.convertTo(noisy, CV_8UC3);
    s = measure_low_light(noisy);
    CHECK(s.mean_luma == Approx(128).margin(1));
    // Independent noise of 5 levels per channel is 5 * |(0.299, 0.587, 0.114)| in luma.
    CHECK(s.noise_sigma ==
          Approx(5 * std::sqrt(0.299 * 0.299 + 0.587 * 0.587 + 0.114 * 0.114)).epsilon(0.1));
    CHECK_FALSE(s.low_light);

    cv::Mat ramp(1, 256, CV_8UC3);
    for (int x = 0; x < 256; ++x) ramp.at<cv::Vec3b>(0, x) = cv::Vec3b(x, x, x);
    s = measure_low_light(ramp);
    CHECK(s.p5_luma == Approx(12).margin(1));
    CHECK(s.p50_luma == Approx(127).margin(1));
    CHECK(s.p95_luma == Approx(243).margin(1));
}

TEST_CASE("face crops are square, padded and stay inside the frame", "[faces]") {
    auto r = Preprocessor::crop_around({100, 100, 80, 100}, {640, 480});
    CHECK(r.width == 150);
    CHECK(r.height == 150);
    CHECK(r.x + r.width / 2 == 140);
    auto edge = Preprocessor::crop_around({0, 400, 100, 80}, {640, 480});
    CHECK(edge.x == 0);
    CHECK(edge.y + edge.height == 480);
    CHECK(edge.width == 150);
    auto huge = Preprocessor::crop_around({0, 0, 600, 470}, {640, 480});
    CHECK(huge.width == 480);
    CHECK(huge.height == 480);
}

TEST_CASE("no face means not applicable, never real", "[faces]") {
    auto detector = make_haar_face_detector();
    INFO(detector.error());
    REQUIRE(detector.ok());
    auto pre = Preprocessor::create(Profile::FaceCrop, 128, std::move(*detector));
    REQUIRE(pre.ok());
    auto clip = VideoDecoder::open(generated_clip("noface.mp4"));
    REQUIRE(clip.ok());
    auto frame = (*clip)->frame(3);
    REQUIRE(frame.ok());
    FrameBatch batch;
    batch.size = 128;
    auto p = (*pre)->prepare(frame->bgr, batch);
    CHECK_FALSE(p.applicable);
    CHECK(p.reason == "no face found");
    CHECK(batch.count == 0);
    CHECK(parse_profile("thumbnail").error() ==
          "unknown preprocessing profile 'thumbnail' (allowed: whole_frame, face_crop)");
    CHECK(parse_profile("face_crop").value() == Profile::FaceCrop);
    CHECK_FALSE(Preprocessor::create(Profile::FaceCrop, 128, nullptr).ok());
}

TEST_CASE("faces are found on real faces", "[faces][real]") {
    if (!have_real_clips()) {
        WARN("skipped: " << real_clips_dir()
                         << " is absent (real face clips are not on this machine)");
        return;
    }
    auto detector = make_haar_face_detector();
    REQUIRE(detector.ok());
    cv::Mat portrait = cv::imread(real_clips_dir() + "/ageitgey__face_recognition__obama.jpg");
    REQUIRE_FALSE(portrait.empty());
    auto faces = (*detector)->detect(portrait);
    REQUIRE_FALSE(faces.empty());
    CHECK(faces[0].width > 150);
    CHECK(faces[0].y < portrait.rows / 2);  // the face is in the upper half of the portrait

    auto clip =
        VideoDecoder::open(real_clips_dir() + "/polimi-ispl__icpr2020dfdc__ffpp_original_519.mp4");
    REQUIRE(clip.ok());
    auto pre = Preprocessor::create(Profile::FaceCrop, 128, std::move(*detector));
    REQUIRE(pre.ok());
    int found = 0;
    FrameBatch batch;
    batch.size = 128;
    for (int i : {0, 100, 200, 300, 400}) {
        auto f = (*clip)->frame(i);
        REQUIRE(f.ok());
        if ((*pre)->prepare(f->bgr, batch).applicable) ++found;
    }
    CHECK(found >= 4);
    CHECK(batch.count == found);
    CHECK(batch.pixels.size() == static_cast<std::size_t>(found) * 3 * 128 * 128);
}

TEST_CASE("the confident strategy, worked by hand", "[verdict]") {
    // 12 frames, 5 above 0.8 (> 12 / 2.5 = 4.8): mean of those five.
    std::vector<double> p = {0.9, 0.85, 0.95, 0.81, 0.99, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    CHECK(confident_strategy(p) == Approx((0.9 + 0.85 + 0.95 + 0.81 + 0.99) / 5));
    // 4 above 0.8 is not more than 4.8: 10 of 12 below 0.2 is not > 90 %: plain mean.
    p = {0.9, 0.85, 0.95, 0.81, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    CHECK(confident_strategy(p) == Approx((0.9 + 0.85 + 0.95 + 0.81 + 0.8) / 12));
    // 11 of 12 below 0.2 (> 90 %): mean of those.
    p = {0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05};
    CHECK(confident_strategy(p) == Approx((0.1 * 10 + 0.05) / 11));
    // Too few frames for the high branch: plain mean.
    CHECK(confident_strategy({0.9, 0.9, 0.1}) == Approx(1.9 / 3));
}

TEST_CASE("verdict, share flagged and segments with gaps", "[verdict]") {
    std::vector<FrameProbability> f;
    const std::vector<std::optional<double>> p = {0.1, 0.9, 0.95, 0.2, 0.9, std::nullopt,
                                                  0.1, 0.1, 0.1,  0.7, 0.1, 0.1};
    for (std::size_t i = 0; i < p.size(); ++i)
        f.push_back({static_cast<std::int64_t>(i), i * 0.04, p[i]});
    auto v = judge_video(f, 0.5, 2);
    CHECK(v.scored == 11);
    CHECK(v.not_applicable == 1);
    CHECK(v.flagged == 4);
    CHECK(v.share_flagged == Approx(4.0 / 11));
    CHECK(v.max == Approx(0.95));
    CHECK(v.mean == Approx((0.1 + 0.9 + 0.95 + 0.2 + 0.9 + 0.1 * 3 + 0.7 + 0.1 * 2) / 11));
    REQUIRE(v.segments.size() == 2);
    CHECK(v.segments[0].first_frame == 1);
    CHECK(v.segments[0].last_frame == 4);  // frame 3 (0.2) is a gap of one
    CHECK(v.segments[0].peak == Approx(0.95));
    CHECK(v.segments[0].end_seconds == Approx(0.16));
    CHECK(v.segments[1].first_frame == 9);  // four frames (5..8) apart: a new segment
    CHECK(v.fake == (v.confident >= 0.5));
    auto none = judge_video({{0, 0, std::nullopt}}, 0.5);
    CHECK(none.scored == 0);
    CHECK_FALSE(none.fake);
}

TEST_CASE("checkpoint comparison, worked by hand", "[compare]") {
    std::vector<ComparisonFrame> frames = {
        {0, 0.00, {0.9, 0.8}},
        {1, 0.04, {0.1, 0.7}},  // verdicts differ at 0.5; spread 0.6
        {2, 0.08, {0.2, 0.1}},
        {3, 0.12, {std::nullopt, 0.9}},  // not scored by the first: left out of the pair
        {4, 0.16, {0.7, 0.6}},
    };
    auto c = compare_checkpoints(frames, {0.5, 0.5}, 2);
    REQUIRE(c.pairs.size() == 1);
    CHECK(c.pairs[0].frames == 4);
    CHECK(c.pairs[0].agreement == Approx(0.75));
    CHECK(c.pairs[0].mean_abs_difference == Approx((0.1 + 0.6 + 0.1 + 0.1) / 4));
    // Pearson of x = (0.9, 0.1, 0.2, 0.7), y = (0.8, 0.7, 0.1, 0.6), by hand:
    // means 0.475, 0.55; cov = (0.425*0.25 - 0.375*0.15 + 0.275*0.45 + 0.225*0.05) / 4 = 0.04625;
    // var x = (0.180625 + 0.140625 + 0.075625 + 0.050625) / 4 = 0.111875;
    // var y = (0.0625 + 0.0225 + 0.2025 + 0.0025) / 4 = 0.0725.
    CHECK(c.pairs[0].correlation == Approx(0.04625 / std::sqrt(0.111875 * 0.0725)));
    REQUIRE(c.largest.size() == 2);
    CHECK(c.largest[0].frame == 1);
    CHECK(c.largest[0].spread == Approx(0.6));
    auto three = compare_checkpoints({{0, 0, {0.1, 0.2, 0.9}}}, {0.5, 0.5, 0.5});
    CHECK(three.pairs.size() == 3);
    CHECK(three.largest[0].spread == Approx(0.8));
}
