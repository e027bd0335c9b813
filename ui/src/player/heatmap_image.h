#pragma once
// The luminance heatmap as a colour image (the inferno scale used in the
// report too), and that scale as a horizontal ramp for legends. Thread-safe.
#include <QImage>

#include <opencv2/core/mat.hpp>

namespace interceptor {

// S x S CV_32F in [0, 1] -> S x S RGB (null when empty)
QImage heatmap_image(const cv::Mat& heatmap);
QImage heatmap_scale(int width);  // width x 1, low to high

}  // namespace interceptor
