#pragma once
// The inference-only form of an InterceptorNet, built once from a loaded
// plain network: every BatchNorm folded into the convolution or Linear
// before it, the affine chain feature_projection -> single-token attention
// (W_v, out_proj) -> classifier.1 -> classifier.2 folded into one
// Linear(fused -> 1024), and the low-light detectors' final 1x1 convs moved
// after their pooling (both are linear, so this is exact). It computes the
// same function as the plain network in eval mode, up to float rounding, with
// about 60 % fewer weights for the seed network. Both backbone
// families are folded: EfficientNet (SiLU, squeeze-excitation) and
// MobileNetV2 (ReLU6, no squeeze-excitation, TensorFlow's SAME padding on
// stride-2 convolutions). Immutable after
// construction; forward() may be called from one thread at a time.
#include <torch/types.h>

#include <functional>
#include <optional>
#include <vector>

#include "network/dnnl_convolution.h"
#include "network/network_output.h"

namespace interceptor {

class InterceptorNetImpl;

struct FoldedConv {
    torch::Tensor weight, bias;
    ConvGeometry geometry;
    ConvActivation activation = ConvActivation::None;  // applied to the output
    std::shared_ptr<const DnnlConvolution> cpu;        // oneDNN's own form while on the CPU
    // activation(conv(x) + add); add (optional) has the result's shape and may be written into.
    torch::Tensor operator()(const torch::Tensor& x, const torch::Tensor& add = {}) const;
};

struct FoldedBlock {
    std::optional<FoldedConv> expand;
    FoldedConv depthwise;
    std::optional<FoldedConv> squeeze, excite;  // squeeze-excitation fc1, fc2 (EfficientNet)
    FoldedConv project;
    bool residual = false;
};

struct FoldedLinear {
    torch::Tensor weight, bias;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

class FoldedNetwork {
  public:
    // plain must be in eval mode. part_folded, if given, is called each time a part of the
    // plain network (a block, a branch, the head) has been read for the last time, so that
    // what it was read from can be let go while the rest is folded.
    explicit FoldedNetwork(InterceptorNetImpl& plain,
                           const std::function<void()>& part_folded = {});
    NetworkOutput forward(const torch::Tensor& x, int heatmap_size) const;
    void to(torch::Device device);
    std::int64_t weight_bytes() const;

  private:
    void fold_efficientnet(InterceptorNetImpl& net, const std::function<void()>& part_folded);
    void fold_mobilenet(InterceptorNetImpl& net, const std::function<void()>& part_folded);
    std::vector<torch::Tensor*> tensors();
    std::vector<FoldedConv*> convs();
    bool signed_input_ = false;  // the backbone takes [-1, 1] (MobileNetV2)
    FoldedConv stem_, head_;
    std::vector<FoldedBlock> blocks_;
    FoldedConv luminance_[3][2];
    FoldedConv noise_[3], shadow_[3];  // conv-bn, conv-bn, final 1x1 (applied after pooling)
    FoldedConv attention_[2];
    FoldedLinear fused_head_, hidden_[2], output_;
};

}  // namespace interceptor
