#pragma once
// The whole Interceptor network with the module names of the Python
// original (backbone, specialist_module, feature_projection,
// feature_attention, classifier), built from a NetworkConfig. This is the
// "plain" path: exactly the trained graph, used for training and as the
// reference that the folded inference path must match.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include "interceptor/model/network/network_config.h"
#include "network/efficientnet.h"
#include "network/low_light_module.h"
#include "network/mobilenet_v2.h"
#include "network/network_output.h"
#include "network/single_token_attention.h"

namespace interceptor {

class InterceptorNetImpl : public torch::nn::Module {
  public:
    explicit InterceptorNetImpl(const NetworkConfig& config);
    // heatmap_size 0: logits only.
    NetworkOutput forward(const torch::Tensor& x, int heatmap_size = 0);
    // forward() in two halves, for explanations that need the backbone's last convolutional
    // features (Grad-CAM): those features (N, C, h, w), then the logits from them and the input.
    torch::Tensor backbone_features(const torch::Tensor& x);
    NetworkOutput forward_from(const torch::Tensor& features, const torch::Tensor& x,
                               int heatmap_size = 0);

    NetworkConfig config;
    // The backbone, registered as "backbone": one of these two, by config.backbone.
    EfficientNet efficientnet{nullptr};
    MobileNetV2 mobilenet{nullptr};
    LowLightModule specialist_module{nullptr};
    torch::nn::Linear feature_projection{nullptr};
    SingleTokenAttention feature_attention{nullptr};
    torch::nn::Sequential classifier;
};
TORCH_MODULE(InterceptorNet);

}  // namespace interceptor
