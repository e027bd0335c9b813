#include "network/mobilenet_v2_layout.h"

#include <algorithm>

namespace interceptor {

const std::vector<MobileNetV2Block>& mobilenet_v2_blocks() {
    static const std::vector<MobileNetV2Block> blocks = [] {
        // Table 2 of the MobileNetV2 paper as torchvision lists it:
        // expansion t, output channels c, repeats n, first stride s.
        struct Stage {
            int t, c, n, s;
        };
        const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        std::vector<MobileNetV2Block> out;
        int in = kMobileNetV2Stem;
        for (const auto& s : stages)
            for (int i = 0; i < s.n; ++i) {
                out.push_back({in, in * s.t, s.c, i == 0 ? s.s : 1});
                in = s.c;
            }
        return out;
    }();
    return blocks;
}

const std::vector<MobileNetV2Conv>& mobilenet_v2_convs() {
    static const std::vector<MobileNetV2Conv> convs = [] {
        std::vector<MobileNetV2Conv> out;
        out.push_back({"0.0", 3, kMobileNetV2Stem, 3, 2, false, true});
        int index = 1;
        for (const auto& b : mobilenet_v2_blocks()) {
            const std::string prefix = std::to_string(index++) + ".conv.";
            if (b.expands()) out.push_back({prefix + "0.0", b.in, b.hidden, 1, 1, false, true});
            const std::string dw = b.expands() ? "1" : "0";
            out.push_back({prefix + dw + ".0", b.hidden, b.hidden, 3, b.stride, true, true});
            out.push_back(
                {prefix + (b.expands() ? "2" : "1"), b.hidden, b.out, 1, 1, false, false});
        }
        out.push_back({std::to_string(index) + ".0", mobilenet_v2_blocks().back().out,
                       kMobileNetV2Last, 1, 1, false, true});
        return out;
    }();
    return convs;
}

SamePadding same_padding(int size, int kernel, int stride) {
    const int out = (size + stride - 1) / stride;
    const int total = std::max((out - 1) * stride + kernel - size, 0);
    return {total / 2, total - total / 2};
}

}  // namespace interceptor
