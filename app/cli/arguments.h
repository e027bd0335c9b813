#pragma once
// A small command-line parser: positional arguments and --options, each
// option declared with whether it takes a value. Unknown options are errors.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace interceptor::cli {

class Arguments {
  public:
    // flags: options without a value; valued: options that take one.
    Arguments(std::vector<std::string> args, std::set<std::string> flags,
              std::set<std::string> valued);

    const std::string& error() const { return error_; }  // empty when parsing succeeded
    const std::vector<std::string>& positional() const { return positional_; }
    bool has(const std::string& option) const { return values_.count(option) > 0; }
    std::string value(const std::string& option,
                      const std::string& fallback = "") const;         // the last given
    std::vector<std::string> values(const std::string& option) const;  // all, in order
    int integer(const std::string& option, int fallback) const;

  private:
    std::vector<std::string> positional_;
    std::multimap<std::string, std::string> values_;
    std::string error_;
};

}  // namespace interceptor::cli
