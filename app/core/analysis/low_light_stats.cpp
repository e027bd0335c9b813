#include "core/analysis/low_light_stats.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace interceptor {
namespace {

double percentile(const std::array<double, 256>& histogram, double total, double fraction) {
    double seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[v];
        if (seen >= fraction * total) return v;
    }
    return 255;
}

}  // namespace

LowLightStats measure_low_light(const cv::Mat& bgr) {
    LowLightStats s;
    if (bgr.empty()) return s;
    cv::Mat luma;
    cv::cvtColor(bgr, luma, cv::COLOR_BGR2GRAY);  // 0.299 R + 0.587 G + 0.114 B
    std::array<double, 256> histogram{};
    for (int y = 0; y < luma.rows; ++y) {
        const auto* row = luma.ptr<std::uint8_t>(y);
        for (int x = 0; x < luma.cols; ++x) histogram[row[x]] += 1;
    }
    const double total = static_cast<double>(luma.total());
    s.mean_luma = cv::mean(luma)[0];
    s.p5_luma = percentile(histogram, total, 0.05);
    s.p50_luma = percentile(histogram, total, 0.50);
    s.p95_luma = percentile(histogram, total, 0.95);
    if (luma.rows > 2 && luma.cols > 2) {
        // Immerkaer's fast noise estimate: a Laplacian difference kernel that
        // cancels image structure to second order, then the mean absolute response.
        const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
        cv::Mat response;
        cv::filter2D(luma, response, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
        const cv::Rect inner(1, 1, luma.cols - 2, luma.rows - 2);
        const double sum = cv::sum(cv::abs(response(inner)))[0];
        s.noise_sigma = sum * std::sqrt(M_PI / 2.0) / (6.0 * inner.area());
    }
    s.low_light = s.mean_luma < kLowLightMeanLuma;
    return s;
}

}  // namespace interceptor
