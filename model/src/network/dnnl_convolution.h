#pragma once
// One folded convolution run by oneDNN directly, for float32 tensors on the
// CPU. LibTorch 1.13's mkldnn_convolution describes the primitive again and
// reorders the weights into oneDNN's layout on every call, and applies the
// activation as a separate pass: on the seed network at batch 1 that was
// about 20 ms of overhead, 7.5 ms of weight reorders and 9.5 ms of SiLU in
// 81 ms. Here the primitive is made once per input layout and kept, the
// weights are reordered once, and the activation (and a residual sum) are
// fused into the convolution. Results are written channels-last, which
// oneDNN's kernels read and write as they are.
#include <torch/types.h>

#include <cstdint>
#include <memory>

namespace interceptor {

enum class ConvActivation { None, ReLU, ReLU6, SiLU, Sigmoid };

struct ConvGeometry {
    int stride = 1, padding = 0, groups = 1;
    bool same = false;  // TensorFlow's SAME padding, worked out from each input's size
};

class DnnlConvolution {
  public:
    // weight (out, in / groups, kh, kw) and bias (out): float32 CPU tensors.
    DnnlConvolution(const torch::Tensor& weight, const torch::Tensor& bias, ConvGeometry geometry,
                    ConvActivation activation);
    ~DnnlConvolution();
    DnnlConvolution(const DnnlConvolution&) = delete;
    DnnlConvolution& operator=(const DnnlConvolution&) = delete;

    // x: float32 CPU (N, C, H, W) in any strides. With sum given (the result's shape,
    // channels-last), the result is written into it: activation(conv(x) + sum).
    // Not thread-safe: one caller at a time.
    torch::Tensor operator()(const torch::Tensor& x, const torch::Tensor& sum = {}) const;
    std::int64_t weight_bytes() const;  // the reordered copies held

    static bool available();  // whether this build has oneDNN's headers

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace interceptor
