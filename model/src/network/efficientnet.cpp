#include "network/efficientnet.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include "network/batch_norm.h"

#include <cmath>
#include <stdexcept>

#include "network/torchvision_init.h"

namespace interceptor {
namespace F = torch::nn::functional;

EfficientNetSpec EfficientNetSpec::for_variant(int variant) {
    static const double kWidth[8] = {1.0, 1.0, 1.1, 1.2, 1.4, 1.6, 1.8, 2.0};
    static const double kDepth[8] = {1.0, 1.1, 1.2, 1.4, 1.8, 2.2, 2.6, 3.1};
    if (variant < 0 || variant > 7)
        throw std::invalid_argument("EfficientNet variant must be 0..7");
    EfficientNetSpec s;
    s.width = kWidth[variant];
    s.depth = kDepth[variant];
    if (variant >= 5) {  // torchvision builds B5..B7 with BatchNorm2d(eps=1e-3, momentum=0.01)
        s.bn_eps = 1e-3;
        s.bn_momentum = 0.01;
    }
    return s;
}

int round_channels(double channels, double width) {
    const double v = channels * width;
    int rounded = std::max(8, static_cast<int>(v + 4) / 8 * 8);
    if (rounded < 0.9 * v) rounded += 8;
    return rounded;
}

NestedSequential conv_norm_activation(int in, int out, int kernel, int stride, int groups,
                                      bool activation, const EfficientNetSpec& spec) {
    NestedSequential seq;
    seq->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                         .stride(stride)
                                         .padding((kernel - 1) / 2)
                                         .groups(groups)
                                         .bias(false)));
    seq->push_back(
        BatchNorm(torch::nn::BatchNormOptions(out).eps(spec.bn_eps).momentum(spec.bn_momentum)));
    if (activation) seq->push_back(torch::nn::SiLU());
    return seq;
}

SqueezeExcitationImpl::SqueezeExcitationImpl(int channels, int squeeze_channels) {
    fc1 = register_module(
        "fc1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, squeeze_channels, 1)));
    fc2 = register_module(
        "fc2", torch::nn::Conv2d(torch::nn::Conv2dOptions(squeeze_channels, channels, 1)));
}

torch::Tensor SqueezeExcitationImpl::forward(const torch::Tensor& x) {
    auto scale = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
    scale = torch::sigmoid(fc2(torch::silu(fc1(scale))));
    return scale * x;
}

MBConvImpl::MBConvImpl(int in, int out, double expand, int kernel, int stride, double drop,
                       const EfficientNetSpec& spec)
    : residual(stride == 1 && in == out), drop_prob(drop) {
    const int expanded = round_channels(in, expand);
    if (expanded != in) block->push_back(conv_norm_activation(in, expanded, 1, 1, 1, true, spec));
    block->push_back(
        conv_norm_activation(expanded, expanded, kernel, stride, expanded, true, spec));
    block->push_back(SqueezeExcitation(expanded, std::max(1, in / 4)));
    block->push_back(conv_norm_activation(expanded, out, 1, 1, 1, false, spec));
    register_module("block", block);
}

torch::Tensor MBConvImpl::forward(const torch::Tensor& x) {
    auto y = block->forward(x);
    if (!residual) return y;
    if (is_training() && drop_prob > 0) {
        // torchvision's StochasticDepth(p, "row"): drop whole samples, rescale survivors.
        const double survival = 1.0 - drop_prob;
        auto keep = torch::empty({y.size(0), 1, 1, 1}, y.options()).bernoulli_(survival);
        y = y * keep.div_(survival);
    }
    return y + x;
}

EfficientNetImpl::EfficientNetImpl(int variant) {
    const auto spec = EfficientNetSpec::for_variant(variant);
    struct Stage {
        double expand;
        int kernel, stride, in, out, layers;
    };
    // Table 1 of the EfficientNet paper, as torchvision's _efficientnet_conf lists it.
    const Stage stages[] = {{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},  {6, 5, 2, 24, 40, 2},
                            {6, 3, 2, 40, 80, 3},  {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4},
                            {6, 3, 1, 192, 320, 1}};
    int total_blocks = 0;
    for (const auto& s : stages) total_blocks += static_cast<int>(std::ceil(s.layers * spec.depth));

    const double stochastic_depth = 0.2;
    features->push_back(
        conv_norm_activation(3, round_channels(32, spec.width), 3, 2, 1, true, spec));
    int block_id = 0;
    for (const auto& s : stages) {
        const int in = round_channels(s.in, spec.width), out = round_channels(s.out, spec.width);
        const int layers = static_cast<int>(std::ceil(s.layers * spec.depth));
        NestedSequential stage;
        for (int i = 0; i < layers; ++i) {
            const double drop = stochastic_depth * block_id / total_blocks;
            stage->push_back(MBConv(i == 0 ? in : out, out, s.expand, s.kernel,
                                    i == 0 ? s.stride : 1, drop, spec));
            ++block_id;
        }
        features->push_back(stage);
    }
    const int last_in = round_channels(320, spec.width);
    feature_channels = 4 * last_in;
    features->push_back(conv_norm_activation(last_in, feature_channels, 1, 1, 1, true, spec));
    register_module("features", features);

    torchvision_init(*this);
}

torch::Tensor EfficientNetImpl::forward(const torch::Tensor& x) {
    return F::adaptive_avg_pool2d(feature_map(x), F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
}

torch::Tensor EfficientNetImpl::feature_map(const torch::Tensor& x) { return features->forward(x); }

}  // namespace interceptor
