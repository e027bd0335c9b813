#include "cli/clip_shard.h"

#include <cstdlib>

namespace interceptor::cli {

Result<Shard> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    auto number = [](const std::string& s, int& out) {
        char* end = nullptr;
        const long v = std::strtol(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0' || v < 1 || v > 1000000) return false;
        out = static_cast<int>(v);
        return true;
    };
    Shard shard;
    if (slash == std::string::npos || !number(text.substr(0, slash), shard.index) ||
        !number(text.substr(slash + 1), shard.count) || shard.index > shard.count)
        return Error{"--shard takes K/N, the part K (from 1) of N, such as 2/8; not '" + text +
                     "'"};
    return shard;
}

bool in_shard(const std::string& key, const Shard& shard) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : key) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return static_cast<int>(hash % static_cast<std::uint64_t>(shard.count)) == shard.index - 1;
}

}  // namespace interceptor::cli
