#pragma once
// The low-light analysis module of model.md ("specialist_module"): three
// luminance branches (3x3, 5x5, 7x7), a noise detector and a shadow
// detector, each pooled to 7x7, concatenated (68 channels) and reweighted by
// a channel-and-position attention. Besides its output it can hand back what
// heatmaps are drawn from, with no second forward pass.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>

namespace interceptor {

struct LowLightOutput {
    torch::Tensor features;  // (N, 68, 7, 7), attention applied
    // Filled when asked: per-pixel activations of the three luminance
    // branches, (N, 16, H, W) each, and the attention weights (N, 68, 7, 7).
    std::vector<torch::Tensor> luminance;
    torch::Tensor attention;
};

class LowLightModuleImpl : public torch::nn::Module {
  public:
    LowLightModuleImpl();
    LowLightOutput forward(const torch::Tensor& x, bool keep_activations = false);

    torch::nn::ModuleList luminance_branch;
    torch::nn::Sequential noise_detector, shadow_detector, attention;
};
TORCH_MODULE(LowLightModule);

}  // namespace interceptor
