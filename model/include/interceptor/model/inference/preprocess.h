#pragma once
// Turning decoded frames into network input. The "whole frame" profile is
// the seed project's: resize the full frame to the input size (bilinear, as
// cv2.resize does by default; aspect ratio not kept), BGR to RGB, scale to
// [0, 1], normalise with the ImageNet mean and standard deviation.
// Stateless and thread-safe.
#include <opencv2/core/mat.hpp>

#include <vector>

#include "interceptor/model/inference/detector.h"
#include "interceptor/model/inference/profile.h"

namespace interceptor {

// Appends one 8-bit BGR image to the batch, resized to batch.size.
void append_whole_frame(const cv::Mat& bgr, FrameBatch& batch);

}  // namespace interceptor
