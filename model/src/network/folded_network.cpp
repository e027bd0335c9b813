#include "network/folded_network.h"

#include <ATen/Context.h>
#include <ATen/ops/mkldnn_convolution.h>
#include <torch/nn/functional.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "network/batch_norm.h"
#include "network/interceptor_net.h"
#include "network/mobilenet_v2.h"

namespace interceptor {
namespace F = torch::nn::functional;
namespace {

using torch::nn::Conv2dImpl;
using torch::nn::LinearImpl;
using torch::nn::SequentialImpl;

// Folding is done in float64 and stored as float32, to add as little
// rounding as possible on top of the network's own.
std::pair<torch::Tensor, torch::Tensor> bn_scale_shift(BatchNormImpl& bn) {
    auto scale = bn.weight.to(torch::kFloat64) /
                 (bn.running_var.to(torch::kFloat64) + bn.options.eps()).sqrt();
    auto shift = bn.bias.to(torch::kFloat64) - bn.running_mean.to(torch::kFloat64) * scale;
    return {scale, shift};
}

using Act = ConvActivation;

FoldedConv conv_only(Conv2dImpl& conv, Act activation = Act::None) {
    const auto& o = conv.options;
    FoldedConv f;
    f.weight = conv.weight.detach().clone();
    f.bias = conv.bias.defined() ? conv.bias.detach().clone() : torch::zeros({conv.weight.size(0)});
    f.geometry.stride = static_cast<int>((*o.stride())[0]);
    // A c10::variant before LibTorch 2.2 (its get found by argument-dependent lookup), a
    // std::variant since.
    using std::get;
    f.geometry.padding = static_cast<int>(get<torch::ExpandingArray<2>>(o.padding())->at(0));
    f.geometry.groups = static_cast<int>(o.groups());
    f.geometry.same = dynamic_cast<SameConv2dImpl*>(&conv) != nullptr;
    f.activation = activation;
    return f;
}

FoldedConv conv_bn(Conv2dImpl& conv, BatchNormImpl& bn, Act activation) {
    FoldedConv f = conv_only(conv, activation);
    auto [scale, shift] = bn_scale_shift(bn);
    auto w = conv.weight.to(torch::kFloat64) * scale.view({-1, 1, 1, 1});
    auto b = conv.bias.defined() ? conv.bias.to(torch::kFloat64) * scale + shift : shift;
    f.weight = w.to(torch::kFloat32);
    f.bias = b.to(torch::kFloat32);
    return f;
}

// A Sequential(conv, bn, ...) as built by conv_norm_activation or double_conv.
FoldedConv conv_bn_at(SequentialImpl& seq, std::size_t conv_index, Act activation) {
    return conv_bn(*seq[conv_index]->as<Conv2dImpl>(), *seq[conv_index + 1]->as<BatchNormImpl>(),
                   activation);
}

FoldedLinear linear_bn(LinearImpl& linear, BatchNormImpl& bn) {
    auto [scale, shift] = bn_scale_shift(bn);
    return {(linear.weight.to(torch::kFloat64) * scale.view({-1, 1})).to(torch::kFloat32),
            (linear.bias.to(torch::kFloat64) * scale + shift).to(torch::kFloat32)};
}

// In place, on a fresh tensor (tensors are shared handles).
torch::Tensor activate_(torch::Tensor t, Act activation) {
    switch (activation) {
        case Act::None:
            return t;
        case Act::ReLU:
            return t.relu_();
        case Act::ReLU6:
            return t.clamp_(0.0, 6.0);
        case Act::SiLU:
            return at::silu_(t);
        case Act::Sigmoid:
            return t.sigmoid_();
    }
    return t;
}

}  // namespace

torch::Tensor FoldedConv::operator()(const torch::Tensor& input, const torch::Tensor& add) const {
    if (cpu && input.is_cpu() && input.scalar_type() == torch::kFloat32) return (*cpu)(input, add);
    const int stride = geometry.stride, padding = geometry.padding, groups = geometry.groups;
    const auto& x =
        geometry.same ? pad_same(input, static_cast<int>(weight.size(2)), stride) : input;
    torch::Tensor y;
    // On the CPU without oneDNN's headers, oneDNN through ATen: its heuristics send 1x1
    // convolutions at batch 1 to a slower path (measured: 108 vs 154 ms for the B4 backbone).
    if (x.is_cpu() && x.scalar_type() == torch::kFloat32 && at::hasMKLDNN())
        y = at::mkldnn_convolution(x, weight, bias, {padding, padding}, {stride, stride}, {1, 1},
                                   groups);
    else
        y = torch::conv2d(x, weight, bias, stride, padding, 1, groups);
    if (add.defined()) y.add_(add);
    return activate_(y, activation);
}

torch::Tensor FoldedLinear::operator()(const torch::Tensor& x) const {
    return torch::nn::functional::linear(x, weight, bias);
}

void FoldedNetwork::fold_efficientnet(InterceptorNetImpl& net,
                                      const std::function<void()>& part_folded) {
    auto& features = *net.efficientnet->features;
    stem_ = conv_bn_at(*features[0]->as<SequentialImpl>(), 0, Act::SiLU);
    for (std::size_t stage = 1; stage + 1 < features.size(); ++stage) {
        for (const auto& module : *features[stage]->as<SequentialImpl>()) {
            auto* mb = module.ptr()->as<MBConvImpl>();
            auto& block = *mb->block;
            FoldedBlock b;
            std::size_t i = 0;
            if (block.size() == 4)
                b.expand = conv_bn_at(*block[i++]->as<SequentialImpl>(), 0, Act::SiLU);
            b.depthwise = conv_bn_at(*block[i++]->as<SequentialImpl>(), 0, Act::SiLU);
            auto* se = block[i++]->as<SqueezeExcitationImpl>();
            b.squeeze = conv_only(*se->fc1, Act::SiLU);
            b.excite = conv_only(*se->fc2, Act::Sigmoid);
            b.project = conv_bn_at(*block[i]->as<SequentialImpl>(), 0, Act::None);
            b.residual = mb->residual;
            blocks_.push_back(std::move(b));
            part_folded();
        }
    }
    head_ = conv_bn_at(*features[features.size() - 1]->as<SequentialImpl>(), 0, Act::SiLU);
}

void FoldedNetwork::fold_mobilenet(InterceptorNetImpl& net,
                                   const std::function<void()>& part_folded) {
    signed_input_ = true;
    auto& features = *net.mobilenet->features;
    stem_ = conv_bn_at(*features[0]->as<SequentialImpl>(), 0, Act::ReLU6);
    for (std::size_t k = 1; k + 1 < features.size(); ++k) {
        auto* unit = features[k]->as<InvertedResidualImpl>();
        auto& conv = *unit->conv;
        FoldedBlock b;
        std::size_t i = 0;
        if (conv.size() == 4)
            b.expand = conv_bn_at(*conv[i++]->as<SequentialImpl>(), 0, Act::ReLU6);
        b.depthwise = conv_bn_at(*conv[i++]->as<SequentialImpl>(), 0, Act::ReLU6);
        b.project = conv_bn_at(conv, i, Act::None);  // with its BatchNorm, in the block itself
        b.residual = unit->residual;
        blocks_.push_back(std::move(b));
        part_folded();
    }
    head_ = conv_bn_at(*features[features.size() - 1]->as<SequentialImpl>(), 0, Act::ReLU6);
}

FoldedNetwork::FoldedNetwork(InterceptorNetImpl& net, const std::function<void()>& part_folded) {
    torch::NoGradGuard no_grad;
    const std::function<void()> folded = part_folded ? part_folded : [] {};
    if (net.mobilenet)
        fold_mobilenet(net, folded);
    else
        fold_efficientnet(net, folded);
    folded();

    auto& lowlight = *net.specialist_module;
    for (int k = 0; k < 3; ++k) {
        auto& branch = *lowlight.luminance_branch[k]->as<SequentialImpl>();
        luminance_[k][0] = conv_bn_at(branch, 0, Act::ReLU);
        luminance_[k][1] = conv_bn_at(branch, 3, Act::ReLU);
    }
    for (auto [seq, out] :
         {std::pair{&*lowlight.noise_detector, noise_}, {&*lowlight.shadow_detector, shadow_}}) {
        out[0] = conv_bn_at(*seq, 0, Act::ReLU);
        out[1] = conv_bn_at(*seq, 3, Act::ReLU);
        out[2] = conv_only(*(*seq)[6]->as<Conv2dImpl>());
    }
    attention_[0] = conv_only(*(*lowlight.attention)[0]->as<Conv2dImpl>(), Act::ReLU);
    attention_[1] = conv_only(*(*lowlight.attention)[2]->as<Conv2dImpl>(), Act::Sigmoid);
    folded();

    // projection -> W_v -> out_proj -> classifier.1 -> classifier.2 (BN): all affine in eval.
    // The chain is multiplied from the narrow end (classifier.1 has 1024 rows), so that only
    // one of the wide square matrices is held in float64 at a time.
    auto d = [](const torch::Tensor& t) { return t.detach().to(torch::kFloat64); };
    auto& cls = *net.classifier;
    auto* first = cls[1]->as<LinearImpl>();
    auto& attn = *net.feature_attention;
    const int width = attn.embed_dim;
    auto chain = d(first->weight);
    auto bias = torch::matmul(chain, d(attn.out_proj->bias)) + d(first->bias);
    chain = torch::matmul(chain, d(attn.out_proj->weight));
    folded();
    // Only the value third of in_proj matters for one token (narrow before widening to float64).
    bias += torch::matmul(chain, d(attn.in_proj_bias.narrow(0, 2 * width, width)));
    chain = torch::matmul(chain, d(attn.in_proj_weight.narrow(0, 2 * width, width)));
    folded();
    bias += torch::matmul(chain, d(net.feature_projection->bias));
    chain = torch::matmul(chain, d(net.feature_projection->weight));
    folded();
    auto [scale, shift] = bn_scale_shift(*cls[2]->as<BatchNormImpl>());
    fused_head_ = {(chain * scale.view({-1, 1})).to(torch::kFloat32),
                   (bias * scale + shift).to(torch::kFloat32)};
    hidden_[0] = linear_bn(*cls[5]->as<LinearImpl>(), *cls[6]->as<BatchNormImpl>());
    hidden_[1] = linear_bn(*cls[9]->as<LinearImpl>(), *cls[10]->as<BatchNormImpl>());
    auto* last = cls[12]->as<LinearImpl>();
    output_ = {last->weight.detach().clone(), last->bias.detach().clone()};
    folded();
}

NetworkOutput FoldedNetwork::forward(const torch::Tensor& input, int heatmap_size) const {
    // Channels-last (NHWC) all the way: oneDNN's convolutions take and return it as it is,
    // where NCHW costs two reorders per convolution, into oneDNN's blocked layout and back
    // (measured on the seed network at batch 1: 24.6 of 90 ms were reorders, 7.5 after).
    const auto x = input.contiguous(at::MemoryFormat::ChannelsLast);
    // Every convolution returns a fresh tensor, or writes the residual sum into the block's
    // input, which nothing reads afterwards.
    auto h = stem_(signed_input_ ? to_signed_unit_range(x) : x);
    for (const auto& b : blocks_) {
        auto y = b.depthwise(b.expand ? (*b.expand)(h) : h);
        if (b.squeeze) y.mul_((*b.excite)((*b.squeeze)(y.mean({2, 3}, true))));
        h = b.project(y, b.residual ? h : torch::Tensor());
    }
    auto visual = head_(h).mean({2, 3});

    auto pool = [](const torch::Tensor& t) {
        return F::adaptive_avg_pool2d(t, F::AdaptiveAvgPool2dFuncOptions(7));
    };
    std::vector<torch::Tensor> activations, parts;
    for (const auto& branch : luminance_) {
        auto a = branch[1](branch[0](x));
        parts.push_back(pool(a));
        if (heatmap_size > 0) activations.push_back(a);
    }
    for (const auto* detector : {noise_, shadow_})
        parts.push_back(detector[2](pool(detector[1](detector[0](x)))));
    auto combined = torch::cat(parts, 1);
    auto weights = attention_[1](attention_[0](combined));
    auto fused = torch::cat({visual, (combined * weights).flatten(1)}, 1);

    auto z = fused_head_(fused).relu_();
    z = hidden_[0](z).relu_();
    z = hidden_[1](z).relu_();
    NetworkOutput out;
    out.logits = output_(z);
    if (heatmap_size > 0) {
        out.luminance = luminance_maps(activations, heatmap_size);
        out.attention = weights;
    }
    return out;
}

std::vector<FoldedConv*> FoldedNetwork::convs() {
    std::vector<FoldedConv*> all{&stem_, &head_};
    for (auto& b : blocks_) {
        for (auto* c : {&b.expand, &b.squeeze, &b.excite})
            if (*c) all.push_back(&**c);
        all.push_back(&b.depthwise);
        all.push_back(&b.project);
    }
    for (auto& branch : luminance_)
        for (auto& c : branch) all.push_back(&c);
    for (auto* group : {noise_, shadow_})
        for (int i = 0; i < 3; ++i) all.push_back(&group[i]);
    for (auto& c : attention_) all.push_back(&c);
    return all;
}

std::vector<torch::Tensor*> FoldedNetwork::tensors() {
    std::vector<torch::Tensor*> all;
    for (auto* c : convs()) {
        all.push_back(&c->weight);
        all.push_back(&c->bias);
    }
    for (auto* l : {&fused_head_, &hidden_[0], &hidden_[1], &output_}) {
        all.push_back(&l->weight);
        all.push_back(&l->bias);
    }
    return all;
}

void FoldedNetwork::to(torch::Device device) {
    for (auto* t : tensors()) *t = t->to(device);
    // On the CPU each convolution gets oneDNN's own form, where the build has it.
    const bool own = device.is_cpu() && DnnlConvolution::available();
    for (auto* c : convs())
        c->cpu = own ? std::make_shared<const DnnlConvolution>(c->weight, c->bias, c->geometry,
                                                               c->activation)
                     : nullptr;
}

std::int64_t FoldedNetwork::weight_bytes() const {
    auto& self = const_cast<FoldedNetwork&>(*this);
    std::int64_t total = 0;
    for (auto* t : self.tensors()) total += static_cast<std::int64_t>(t->nbytes());
    for (auto* c : self.convs())
        if (c->cpu) total += c->cpu->weight_bytes();
    return total;
}

}  // namespace interceptor
