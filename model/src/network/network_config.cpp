#include "interceptor/model/network/network_config.h"

#include <nlohmann/json.hpp>

#include "interceptor/model/named_choice.h"

namespace interceptor {
namespace {
// Channels after the last 1x1 conv of torchvision's efficientnet_b0..b7:
// 4 x the rounded width of the last stage (320 x width multiplier).
constexpr int kBackboneFeatures[8] = {1280, 1280, 1408, 1536, 1792, 2048, 2304, 2560};
// mobilenet_v2(width_mult=1.0)'s last_channel.
constexpr int kMobileNetV2Features = 1280;
}  // namespace

const char* backbone_name(Backbone backbone) {
    switch (backbone) {
        case Backbone::MobileNetV2:
            return "mobilenet_v2";
        case Backbone::EfficientNet:
            break;
    }
    return "efficientnet";
}

Result<Backbone> parse_backbone(const std::string& name) {
    static const Backbone all[] = {Backbone::EfficientNet, Backbone::MobileNetV2};
    return parse_named(name, all, backbone_name, "backbone");
}

NetworkConfig NetworkConfig::seed() { return NetworkConfig{}; }

NetworkConfig NetworkConfig::small() {
    NetworkConfig c;
    c.backbone_variant = 0;
    c.input_size = 128;
    c.attention_dim = 256;
    return c;
}

NetworkConfig NetworkConfig::mobile() {
    NetworkConfig c;
    c.backbone = Backbone::MobileNetV2;
    c.backbone_variant = 0;
    c.input_size = 160;
    c.attention_dim = 512;
    return c;
}

Result<NetworkConfig> NetworkConfig::preset(const std::string& name) {
    if (name == "seed") return seed();
    if (name == "small") return small();
    if (name == "mobile") return mobile();
    return Error{"unknown network preset '" + name + "' (allowed: seed, small, mobile)"};
}

int NetworkConfig::backbone_features() const {
    if (backbone == Backbone::MobileNetV2) return kMobileNetV2Features;
    return (backbone_variant >= 0 && backbone_variant < 8) ? kBackboneFeatures[backbone_variant]
                                                           : 0;
}

int NetworkConfig::fused_features() const {
    return backbone_features() + kLowLightChannels * kLowLightGrid * kLowLightGrid;
}

int NetworkConfig::resolved_attention_dim() const {
    if (attention_dim > 0) return attention_dim;
    if (num_heads <= 0) return 0;
    return (fused_features() + num_heads - 1) / num_heads * num_heads;
}

std::string NetworkConfig::validate() const {
    if (backbone == Backbone::MobileNetV2 && backbone_variant != 0)
        return "MobileNetV2 has no variants (width 1.0 only), got variant " +
               std::to_string(backbone_variant);
    if (backbone_variant < 0 || backbone_variant > 7)
        return "backbone variant must be 0..7 (EfficientNet-B0..B7), got " +
               std::to_string(backbone_variant);
    if (input_size < 32 || input_size > 1024)
        return "input size must be 32..1024 pixels, got " + std::to_string(input_size);
    if (num_heads < 1) return "number of attention heads must be positive";
    if (resolved_attention_dim() % num_heads != 0)
        return "attention width " + std::to_string(resolved_attention_dim()) +
               " is not divisible by " + std::to_string(num_heads) + " heads";
    if (num_classes < 2) return "at least 2 classes are needed, got " + std::to_string(num_classes);
    return {};
}

std::string NetworkConfig::describe() const {
    const std::string name = backbone == Backbone::MobileNetV2
                                 ? "MobileNetV2-1.0"
                                 : "EfficientNet-B" + std::to_string(backbone_variant);
    return name + " " + std::to_string(input_size) + "px, attention " +
           std::to_string(resolved_attention_dim()) + "/" + std::to_string(num_heads) + ", " +
           std::to_string(num_classes) + " classes";
}

std::string NetworkConfig::to_json() const {
    nlohmann::json j{{"backbone", backbone_name(backbone)},
                     {"input_size", input_size},
                     {"attention_dim", resolved_attention_dim()},
                     {"num_heads", num_heads},
                     {"num_classes", num_classes}};
    // Written for EfficientNet only, where readers of older builds require it.
    if (backbone == Backbone::EfficientNet) j["backbone_variant"] = backbone_variant;
    return j.dump();
}

bool NetworkConfig::from_json(const std::string& text, NetworkConfig* out, std::string* error) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        *error = "architecture configuration is not a JSON object";
        return false;
    }
    NetworkConfig c;
    try {
        auto family = parse_backbone(j.value("backbone", std::string("efficientnet")));
        if (!family) {
            *error = "architecture configuration: " + family.error();
            return false;
        }
        c.backbone = *family;
        c.backbone_variant = c.backbone == Backbone::EfficientNet
                                 ? j.at("backbone_variant").get<int>()
                                 : j.value("backbone_variant", 0);
        c.input_size = j.at("input_size").get<int>();
        c.attention_dim = j.value("attention_dim", 0);
        c.num_heads = j.value("num_heads", 8);
        c.num_classes = j.value("num_classes", 2);
    } catch (const nlohmann::json::exception& e) {
        *error = std::string("architecture configuration: ") + e.what();
        return false;
    }
    if (auto problem = c.validate(); !problem.empty()) {
        *error = "architecture configuration: " + problem;
        return false;
    }
    *out = c;
    return true;
}

bool NetworkConfig::operator==(const NetworkConfig& o) const {
    return backbone == o.backbone && backbone_variant == o.backbone_variant &&
           input_size == o.input_size && resolved_attention_dim() == o.resolved_attention_dim() &&
           num_heads == o.num_heads && num_classes == o.num_classes;
}

}  // namespace interceptor
