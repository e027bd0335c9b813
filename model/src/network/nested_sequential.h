#pragma once
// LibTorch's Sequential cannot hold another Sequential (its templated
// forward() does not fit AnyModule); this one has a plain Tensor forward().
#include <torch/nn/modules/container/sequential.h>

namespace interceptor {

class NestedSequentialImpl : public torch::nn::SequentialImpl {
  public:
    using SequentialImpl::SequentialImpl;
    torch::Tensor forward(torch::Tensor x) { return SequentialImpl::forward(std::move(x)); }
};
TORCH_MODULE(NestedSequential);

}  // namespace interceptor
