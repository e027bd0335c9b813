// Low-light statistics and the video verdict.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "core/analysis/checkpoint_comparison.h"
#include "core/analysis/low_light_stats.h"
#include "core/analysis/video_verdict.h"

using namespace interceptor;

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

namespace {

// Frames 0..n-1 at 25 frames per second, P(fake) from `p` (one value per frame).
std::vector<FrameProbability> at_25fps(const std::vector<std::optional<double>>& p) {
    std::vector<FrameProbability> f;
    for (std::size_t i = 0; i < p.size(); ++i)
        f.push_back({static_cast<std::int64_t>(i), static_cast<double>(i) / 25, p[i]});
    return f;
}

// n frames at `low`, with the frames in [from, to] at `high`.
std::vector<std::optional<double>> with_run(std::size_t n, std::size_t from, std::size_t to,
                                            double low = 0.1, double high = 0.95) {
    std::vector<std::optional<double>> p(n, low);
    for (std::size_t i = from; i <= to; ++i) p[i] = high;
    return p;
}

}  // namespace

TEST_CASE("no verdict without evidence: too little scored is inconclusive, never real",
          "[verdict]") {
    auto none = judge_video({{0, 0, std::nullopt}, {1, 0.04, std::nullopt}}, 0.5);
    CHECK(none.scored == 0);
    CHECK(none.not_applicable == 2);
    CHECK_FALSE(none.conclusive);
    CHECK_FALSE(none.fake);
    CHECK(std::string(none.label()) == "inconclusive");
    CHECK_THAT(none.inconclusive_reason, Catch::StartsWith("0 of 2 selected frames"));

    // One frame of eight scored, at 1.0: flagged by the clip score, yet no finding.
    std::vector<std::optional<double>> one(8, std::nullopt);
    one[3] = 1.0;
    auto single = judge_video(at_25fps(one), 0.5);
    CHECK(single.clip_flagged);
    CHECK_FALSE(single.conclusive);
    CHECK_FALSE(single.fake);
    CHECK(std::string(single.label()) == "inconclusive");

    // A photograph: its one frame is every selected frame.
    auto still = judge_video({{0, 0, 0.2}}, 0.5);
    CHECK(still.conclusive);
    CHECK(std::string(still.label()) == "real");

    // Twelve selected: three scored (25 %) is enough, two is not.
    std::vector<std::optional<double>> twelve(12, std::nullopt);
    twelve[0] = twelve[5] = 0.1;
    CHECK_FALSE(judge_video(at_25fps(twelve), 0.5).conclusive);
    twelve[9] = 0.1;
    CHECK(judge_video(at_25fps(twelve), 0.5).conclusive);

    // Damaged frames are counted apart from frames that were not applicable.
    auto f = at_25fps({0.1, std::nullopt, std::nullopt, 0.2});
    f[2].damaged = true;
    auto counted = judge_video(f, 0.5);
    CHECK(counted.damaged == 1);
    CHECK(counted.not_applicable == 1);
    CHECK(counted.scored == 2);
}

TEST_CASE("verdict figures and one manipulated segment per sustained run", "[verdict]") {
    // 100 frames; 30..59 high, with a one-frame dip at 40 and a milder stretch at 45-46 (still
    // above the threshold less the hysteresis); a lone spike at 80.
    auto p = with_run(100, 30, 59);
    p[40] = 0.1;
    p[45] = p[46] = 0.55;
    p[80] = 0.99;
    auto v = judge_video(at_25fps(p), 0.5);
    CHECK(v.scored == 100);
    CHECK(v.flagged == 30 - 1 + 1);  // 29 of the run (not the dip), and the spike
    CHECK(v.share_flagged == Approx(0.30));
    CHECK(v.max == Approx(0.99));
    REQUIRE(v.segments.size() == 1);
    CHECK(v.segments[0].first_frame == 30);
    CHECK(v.segments[0].last_frame == 59);
    CHECK(v.segments[0].start_seconds == Approx(1.2));
    CHECK(v.segments[0].end_seconds == Approx(2.36));
    CHECK(v.segments[0].peak == Approx(0.95));
    // The whole-clip score stays below the threshold, yet the segment is a finding.
    CHECK_FALSE(v.clip_flagged);
    CHECK(v.fake);
    CHECK(std::string(v.label()) == "fake");
}

TEST_CASE("segments: short gaps are bridged, long ones are not, brief runs are dropped",
          "[verdict]") {
    // 10..29 and 45..64 high: 0.64 s apart (under the 1 s bridge): one segment.
    auto p = with_run(120, 10, 29);
    for (std::size_t i = 45; i <= 64; ++i) p[i] = 0.95;
    auto bridged = judge_video(at_25fps(p), 0.5);
    REQUIRE(bridged.segments.size() == 1);
    CHECK(bridged.segments[0].first_frame == 10);
    CHECK(bridged.segments[0].last_frame == 64);
    // 10..29 and 85..104: 2.24 s apart: two segments.
    p = with_run(120, 10, 29);
    for (std::size_t i = 85; i <= 104; ++i) p[i] = 0.95;
    CHECK(judge_video(at_25fps(p), 0.5).segments.size() == 2);
    // Five high frames (0.16 s) make no segment, nor a finding.
    auto brief = judge_video(at_25fps(with_run(120, 10, 14)), 0.5);
    CHECK(brief.segments.empty());
    CHECK_FALSE(brief.fake);
    CHECK(std::string(brief.label()) == "real");
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
