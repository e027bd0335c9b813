#pragma once
// The architecture of an Interceptor network as plain data: which
// EfficientNet backbone, the input size, the fused attention width and the
// number of classes. The default is the seed network (EfficientNet-B4, 224 px), the one the
// Python project trained.
#include <string>

namespace interceptor {

struct NetworkConfig {
    int backbone_variant = 4;  // EfficientNet-B0..B7, torchvision's naming and rules
    int input_size = 224;      // square input, pixels
    int attention_dim = 0;     // 0: the seed rule, fused width rounded up to a multiple of heads
    int num_heads = 8;
    int num_classes = 2;  // index 1 is "fake"

    static NetworkConfig seed();   // B4, 224, 5128, 8 heads, 2 classes (155 M parameters)
    static NetworkConfig small();  // B0, 128, 256, 8 heads, 2 classes (6.4 M), trainable on a CPU

    int backbone_features() const;  // channels after the backbone's global pooling
    int fused_features() const;     // backbone features + low-light features (68 x 7 x 7)
    int resolved_attention_dim() const;

    // "", or a sentence saying what is wrong (variant out of range, width not divisible...).
    std::string validate() const;
    std::string describe() const;  // "EfficientNet-B4 224px, attention 5128/8, 2 classes"
    std::string to_json() const;
    static bool from_json(const std::string& json, NetworkConfig* out, std::string* error);

    bool operator==(const NetworkConfig& o) const;
    bool operator!=(const NetworkConfig& o) const { return !(*this == o); }
};

// The low-light module's fixed geometry (see model.md).
constexpr int kLowLightChannels = 68;  // 3 x 16 luminance + 12 noise + 8 shadow
constexpr int kLowLightGrid = 7;       // adaptive pooling target

}  // namespace interceptor
