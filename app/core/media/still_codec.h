#pragma once
// One picture through a video codec and back: encoded as a one-frame H.264
// stream (libx264, 4:2:0 chroma, a constant rate factor) and decoded again
// by FFmpeg. Training applies it to real and generated faces alike, so that
// the blocking, deblocking and chroma loss of compressed footage are in both
// classes and cannot be the cue. The frame is intra-coded: the artefacts of
// motion prediction between frames are not reproduced. Thread-safe (each
// call has its own codec contexts).
#include <opencv2/core/mat.hpp>

#include "interceptor/model/result.h"

namespace interceptor {

// bgr: 8-bit, 3 channels, any size (odd sizes are padded for 4:2:0 and cut back). crf: 0-51,
// higher is worse (x264's default is 23; web video is often 23-32). Errors name what failed
// (no H.264 encoder in this FFmpeg, an encoding or decoding error).
Result<cv::Mat> h264_round_trip(const cv::Mat& bgr, int crf);

}  // namespace interceptor
