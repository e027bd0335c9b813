// One picture through H.264 and back (still_codec.h): same size and type, close to the original
// at a good rate factor and further from it at a poor one; odd sizes work.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include "core/media/still_codec.h"

using namespace interceptor;

TEST_CASE("a picture goes through H.264 and back, losing more at a higher rate factor",
          "[training][codec]") {
    for (const cv::Size size : {cv::Size(160, 160), cv::Size(63, 47)}) {
        INFO(size);
        cv::Mat picture(size, CV_8UC3);
        cv::RNG(7).fill(picture, cv::RNG::UNIFORM, 0, 255);
        cv::GaussianBlur(picture, picture, cv::Size(0, 0), 1.5);
        auto good = h264_round_trip(picture, 18), poor = h264_round_trip(picture, 45);
        INFO(good.error() << poor.error());
        REQUIRE(good.ok());
        REQUIRE(poor.ok());
        REQUIRE(good->size() == size);
        REQUIRE(good->type() == CV_8UC3);
        const double good_psnr = cv::PSNR(picture, *good), poor_psnr = cv::PSNR(picture, *poor);
        INFO("PSNR " << good_psnr << " dB at CRF 18, " << poor_psnr << " dB at CRF 45");
        CHECK(good_psnr > 30);
        CHECK(good_psnr < 99);  // it was compressed, not passed through
        CHECK(poor_psnr < good_psnr - 3);
    }
}
