#pragma once
// Where the whole network looks in one picture: Grad-CAM (Selvaraju et al., ICCV 2017) on the
// backbone's last convolutional features. The gradient of the fake log-odds (the fake logit
// against the others) with respect to those features, averaged over each channel, weighs that
// channel's activation; their sum, cut at zero, says which cells of the backbone's grid raise
// P(fake). It is a gradient-based explanation of this network's score, not proof of a
// manipulation: it shows where the score came from, right or wrong, and it sees the backbone
// only (the low-light module's own view is its luminance heatmap, heatmap.h). The grid is
// coarse: 7 x 7 for the seed network at 224 px, 5 x 5 for `mobile` at 160, 4 x 4 for the
// demo's 128. Runs the plain network (gradients need it) on the GPU when LibTorch has one.
// Not thread-safe: one Attributor per thread.
#include <opencv2/core/mat.hpp>

#include <memory>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/model/network/network_config.h"
#include "interceptor/model/result.h"

namespace interceptor {

struct Attribution {
    float p_fake = 0;  // as Detector::score gives it (calibrated)
    int grid = 0;      // side of the backbone's feature grid
    // input size x input size, CV_32F in [0, 1]: the grid upsampled bilinearly and divided by
    // its largest cell, so it lies over the picture the network saw (as the heatmap does).
    cv::Mat map;
    double peak = 0;  // the largest cell before dividing; 0: no cell raises P(fake), map all 0
};

class Attributor {
  public:
    static Result<std::unique_ptr<Attributor>> create(
        const Checkpoint& checkpoint, DevicePreference device = DevicePreference::Auto);
    virtual ~Attributor() = default;
    // One attribution per picture of the batch (preprocessed as for Detector::score).
    virtual Result<std::vector<Attribution>> explain(const FrameBatch& batch) = 0;
    virtual const NetworkConfig& config() const = 0;
};

}  // namespace interceptor
