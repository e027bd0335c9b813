#pragma once
// Running a command line from a test and reading files back: for tests that drive
// interceptor-cli as a user would.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace interceptor::test {

// Runs a shell command; its standard output, and its exit status in `status`.
inline std::string run(const std::string& command, int* status = nullptr) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (pipe && fgets(buffer, sizeof buffer, pipe)) out += buffer;
    const int rc = pipe ? pclose(pipe) : -1;
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

inline std::string cli() { return std::string(INTERCEPTOR_CLI); }

// Runs interceptor-cli with these (shell-quoted) arguments, its output discarded: its exit
// status, or -1 when a signal ended it.
inline int cli_status(const std::string& arguments) {
    const int status = std::system((cli() + " " + arguments + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace interceptor::test
