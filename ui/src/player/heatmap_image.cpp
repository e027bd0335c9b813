#include "player/heatmap_image.h"

#include <opencv2/imgproc.hpp>

namespace interceptor {
namespace {

QImage coloured(const cv::Mat& bytes) {
    cv::Mat bgr;
    cv::applyColorMap(bytes, bgr, cv::COLORMAP_INFERNO);
    return QImage(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step),
                  QImage::Format_BGR888)
        .convertToFormat(QImage::Format_RGB888);
}

}  // namespace

QImage heatmap_image(const cv::Mat& heatmap) {
    if (heatmap.empty()) return {};
    cv::Mat bytes;
    heatmap.convertTo(bytes, CV_8U, 255.0);
    return coloured(bytes);
}

QImage heatmap_scale(int width) {
    cv::Mat ramp(1, std::max(2, width), CV_8U);
    for (int x = 0; x < ramp.cols; ++x)
        ramp.at<unsigned char>(0, x) = static_cast<unsigned char>(255 * x / (ramp.cols - 1));
    return coloured(ramp);
}

}  // namespace interceptor
