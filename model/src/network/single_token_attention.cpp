#include "network/single_token_attention.h"

#include <torch/nn/functional.h>
#include <torch/nn/init.h>

namespace interceptor {

SingleTokenAttentionImpl::SingleTokenAttentionImpl(int dim, int num_heads, double p)
    : embed_dim(dim), heads(num_heads), dropout(p) {
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * dim, dim}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * dim}));
    out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
    // PyTorch's MultiheadAttention._reset_parameters
    torch::nn::init::xavier_uniform_(in_proj_weight);
    torch::nn::init::zeros_(out_proj->bias);
}

torch::Tensor SingleTokenAttentionImpl::forward(const torch::Tensor& x) {
    auto w_v = in_proj_weight.narrow(0, 2 * embed_dim, embed_dim);
    auto b_v = in_proj_bias.narrow(0, 2 * embed_dim, embed_dim);
    auto v = torch::nn::functional::linear(x, w_v, b_v);
    if (is_training() && dropout > 0) {
        // The (all ones) attention weights go through dropout per head.
        const double keep = 1.0 - dropout;
        auto mask = torch::empty({x.size(0), heads, 1}, x.options()).bernoulli_(keep).div_(keep);
        v = (v.view({x.size(0), heads, embed_dim / heads}) * mask).view({x.size(0), embed_dim});
    }
    return out_proj(v);
}

}  // namespace interceptor
