#include "arguments.h"

namespace interceptor::cli {

Arguments::Arguments(std::vector<std::string> args, std::set<std::string> flags, std::set<std::string> valued) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
            positional_.push_back(a);
        } else if (flags.count(a)) {
            values_[a] = "1";
        } else if (valued.count(a)) {
            if (i + 1 >= args.size()) {
                error_ = a + " needs a value";
                return;
            }
            values_[a] = args[++i];
        } else {
            error_ = "unknown option " + a;
            return;
        }
    }
}

std::string Arguments::value(const std::string& option, const std::string& fallback) const {
    auto it = values_.find(option);
    return it == values_.end() ? fallback : it->second;
}

int Arguments::integer(const std::string& option, int fallback) const {
    auto it = values_.find(option);
    if (it == values_.end()) return fallback;
    try {
        return std::stoi(it->second);
    } catch (...) {
        return fallback;
    }
}

}  // namespace interceptor::cli
