#pragma once
// torchvision's initialisation of its CNN backbones (EfficientNet,
// MobileNetV2): convolutions Kaiming-normal (fan out) with zero bias,
// BatchNorm weight 1 and bias 0, so that training from scratch starts alike.
#include <torch/nn/module.h>

namespace interceptor {

void torchvision_init(torch::nn::Module& backbone);

}  // namespace interceptor
