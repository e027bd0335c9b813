#include "network/dnnl_convolution.h"

#include <stdexcept>

#ifdef INTERCEPTOR_WITH_DNNL
#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

#include "network/mobilenet_v2_layout.h"
#endif

namespace interceptor {

#ifdef INTERCEPTOR_WITH_DNNL
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

const dnnl::engine& cpu_engine() {
    static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

memory::dims dims_of(const torch::Tensor& t) { return {t.sizes().begin(), t.sizes().end()}; }

// A tensor's own layout. Named where it has a name: oneDNN picks its kernels by the layout,
// and a 1x1 map given by strides alone got its slow reference kernel (534 against 63 us).
memory::desc desc_of(const torch::Tensor& t) {
    if (t.is_contiguous(at::MemoryFormat::ChannelsLast)) return {dims_of(t), kF32, Tag::nhwc};
    if (t.is_contiguous()) return {dims_of(t), kF32, Tag::nchw};
    return memory::desc(dims_of(t), kF32, memory::dims(t.strides().begin(), t.strides().end()));
}

}  // namespace

struct DnnlConvolution::Impl {
    ConvGeometry geometry;
    ConvActivation activation;
    memory::desc user_weights;
    torch::Tensor weight, bias;  // the caller's, contiguous (what reorders read)
    struct Shape {               // one input layout (and whether a sum is fused)
        memory::desc src;
        bool sum;
        dnnl::convolution_forward::primitive_desc pd;
        dnnl::convolution_forward primitive;
        std::size_t weights;  // index into reordered
    };
    std::vector<Shape> shapes;
    std::vector<dnnl::memory> reordered;  // the weights in each layout a primitive wanted
    dnnl::stream stream{cpu_engine()};    // made once: every call runs on it

    const Shape& shape_for(const torch::Tensor& x, bool sum) {
        const auto src = desc_of(x);
        for (const auto& s : shapes)
            if (s.sum == sum && s.src == src) return s;

        const auto kh = weight.size(2), kw = weight.size(3);
        memory::dims pad_l{geometry.padding, geometry.padding}, pad_r = pad_l;
        if (geometry.same) {
            const auto h =
                same_padding(static_cast<int>(x.size(2)), static_cast<int>(kh), geometry.stride);
            const auto w =
                same_padding(static_cast<int>(x.size(3)), static_cast<int>(kw), geometry.stride);
            pad_l = {h.before, w.before};
            pad_r = {h.after, w.after};
        }
        auto out = [&](int d, int size) {
            return (size + pad_l[d] + pad_r[d] - (d == 0 ? kh : kw)) / geometry.stride + 1;
        };
        const memory::dims dst_dims{x.size(0), weight.size(0), out(0, static_cast<int>(x.size(2))),
                                    out(1, static_cast<int>(x.size(3)))};
        dnnl::post_ops ops;
        if (sum) ops.append_sum(1.0f);
        switch (activation) {
            case ConvActivation::None:
                break;
            case ConvActivation::ReLU:
                ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
                break;
            case ConvActivation::ReLU6:
                ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, 0.0f, 6.0f);
                break;
            case ConvActivation::SiLU:
                ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_swish, 1.0f, 0.0f);
                break;
            case ConvActivation::Sigmoid:
                ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_logistic, 0.0f, 0.0f);
                break;
        }
        dnnl::primitive_attr attr;
        attr.set_post_ops(ops);
        const memory::desc any_weights(user_weights.dims(), kF32, Tag::any);
        const dnnl::convolution_forward::desc desc(
            dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src,
            any_weights, memory::desc({weight.size(0)}, kF32, Tag::a),
            memory::desc(dst_dims, kF32, Tag::nhwc), {geometry.stride, geometry.stride}, pad_l,
            pad_r);
        dnnl::convolution_forward::primitive_desc pd(desc, attr, cpu_engine());

        std::size_t index = 0;
        while (index < reordered.size() && reordered[index].get_desc() != pd.weights_desc())
            ++index;
        if (index == reordered.size()) {
            dnnl::memory into(pd.weights_desc(), cpu_engine());
            dnnl::memory from(user_weights, cpu_engine(), weight.data_ptr());
            dnnl::reorder(from, into).execute(stream, from, into);
            stream.wait();
            reordered.push_back(into);
        }
        shapes.push_back({src, sum, pd, dnnl::convolution_forward(pd), index});
        return shapes.back();
    }
};

DnnlConvolution::DnnlConvolution(const torch::Tensor& weight, const torch::Tensor& bias,
                                 ConvGeometry geometry, ConvActivation activation)
    : impl_(std::make_unique<Impl>()) {
    impl_->geometry = geometry;
    impl_->activation = activation;
    impl_->weight = weight.contiguous();
    impl_->bias = bias.contiguous();
    const auto g = geometry.groups;
    impl_->user_weights =
        g == 1
            ? memory::desc(dims_of(impl_->weight), kF32, Tag::oihw)
            : memory::desc({g, weight.size(0) / g, weight.size(1), weight.size(2), weight.size(3)},
                           kF32, Tag::goihw);
}

torch::Tensor DnnlConvolution::operator()(const torch::Tensor& x, const torch::Tensor& sum) const {
    const auto& shape = impl_->shape_for(x, sum.defined());
    const auto dst_desc = shape.pd.dst_desc();
    torch::Tensor out =
        sum.defined() ? sum
                      : torch::empty({dst_desc.dims()[0], dst_desc.dims()[1], dst_desc.dims()[2],
                                      dst_desc.dims()[3]},
                                     x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const auto& engine = cpu_engine();
    auto& stream = impl_->stream;
    shape.primitive.execute(
        stream, {{DNNL_ARG_SRC, memory(shape.src, engine, x.data_ptr())},
                 {DNNL_ARG_WEIGHTS, impl_->reordered[shape.weights]},
                 {DNNL_ARG_BIAS, memory(shape.pd.bias_desc(), engine, impl_->bias.data_ptr())},
                 {DNNL_ARG_DST, memory(dst_desc, engine, out.data_ptr())}});
    stream.wait();
    return out;
}

std::int64_t DnnlConvolution::weight_bytes() const {
    std::int64_t total = 0;
    for (const auto& m : impl_->reordered)
        total += static_cast<std::int64_t>(m.get_desc().get_size());
    return total;
}

bool DnnlConvolution::available() { return true; }

#else

struct DnnlConvolution::Impl {};

DnnlConvolution::DnnlConvolution(const torch::Tensor&, const torch::Tensor&, ConvGeometry,
                                 ConvActivation) {
    throw std::logic_error("this build has no oneDNN headers (DnnlConvolution::available())");
}

torch::Tensor DnnlConvolution::operator()(const torch::Tensor&, const torch::Tensor&) const {
    return {};
}

std::int64_t DnnlConvolution::weight_bytes() const { return 0; }

bool DnnlConvolution::available() { return false; }

#endif

DnnlConvolution::~DnnlConvolution() = default;

}  // namespace interceptor
