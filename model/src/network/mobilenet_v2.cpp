#include "network/mobilenet_v2.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/activation.h>
#include "network/batch_norm.h"

#include "network/mobilenet_v2_layout.h"
#include "network/torchvision_init.h"

namespace interceptor {
namespace F = torch::nn::functional;
namespace {

// A stride-2 convolution pads itself as TensorFlow does; stride 1 (3x3 or
// 1x1) pads symmetrically either way, so it keeps Conv2d's own padding.
torch::nn::AnyModule conv(const MobileNetV2Conv& c) {
    auto options = torch::nn::Conv2dOptions(c.in, c.out, c.kernel)
                       .stride(c.stride)
                       .groups(c.depthwise ? c.in : 1)
                       .bias(false);
    if (c.stride > 1) return torch::nn::AnyModule(SameConv2d(options.padding(0)));
    return torch::nn::AnyModule(torch::nn::Conv2d(options.padding((c.kernel - 1) / 2)));
}

// torchvision's Conv2dNormActivation with ReLU6: indices 0, 1, 2.
NestedSequential conv_norm_relu6(const MobileNetV2Conv& c) {
    NestedSequential unit;
    unit->push_back(conv(c));
    unit->push_back(BatchNorm(c.out));
    unit->push_back(torch::nn::ReLU6());
    return unit;
}

// A block's part: Conv2dNormActivation, or for the linear projection just the
// convolution and its BatchNorm, as torchvision's InvertedResidual holds them.
void append(torch::nn::SequentialImpl& seq, const MobileNetV2Conv& c) {
    if (c.relu6) {
        seq.push_back(conv_norm_relu6(c));
        return;
    }
    seq.push_back(conv(c));
    seq.push_back(BatchNorm(c.out));
}

}  // namespace

SameConv2dImpl::SameConv2dImpl(torch::nn::Conv2dOptions options) : torch::nn::Conv2dImpl(options) {}

torch::Tensor SameConv2dImpl::forward(const torch::Tensor& x) {
    return torch::nn::Conv2dImpl::forward(pad_same(x, static_cast<int>((*options.kernel_size())[0]),
                                                   static_cast<int>((*options.stride())[0])));
}

torch::Tensor pad_same(const torch::Tensor& x, int kernel, int stride) {
    const auto h = same_padding(static_cast<int>(x.size(2)), kernel, stride);
    const auto w = same_padding(static_cast<int>(x.size(3)), kernel, stride);
    if (h.before == 0 && h.after == 0 && w.before == 0 && w.after == 0) return x;
    return F::pad(x, F::PadFuncOptions({w.before, w.after, h.before, h.after}));
}

torch::Tensor to_signed_unit_range(const torch::Tensor& x) {
    // The ImageNet statistics append_whole_frame (preprocess.cpp) normalises with:
    // x = (rgb - mean) / std, so 2 rgb - 1 = x * 2 std + (2 mean - 1).
    static const float kMean[3] = {0.485f, 0.456f, 0.406f};
    static const float kStd[3] = {0.229f, 0.224f, 0.225f};
    auto scale = torch::empty({1, 3, 1, 1}), shift = torch::empty({1, 3, 1, 1});
    for (int c = 0; c < 3; ++c) {
        scale[0][c] = 2.0f * kStd[c];
        shift[0][c] = 2.0f * kMean[c] - 1.0f;
    }
    return x * scale.to(x.options()) + shift.to(x.options());
}

InvertedResidualImpl::InvertedResidualImpl(bool keeps_shape) : residual(keeps_shape) {
    register_module("conv", conv);
}

torch::Tensor InvertedResidualImpl::forward(const torch::Tensor& x) {
    auto y = conv->forward(x);
    return residual ? y + x : y;
}

MobileNetV2Impl::MobileNetV2Impl() {
    const auto& convs = mobilenet_v2_convs();
    std::size_t next = 0;
    features->push_back(conv_norm_relu6(convs[next++]));
    for (const auto& block : mobilenet_v2_blocks()) {
        InvertedResidual unit(block.residual());
        for (int k = 0; k < (block.expands() ? 3 : 2); ++k) append(*unit->conv, convs[next++]);
        features->push_back(unit);
    }
    features->push_back(conv_norm_relu6(convs[next++]));
    register_module("features", features);
    torchvision_init(*this);
}

torch::Tensor MobileNetV2Impl::forward(const torch::Tensor& x) {
    return F::adaptive_avg_pool2d(feature_map(x), F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
}

torch::Tensor MobileNetV2Impl::feature_map(const torch::Tensor& x) {
    return features->forward(to_signed_unit_range(x));
}

std::vector<MobileNetV2Impl::ConvAndNorm> MobileNetV2Impl::convolutions() {
    // Module order visits each convolution just before the BatchNorm that follows it.
    std::vector<ConvAndNorm> out;
    torch::nn::Conv2dImpl* pending = nullptr;
    for (auto& module : features->modules(/*include_self=*/false)) {
        if (auto* c = module->as<torch::nn::Conv2dImpl>()) pending = c;
        if (auto* bn = module->as<BatchNormImpl>(); bn && pending) {
            out.push_back({pending, bn});
            pending = nullptr;
        }
    }
    return out;
}

}  // namespace interceptor
