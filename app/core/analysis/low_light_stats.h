#pragma once
// Brightness and noise of a frame, computed from its pixels (not from the
// model), so a reader can see how dark and how noisy each scored frame was.
// Stateless and thread-safe.
#include <opencv2/core/mat.hpp>

namespace interceptor {

struct LowLightStats {
    double mean_luma = 0;  // BT.601 luma, 0..255
    double p5_luma = 0, p50_luma = 0, p95_luma = 0;
    double noise_sigma = 0;  // estimated Gaussian noise, luma levels (Immerkaer 1996)
    bool low_light = false;  // mean_luma < kLowLightMeanLuma
};

// A frame counts as low light when its mean luma is below 60 of 255 (about
// 24 % of full scale): dim indoor or night footage, where the seed's guide
// says its low-light module matters and where detectors are least reliable.
constexpr double kLowLightMeanLuma = 60.0;

LowLightStats measure_low_light(const cv::Mat& bgr);

}  // namespace interceptor
