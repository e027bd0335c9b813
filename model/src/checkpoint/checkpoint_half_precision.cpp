// Checkpoint::in_half_precision: a float16 copy for shipping.
#include "checkpoint/checkpoint_state.h"

namespace interceptor {

Checkpoint Checkpoint::in_half_precision() const {
    auto state = std::make_shared<State>();
    for (const auto& [key, tensor] : state_->tensors)
        state->tensors.emplace_back(
            key, tensor.scalar_type() == torch::kFloat32 ? tensor.to(torch::kFloat16) : tensor);
    return Checkpoint(std::move(state), metadata_);
}

}  // namespace interceptor
