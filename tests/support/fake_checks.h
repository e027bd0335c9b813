#pragma once
// What every generated fake must be (fake_generators.h): repeatable with its seed, the target's
// size, untouched wherever its mask is 0, and changed where the mask is strong.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

#include "core/training/fake_generators.h"

namespace interceptor::test {

// min_change: the least mean grey-level difference inside the mask's core (mask >= 0.2).
inline void check_fake_changes_only_its_mask(FakeKind kind, const cv::Mat& target,
                                             const cv::Mat& donor,
                                             const std::vector<cv::Point2f>& target_landmarks,
                                             const std::vector<cv::Point2f>& donor_landmarks,
                                             unsigned seed, double min_change) {
    std::mt19937 a(seed), b(seed);
    const auto fake = generate_fake(kind, target, donor, target_landmarks, donor_landmarks, a);
    REQUIRE(fake.image.size() == target.size());
    REQUIRE(fake.image.type() == CV_8UC3);
    const auto again = generate_fake(kind, target, donor, target_landmarks, donor_landmarks, b);
    CHECK(cv::norm(fake.image, again.image, cv::NORM_INF) == 0);
    cv::Mat diff, outside, core;
    cv::absdiff(fake.image, target, diff);
    cv::cvtColor(diff, diff, cv::COLOR_BGR2GRAY);
    cv::compare(fake.mask, 0, outside, cv::CMP_LE);
    CHECK(cv::countNonZero(outside) > 0);
    CHECK(cv::norm(diff, cv::NORM_INF, outside) == 0);  // untouched outside the mask
    cv::compare(fake.mask, 0.2, core, cv::CMP_GE);
    REQUIRE(cv::countNonZero(core) > 0);
    CHECK(cv::mean(diff, core)[0] > min_change);  // and changed within it
}

}  // namespace interceptor::test
