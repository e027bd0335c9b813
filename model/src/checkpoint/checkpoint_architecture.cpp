// Reading the architecture off a checkpoint's tensor names and shapes.
#include <cmath>

#include "checkpoint/checkpoint_state.h"
#include "network/efficientnet.h"
#include "network/mobilenet_v2_layout.h"

namespace interceptor {
namespace {

// The blocks torchvision builds for EfficientNet-B<variant>.
int block_count(int variant) {
    const int layers[] = {1, 2, 2, 3, 3, 4, 1};
    int total = 0;
    for (int n : layers)
        total += static_cast<int>(std::ceil(n * EfficientNetSpec::for_variant(variant).depth));
    return total;
}

int count_blocks(const Checkpoint::State& state) {
    int blocks = 0;
    for (int stage = 1; stage <= 7; ++stage)
        for (int i = 0;; ++i, ++blocks) {
            std::string prefix =
                "backbone.features." + std::to_string(stage) + "." + std::to_string(i) + ".";
            bool found = false;
            for (const auto& entry : state.tensors)
                if (entry.first.compare(0, prefix.size(), prefix) == 0) {
                    found = true;
                    break;
                }
            if (!found) break;
        }
    return blocks;
}

// The head and classifier of the seed design, read off their shapes.
void read_head(NetworkConfig& c, const torch::Tensor& projection, const torch::Tensor& last) {
    c.attention_dim = static_cast<int>(projection.size(0));
    c.num_classes = static_cast<int>(last.size(0));
    if (c.resolved_attention_dim() % c.num_heads != 0) c.num_heads = 1;
}

// MobileNetV2 1.0: features.18 is its last 1x1 convolution (320 -> 1280), and
// features.17 its last block; torchvision's EfficientNets stop at features.8.
std::optional<NetworkConfig> infer_mobilenet(const Checkpoint::State& state,
                                             const torch::Tensor& projection,
                                             const torch::Tensor& last) {
    const auto* head = state.find("backbone.features.18.0.weight");
    const auto* block = state.find("backbone.features.17.conv.2.weight");
    if (!head || !block || head->dim() != 4 || head->size(0) != kMobileNetV2Last ||
        head->size(1) != mobilenet_v2_blocks().back().out)
        return std::nullopt;
    NetworkConfig c =
        NetworkConfig::mobile();  // the input size is the preset's: not in the weights
    read_head(c, projection, last);
    return c;
}

}  // namespace

std::optional<NetworkConfig> Checkpoint::infer_config() const {
    const auto* projection = state_->find("feature_projection.weight");
    const auto* last = state_->find("classifier.12.weight");
    if (!projection || !last || projection->dim() != 2 || last->dim() != 2) return std::nullopt;
    if (auto mobile = infer_mobilenet(*state_, *projection, *last)) return mobile;
    const auto* head = state_->find("backbone.features.8.0.weight");
    if (!head || head->dim() != 4) return std::nullopt;
    const int blocks = count_blocks(*state_);
    for (int variant = 0; variant < 8; ++variant) {
        NetworkConfig c;
        c.backbone_variant = variant;
        if (head->size(0) != c.backbone_features() || blocks != block_count(variant)) continue;
        read_head(c, *projection, *last);
        // The input size is not in the weights: take it from the preset with these shapes.
        NetworkConfig small = NetworkConfig::small();
        if (c.backbone_variant == small.backbone_variant && c.attention_dim == small.attention_dim)
            c.input_size = small.input_size;
        return c;
    }
    return std::nullopt;
}

Result<NetworkConfig> Checkpoint::resolve_config() const {
    if (metadata_.config) return *metadata_.config;
    if (auto c = infer_config()) return *c;
    return Error{metadata_.path +
                 ": its tensors do not describe an Interceptor network (no backbone.features.8 "
                 "(EfficientNet) or backbone.features.18 (MobileNetV2), feature_projection or "
                 "classifier.12 weights of the expected rank)"};
}

}  // namespace interceptor
