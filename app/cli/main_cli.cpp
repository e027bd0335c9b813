// interceptor-cli: the headless entry point.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/media/component_versions.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/version.h"

namespace {

const char* kUsage =
    "usage: interceptor-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  analyze CLIP...        score clips with one or more checkpoints (--checkpoint FILE)\n"
    "  compare CLIP           two or more checkpoints on one clip: agreement, correlation, "
    "disagreements\n"
    "  info CLIP...           stream metadata and SHA-256/MD5 of video clips\n"
    "  report CLIP            the forensic PDF report (and JSON, CSV) of a clip's stored analysis\n"
    "  summary CASE_DIR...    one table of a collection's cases (verdicts, scores, segments)\n"
    "  train                  train a stage (or a plan of stages) on a dataset, optionally with "
    "self-blended fakes\n"
    "  eval                   measure checkpoints on a dataset split (AUC, AP, accuracy, recalls, "
    "bias, EER)\n"
    "  calibrate CKPT         choose a checkpoint's decision threshold on the validation split\n"
    "  checkpoint FILE        show a checkpoint's metadata, hash and architecture, and load it\n"
    "  init-checkpoint OUT    write a freshly initialised (untrained) checkpoint\n"
    "  score-image CKPT IMG   score one image with a checkpoint (whole-frame preprocessing)\n"
    "\n"
    "  --version              print the versions of Interceptor, LibTorch, OpenCV and FFmpeg\n"
    "  <command> --help       options of one command\n"
    "\n"
    "exit codes: 0 success (analyze: nothing judged fake), 1 failure, 2 usage error,\n"
    "            3 (analyze) a clip judged fake\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << kUsage;
        return args.empty() ? interceptor::cli::kExitUsage : interceptor::cli::kExitOk;
    }
    if (args[0] == "--version") {
        std::cout << "interceptor-cli " << INTERCEPTOR_VERSION << "\n";
        for (const auto& c : interceptor::component_versions())
            std::cout << "  " << c.name << " " << c.version << "\n";
        return interceptor::cli::kExitOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "analyze") return interceptor::cli::analyze_command(args);
    if (command == "compare") return interceptor::cli::compare_command(args);
    if (command == "info") return interceptor::cli::info_command(args);
    if (command == "report") return interceptor::cli::report_command(args);
    if (command == "summary") return interceptor::cli::summary_command(args);
    if (command == "train") return interceptor::cli::train_command(args);
    if (command == "eval") return interceptor::cli::eval_command(args);
    if (command == "calibrate") return interceptor::cli::calibrate_command(args);
    if (command == "checkpoint") return interceptor::cli::checkpoint_command(args);
    if (command == "init-checkpoint") return interceptor::cli::init_checkpoint_command(args);
    if (command == "score-image") return interceptor::cli::score_image_command(args);
    std::cerr << "interceptor-cli: unknown command '" << command << "'\n\n" << kUsage;
    return interceptor::cli::kExitUsage;
}
