#pragma once
// Finds every face in a frame. The default is YuNet (a small CNN, run by
// OpenCV's FaceDetectorYN from the ONNX file Interceptor ships), which gives
// a box, five landmarks and a score per face; OpenCV's Haar cascade stays as
// a named alternative (boxes only, no landmarks, no aligned crops). The
// detector, its file's hash and its thresholds are recorded with every
// analysis. Detectors are not thread-safe: one per thread.
#include <opencv2/core/types.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "interceptor/model/result.h"

namespace cv {
class Mat;
}

namespace interceptor {

enum class FaceDetectorKind { Yunet, Haar };
const char* face_detector_name(FaceDetectorKind kind);  // "yunet", "haar"
Result<FaceDetectorKind> parse_face_detector(const std::string& name);

// YuNet's second look at each face (yunet_face_detector.cpp): the candidate with half its size as
// margin on each side, scaled into a square of this many pixels.
constexpr int kSecondLookSize = 192;

struct FaceDetectorSettings {
    FaceDetectorKind kind = FaceDetectorKind::Yunet;
    // YuNet: the least confidence kept, and the overlap (IoU) above which the weaker of two boxes
    // is suppressed. 0.7 keeps faces turned half away and in dim light while the ffmpeg test
    // patterns give none (measured, README); Haar has neither.
    double score_threshold = 0.7;
    double nms_threshold = 0.3;
    // The smallest face kept: its box's shorter side as a share of the frame's shorter side.
    double min_face = 0.04;
    // YuNet looks at the frame scaled to at most this many pixels on its longer side.
    int detect_size = 640;
    std::string model_file;        // empty: the shipped YuNet file, or Debian's Haar cascade
    std::string describe() const;  // thresholds in words, for reports
    // The command-line options (flag, value) that give these settings, the defaults left out:
    // what a report's "repeat the analysis" command adds.
    std::vector<std::pair<std::string, std::string>> options() const;
};

// The five landmarks in YuNet's order: the eye on the left of the picture (the person's right),
// the other eye, the nose tip, the mouth corner on the left of the picture, the other corner.
constexpr int kFaceLandmarks = 5;

struct Face {
    cv::Rect2f box;
    std::vector<cv::Point2f> landmarks;  // kFaceLandmarks, or empty when the detector gives none
    float score = 1;                     // the detector's confidence (Haar: 1)
    int track = -1;                      // the person across frames (FaceTracker), -1: untracked
    cv::Rect pixel_box() const;          // box rounded to whole pixels
};

class FaceDetector {
  public:
    virtual ~FaceDetector() = default;
    // Faces at least settings().min_face large, largest first.
    virtual std::vector<Face> detect(const cv::Mat& bgr) = 0;
    virtual bool has_landmarks() const = 0;
    const FaceDetectorSettings& settings() const { return settings_; }
    const std::string& file_sha256() const { return sha256_; }
    // For reports: the detector, its model file and hash, and its thresholds.
    std::string describe() const;

  protected:
    FaceDetector(FaceDetectorSettings settings, std::string sha256)
        : settings_(std::move(settings)), sha256_(std::move(sha256)) {}
    // Drops faces below min_face and sorts the rest largest first.
    std::vector<Face> keep_large(std::vector<Face> faces, const cv::Size& frame) const;

  private:
    FaceDetectorSettings settings_;
    std::string sha256_;
};

// The shipped YuNet model: <prefix>/share/interceptor/models beside the binaries, else the
// source tree's resources/models (a development build). Empty when neither has it.
std::string shipped_yunet_model();

Result<std::unique_ptr<FaceDetector>> make_face_detector(const FaceDetectorSettings& settings);
Result<std::unique_ptr<FaceDetector>> make_yunet_face_detector(
    const FaceDetectorSettings& settings);
Result<std::unique_ptr<FaceDetector>> make_haar_face_detector(const FaceDetectorSettings& settings);

}  // namespace interceptor
