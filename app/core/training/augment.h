#pragma once
// Training augmentation of one 8-bit BGR sample, the same for real and fake
// so it teaches nothing about the label: horizontal flip, small rotation and
// shift, colour jitter, a loss of resolution (down to 35-90 % and back) and
// blur, H.264 compression (still_codec.h, CRF 20-40), JPEG recompression at quality 40-100,
// and low light
// (gamma and brightness reduction with sensor-like noise, since low light is
// this model's specialty). Deterministic in the generator; thread-safe for
// separate generators.
#include <opencv2/core/mat.hpp>

#include <random>

namespace interceptor {

struct AugmentOptions {
    double flip = 0.5, geometry = 0.5, colour = 0.5, jpeg = 0.5, low_light = 0.3;  // probabilities
    double rescale = 0, blur = 0, video_codec = 0;  // off unless asked (--degrade)
};

cv::Mat augment(const cv::Mat& bgr, std::mt19937& random, const AugmentOptions& options = {});

// The low-light transform alone: darker by `brightness` (0..1), gamma > 1, noise of `noise` levels.
cv::Mat darken(const cv::Mat& bgr, double brightness, double gamma, double noise,
               std::mt19937& random);

}  // namespace interceptor
