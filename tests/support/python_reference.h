#pragma once
// Runs one of the Python reference scripts of tests/model/reference (with
// Debian's python3 and its NumPy, SciPy, scikit-learn and torch) and parses
// the JSON it prints. Reference tests only: Interceptor never runs Python.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace interceptor::test {

inline nlohmann::json python_reference(const std::string& script_and_arguments) {
    const std::string command = std::string(INTERCEPTOR_PYTHON) + " " + INTERCEPTOR_SOURCE_DIR +
                                "/tests/model/reference/" + script_and_arguments;
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[65536];
    while (pipe && fgets(buffer, sizeof buffer, pipe)) out += buffer;
    const int status = pipe ? pclose(pipe) : -1;
    INFO(command
         << "\nneeds python3-numpy, -scipy, -sklearn (packaging/install-deps.sh installs them)");
    REQUIRE(status == 0);
    return nlohmann::json::parse(out);
}

}  // namespace interceptor::test
