#include "network/interceptor_net.h"

#include <torch/nn/functional/pooling.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/dropout.h>

#include <stdexcept>

#include "network/batch_norm.h"

namespace interceptor {
namespace F = torch::nn::functional;

InterceptorNetImpl::InterceptorNetImpl(const NetworkConfig& c) : config(c) {
    if (auto problem = c.validate(); !problem.empty()) throw std::invalid_argument(problem);
    const int width = c.resolved_attention_dim();
    if (c.backbone == Backbone::MobileNetV2)
        mobilenet = register_module("backbone", MobileNetV2());
    else
        efficientnet = register_module("backbone", EfficientNet(c.backbone_variant));
    specialist_module = register_module("specialist_module", LowLightModule());
    feature_projection =
        register_module("feature_projection", torch::nn::Linear(c.fused_features(), width));
    feature_attention =
        register_module("feature_attention", SingleTokenAttention(width, c.num_heads, 0.1));
    using namespace torch::nn;
    classifier = Sequential(Dropout(0.3), Linear(width, 1024), interceptor::BatchNorm(1024), ReLU(),
                            Dropout(0.2), Linear(1024, 512), interceptor::BatchNorm(512), ReLU(),
                            Dropout(0.1), Linear(512, 256), interceptor::BatchNorm(256), ReLU(),
                            Linear(256, c.num_classes));
    register_module("classifier", classifier);
}

NetworkOutput InterceptorNetImpl::forward(const torch::Tensor& x, int heatmap_size) {
    return forward_from(backbone_features(x), x, heatmap_size);
}

torch::Tensor InterceptorNetImpl::backbone_features(const torch::Tensor& x) {
    return mobilenet ? mobilenet->feature_map(x) : efficientnet->feature_map(x);
}

NetworkOutput InterceptorNetImpl::forward_from(const torch::Tensor& features,
                                               const torch::Tensor& x, int heatmap_size) {
    // The backbones' own global average pool, as their forward() does.
    auto visual = F::adaptive_avg_pool2d(features, F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
    auto lowlight = specialist_module->forward(x, heatmap_size > 0);
    auto fused = torch::cat({visual, lowlight.features.flatten(1)}, 1);
    NetworkOutput out;
    out.logits =
        classifier->forward(feature_attention->forward(feature_projection->forward(fused)));
    if (heatmap_size > 0) {
        out.luminance = luminance_maps(lowlight.luminance, heatmap_size);
        out.attention = lowlight.attention;
    }
    return out;
}

}  // namespace interceptor
