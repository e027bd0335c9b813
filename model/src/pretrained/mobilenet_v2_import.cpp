#include "pretrained/mobilenet_v2_import.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/utils.h>

#include <stdexcept>

namespace interceptor {
namespace {

torch::Tensor tensor_of(const std::vector<float>& values, const std::vector<std::int64_t>& shape) {
    return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32).clone();
}

}  // namespace

// The file's convolutions have their BatchNorm folded in (w' = w g / s and
// b' = beta - m g / s, with s = sqrt(var + eps)). The backbone keeps
// torchvision's BatchNorm after each convolution, so that its state_dict is
// torchvision's and Python reads it; each is set to the identity plus the
// folded bias: weight 1, bias b', running mean 0, running variance 1 - eps
// (then sqrt(var + eps) = 1). In eval mode the backbone computes the file's
// function exactly (in float, without its uint8 activations).
//
// Fine-tuning: in train mode BatchNorm normalises by each batch's own
// statistics, not the running ones, so the first training step would rescale
// every channel of every layer to zero mean and unit variance and throw much
// of the pretrained function away. A fine-tuning run therefore has to keep the
// backbone's BatchNorm layers in eval mode (frozen statistics, the usual
// choice with small batches; they still learn their weight and bias), or
// first measure each channel's mean m and variance v on training images and
// set running mean m, running variance v, weight sqrt(v + eps) and bias b' + m:
// the same function in eval mode, and nearly the same in train mode on such
// batches. The running statistics here are those of neither: the momentum
// (0.1) then moves them towards the data's.
void load_mobilenet_v2(MobileNetV2Impl& backbone, const MobileNetV2Weights& weights) {
    auto layers = backbone.convolutions();
    if (layers.size() != weights.convs.size())
        throw std::logic_error("MobileNetV2 backbone and TFLite weights differ in length");
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto& [conv, norm] = layers[i];
        const auto& w = weights.convs[i];
        auto weight = tensor_of(w.weight, w.shape);
        if (weight.sizes() != conv->weight.sizes())
            throw std::logic_error("MobileNetV2 layer " + std::to_string(i) + " has another shape");
        conv->weight.copy_(weight);
        const double eps = norm->options.eps();
        norm->weight.fill_(1.0);
        norm->bias.copy_(tensor_of(w.bias, {static_cast<std::int64_t>(w.bias.size())}));
        norm->running_mean.zero_();
        norm->running_var.fill_(1.0 - eps);
        norm->num_batches_tracked.zero_();
    }
}

std::pair<torch::Tensor, torch::Tensor> imagenet_classifier(const MobileNetV2Weights& weights) {
    const auto& c = weights.classifier;
    return {tensor_of(c.weight, c.shape).flatten(1),
            tensor_of(c.bias, {static_cast<std::int64_t>(c.bias.size())})};
}

}  // namespace interceptor
