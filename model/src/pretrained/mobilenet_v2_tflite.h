#pragma once
// Reads the weights of an ImageNet-trained MobileNetV2 1.0 from a TensorFlow
// Lite file (uint8 per-tensor quantisation, as mobilenet_v2_1.0_224_quant.tflite
// of google-coral/test_data has them), for untrusted bytes: the FlatBuffers
// identifier and Verifier first, then every tensor it uses is checked for type,
// shape, quantisation and buffer size against the layout of
// torchvision's mobilenet_v2 (network/mobilenet_v2_layout.h). Everything wrong
// comes back as an error naming the problem. No LibTorch here: the weights
// come back as plain floats in PyTorch's layouts, dequantised.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

struct DequantisedConv {
    std::vector<std::int64_t> shape;  // PyTorch's: (out, in / groups, kernel, kernel)
    std::vector<float> weight;        // real = scale * (q - zero_point), in that layout
    std::vector<float> bias;          // int32 * its scale (input scale x weight scale)
};

struct MobileNetV2Weights {
    // The 52 convolutions of mobilenet_v2_convs(), in that order, each with
    // its BatchNorm already folded in (the file has no BatchNorm of its own).
    std::vector<DequantisedConv> convs;
    // The file's own ImageNet classifier, a 1x1 convolution on the pooled
    // features: (1001, 1280, 1, 1); class 0 is "background".
    DequantisedConv classifier;
    std::string description;  // the model's own description, if any
};

// The bytes of a whole .tflite file.
Result<MobileNetV2Weights> read_mobilenet_v2_tflite(const std::uint8_t* data, std::size_t size);

// The releases whose weights Interceptor takes, by SHA-256 of the file. A
// FlatBuffer carries no checksum: bytes damaged inside a weight buffer still
// verify and still have the right shapes, so only the digest can tell.
struct KnownTfliteRelease {
    const char* sha256;
    const char* file;
    const char* source;
    const char* licence;
};
const KnownTfliteRelease* known_tflite_release(const std::string& sha256);

// A file read from disk: read_mobilenet_v2_tflite on its bytes, then its
// SHA-256 looked up among the known releases (an unknown one is refused).
struct MobileNetV2File {
    MobileNetV2Weights weights;
    std::string sha256;
    const KnownTfliteRelease* release = nullptr;
};
Result<MobileNetV2File> read_mobilenet_v2_tflite_file(const std::string& path);

}  // namespace interceptor
