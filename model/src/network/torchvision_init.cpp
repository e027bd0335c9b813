#include "network/torchvision_init.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/conv.h>

#include "network/batch_norm.h"

namespace interceptor {

void torchvision_init(torch::nn::Module& backbone) {
    torch::NoGradGuard no_grad;
    for (auto& module : backbone.modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2dImpl>()) {
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut);
            if (conv->bias.defined()) conv->bias.zero_();
        } else if (auto* bn = module->as<BatchNormImpl>()) {
            bn->weight.fill_(1.0);
            bn->bias.zero_();
        }
    }
}

}  // namespace interceptor
