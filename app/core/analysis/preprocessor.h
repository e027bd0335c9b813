#pragma once
// Cuts one picture per frame for training the way analysis cuts it: the whole
// frame, or the crop of the frame's largest face in the checkpoint's geometry
// (face_crop.h, the function analysis uses too). Labels are per clip, so a
// training sample is the main person only; analysis scores every face. A
// frame where the profile cannot apply (no face found) is not applicable and
// left out: it is never a sample of "real". Not thread-safe (the face
// detector is not).
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "core/analysis/face_detector.h"
#include "interceptor/model/inference/profile.h"

namespace interceptor {

struct Preparation {
    bool applicable = true;
    std::string reason;  // why not, when not applicable
    std::optional<Face> face;
};

class Preprocessor {
  public:
    // Face profiles need a detector (face_aligned and face_tight one with landmarks); whole_frame
    // ignores it.
    static Result<std::unique_ptr<Preprocessor>> create(Profile profile,
                                                        std::unique_ptr<FaceDetector> detector);
    Profile profile() const { return profile_; }
    // The detector with its file hash and thresholds, "none" for the whole frame.
    std::string detector_description() const { return detector_ ? detector_->describe() : "none"; }

    // The frame's picture at size x size, 8-bit BGR, into `out` when applicable.
    Preparation sample(const cv::Mat& bgr, int size, cv::Mat& out);

  private:
    Preprocessor(Profile profile, std::unique_ptr<FaceDetector> detector)
        : profile_(profile), detector_(std::move(detector)) {}
    Profile profile_;
    std::unique_ptr<FaceDetector> detector_;
};

// Checks that a detector can serve a profile: face profiles need one, aligned crops landmarks.
Result<Done> check_detector_for(Profile profile, const FaceDetector* detector);

}  // namespace interceptor
