#pragma once
// Which frames of a clip to analyse: every frame, every Nth frame, or N
// evenly spaced frames (32 is the common evaluation protocol).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interceptor {

struct FrameSelection {
    enum class Mode { Every, EveryNth, Evenly };
    Mode mode = Mode::Evenly;
    std::int64_t n = 32;  // the step for EveryNth, the count for Evenly

    std::vector<std::int64_t> frames(std::int64_t frame_count) const;  // ascending, unique
    std::string describe() const;  // "every frame", "every 5th frame", "32 evenly spaced frames"
    // The same, as interceptor-cli options: "--all", "--every 5", "--evenly 32"
    std::string flags() const;
    // The inverse of flags() (how a stored analysis is repeated or resumed); nullopt for anything
    // else.
    static std::optional<FrameSelection> from_flags(const std::string& flags);
};

}  // namespace interceptor
