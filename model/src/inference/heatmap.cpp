#include "interceptor/model/inference/heatmap.h"

#include <opencv2/imgproc.hpp>

namespace interceptor {

cv::Mat luminance_heatmap(const FrameScore& score) {
    const int s = score.heatmap_size;
    if (s <= 0 || score.luminance.size() != static_cast<std::size_t>(3 * s * s)) return {};
    cv::Mat sum = cv::Mat::zeros(s, s, CV_32F);
    for (int branch = 0; branch < 3; ++branch)
        sum += cv::Mat(s, s, CV_32F, const_cast<float*>(score.luminance.data() + branch * s * s));
    double lo = 0, hi = 0;
    cv::minMaxLoc(sum, &lo, &hi);
    cv::Mat normalised;
    sum.convertTo(normalised, CV_32F, hi > lo ? 1.0 / (hi - lo) : 0.0,
                  hi > lo ? -lo / (hi - lo) : 0.0);
    return normalised;
}

cv::Mat coloured_map(const cv::Mat& map, MapColours colours) {
    if (map.empty()) return {};
    cv::Mat bytes, bgr;
    map.convertTo(bytes, CV_8U, 255.0);
    cv::applyColorMap(
        bytes, bgr,
        colours == MapColours::Attribution ? cv::COLORMAP_VIRIDIS : cv::COLORMAP_INFERNO);
    return bgr;
}

cv::Mat overlay_heatmap(const cv::Mat& bgr_frame, const cv::Mat& heatmap, double opacity,
                        MapColours colours) {
    if (heatmap.empty()) return bgr_frame.clone();
    cv::Mat scaled, out;
    cv::resize(heatmap, scaled, bgr_frame.size(), 0, 0, cv::INTER_LINEAR);
    cv::addWeighted(coloured_map(scaled, colours), opacity, bgr_frame, 1.0 - opacity, 0.0, out);
    return out;
}

}  // namespace interceptor
