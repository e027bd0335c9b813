#pragma once
// Self-blended fakes (Shiohara and Yamasaki, CVPR 2022): a fake made from one
// real face crop alone. A copy of the crop is altered (colour shift,
// brightness and contrast, a frequency change by downscaling or sharpening)
// and warped slightly; a face mask is deformed, blurred and scaled by a
// random ratio; the copy is blended into the original through it. The seams
// and colour mismatch it leaves are what face swaps leave, so a detector can
// learn them from genuine footage only. The pieces are shared with the other
// generators (fake_generators.h). Deterministic in the random generator
// given; thread-safe for separate generators.
#include <opencv2/core/mat.hpp>

#include <random>

namespace interceptor {

// crop: 8-bit BGR, square, the face centred with the analysis margin (the
// face box spans the middle two thirds). Returns a crop of the same size, blended through
// self_blend_mask.
cv::Mat self_blend(const cv::Mat& crop, std::mt19937& random);

// The elliptical blending mask self_blend draws for this size (values 0..1, CV_32F).
cv::Mat self_blend_mask(int size, std::mt19937& random);

// The altered, slightly warped copy of the crop that self-blending pastes back.
cv::Mat altered_copy(const cv::Mat& crop, std::mt19937& random);

// A hard 0/1 mask (CV_32F) made irregular: elastically deformed, blurred by 2-8 % of its
// size, and scaled by a blending ratio of 0.25 to 1. Outside the blur margin it stays 0.
cv::Mat soften_mask(const cv::Mat& hard, std::mt19937& random);

// source through mask over target (8-bit BGR of one size; mask CV_32F 0..1): exactly the target
// wherever the mask is 0.
cv::Mat blend_through(const cv::Mat& source, const cv::Mat& target, const cv::Mat& mask);

}  // namespace interceptor
