#pragma once
// nn.MultiheadAttention(embed_dim, heads, dropout, batch_first=True) as the
// seed network uses it: on a sequence of ONE token with query = key = value.
// Same parameter names (in_proj_weight, in_proj_bias, out_proj.*) so the
// Python state_dict loads. With one key the attention softmax is exactly 1,
// so the output is out_proj(W_v x + b_v); in training the attention dropout
// still drops whole heads, as PyTorch's does.
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

namespace interceptor {

class SingleTokenAttentionImpl : public torch::nn::Module {
  public:
    SingleTokenAttentionImpl(int embed_dim, int heads, double dropout);
    torch::Tensor forward(const torch::Tensor& x);  // (N, E) -> (N, E)

    torch::Tensor in_proj_weight, in_proj_bias;
    torch::nn::Linear out_proj{nullptr};
    int embed_dim, heads;
    double dropout;
};
TORCH_MODULE(SingleTokenAttention);

}  // namespace interceptor
