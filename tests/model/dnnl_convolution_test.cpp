// oneDNN's convolutions, as the folded network runs them on the CPU, against
// LibTorch's own conv2d followed by the activation: every activation, strides,
// padding, depthwise groups, TensorFlow's SAME padding, a fused residual sum,
// both input layouts and several input shapes through one object (its kept
// primitives must not be mixed up).
// LibTorch first: Debian's defines glog's CHECK, which Catch's must replace.
#include <torch/nn/functional.h>
#include <torch/torch.h>

#include "network/dnnl_convolution.h"
#include "network/mobilenet_v2.h"

#include <catch2/catch.hpp>

using namespace interceptor;
namespace F = torch::nn::functional;

namespace {

torch::Tensor activated(torch::Tensor y, ConvActivation a) {
    switch (a) {
        case ConvActivation::None:
            return y;
        case ConvActivation::ReLU:
            return y.relu();
        case ConvActivation::ReLU6:
            return y.clamp(0, 6);
        case ConvActivation::SiLU:
            return torch::silu(y);
        case ConvActivation::Sigmoid:
            return y.sigmoid();
    }
    return y;
}

torch::Tensor reference(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
                        ConvGeometry g, ConvActivation a, const torch::Tensor& sum = {}) {
    const auto input = g.same ? pad_same(x, static_cast<int>(w.size(2)), g.stride) : x;
    auto y = torch::conv2d(input, w, b, g.stride, g.padding, 1, g.groups);
    if (sum.defined()) y = y + sum;
    return activated(y, a);
}

double largest_difference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

TEST_CASE("oneDNN's convolutions compute what conv2d and the activation compute",
          "[dnnl][folded]") {
    if (!DnnlConvolution::available()) {
        WARN("built without oneDNN's headers (libdnnl-dev): the folded network uses ATen");
        return;
    }
    torch::manual_seed(5);
    struct Case {
        const char* name;
        int in, out, kernel;
        ConvGeometry geometry;
        ConvActivation activation;
    };
    const Case cases[] = {
        {"3x3 stride 2, SiLU", 8, 16, 3, {2, 1, 1, false}, ConvActivation::SiLU},
        {"1x1, no activation", 16, 24, 1, {1, 0, 1, false}, ConvActivation::None},
        {"7x7 padding 3, ReLU", 3, 16, 7, {1, 3, 1, false}, ConvActivation::ReLU},
        {"5x5 depthwise stride 2, ReLU6", 24, 24, 5, {2, 2, 24, false}, ConvActivation::ReLU6},
        {"3x3 depthwise SAME stride 2", 16, 16, 3, {2, 0, 16, true}, ConvActivation::ReLU6},
        {"1x1 on a 1x1 map, sigmoid", 12, 20, 1, {1, 0, 1, false}, ConvActivation::Sigmoid},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        const int groups = c.geometry.groups;
        auto w = torch::randn({c.out, c.in / groups, c.kernel, c.kernel}) * 0.2;
        auto b = torch::randn({c.out});
        DnnlConvolution conv(w, b, c.geometry, c.activation);
        const bool point = std::string(c.name).find("1x1 map") != std::string::npos;
        // Several shapes and both layouts through the same object.
        for (auto [n, size] : {std::pair{1, 17}, {2, 17}, {1, 12}, {1, 17}}) {
            if (point) size = 1;
            auto x = torch::randn({n, c.in, size, size});
            for (bool channels_last : {false, true}) {
                auto input = channels_last ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
                auto got = conv(input);
                auto want = reference(x, w, b, c.geometry, c.activation);
                REQUIRE(got.sizes() == want.sizes());
                CHECK(got.is_contiguous(at::MemoryFormat::ChannelsLast));
                CHECK(largest_difference(got, want) < 1e-4);
            }
        }
    }
}

TEST_CASE("a residual sum is fused into the convolution, written into the sum's tensor",
          "[dnnl][folded]") {
    if (!DnnlConvolution::available()) {
        WARN("built without oneDNN's headers (libdnnl-dev): the folded network uses ATen");
        return;
    }
    torch::manual_seed(6);
    auto w = torch::randn({16, 16, 1, 1}) * 0.2;
    auto b = torch::randn({16});
    DnnlConvolution project(w, b, {1, 0, 1, false}, ConvActivation::None);
    auto x = torch::randn({2, 16, 9, 9}).contiguous(at::MemoryFormat::ChannelsLast);
    auto residual = torch::randn({2, 16, 9, 9}).contiguous(at::MemoryFormat::ChannelsLast);
    const auto want = reference(x, w, b, {1, 0, 1, false}, ConvActivation::None, residual);
    const auto* storage = residual.data_ptr<float>();
    auto got = project(x, residual);
    CHECK(got.data_ptr<float>() == storage);
    CHECK(largest_difference(got, want) < 1e-4);
    // The same object without a sum still computes the plain convolution.
    CHECK(largest_difference(project(x),
                             reference(x, w, b, {1, 0, 1, false}, ConvActivation::None)) < 1e-4);
}
