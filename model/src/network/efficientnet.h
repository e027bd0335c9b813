#pragma once
// torchvision's EfficientNet-B0..B7 feature extractor in LibTorch, with the
// same module tree (features.N.M.block.K...) so a Python state_dict maps key
// for key, and the same width/depth rounding, BatchNorm settings and block
// layout as torchvision 0.14's efficientnet.py. Stochastic depth is applied
// in training only, per sample ("row" mode), as torchvision does.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>

#include "network/nested_sequential.h"

namespace interceptor {

struct EfficientNetSpec {
    double width = 1.0, depth = 1.0;
    double bn_eps = 1e-5, bn_momentum = 0.1;
    static EfficientNetSpec for_variant(int variant);  // B0..B7
};

// torchvision's _make_divisible(channels * width, 8)
int round_channels(double channels, double width);

class SqueezeExcitationImpl : public torch::nn::Module {
  public:
    SqueezeExcitationImpl(int channels, int squeeze_channels);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Conv2d fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(SqueezeExcitation);

class MBConvImpl : public torch::nn::Module {
  public:
    MBConvImpl(int in, int out, double expand, int kernel, int stride, double drop_prob,
               const EfficientNetSpec& spec);
    torch::Tensor forward(const torch::Tensor& x);
    NestedSequential block;
    bool residual;
    double drop_prob;
};
TORCH_MODULE(MBConv);

class EfficientNetImpl : public torch::nn::Module {
  public:
    explicit EfficientNetImpl(int variant);
    // feature_map -> global average pool -> flatten: (N, feature_channels)
    torch::Tensor forward(const torch::Tensor& x);
    // The last convolutional features, before pooling: (N, feature_channels, H/32, W/32).
    torch::Tensor feature_map(const torch::Tensor& x);
    torch::nn::Sequential features;
    int feature_channels = 0;
};
TORCH_MODULE(EfficientNet);

// Conv2d(bias=false) + BatchNorm2d [+ SiLU], padding (k-1)/2: torchvision's Conv2dNormActivation.
NestedSequential conv_norm_activation(int in, int out, int kernel, int stride, int groups,
                                      bool activation, const EfficientNetSpec& spec);

}  // namespace interceptor
