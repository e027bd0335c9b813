#pragma once
// Draws what the low-light module saw: the mean activation of its three
// luminance branches, normalised to [0, 1] over the frame, as a colour map
// blended over the frame; and any such map (the attribution map too) on its colour scale.
// Stateless and thread-safe.
#include <opencv2/core/mat.hpp>

#include "interceptor/model/inference/detector.h"

namespace interceptor {

// The S x S luminance map of a score (average of the three branches), in [0, 1].
cv::Mat luminance_heatmap(const FrameScore& score);

// The colour scales of the maps drawn over pictures: inferno for the luminance heatmap,
// viridis for the attribution map (attribution.h), so that the two are never taken for each other.
enum class MapColours { Luminance, Attribution };

// A map in [0, 1] (CV_32F) as 8-bit BGR colours on its scale.
cv::Mat coloured_map(const cv::Mat& map, MapColours colours = MapColours::Luminance);

// The heatmap resized to the frame and blended over it (8-bit BGR), with the
// given opacity (0: frame only, 1: heatmap only).
cv::Mat overlay_heatmap(const cv::Mat& bgr_frame, const cv::Mat& heatmap, double opacity,
                        MapColours colours = MapColours::Luminance);

}  // namespace interceptor
