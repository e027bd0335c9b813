#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect/face.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/analysis/face_detector.h"
#include "core/analysis/face_tracker.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

// Faces found in `image`, in its pixels: x, y, w, h, five landmarks as x, y pairs, score per row
// (OpenCV's documented layout).
std::vector<Face> faces_in(cv::FaceDetectorYN& net, const cv::Mat& image, double scale) {
    cv::Mat rows;
    net.detect(image, rows);
    std::vector<Face> faces;
    for (int i = 0; i < rows.rows; ++i) {
        const float* v = rows.ptr<float>(i);
        Face f;
        f.box = cv::Rect2f(static_cast<float>(v[0] / scale), static_cast<float>(v[1] / scale),
                           static_cast<float>(v[2] / scale), static_cast<float>(v[3] / scale));
        for (int k = 0; k < kFaceLandmarks; ++k)
            f.landmarks.emplace_back(static_cast<float>(v[4 + 2 * k] / scale),
                                     static_cast<float>(v[5 + 2 * k] / scale));
        f.score = v[14];
        faces.push_back(std::move(f));
    }
    return faces;
}

class YunetFaceDetector : public FaceDetector {
  public:
    YunetFaceDetector(FaceDetectorSettings settings, std::string sha256,
                      cv::Ptr<cv::FaceDetectorYN> net, cv::Ptr<cv::FaceDetectorYN> look)
        : FaceDetector(std::move(settings), std::move(sha256)),
          net_(std::move(net)),
          look_(std::move(look)) {}

    bool has_landmarks() const override { return true; }

    std::vector<Face> detect(const cv::Mat& bgr) override {
        if (bgr.empty()) return {};
        // YuNet runs on a copy whose longer side is at most detect_size: faces that matter stay
        // well above its smallest anchor (10 px) and the cost stays bounded on 4K frames.
        const int longer = std::max(bgr.cols, bgr.rows);
        const double scale = longer > settings().detect_size
                                 ? static_cast<double>(settings().detect_size) / longer
                                 : 1.0;
        cv::Mat small;
        if (scale < 1.0)
            cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
        else
            small = bgr;
        if (small.size() != input_size_) {
            net_->setInputSize(small.size());
            input_size_ = small.size();
        }
        std::vector<Face> candidates;
        const cv::Rect2f frame(0, 0, static_cast<float>(bgr.cols), static_cast<float>(bgr.rows));
        for (auto& f : faces_in(*net_, small, scale)) {
            f.box &= frame;
            if (f.box.width > 0 && f.box.height > 0) candidates.push_back(std::move(f));
        }
        std::vector<Face> faces;
        for (auto& f : keep_large(std::move(candidates), bgr.size()))
            if (confirmed(bgr, f)) faces.push_back(std::move(f));
        return faces;
    }

  private:
    // YuNet alone takes some textures for faces with high confidence (ffmpeg's mandelbrot,
    // cellauto, life and gradients patterns at 0.86-0.98, measured), never at a second look: the
    // candidate cut out with its surroundings and scaled to kSecondLookSize must show a face again,
    // at the same place (IoU above 0.5) and with the same least score. Every real face of the test
    // clips but 8 of 155 frames of one passed it (README).
    bool confirmed(const cv::Mat& bgr, const Face& f) {
        const float margin = 0.5f * std::max(f.box.width, f.box.height);
        const cv::Rect around =
            cv::Rect(cv::Rect2f(f.box.x - margin, f.box.y - margin, f.box.width + 2 * margin,
                                f.box.height + 2 * margin)) &
            cv::Rect(0, 0, bgr.cols, bgr.rows);
        if (around.empty()) return false;
        const double scale =
            static_cast<double>(kSecondLookSize) / std::max(around.width, around.height);
        cv::Mat part, square;
        cv::resize(bgr(around), part, cv::Size(), scale, scale,
                   scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        cv::copyMakeBorder(part, square, 0, kSecondLookSize - part.rows, 0,
                           kSecondLookSize - part.cols, cv::BORDER_CONSTANT);
        for (const auto& g : faces_in(*look_, square, scale)) {
            const cv::Rect2f back(g.box.x + around.x, g.box.y + around.y, g.box.width,
                                  g.box.height);
            if (box_iou(back, f.box) > 0.5) return true;
        }
        return false;
    }

    cv::Ptr<cv::FaceDetectorYN> net_, look_;
    cv::Size input_size_;
};

}  // namespace

Result<std::unique_ptr<FaceDetector>> make_yunet_face_detector(const FaceDetectorSettings& asked) {
    FaceDetectorSettings settings = asked;
    if (settings.model_file.empty()) settings.model_file = shipped_yunet_model();
    if (settings.model_file.empty())
        return Error{
            "the YuNet face detector model is not installed (expected in "
            "share/interceptor/models beside the binaries)"};
    if (!std::filesystem::exists(settings.model_file))
        return Error{settings.model_file + ": face detector model not found"};
    auto digest = digest_file(settings.model_file);
    if (!digest) return Error{digest.error()};
    cv::Ptr<cv::FaceDetectorYN> net, look;
    try {
        for (auto* made : {&net, &look})
            *made = cv::FaceDetectorYN::create(settings.model_file, "",
                                               cv::Size(kSecondLookSize, kSecondLookSize),
                                               static_cast<float>(settings.score_threshold),
                                               static_cast<float>(settings.nms_threshold), 5000);
    } catch (const cv::Exception& e) {
        return Error{settings.model_file + ": not a YuNet model OpenCV can load (" + e.msg + ")"};
    }
    if (!net || !look) return Error{settings.model_file + ": not a YuNet model OpenCV can load"};
    return std::unique_ptr<FaceDetector>(new YunetFaceDetector(std::move(settings), digest->sha256,
                                                               std::move(net), std::move(look)));
}

}  // namespace interceptor
