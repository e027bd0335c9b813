#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <filesystem>

#include "core/analysis/face_detector.h"

namespace interceptor {
namespace {

constexpr const char* kDebianCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

class HaarFaceDetector : public FaceDetector {
  public:
    explicit HaarFaceDetector(std::string file) : file_(std::move(file)) {}
    bool load() { return classifier_.load(file_); }

    std::vector<cv::Rect> detect(const cv::Mat& bgr) override {
        // Detect on a copy at most 640 px wide: faces that matter are larger
        // than the cascade's 24 px window there, and it keeps the cost bounded.
        const double scale = bgr.cols > 640 ? 640.0 / bgr.cols : 1.0;
        cv::Mat gray, small;
        cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
        if (scale < 1.0)
            cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
        else
            small = gray;
        cv::equalizeHist(small, small);
        std::vector<cv::Rect> found;
        const int min_side = std::max(24, std::min(small.cols, small.rows) / 12);
        classifier_.detectMultiScale(small, found, 1.1, 5, 0, cv::Size(min_side, min_side));
        for (auto& r : found)
            r = cv::Rect(cvRound(r.x / scale), cvRound(r.y / scale), cvRound(r.width / scale),
                         cvRound(r.height / scale)) &
                cv::Rect(0, 0, bgr.cols, bgr.rows);
        std::sort(found.begin(), found.end(),
                  [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
        return found;
    }

    std::string name() const override {
        return "OpenCV Haar cascade (" + std::filesystem::path(file_).filename().string() + ")";
    }

  private:
    std::string file_;
    cv::CascadeClassifier classifier_;
};

}  // namespace

Result<std::unique_ptr<FaceDetector>> make_haar_face_detector(const std::string& cascade) {
    std::string file = cascade.empty() ? kDebianCascade : cascade;
    if (!std::filesystem::exists(file))
        return Error{file + ": face detector model not found (install Debian's opencv-data)"};
    auto detector = std::make_unique<HaarFaceDetector>(file);
    if (!detector->load()) return Error{file + ": not a Haar cascade OpenCV can load"};
    return std::unique_ptr<FaceDetector>(std::move(detector));
}

}  // namespace interceptor
