#include "network/low_light_module.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include "network/batch_norm.h"

#include "interceptor/model/network/network_config.h"

namespace interceptor {
namespace F = torch::nn::functional;
namespace {

torch::nn::Conv2d conv(int in, int out, int kernel) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2));
}

// Conv, BN, ReLU, Conv, BN, ReLU: indices 0..5 as in the Python Sequential.
torch::nn::Sequential double_conv(int in, int mid, int out, int kernel) {
    return torch::nn::Sequential(conv(in, mid, kernel), BatchNorm(mid), torch::nn::ReLU(),
                                 conv(mid, out, kernel), BatchNorm(out), torch::nn::ReLU());
}

torch::Tensor pool(const torch::Tensor& x) {
    return F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(kLowLightGrid));
}

}  // namespace

LowLightModuleImpl::LowLightModuleImpl() {
    for (int k : {3, 5, 7}) luminance_branch->push_back(double_conv(3, 16, 16, k));
    noise_detector = double_conv(3, 12, 24, 5);
    noise_detector->push_back(conv(24, 12, 1));
    shadow_detector = double_conv(3, 8, 16, 7);
    shadow_detector->push_back(conv(16, 8, 1));
    attention = torch::nn::Sequential(conv(kLowLightChannels, 32, 1), torch::nn::ReLU(),
                                      conv(32, kLowLightChannels, 1), torch::nn::Sigmoid());
    register_module("luminance_branch", luminance_branch);
    register_module("noise_detector", noise_detector);
    register_module("shadow_detector", shadow_detector);
    register_module("attention", attention);
}

LowLightOutput LowLightModuleImpl::forward(const torch::Tensor& x, bool keep_activations) {
    LowLightOutput out;
    std::vector<torch::Tensor> parts;
    for (const auto& branch : *luminance_branch) {
        auto activation = branch->as<torch::nn::SequentialImpl>()->forward(x);
        parts.push_back(pool(activation));
        if (keep_activations) out.luminance.push_back(activation);
    }
    parts.push_back(pool(noise_detector->forward(x)));
    parts.push_back(pool(shadow_detector->forward(x)));
    auto combined = torch::cat(parts, 1);
    auto weights = attention->forward(combined);
    out.features = combined * weights;
    if (keep_activations) out.attention = weights;
    return out;
}

}  // namespace interceptor
