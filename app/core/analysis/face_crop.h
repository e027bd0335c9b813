#pragma once
// The picture of one face that a face-based checkpoint sees, made by one
// function for training (train, eval, calibrate, the sample cache) and for
// analysis, so the two cannot differ. Two geometries, named by the
// checkpoint's profile:
// - face_crop: the detector's box squared with a 25 % margin on each side,
//   kept inside the frame, resized with area averaging;
// - face_aligned: the similarity transform (rotation, scale, shift) that puts
//   the five landmarks on a fixed template, the one face recognition uses
//   (ArcFace's 112 px points), shrunk about the face's centre so the crop
//   keeps the face's outline and some background, where blending leaves its
//   traces. The face is upright whatever its roll.
// - face_tight: the same alignment with the template spread wider, so the
//   crop holds the inner face from the brows to the chin and nothing else:
//   the geometry of tightly cropped face sets (UTKFace), which have no pixels
//   beyond it, so a model trained on them sees at analysis what it trained on.
// Pure functions; thread-safe.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <string>
#include <vector>

#include "core/analysis/face_detector.h"
#include "interceptor/model/inference/profile.h"

namespace interceptor {

constexpr double kFaceMargin = 0.25;  // face_crop: margin on each side, a share of the box side
// face_aligned: the template's spread about its centre; 0.65 gives about the face_crop's context.
constexpr double kAlignedScale = 0.65;
// face_tight: 1.4 keeps the crop inside UTKFace's 200 px crops (measured on YuNet's landmarks:
// the picture ends 1.14 eye distances above the template's centre).
constexpr double kTightScale = 1.4;

// face_crop: the square around a face, with margin, kept inside the frame.
cv::Rect box_crop_region(const cv::Rect& face, const cv::Size& frame);
// face_aligned, face_tight: where the five landmarks land in a size x size crop.
std::vector<cv::Point2f> aligned_template(int size, Profile profile = Profile::FaceAligned);
// The least-squares similarity from the landmarks to the template (frame to crop).
cv::Matx23d aligned_transform(const std::vector<cv::Point2f>& landmarks, int size,
                              Profile profile = Profile::FaceAligned);

// The size x size 8-bit BGR crop of the face for the profile. Errors: whole_frame (not a face
// profile), or face_aligned for a face without landmarks (the Haar detector gives none).
Result<cv::Mat> face_crop(const cv::Mat& bgr, const Face& face, Profile profile, int size);

// Where a size x size crop (or a map over it, such as the low-light heatmap, at the same
// scale) lies in the frame: the affine map from crop pixels to frame pixels. Identity-like
// (the crop square) for face_crop, rotated for face_aligned; an error as face_crop() says.
Result<cv::Matx23d> crop_to_frame(const Face& face, Profile profile, const cv::Size& frame,
                                  int size);

// The geometry in words, for the method section of a report.
std::string describe_crop(Profile profile);

}  // namespace interceptor
