#pragma once
// Training and evaluation samples: N evenly spaced frames of a clip (a video
// file, or a folder of frame images), each cut by the preprocessing
// profile (the whole frame, or the largest face in the checkpoint's crop
// geometry) at the network's input size, as 8-bit BGR. A cache on disk keeps them, keyed by
// the file (path, size, modification time) and the settings, so later epochs
// and stages do not decode again. Not thread-safe (the preprocessor is not).
#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

#include "core/analysis/preprocessor.h"

namespace interceptor {

struct SampledClip {
    std::vector<cv::Mat> frames;        // size x size, CV_8UC3 BGR
    std::vector<std::int64_t> indices;  // frame numbers in the clip
    std::size_t not_applicable = 0;     // frames where the profile found nothing (no face)
};

Result<SampledClip> sample_clip(const std::string& path, int count, Preprocessor& preprocessor,
                                int size);

class SampleCache {
  public:
    explicit SampleCache(std::string directory) : directory_(std::move(directory)) {}
    Result<SampledClip> get(const std::string& path, int count, Preprocessor& preprocessor,
                            int size);
    std::size_t hits() const { return hits_; }

  private:
    std::string directory_;
    std::size_t hits_ = 0;
};

}  // namespace interceptor
