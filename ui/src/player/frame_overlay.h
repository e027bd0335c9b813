#pragma once
// What the video views paint over a frame, read from the case model: each
// checkpoint's probability, threshold, face box and colour, the low-light
// facts and the heatmap. Use on the model's thread.
#include <opencv2/core/matx.hpp>

#include "player/video_view.h"

namespace interceptor {

class CaseModel;

// The overlay of `frame` for one checkpoint slot with that slot's heatmap, or for every slot
// (slot -1) with the first one's heatmap; the heatmap is read from the case only when asked for.
FrameOverlay frame_overlay(const CaseModel& model, qint64 frame, int slot, bool heatmap);

// A crop-to-frame map (face_crop.h) as the painter's transform.
QTransform to_qtransform(const cv::Matx23d& m);

}  // namespace interceptor
