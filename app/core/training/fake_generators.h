#pragma once
// The synthetic fakes a detector can learn from genuine faces alone, as
// options that can be mixed (`train --fakes sbi,xray,parts`):
// - sbi: self-blending (self_blend.h), through a mask from the face's
//   landmarks when it has them (an ellipse otherwise);
// - xray: another person's face, colour-matched to the target, blended
//   through the target's landmark hull (Face X-ray, Li et al., CVPR 2020);
// - parts: one to four regions of another person's face (an eye, both eyes,
//   the nose, the mouth) pasted and blended, as hand-made composites are.
// The two with a donor blend by alpha through a softened mask, or a quarter of
// the time by Poisson blending (seamlessClone), whose gradient-domain seam
// is the one image editors leave. Landmarks are the five of the face
// detector in crop coordinates (eyes, nose tip, mouth corners, in the
// aligned template's order); the donor is aligned to the same template, so
// its features lie where the target's do. Deterministic in the generator
// given; thread-safe for separate generators.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <random>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

enum class FakeKind { SelfBlend, OtherFace, OtherParts };

const char* fake_kind_name(FakeKind kind);  // "sbi", "xray", "parts"
// A comma-separated list of names; an error names the allowed ones.
Result<std::vector<FakeKind>> parse_fake_kinds(const std::string& list);
bool needs_donor(FakeKind kind);

struct GeneratedFake {
    cv::Mat image;  // 8-bit BGR, the target's size
    cv::Mat mask;   // CV_32F 0..1: where the image may differ from the target
};

// target, donor: 8-bit BGR crops of one size (donor ignored by sbi); landmarks: five points, or
// none (sbi only: the elliptical mask).
GeneratedFake generate_fake(FakeKind kind, const cv::Mat& target, const cv::Mat& donor,
                            const std::vector<cv::Point2f>& landmarks, std::mt19937& random);

// The hard (0/1, CV_32F) masks, for tests and figures: the face's hull from eyebrows to chin
// (scaled by `scale` about the face's centre), and the union of the named parts (bit 0 first eye,
// 1 second eye, 2 nose, 3 mouth).
cv::Mat face_hull_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                       double scale);
cv::Mat face_parts_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                        unsigned parts);

}  // namespace interceptor
