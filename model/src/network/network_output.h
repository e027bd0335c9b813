#pragma once
// What one forward pass of either network path (plain or folded) returns.
#include <torch/types.h>

#include <vector>

namespace interceptor {

struct NetworkOutput {
    torch::Tensor logits;  // (N, classes)
    // Present when heatmaps were asked for:
    torch::Tensor luminance;  // (N, 3, S, S): channel mean of each luminance branch, pooled to S
    torch::Tensor attention;  // (N, 68, 7, 7): the low-light attention weights
};

// Reduces the branch activations (3 x (N, 16, H, W)) to (N, 3, S, S).
torch::Tensor luminance_maps(const std::vector<torch::Tensor>& branches, int size);

}  // namespace interceptor
