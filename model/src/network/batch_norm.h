#pragma once
// The network's BatchNorm: torch.nn.BatchNorm1d (N, C) and BatchNorm2d
// (N, C, H, W) as the seed and torchvision build them (affine, with running
// statistics; the same parameter and buffer
// names, so checkpoints, folding and the Python reference see no difference),
// whose training statistics can span several processes. Data-parallel
// training sets `sum_over_processes`: the mean and variance are then those of
// the global batch, as one process with the whole batch would compute them,
// and the gradient flows through the sums (synchronised BatchNorm). It is our
// own module rather than a subclass of LibTorch's because Debian's LibTorch
// does not export what a subclass needs (BatchNormImplBase's pretty_print),
// and one module serves both shapes.
#include <torch/nn/cloneable.h>
#include <torch/nn/options/batchnorm.h>

#include <functional>

namespace interceptor {

// Sums a tensor over every process of a training group; differentiable (its gradient is
// the sum of the processes' gradients).
using ProcessSum = std::function<torch::Tensor(const torch::Tensor&)>;

class BatchNormImpl : public torch::nn::Cloneable<BatchNormImpl> {
  public:
    explicit BatchNormImpl(std::int64_t features)
        : BatchNormImpl(torch::nn::BatchNormOptions(features)) {}
    explicit BatchNormImpl(const torch::nn::BatchNormOptions& options);

    void reset() override;
    void pretty_print(std::ostream& stream) const override;
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::BatchNormOptions options;  // affine and track_running_stats are always on
    torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
    ProcessSum sum_over_processes;  // empty: this process's batch alone

  private:
    torch::Tensor synchronised(const torch::Tensor& x);
};
TORCH_MODULE(BatchNorm);

// Gives every BatchNorm of `net` this sum (an empty one: back to local statistics).
void synchronise_batch_norms(torch::nn::Module& net, const ProcessSum& sum);

}  // namespace interceptor
