#include "cli/arguments.h"

namespace interceptor::cli {

Arguments::Arguments(std::vector<std::string> args, std::set<std::string> flags,
                     std::set<std::string> valued) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
            positional_.push_back(a);
        } else if (flags.count(a)) {
            values_.emplace(a, "1");
        } else if (valued.count(a)) {
            if (i + 1 >= args.size()) {
                error_ = a + " needs a value";
                return;
            }
            values_.emplace(a, args[++i]);
        } else {
            error_ = "unknown option " + a;
            return;
        }
    }
}

std::string Arguments::value(const std::string& option, const std::string& fallback) const {
    auto all = values(option);
    return all.empty() ? fallback : all.back();
}

std::vector<std::string> Arguments::values(const std::string& option) const {
    std::vector<std::string> out;
    auto range = values_.equal_range(option);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

int Arguments::integer(const std::string& option, int fallback) const {
    if (!has(option)) return fallback;
    try {
        return std::stoi(value(option));
    } catch (...) {
        return fallback;
    }
}

}  // namespace interceptor::cli
