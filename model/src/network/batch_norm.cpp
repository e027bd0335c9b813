#include "network/batch_norm.h"

#include <torch/torch.h>

namespace interceptor {

BatchNormImpl::BatchNormImpl(const torch::nn::BatchNormOptions& options_) : options(options_) {
    reset();
}

// In torch.nn.BatchNorm2d's order and initial values.
void BatchNormImpl::reset() {
    const auto n = options.num_features();
    weight = register_parameter("weight", torch::ones({n}));
    bias = register_parameter("bias", torch::zeros({n}));
    running_mean = register_buffer("running_mean", torch::zeros({n}));
    running_var = register_buffer("running_var", torch::ones({n}));
    num_batches_tracked = register_buffer("num_batches_tracked", torch::tensor(0, torch::kLong));
}

void BatchNormImpl::pretty_print(std::ostream& stream) const {
    stream << "interceptor::BatchNorm(" << options.num_features() << ", eps=" << options.eps()
           << ", momentum=";
    if (options.momentum())
        stream << *options.momentum();
    else
        stream << "None";
    stream << ")";
}

torch::Tensor BatchNormImpl::forward(const torch::Tensor& x) {
    if (!is_training())
        return torch::batch_norm(x, weight, bias, running_mean, running_var, false, 0,
                                 options.eps(), true);
    num_batches_tracked += 1;
    if (sum_over_processes) return synchronised(x);
    // As torch.nn.BatchNorm2d: a fixed momentum, or the cumulative average when there is none.
    const double momentum =
        options.momentum() ? *options.momentum() : 1.0 / num_batches_tracked.item<double>();
    return torch::batch_norm(x, weight, bias, running_mean, running_var, true, momentum,
                             options.eps(), true);
}

torch::Tensor BatchNormImpl::synchronised(const torch::Tensor& x) {
    // Per channel: the sum, the sum of squares (accumulated in double: the variance is their
    // difference) and the count, summed over the processes in one exchange.
    const auto channels = x.size(1);
    const bool planes = x.dim() == 4;
    const std::vector<std::int64_t> dims =
        planes ? std::vector<std::int64_t>{0, 2, 3} : std::vector<std::int64_t>{0};
    const auto count = torch::full({1}, static_cast<double>(x.numel() / channels),
                                   x.options().dtype(torch::kDouble));
    const auto total = sum_over_processes(torch::cat(
        {x.sum(dims, false, torch::kDouble), (x * x).sum(dims, false, torch::kDouble), count}));
    const auto n = total[2 * channels];
    const auto mean = total.slice(0, 0, channels) / n;
    const auto variance = (total.slice(0, channels, 2 * channels) / n - mean * mean).clamp_min(0);
    {
        torch::NoGradGuard no_grad;
        const double momentum =
            options.momentum() ? *options.momentum() : 1.0 / num_batches_tracked.item<double>();
        const auto unbiased = variance * n / (n - 1).clamp_min(1);
        running_mean.mul_(1 - momentum).add_(mean.to(running_mean.dtype()), momentum);
        running_var.mul_(1 - momentum).add_(unbiased.to(running_var.dtype()), momentum);
    }
    const std::vector<std::int64_t> shape = planes ? std::vector<std::int64_t>{1, channels, 1, 1}
                                                   : std::vector<std::int64_t>{1, channels};
    const auto inverse = (variance + options.eps()).rsqrt().to(x.scalar_type());
    const auto scale = inverse * weight;
    const auto shift = bias - mean.to(x.scalar_type()) * scale;
    return x * scale.view(shape) + shift.view(shape);
}

void synchronise_batch_norms(torch::nn::Module& net, const ProcessSum& sum) {
    for (auto& module : net.modules())
        if (auto* norm = module->as<BatchNormImpl>()) norm->sum_over_processes = sum;
}

}  // namespace interceptor
