#pragma once
// Grad-CAM (interceptor/model/inference/attribution.h) of what a checkpoint scored in one frame:
// the face that gave the frame its score (face profiles), cut exactly as analysis cut it, or the
// whole frame; with where the map lies on the frame, as the luminance heatmap is placed. Used by
// the workstation (the frame on screen) and the report (its top frames). Thread-safe as far as
// the Attributor is (one per thread).
#include <opencv2/core/mat.hpp>

#include <memory>
#include <optional>

#include "core/analysis/analysis_results.h"
#include "interceptor/model/inference/attribution.h"

namespace interceptor {

// The method in one line, for legends and method sections.
inline constexpr const char* kAttributionMethod =
    "Grad-CAM: where the gradient of the fake log-odds weighs the backbone's last "
    "convolutional features; a gradient-based explanation of the score, not proof of a "
    "manipulation";

struct PlacedAttribution {
    Attribution attribution;
    // Map pixels to frame pixels: the crop of the face explained; empty: the whole frame.
    std::optional<cv::Matx23d> place;
};

// The face a frame's result for one slot was scored on (its stored face, else a box-only face
// for cases before schema 3); empty when nothing face-based was scored.
std::optional<Face> scored_face(const FrameResult& result, std::size_t slot);

// The checkpoint an analysis used, loaded again for attribution; an error when the file is gone,
// unreadable, or no longer the one the analysis recorded (its SHA-256 differs).
Result<std::unique_ptr<Attributor>> load_attributor(const CheckpointSummary& checkpoint);

// Explains `face` in the frame (face profiles), or the whole frame (whole_frame; face ignored).
// Errors: a face profile without a face, a crop the profile cannot make, the network's own.
Result<PlacedAttribution> attribute_frame(Attributor& attributor, const cv::Mat& bgr,
                                          Profile profile, const std::optional<Face>& face);

}  // namespace interceptor
