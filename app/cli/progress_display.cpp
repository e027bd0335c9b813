#include "cli/progress_display.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace interceptor::cli {

ProgressDisplay::ProgressDisplay(bool quiet) : quiet_(quiet), terminal_(::isatty(2)) {}

std::function<void(const AnalysisProgress&)> ProgressDisplay::callback() {
    if (quiet_) return {};
    return [this](const AnalysisProgress& p) { show(p); };
}

void ProgressDisplay::finish() {
    if (!quiet_ && terminal_) std::fprintf(stderr, "\n");
    last_tenth_ = -1;
}

void ProgressDisplay::show(const AnalysisProgress& p) {
    if (terminal_) {
        const int width = 30;
        const int filled = p.total > 0 ? static_cast<int>(width * p.done / p.total) : 0;
        std::fprintf(stderr, "\r  [%s%s] %lld/%lld frames  %.1f frames/s  %.0f s left ",
                     std::string(filled, '=').c_str(), std::string(width - filled, ' ').c_str(),
                     static_cast<long long>(p.done), static_cast<long long>(p.total),
                     p.frames_per_second, p.seconds_left);
        return;
    }
    const std::int64_t tenth = p.total > 0 ? 10 * p.done / p.total : 0;
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
    std::fprintf(stderr, "  %lld/%lld frames, %.1f frames/s, %.0f s left\n",
                 static_cast<long long>(p.done), static_cast<long long>(p.total),
                 p.frames_per_second, p.seconds_left);
}

}  // namespace interceptor::cli
