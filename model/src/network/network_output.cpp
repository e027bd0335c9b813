#include "network/network_output.h"

#include <torch/nn/functional.h>

namespace interceptor {

torch::Tensor luminance_maps(const std::vector<torch::Tensor>& branches, int size) {
    std::vector<torch::Tensor> maps;
    for (const auto& b : branches) maps.push_back(b.mean(1, /*keepdim=*/true));
    namespace F = torch::nn::functional;
    return F::adaptive_avg_pool2d(torch::cat(maps, 1), F::AdaptiveAvgPool2dFuncOptions(size));
}

}  // namespace interceptor
