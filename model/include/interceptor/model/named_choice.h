#pragma once
// Parsing an enum from the name that files, plans and the command line use:
// one loop for every such choice, so an unknown name is always an error that
// names what was asked for and every allowed name.
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

// all: every value; name_of: its name; what: the choice, for the message ("loss").
template <typename Choice, std::size_t N>
Result<Choice> parse_named(const std::string& name, const Choice (&all)[N],
                           const char* (*name_of)(Choice), const char* what) {
    std::string allowed;
    for (Choice c : all) {
        if (name == name_of(c)) return c;
        allowed += (allowed.empty() ? "" : ", ") + std::string(name_of(c));
    }
    return Error{std::string("unknown ") + what + " '" + name + "' (allowed: " + allowed + ")"};
}

}  // namespace interceptor
