#include "core/training/augment.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "core/media/still_codec.h"

namespace interceptor {
namespace {

double uniform(std::mt19937& r, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(r);
}
bool chance(std::mt19937& r, double p) { return uniform(r, 0, 1) < p; }

}  // namespace

cv::Mat darken(const cv::Mat& bgr, double brightness, double gamma, double noise, std::mt19937& r) {
    cv::Mat f;
    bgr.convertTo(f, CV_32FC3, 1.0 / 255);
    cv::pow(f, gamma, f);
    f *= brightness;
    // Sensor-like noise: a signal-dependent (shot) part and a constant (read) part.
    cv::Mat shot(f.size(), CV_32FC3), read(f.size(), CV_32FC3);
    cv::RNG rng(r());
    rng.fill(shot, cv::RNG::NORMAL, 0, 1);
    rng.fill(read, cv::RNG::NORMAL, 0, noise / 255.0);
    cv::Mat sigma;
    cv::sqrt(f * (noise / 255.0), sigma);
    f += shot.mul(sigma) + read;
    cv::Mat out;
    f.convertTo(out, CV_8UC3, 255.0);
    return out;
}

cv::Mat augment(const cv::Mat& bgr, std::mt19937& r, const AugmentOptions& o) {
    cv::Mat img = bgr.clone();
    if (chance(r, o.flip)) cv::flip(img, img, 1);
    if (chance(r, o.geometry)) {
        const cv::Point2f centre(img.cols / 2.0f, img.rows / 2.0f);
        cv::Mat m = cv::getRotationMatrix2D(centre, uniform(r, -8, 8), uniform(r, 0.95, 1.05));
        m.at<double>(0, 2) += uniform(r, -0.05, 0.05) * img.cols;
        m.at<double>(1, 2) += uniform(r, -0.05, 0.05) * img.rows;
        cv::warpAffine(img, img, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    }
    if (chance(r, o.colour)) {
        cv::Mat hsv;
        cv::cvtColor(img, hsv, cv::COLOR_BGR2HSV);
        std::vector<cv::Mat> ch;
        cv::split(hsv, ch);
        ch[1].convertTo(ch[1], CV_8U, uniform(r, 0.8, 1.2));
        cv::merge(ch, hsv);
        cv::cvtColor(hsv, img, cv::COLOR_HSV2BGR);
        img.convertTo(img, CV_8UC3, uniform(r, 0.85, 1.15), uniform(r, -20, 20));
    }
    if (o.rescale > 0 && chance(r, o.rescale)) {  // no draw when off: older runs repeat
        const double s = uniform(r, 0.35, 0.9);
        cv::Mat small;
        cv::resize(img, small, cv::Size(), s, s, cv::INTER_AREA);
        cv::resize(small, img, bgr.size(), 0, 0, cv::INTER_LINEAR);
    }
    if (o.blur > 0 && chance(r, o.blur))
        cv::GaussianBlur(img, img, cv::Size(0, 0), uniform(r, 0.5, 1.5));
    if (chance(r, o.low_light))
        img = darken(img, uniform(r, 0.3, 0.7), uniform(r, 1.3, 2.5), uniform(r, 1, 6), r);
    if (o.video_codec > 0 && chance(r, o.video_codec)) {
        // FrameSamples::build checked that the codec works; a failure here keeps the picture.
        if (auto compressed = h264_round_trip(img, static_cast<int>(uniform(r, 20, 40))))
            img = *compressed;
    }
    if (chance(r, o.jpeg)) {
        std::vector<unsigned char> bytes;
        cv::imencode(".jpg", img, bytes,
                     {cv::IMWRITE_JPEG_QUALITY, static_cast<int>(uniform(r, 40, 100))});
        img = cv::imdecode(bytes, cv::IMREAD_COLOR);
    }
    return img;
}

}  // namespace interceptor
