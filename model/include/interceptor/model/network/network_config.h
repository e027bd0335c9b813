#pragma once
// The architecture of an Interceptor network as plain data: which backbone
// (EfficientNet-B0..B7 or MobileNetV2 1.0), the input size, the fused
// attention width and the number of classes. The default is the seed network
// (EfficientNet-B4, 224 px), the one the Python project trained.
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

// The backbone family. Its name is what the architecture JSON records under
// "backbone"; JSON without it (every checkpoint written before MobileNetV2
// existed) means EfficientNet.
enum class Backbone {
    EfficientNet,  // torchvision's efficientnet_b0..b7, by backbone_variant
    // torchvision's mobilenet_v2(width_mult=1.0).features, run as TensorFlow
    // runs it (the weights it takes come from a TFLite file): TensorFlow's SAME
    // padding on stride-2 convolutions (one pixel more at the bottom and right
    // than at the top and left on even sizes) and input in [-1, 1], converted
    // inside the backbone from the ImageNet-normalised input every preset gets.
    MobileNetV2,
};
const char* backbone_name(Backbone backbone);  // "efficientnet", "mobilenet_v2"
Result<Backbone> parse_backbone(const std::string& name);

struct NetworkConfig {
    Backbone backbone = Backbone::EfficientNet;
    int backbone_variant = 4;  // EfficientNet-B0..B7 (torchvision's rules); 0 for MobileNetV2
    int input_size = 224;      // square input, pixels
    int attention_dim = 0;     // 0: the seed rule, fused width rounded up to a multiple of heads
    int num_heads = 8;
    int num_classes = 2;  // index 1 is "fake"

    static NetworkConfig seed();   // B4, 224, 5128, 8 heads, 2 classes (155 M parameters)
    static NetworkConfig small();  // B0, 128, 256, 8 heads, 2 classes (6.4 M), trainable on a CPU
    // MobileNetV2 1.0 (its backbone can start from a TFLite file's ImageNet weights, see
    // pretrained/pretrained_backbone.h) at 160 px, the seed's low-light module and classifier,
    // attention 512 wide, 8 heads, 2 classes; 6.9 M parameters, 2.2 M of them in the backbone.
    // Chosen by measurement (tests/benchmarks/training_step_benchmark.cpp, batch 16, 2 CPU
    // cores): a training step takes 2.25 s at 160 px; with the seed rule's attention (4616,
    // 114 M parameters) it took 3.6 s, and 9.8 s at 224 px. The low-light module's
    // full-resolution convolutions take most of what is left (1.2 s).
    static NetworkConfig mobile();
    // The preset of that name ("seed", "small", "mobile"), else an error listing them.
    static Result<NetworkConfig> preset(const std::string& name);

    int backbone_features() const;  // channels after the backbone's global pooling
    int fused_features() const;     // backbone features + low-light features (68 x 7 x 7)
    int resolved_attention_dim() const;

    // "", or a sentence saying what is wrong (variant out of range, width not divisible...).
    std::string validate() const;
    // "EfficientNet-B4 224px, attention 5128/8, 2 classes", "MobileNetV2-1.0 160px, ..."
    std::string describe() const;
    std::string to_json() const;
    static bool from_json(const std::string& json, NetworkConfig* out, std::string* error);

    bool operator==(const NetworkConfig& o) const;
    bool operator!=(const NetworkConfig& o) const { return !(*this == o); }
};

// The low-light module's fixed geometry (see model.md).
constexpr int kLowLightChannels = 68;  // 3 x 16 luminance + 12 noise + 8 shadow
constexpr int kLowLightGrid = 7;       // adaptive pooling target

}  // namespace interceptor
