#pragma once
// Self-blended fakes (Shiohara and Yamasaki, CVPR 2022): a fake made from one
// real face crop alone. A copy of the crop is altered (colour shift,
// brightness and contrast, a frequency change by downscaling or sharpening)
// and warped slightly; an elliptical face mask is deformed, blurred and
// scaled by a random ratio; the copy is blended into the original through
// it. The seams and colour mismatch it leaves are what face swaps leave, so
// a detector can learn them from genuine footage only. Deterministic in the
// random generator given; thread-safe for separate generators.
#include <opencv2/core/mat.hpp>

#include <random>

namespace interceptor {

// crop: 8-bit BGR, square, the face centred with the analysis margin (the
// face box spans the middle two thirds). Returns a crop of the same size.
cv::Mat self_blend(const cv::Mat& crop, std::mt19937& random);

// The blending mask self_blend would draw for this size (values 0..1, CV_32F), for tests and
// figures.
cv::Mat self_blend_mask(int size, std::mt19937& random);

}  // namespace interceptor
