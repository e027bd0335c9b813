#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <filesystem>

#include "core/analysis/face_detector.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

constexpr const char* kDebianCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

class HaarFaceDetector : public FaceDetector {
  public:
    HaarFaceDetector(FaceDetectorSettings settings, std::string sha256)
        : FaceDetector(std::move(settings), std::move(sha256)) {}
    bool load() { return classifier_.load(settings().model_file); }
    bool has_landmarks() const override { return false; }

    std::vector<Face> detect(const cv::Mat& bgr) override {
        if (bgr.empty()) return {};
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
        std::vector<Face> faces;
        for (const auto& r : found) {
            Face f;
            f.box = cv::Rect2f(static_cast<float>(r.x / scale), static_cast<float>(r.y / scale),
                               static_cast<float>(r.width / scale),
                               static_cast<float>(r.height / scale)) &
                    cv::Rect2f(0, 0, static_cast<float>(bgr.cols), static_cast<float>(bgr.rows));
            faces.push_back(f);
        }
        return keep_large(std::move(faces), bgr.size());
    }

  private:
    cv::CascadeClassifier classifier_;
};

}  // namespace

Result<std::unique_ptr<FaceDetector>> make_haar_face_detector(const FaceDetectorSettings& asked) {
    FaceDetectorSettings settings = asked;
    settings.kind = FaceDetectorKind::Haar;
    if (settings.model_file.empty()) settings.model_file = kDebianCascade;
    const std::string& file = settings.model_file;
    if (!std::filesystem::exists(file))
        return Error{file + ": face detector model not found (install Debian's opencv-data)"};
    auto digest = digest_file(file);
    if (!digest) return Error{digest.error()};
    auto detector = std::make_unique<HaarFaceDetector>(settings, digest->sha256);
    if (!detector->load()) return Error{file + ": not a Haar cascade OpenCV can load"};
    return std::unique_ptr<FaceDetector>(std::move(detector));
}

}  // namespace interceptor
