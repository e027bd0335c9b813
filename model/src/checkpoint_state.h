#pragma once
// The tensors of a checkpoint, in state_dict order. model/src only.
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "interceptor/model/checkpoint.h"

namespace interceptor {

struct Checkpoint::State {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    const torch::Tensor* find(const std::string& key) const;
};

}  // namespace interceptor
