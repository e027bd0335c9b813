#include "core/training/self_blend.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace interceptor {
namespace {

double uniform(std::mt19937& r, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(r);
}

// Colour and frequency changes to the source copy.
cv::Mat altered(const cv::Mat& crop, std::mt19937& r) {
    cv::Mat f;
    crop.convertTo(f, CV_32FC3);
    const cv::Scalar shift(uniform(r, -20, 20), uniform(r, -20, 20), uniform(r, -20, 20));
    const double contrast = uniform(r, 0.85, 1.15), brightness = uniform(r, -15, 15);
    f = (f - cv::Scalar::all(128)) * contrast + cv::Scalar::all(128 + brightness) + shift;
    if (r() % 2) {  // lose detail: down and up again
        const double s = uniform(r, 0.4, 0.8);
        cv::Mat small;
        cv::resize(f, small, cv::Size(), s, s, cv::INTER_LINEAR);
        cv::resize(small, f, crop.size(), 0, 0, cv::INTER_LINEAR);
    } else {  // sharpen
        cv::Mat blurred;
        cv::GaussianBlur(f, blurred, cv::Size(0, 0), 1.0);
        const double amount = uniform(r, 0.3, 1.0);
        f = f * (1 + amount) - blurred * amount;
    }
    cv::Mat out;
    f.convertTo(out, CV_8UC3);
    return out;
}

cv::Mat warped(const cv::Mat& image, std::mt19937& r) {
    const double size = image.cols;
    const double scale = uniform(r, 0.95, 1.05);
    cv::Mat m = cv::getRotationMatrix2D(
        cv::Point2f(static_cast<float>(size / 2), static_cast<float>(size / 2)), 0, scale);
    m.at<double>(0, 2) += uniform(r, -0.03, 0.03) * size;
    m.at<double>(1, 2) += uniform(r, -0.03, 0.03) * size;
    cv::Mat out;
    cv::warpAffine(image, out, m, image.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    return out;
}

}  // namespace

cv::Mat soften_mask(const cv::Mat& hard, std::mt19937& r) {
    const int size = hard.cols;
    // Elastic deformation: a smooth random displacement field.
    cv::Mat dx(hard.size(), CV_32F), dy(hard.size(), CV_32F);
    cv::RNG rng(r());
    rng.fill(dx, cv::RNG::UNIFORM, -1, 1);
    rng.fill(dy, cv::RNG::UNIFORM, -1, 1);
    const double smooth = size / 12.0, strength = size / 14.0;
    cv::GaussianBlur(dx, dx, cv::Size(0, 0), smooth);
    cv::GaussianBlur(dy, dy, cv::Size(0, 0), smooth);
    double lo = 0, hi = 0;
    cv::minMaxLoc(cv::abs(dx) + cv::abs(dy), &lo, &hi);
    const double gain = hi > 0 ? strength / hi : 0;
    cv::Mat map_x(hard.size(), CV_32F), map_y(hard.size(), CV_32F);
    for (int y = 0; y < hard.rows; ++y)
        for (int x = 0; x < hard.cols; ++x) {
            map_x.at<float>(y, x) = static_cast<float>(x + gain * dx.at<float>(y, x));
            map_y.at<float>(y, x) = static_cast<float>(y + gain * dy.at<float>(y, x));
        }
    cv::Mat mask;
    cv::remap(hard, mask, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    const int kernel = 2 * static_cast<int>(uniform(r, 0.02, 0.08) * size) + 1;
    cv::GaussianBlur(mask, mask, cv::Size(kernel, kernel), 0);
    static const double ratios[] = {0.25, 0.5, 0.75, 1.0, 1.0, 1.0};
    return mask * ratios[r() % 6];
}

cv::Mat self_blend_mask(int size, std::mt19937& r) {
    cv::Mat mask = cv::Mat::zeros(size, size, CV_32F);
    // The face box spans the middle two thirds of the crop; the mask covers its inner face.
    const cv::Point centre(size / 2 + static_cast<int>(uniform(r, -0.03, 0.03) * size),
                           size / 2 + static_cast<int>(uniform(r, 0.0, 0.05) * size));
    const cv::Size axes(static_cast<int>(uniform(r, 0.22, 0.3) * size),
                        static_cast<int>(uniform(r, 0.28, 0.36) * size));
    cv::ellipse(mask, centre, axes, uniform(r, -10, 10), 0, 360, cv::Scalar(1), cv::FILLED);
    return soften_mask(mask, r);
}

cv::Mat altered_copy(const cv::Mat& crop, std::mt19937& r) { return warped(altered(crop, r), r); }

cv::Mat blend_through(const cv::Mat& source, const cv::Mat& target, const cv::Mat& mask) {
    cv::Mat mask3, src, dst;
    cv::merge(std::vector<cv::Mat>{mask, mask, mask}, mask3);
    source.convertTo(src, CV_32FC3);
    target.convertTo(dst, CV_32FC3);
    cv::Mat blended = src.mul(mask3) + dst.mul(cv::Scalar::all(1) - mask3);
    cv::Mat out;
    blended.convertTo(out, CV_8UC3);
    return out;
}

cv::Mat self_blend(const cv::Mat& crop, std::mt19937& r) {
    const cv::Mat source = altered_copy(crop, r);
    return blend_through(source, crop, self_blend_mask(crop.cols, r));
}

}  // namespace interceptor
