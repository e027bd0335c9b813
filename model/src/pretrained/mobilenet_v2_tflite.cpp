#include "pretrained/mobilenet_v2_tflite.h"

#include <flatbuffers/flatbuffers.h>

#include <cmath>
#include <cstring>

#include "io/byte_view.h"
#include "network/mobilenet_v2_layout.h"
#include "pretrained/tflite_schema_generated.h"

namespace interceptor {
namespace {

namespace tfl = interceptor::tflite;
using Shape = std::vector<std::int64_t>;

// MobileNetV2 1.0 at 224 px, uint8, is 3.6 MB; a float32 one would be 14 MB.
constexpr std::size_t kMostBytes = 256u << 20;
constexpr int kImageNetClasses = 1001;  // with "background" first

std::string shape_text(const Shape& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

// The identifier as text, unprintable bytes in hex.
std::string identifier_text(const std::uint8_t* at) {
    std::string s;
    for (int i = 0; i < 4; ++i) {
        const unsigned char c = at[i];
        if (c >= 0x20 && c < 0x7f) {
            s += static_cast<char>(c);
        } else {
            static const char kHex[] = "0123456789abcdef";
            s += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
        }
    }
    return s;
}

const char* type_name(tfl::TensorType type) {
    switch (type) {
        case tfl::TensorType::FLOAT32:
            return "float32";
        case tfl::TensorType::FLOAT16:
            return "float16";
        case tfl::TensorType::INT32:
            return "int32";
        case tfl::TensorType::UINT8:
            return "uint8";
        case tfl::TensorType::INT64:
            return "int64";
        case tfl::TensorType::INT8:
            return "int8";
    }
    return "of another type";
}

// What TensorFlow Lite itself does: codes below 127 may sit in either field.
tfl::BuiltinOperator builtin_code(const tfl::OperatorCode& code) {
    return std::max(static_cast<tfl::BuiltinOperator>(code.deprecated_builtin_code()),
                    code.builtin_code());
}

// One graph's tensors and the model's buffers, with checked access.
class Graph {
  public:
    Graph(const tfl::Model& model, const tfl::SubGraph& graph) : model_(model), graph_(graph) {}

    Result<const tfl::Tensor*> tensor(std::int32_t index, const std::string& what) const {
        const auto* tensors = graph_.tensors();
        if (index < 0 || !tensors || static_cast<std::uint32_t>(index) >= tensors->size())
            return Error{what + ": tensor index " + std::to_string(index) + " is out of range"};
        return tensors->Get(static_cast<std::uint32_t>(index));
    }

    // A constant tensor's bytes, which must be exactly `bytes` long.
    Result<ByteView> data(const tfl::Tensor& tensor, std::size_t bytes,
                          const std::string& what) const {
        const auto* buffers = model_.buffers();
        if (!buffers || tensor.buffer() >= buffers->size())
            return Error{what + ": buffer index " + std::to_string(tensor.buffer()) +
                         " is out of range"};
        const auto* buffer = buffers->Get(tensor.buffer());
        if (buffer->offset() > 1)
            return Error{what + ": its data lies outside the FlatBuffer (the format of models " +
                         "over 2 GB), which this reader does not take"};
        const auto* bytes_in_file = buffer->data();
        const std::size_t have = bytes_in_file ? bytes_in_file->size() : 0;
        if (have != bytes)
            return Error{what + ": holds " + std::to_string(have) + " bytes of data, expected " +
                         std::to_string(bytes)};
        return ByteView{bytes_in_file->data(), have};
    }

  private:
    const tfl::Model& model_;
    const tfl::SubGraph& graph_;
};

Shape shape_of(const tfl::Tensor& tensor) {
    Shape shape;
    if (const auto* dims = tensor.shape())
        for (auto d : *dims) shape.push_back(d);
    return shape;
}

std::int64_t count(const Shape& shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

// Per-tensor quantisation: one finite, positive scale and one zero point.
struct Quantisation {
    double scale = 0;
    std::int64_t zero_point = 0;
};

Result<Quantisation> quantisation(const tfl::Tensor& tensor, const std::string& what) {
    const auto* q = tensor.quantization();
    if (!q || !q->scale() || q->scale()->size() == 0)
        return Error{what + ": has no quantisation parameters"};
    if (q->details_type() != tfl::QuantizationDetails::NONE)
        return Error{what + ": uses custom quantisation, which this reader does not take"};
    if (q->scale()->size() != 1)
        return Error{what + ": is quantised per channel (" + std::to_string(q->scale()->size()) +
                     " scales); this reader takes per-tensor quantisation only"};
    Quantisation out;
    out.scale = q->scale()->Get(0);
    if (!std::isfinite(out.scale) || out.scale <= 0)
        return Error{what + ": its quantisation scale " + std::to_string(out.scale) +
                     " is not a positive number"};
    if (q->zero_point() && q->zero_point()->size() > 1)
        return Error{what + ": has " + std::to_string(q->zero_point()->size()) + " zero points"};
    if (q->zero_point() && q->zero_point()->size() == 1) {
        // The Verifier checks a vector's length field for alignment, not its 8-byte
        // elements: read the bytes (little-endian), never a misaligned int64.
        const ByteView bytes{reinterpret_cast<const std::uint8_t*>(q->zero_point()->Data()), 8};
        out.zero_point = static_cast<std::int64_t>(bytes.u64(0));
    }
    return out;
}

// Checks a tensor's type and shape.
Result<Done> expect(const tfl::Tensor& tensor, tfl::TensorType type, const Shape& shape,
                    const std::string& what) {
    if (tensor.type() != type)
        return Error{what + ": is " + type_name(tensor.type()) + ", expected " + type_name(type)};
    if (shape_of(tensor) != shape)
        return Error{what + ": has shape " + shape_text(shape_of(tensor)) + ", expected " +
                     shape_text(shape)};
    return Done{};
}

// The uint8 weights of a convolution, dequantised, from TensorFlow Lite's
// layout (OHWI; 1HWC for depthwise) to PyTorch's (OIHW; C1HW).
Result<DequantisedConv> read_conv(const Graph& graph, const tfl::Operator& op, int out, int in,
                                  int kernel, bool depthwise, const std::string& what) {
    const auto* inputs = op.inputs();
    if (!inputs || inputs->size() != 3)
        return Error{what + ": has " + std::to_string(inputs ? inputs->size() : 0) +
                     " inputs, expected 3 (input, weights, bias)"};
    auto weights = graph.tensor(inputs->Get(1), what + " weights");
    if (!weights) return Error{weights.error()};
    auto bias = graph.tensor(inputs->Get(2), what + " bias");
    if (!bias) return Error{bias.error()};

    const Shape file_shape =
        depthwise ? Shape{1, kernel, kernel, out} : Shape{out, kernel, kernel, in};
    if (auto ok = expect(**weights, tfl::TensorType::UINT8, file_shape, what + " weights"); !ok)
        return Error{ok.error()};
    if (auto ok = expect(**bias, tfl::TensorType::INT32, {out}, what + " bias"); !ok)
        return Error{ok.error()};
    auto wq = quantisation(**weights, what + " weights");
    if (!wq) return Error{wq.error()};
    if (wq->zero_point < 0 || wq->zero_point > 255)
        return Error{what + " weights: zero point " + std::to_string(wq->zero_point) +
                     " is outside 0..255"};
    auto bq = quantisation(**bias, what + " bias");
    if (!bq) return Error{bq.error()};
    if (bq->zero_point != 0)
        return Error{what + " bias: zero point " + std::to_string(bq->zero_point) +
                     ", expected 0 for int32 biases"};
    auto w = graph.data(**weights, static_cast<std::size_t>(count(file_shape)), what + " weights");
    if (!w) return Error{w.error()};
    auto b = graph.data(**bias, static_cast<std::size_t>(out) * 4, what + " bias");
    if (!b) return Error{b.error()};

    DequantisedConv conv;
    conv.shape = depthwise ? Shape{out, 1, kernel, kernel} : Shape{out, in, kernel, kernel};
    conv.weight.resize(static_cast<std::size_t>(count(file_shape)));
    const int channels = depthwise ? 1 : in;  // PyTorch's second dimension
    for (int o = 0; o < out; ++o)
        for (int y = 0; y < kernel; ++y)
            for (int x = 0; x < kernel; ++x)
                for (int i = 0; i < channels; ++i) {
                    // file: depthwise [0][y][x][o], else [o][y][x][i]; PyTorch: [o][i][y][x]
                    const std::size_t from =
                        depthwise
                            ? (static_cast<std::size_t>(y) * kernel + x) * out + o
                            : ((static_cast<std::size_t>(o) * kernel + y) * kernel + x) * in + i;
                    const std::size_t to =
                        ((static_cast<std::size_t>(o) * channels + i) * kernel + y) * kernel + x;
                    conv.weight[to] = static_cast<float>(
                        wq->scale * (static_cast<double>(w->data[from]) - wq->zero_point));
                }
    conv.bias.resize(static_cast<std::size_t>(out));
    for (int o = 0; o < out; ++o)  // TFLite buffers are little-endian, whatever the host
        conv.bias[o] = static_cast<float>(
            bq->scale * static_cast<double>(static_cast<std::int32_t>(b->u32(4u * o))));
    return conv;
}

// The convolution operator's options: kind, stride, SAME padding, no dilation, activation.
Result<Done> check_options(const tfl::Operator& op, bool depthwise, int stride, bool relu6,
                           const std::string& what) {
    tfl::Padding padding;
    int stride_w, stride_h, dilation_w, dilation_h;
    tfl::ActivationFunctionType activation;
    if (depthwise) {
        const auto* o = op.builtin_options_as_DepthwiseConv2DOptions();
        if (!o) return Error{what + ": has no depthwise convolution options"};
        if (o->depth_multiplier() != 1)
            return Error{what + ": depth multiplier " + std::to_string(o->depth_multiplier()) +
                         ", expected 1"};
        padding = o->padding(), stride_w = o->stride_w(), stride_h = o->stride_h();
        dilation_w = o->dilation_w_factor(), dilation_h = o->dilation_h_factor();
        activation = o->fused_activation_function();
    } else {
        const auto* o = op.builtin_options_as_Conv2DOptions();
        if (!o) return Error{what + ": has no convolution options"};
        padding = o->padding(), stride_w = o->stride_w(), stride_h = o->stride_h();
        dilation_w = o->dilation_w_factor(), dilation_h = o->dilation_h_factor();
        activation = o->fused_activation_function();
    }
    if (stride_w != stride || stride_h != stride)
        return Error{what + ": stride " + std::to_string(stride_h) + "x" +
                     std::to_string(stride_w) + ", expected " + std::to_string(stride)};
    if (padding != tfl::Padding::SAME) return Error{what + ": padding is not SAME"};
    if (dilation_w != 1 || dilation_h != 1) return Error{what + ": is dilated"};
    const auto wanted =
        relu6 ? tfl::ActivationFunctionType::RELU6 : tfl::ActivationFunctionType::NONE;
    if (activation != wanted)
        return Error{what + (relu6 ? ": is not followed by ReLU6"
                                   : ": has an activation, expected none (a linear bottleneck)")};
    return Done{};
}

// The graph's input must be 224x224 RGB uint8 that means x / 127.5 - 1.
Result<Done> check_input(const Graph& graph, const tfl::SubGraph& sub) {
    if (!sub.inputs() || sub.inputs()->size() != 1)
        return Error{"the model does not have exactly one input"};
    auto input = graph.tensor(sub.inputs()->Get(0), "the input");
    if (!input) return Error{input.error()};
    if (auto ok = expect(**input, tfl::TensorType::UINT8, {1, 224, 224, 3}, "the input"); !ok)
        return ok;
    auto q = quantisation(**input, "the input");
    if (!q) return Error{q.error()};
    if (q->zero_point < 0 || q->zero_point > 255)
        return Error{"the input: zero point " + std::to_string(q->zero_point) +
                     " is outside 0..255"};
    const double low = q->scale * (0 - q->zero_point), high = q->scale * (255 - q->zero_point);
    if (std::abs(low + 1) > 0.01 || std::abs(high - 1) > 0.01)
        return Error{"the input's pixels mean " + std::to_string(low) + ".." +
                     std::to_string(high) + ", not -1..1 as MobileNetV2's training had them"};
    return Done{};
}

std::string describe(const MobileNetV2Conv& c, std::size_t index, std::size_t total) {
    return "convolution " + std::to_string(index + 1) + " of " + std::to_string(total) +
           " (features." + c.module + ", " + (c.depthwise ? "depthwise " : "") +
           std::to_string(c.kernel) + "x" + std::to_string(c.kernel) + " " + std::to_string(c.in) +
           "->" + std::to_string(c.out) + " stride " + std::to_string(c.stride) + ")";
}

}  // namespace

Result<MobileNetV2Weights> read_mobilenet_v2_tflite(const std::uint8_t* data, std::size_t size) {
    if (size < 8) return Error{"too short for a TFLite file (" + std::to_string(size) + " bytes)"};
    if (size > kMostBytes)
        return Error{"too large for MobileNetV2 weights (" + std::to_string(size) + " bytes)"};
    if (!tfl::ModelBufferHasIdentifier(data))
        return Error{"not a TFLite file: its FlatBuffers identifier is '" +
                     identifier_text(data + 4) + "', not 'TFL3'"};
    flatbuffers::Verifier verifier(data, size);
    if (!tfl::VerifyModelBuffer(verifier))
        return Error{
            "damaged: its FlatBuffers structure does not verify (a table, offset or "
            "length does not fit in the file)"};
    const auto& model = *tfl::GetModel(data);
    if (model.version() != 3)
        return Error{"TFLite schema version " + std::to_string(model.version()) + ", expected 3"};
    if (!model.subgraphs() || model.subgraphs()->size() == 0)
        return Error{"the model has no subgraph"};
    const auto& sub = *model.subgraphs()->Get(0);
    const Graph graph(model, sub);
    if (auto ok = check_input(graph, sub); !ok) return Error{ok.error()};

    // The convolutions in execution order, the backbone's then the classifier's, each
    // checked as it comes (the first that does not fit names the problem).
    const auto& layout = mobilenet_v2_convs();
    const std::size_t total = layout.size() + 1;
    MobileNetV2Weights out;
    if (model.description()) out.description = model.description()->str();
    const tfl::Operator* classifier_op = nullptr;
    std::size_t found = 0;
    const auto* codes = model.operator_codes();
    if (sub.operators())
        for (const auto* op : *sub.operators()) {
            if (!codes || op->opcode_index() >= codes->size())
                return Error{"an operator's code index " + std::to_string(op->opcode_index()) +
                             " is out of range"};
            const auto code = builtin_code(*codes->Get(op->opcode_index()));
            const bool depthwise = code == tfl::BuiltinOperator::DEPTHWISE_CONV_2D;
            if (code != tfl::BuiltinOperator::CONV_2D && !depthwise) continue;
            if (++found > total)
                return Error{"not MobileNetV2 1.0: more than " + std::to_string(total) +
                             " convolutions"};
            if (found == total) {
                if (depthwise)
                    return Error{"not MobileNetV2 1.0: its last convolution is depthwise"};
                classifier_op = op;
                continue;
            }
            const auto& c = layout[found - 1];
            const std::string what = describe(c, found - 1, total);
            if (depthwise != c.depthwise)
                return Error{"not MobileNetV2 1.0: " + what + " is " +
                             (depthwise ? "depthwise" : "not depthwise")};
            if (auto ok = check_options(*op, c.depthwise, c.stride, c.relu6, what); !ok)
                return Error{ok.error()};
            auto conv = read_conv(graph, *op, c.out, c.in, c.kernel, c.depthwise, what);
            if (!conv) return Error{conv.error()};
            out.convs.push_back(std::move(*conv));
        }
    if (found != total)
        return Error{"not MobileNetV2 1.0: " + std::to_string(found) + " convolutions, expected " +
                     std::to_string(layout.size()) + " and the classifier's"};

    const std::string what = "the classifier (convolution " + std::to_string(total) + " of " +
                             std::to_string(total) + ", 1x1 " + std::to_string(kMobileNetV2Last) +
                             "->" + std::to_string(kImageNetClasses) + ")";
    if (auto ok = check_options(*classifier_op, false, 1, false, what); !ok)
        return Error{ok.error()};
    auto classifier =
        read_conv(graph, *classifier_op, kImageNetClasses, kMobileNetV2Last, 1, false, what);
    if (!classifier) return Error{classifier.error()};
    out.classifier = std::move(*classifier);
    return out;
}

}  // namespace interceptor
