#pragma once
// The synthetic fakes a detector can learn from genuine faces alone, as
// options that can be mixed (`train --fakes sbi,xray,parts`):
// - sbi: self-blending (self_blend.h), through a mask from the face's
//   landmarks when it has them (an ellipse otherwise);
// - xray: another person's face, colour-matched to the target, blended
//   through the target's landmark hull (Face X-ray, Li et al., CVPR 2020);
// - parts: one to four regions of another person's face (an eye, both eyes,
//   the nose, the mouth) pasted and blended, as hand-made composites are;
// - swap: another person's face warped onto the target's 68 landmarks
//   triangle by triangle, colour-matched and blended through the target's
//   hull: the graphics-based FaceSwap of FaceForensics++.
// The two with a donor blend by alpha through a softened mask, or a quarter of
// the time by Poisson blending (seamlessClone), whose gradient-domain seam
// is the one image editors leave. Landmarks are in crop coordinates: the five
// of the face detector (eyes, nose tip, mouth corners, in the aligned
// template's order), which place masks by a face's proportions, or the 68 of
// dense_landmarks.h, whose masks follow the face's own outline and features.
// The donor is aligned to the same template, so its features lie near the
// target's. Deterministic in the generator given; thread-safe for separate
// generators.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <random>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

enum class FakeKind { SelfBlend, OtherFace, OtherParts, WarpedSwap };

const char* fake_kind_name(FakeKind kind);  // "sbi", "xray", "parts", "swap"
// A comma-separated list of names; an error names the allowed ones.
Result<std::vector<FakeKind>> parse_fake_kinds(const std::string& list);
bool needs_donor(FakeKind kind);
bool needs_dense_landmarks(FakeKind kind);  // the warped swap: 68 points on both faces

struct GeneratedFake {
    cv::Mat image;  // 8-bit BGR, the target's size
    cv::Mat mask;   // CV_32F 0..1: where the image may differ from the target
};

// target, donor: 8-bit BGR crops of one size (donor ignored by sbi); landmarks: each face's
// five or 68 points, or none (sbi only: the elliptical mask). swap needs 68 on both faces.
GeneratedFake generate_fake(FakeKind kind, const cv::Mat& target, const cv::Mat& donor,
                            const std::vector<cv::Point2f>& target_landmarks,
                            const std::vector<cv::Point2f>& donor_landmarks, std::mt19937& random);

// The hard (0/1, CV_32F) masks, for tests and figures: the face's hull from eyebrows to chin
// (scaled by `scale` about the face's centre), and the union of the named parts (bit 0 first eye,
// 1 second eye, 2 nose, 3 mouth; an eye takes its brow). From five or 68 landmarks.
cv::Mat face_hull_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                       double scale);
cv::Mat face_parts_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                        unsigned parts);

// The donor's picture moved so that its landmarks land on the target's: piecewise affine over
// a Delaunay triangulation of the target's points and the crop's corners and edge midpoints.
cv::Mat warped_onto(const cv::Mat& donor, const std::vector<cv::Point2f>& donor_landmarks,
                    const std::vector<cv::Point2f>& target_landmarks);

}  // namespace interceptor
