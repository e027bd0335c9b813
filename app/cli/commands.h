#pragma once
// The subcommands of interceptor-cli. Each takes the arguments after its
// name and returns the process exit code (see kExit*).
#include <string>
#include <vector>

namespace interceptor::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command could not do its work (message on stderr)
constexpr int kExitUsage = 2;    // the command line was wrong

int analyze_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int info_command(const std::vector<std::string>& args);
int checkpoint_command(const std::vector<std::string>& args);
int init_checkpoint_command(const std::vector<std::string>& args);
int score_image_command(const std::vector<std::string>& args);

}  // namespace interceptor::cli
