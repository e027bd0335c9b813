#include "player/heatmap_image.h"

namespace interceptor {
namespace {

QImage to_qimage(const cv::Mat& bgr) {
    return QImage(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step),
                  QImage::Format_BGR888)
        .convertToFormat(QImage::Format_RGB888);
}

}  // namespace

QImage heatmap_image(const cv::Mat& heatmap, MapColours colours) {
    if (heatmap.empty()) return {};
    return to_qimage(coloured_map(heatmap, colours));
}

QImage heatmap_scale(int width, MapColours colours) {
    cv::Mat ramp(1, std::max(2, width), CV_32F);
    for (int x = 0; x < ramp.cols; ++x)
        ramp.at<float>(0, x) = static_cast<float>(x) / (ramp.cols - 1);
    return to_qimage(coloured_map(ramp, colours));
}

}  // namespace interceptor
