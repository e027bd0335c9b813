#pragma once
// The tensors of a checkpoint, in state_dict order. model/src only.
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"

namespace interceptor {

struct Checkpoint::State {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    const torch::Tensor* find(const std::string& key) const;
    // Elements of the floating-point tensors that are parameters (BatchNorm
    // running statistics and counters excluded), as PyTorch counts them.
    std::int64_t parameter_count() const;
};

}  // namespace interceptor
