#include "interceptor/model/inference/preprocess.h"

#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace interceptor {

void append_whole_frame(const cv::Mat& bgr, FrameBatch& batch) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw std::invalid_argument("expected an 8-bit BGR image");
    static const float kMean[3] = {0.485f, 0.456f, 0.406f};
    static const float kStd[3] = {0.229f, 0.224f, 0.225f};
    cv::Mat resized;
    cv::resize(bgr, resized, cv::Size(batch.size, batch.size), 0, 0, cv::INTER_LINEAR);
    const std::size_t plane = static_cast<std::size_t>(batch.size) * batch.size;
    const std::size_t start = batch.pixels.size();
    batch.pixels.resize(start + 3 * plane);
    float* out = batch.pixels.data() + start;
    for (int y = 0; y < batch.size; ++y) {
        const auto* row = resized.ptr<cv::Vec3b>(y);
        for (int x = 0; x < batch.size; ++x) {
            const std::size_t at = static_cast<std::size_t>(y) * batch.size + x;
            for (int c = 0; c < 3; ++c)  // output channel c is RGB; input is BGR
                out[c * plane + at] = (row[x][2 - c] / 255.0f - kMean[c]) / kStd[c];
        }
    }
    ++batch.count;
}

}  // namespace interceptor
