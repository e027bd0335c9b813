#pragma once
// A map over a picture (the luminance heatmap, the attribution map) as a colour image on its
// scale (heatmap.h, the report's too), and that scale as a horizontal ramp for legends.
// Thread-safe.
#include <QImage>

#include <opencv2/core/mat.hpp>

#include "interceptor/model/inference/heatmap.h"

namespace interceptor {

// S x S CV_32F in [0, 1] -> S x S RGB (null when empty)
QImage heatmap_image(const cv::Mat& heatmap, MapColours colours = MapColours::Luminance);
QImage heatmap_scale(int width,
                     MapColours colours = MapColours::Luminance);  // width x 1, low to high

}  // namespace interceptor
