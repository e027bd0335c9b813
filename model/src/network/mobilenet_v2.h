#pragma once
// torchvision's mobilenet_v2(width_mult=1.0) feature extractor in LibTorch,
// with the same module tree (features.N.conv.K...) and BatchNorm settings
// (eps 1e-5, momentum 0.1), so a state_dict maps key for key onto
// torchvision's, run the way TensorFlow ran the weights that initialise it
// (network_config.h, Backbone::MobileNetV2): SAME padding on stride-2
// convolutions and input in [-1, 1]. With torchvision's symmetric padding the
// imported weights label grace_hopper.bmp "military uniform" with P 0.23
// instead of 0.85 (measured in PyTorch on the same weights), so the padding is part of the
// architecture, and the Python reference (tests/model/reference) pads alike.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

#include "network/batch_norm.h"
#include "network/nested_sequential.h"

namespace interceptor {

// A Conv2d (padding 0) that pads its input as TensorFlow's SAME does. Same
// parameters and names as Conv2d; folding code sees it as a Conv2dImpl.
class SameConv2dImpl : public torch::nn::Conv2dImpl {
  public:
    explicit SameConv2dImpl(torch::nn::Conv2dOptions options);
    torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(SameConv2d);

// Pads x (N, C, H, W) as TensorFlow's SAME padding does for this kernel and stride.
torch::Tensor pad_same(const torch::Tensor& x, int kernel, int stride);

// ImageNet-normalised RGB (what every preset's input is, see preprocess.h) to
// the [-1, 1] range of TensorFlow's MobileNetV2 (x / 127.5 - 1 on 8-bit pixels).
torch::Tensor to_signed_unit_range(const torch::Tensor& x);

class InvertedResidualImpl : public torch::nn::Module {
  public:
    explicit InvertedResidualImpl(bool residual);
    torch::Tensor forward(const torch::Tensor& x);
    NestedSequential conv;  // [expand 1x1], depthwise 3x3, project 1x1, its BatchNorm
    bool residual;
};
TORCH_MODULE(InvertedResidual);

class MobileNetV2Impl : public torch::nn::Module {
  public:
    MobileNetV2Impl();
    // ImageNet-normalised input -> [-1, 1] -> features -> global average pool: (N, 1280)
    torch::Tensor forward(const torch::Tensor& x);
    // The last convolutional features, before pooling: (N, 1280, H/32, W/32).
    torch::Tensor feature_map(const torch::Tensor& x);
    torch::nn::Sequential features;
    int feature_channels = 1280;

    // Each convolution with the BatchNorm after it, in mobilenet_v2_convs() order.
    struct ConvAndNorm {
        torch::nn::Conv2dImpl* conv;
        BatchNormImpl* norm;
    };
    std::vector<ConvAndNorm> convolutions();
};
TORCH_MODULE(MobileNetV2);

}  // namespace interceptor
