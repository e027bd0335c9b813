#pragma once
// The subcommands of interceptor-cli. Each takes the arguments after its
// name and returns the process exit code (see kExit*).
#include <iostream>
#include <string>
#include <vector>

#include "interceptor/model/io/atomic_file.h"

namespace interceptor::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command could not do its work (message on stderr)
constexpr int kExitUsage = 2;    // the command line was wrong

// `usage` on stdout, for --help.
inline int print_help(const char* usage) {
    std::cout << usage;
    return kExitOk;
}

// The problem and `usage` on stderr, for a wrong command line.
inline int usage_error(const std::string& problem, const char* usage) {
    std::cerr << "interceptor-cli: " << problem << "\n" << usage;
    return kExitUsage;
}

// Writes an output file whole (AtomicFile): true, or false with the reason on stderr.
inline bool write_output(const std::string& path, const std::string& text) {
    auto written = AtomicFile::write_whole(path, text);
    if (!written) std::cerr << "interceptor-cli: " << written.error() << "\n";
    return written.ok();
}

// A CSV field: as it is, or quoted (inner quotes doubled) where it holds a comma, quote or newline.
inline std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int analyze_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int info_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int train_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int calibrate_command(const std::vector<std::string>& args);
int checkpoint_command(const std::vector<std::string>& args);
int init_checkpoint_command(const std::vector<std::string>& args);
int score_image_command(const std::vector<std::string>& args);
int summary_command(const std::vector<std::string>& args);

}  // namespace interceptor::cli
