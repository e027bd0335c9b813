#pragma once
// Prepares decoded frames for a checkpoint, by the profile it was trained
// with: whole frame (the seed's: the full frame resized) or face crop
// (the largest face, squared with a 25 % margin on each side, resized). A
// frame where the profile cannot apply (no face found) is marked not
// applicable and left out of the batch: it is never scored as real.
// Not thread-safe (the face detector is not).
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "core/analysis/face_detector.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/model/inference/profile.h"

namespace interceptor {

struct Preparation {
    bool applicable = true;
    std::string reason;  // why not, when not applicable
    std::optional<cv::Rect> face;
};

class Preprocessor {
  public:
    static constexpr double kFaceMargin = 0.25;

    // face_crop needs a detector; whole_frame ignores it.
    static Result<std::unique_ptr<Preprocessor>> create(Profile profile, int input_size,
                                                        std::unique_ptr<FaceDetector> detector);
    Profile profile() const { return profile_; }
    std::string detector_name() const { return detector_ ? detector_->name() : "none"; }

    // Appends the frame to `batch` (batch.size must be the input size) when applicable.
    Preparation prepare(const cv::Mat& bgr, FrameBatch& batch);
    // The part of the frame the profile uses (the frame, or the face with its margin), not resized.
    Preparation region(const cv::Mat& bgr, cv::Mat& region);

    // The square crop around a face, with margin, kept inside the frame.
    static cv::Rect crop_around(const cv::Rect& face, const cv::Size& frame);

  private:
    Preprocessor(Profile profile, std::unique_ptr<FaceDetector> detector)
        : profile_(profile), detector_(std::move(detector)) {}
    Profile profile_;
    std::unique_ptr<FaceDetector> detector_;
};

}  // namespace interceptor
