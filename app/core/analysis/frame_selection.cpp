#include "core/analysis/frame_selection.h"

#include <algorithm>

namespace interceptor {

std::vector<std::int64_t> FrameSelection::frames(std::int64_t count) const {
    std::vector<std::int64_t> out;
    if (count <= 0) return out;
    if (mode == Mode::Every || (mode == Mode::EveryNth && n <= 1)) {
        for (std::int64_t i = 0; i < count; ++i) out.push_back(i);
    } else if (mode == Mode::EveryNth) {
        for (std::int64_t i = 0; i < count; i += n) out.push_back(i);
    } else {
        const std::int64_t k = std::min(std::max<std::int64_t>(n, 1), count);
        // Centres of k equal parts: 0-based frame floor((j + 0.5) * count / k).
        for (std::int64_t j = 0; j < k; ++j) out.push_back((2 * j + 1) * count / (2 * k));
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
    return out;
}

std::string FrameSelection::describe() const {
    if (mode == Mode::Every || (mode == Mode::EveryNth && n <= 1)) return "every frame";
    if (mode == Mode::EveryNth) {
        // 2nd, 3rd, 21st, but 11th, 12th, 13th.
        const auto tens = n % 100, ones = n % 10;
        const char* suffix = tens >= 11 && tens <= 13 ? "th"
                             : ones == 1              ? "st"
                             : ones == 2              ? "nd"
                             : ones == 3              ? "rd"
                                                      : "th";
        return "every " + std::to_string(n) + suffix + " frame";
    }
    return std::to_string(n) + " evenly spaced frames";
}

std::string FrameSelection::flags() const {
    if (mode == Mode::Every || (mode == Mode::EveryNth && n <= 1)) return "--all";
    if (mode == Mode::EveryNth) return "--every " + std::to_string(n);
    return "--evenly " + std::to_string(n);
}

std::optional<FrameSelection> FrameSelection::from_flags(const std::string& flags) {
    if (flags == "--all") return FrameSelection{Mode::Every, 1};
    for (const auto& [prefix, mode] : {std::pair{std::string("--every "), Mode::EveryNth},
                                       std::pair{std::string("--evenly "), Mode::Evenly}}) {
        if (flags.rfind(prefix, 0) != 0) continue;
        const std::string number = flags.substr(prefix.size());
        if (number.empty() || number.size() > 12 ||
            number.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        const std::int64_t n = std::stoll(number);
        if (n < 1) return std::nullopt;
        return FrameSelection{mode, n};
    }
    return std::nullopt;
}

}  // namespace interceptor
