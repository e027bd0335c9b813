#pragma once
// The layout of torchvision's mobilenet_v2(width_mult=1.0).features as plain
// data: what the LibTorch backbone is built from and what the TFLite reader
// checks a file against (no LibTorch here, so the reader's fuzz target needs
// none).
#include <string>
#include <vector>

namespace interceptor {

// features.1 .. features.17: [expand 1x1 to `hidden`], depthwise 3x3 with
// `stride`, linear projection 1x1 to `out`; residual when the shape is kept.
struct MobileNetV2Block {
    int in = 0, hidden = 0, out = 0, stride = 1;
    bool expands() const { return hidden != in; }
    bool residual() const { return stride == 1 && in == out; }
};
const std::vector<MobileNetV2Block>& mobilenet_v2_blocks();

constexpr int kMobileNetV2Stem = 32;    // features.0: 3x3 stride 2, 3 -> 32
constexpr int kMobileNetV2Last = 1280;  // features.18: 1x1, 320 -> 1280
constexpr int kMobileNetV2Blocks = 17;

struct MobileNetV2Conv {
    std::string module;  // where it sits under `features`, e.g. "3.conv.1.0"
    int in = 0, out = 0, kernel = 1, stride = 1;
    bool depthwise = false;  // groups = in = out
    bool relu6 = true;       // false for the linear bottleneck projections
};
// The 52 convolutions in module order (stem, each block's, head).
const std::vector<MobileNetV2Conv>& mobilenet_v2_convs();

// TensorFlow's SAME padding along one dimension: {before, after}. An odd total
// puts the extra pixel after (at the bottom or right).
struct SamePadding {
    int before = 0, after = 0;
};
SamePadding same_padding(int size, int kernel, int stride);

}  // namespace interceptor
