// Data-parallel training through interceptor-cli over the loopback interface:
// two ranks with Gloo against one process with the whole batch, a rank killed
// mid-epoch, and the command line's checks. Every wait is bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "support/cli_process.h"
#include "support/python_reference.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "support/training_sets.h"

using namespace interceptor;
using namespace interceptor::test;
namespace fs = std::filesystem;

namespace {

// The generated clips' training set, small network, global batch 8, no dropout (its masks are
// drawn per rank); augmentation stays on (its draws follow each sample's place in the global
// batch, so they do not depend on the ranks).
std::vector<std::string> training(const TempDir& dir, int steps, int epochs) {
    return plain_training(dir, {"--steps", std::to_string(steps), "--epochs",
                                std::to_string(epochs), "--batch", "8", "--no-dropout"});
}

// A TCP port nobody listens on, for ranks the test starts by hand (--nproc finds its own).
int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(s);
    return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("two ranks over Gloo take one step as one process with the whole global batch",
          "[distributed]") {
    TempDir dir;
    const auto arguments = training(dir, 1, 1);
    REQUIRE(cli_status(quoted(arguments) + " --out '" + dir.file("one") + "'") == 0);
    REQUIRE(cli_status(quoted(arguments) + " --nproc 2 --out '" + dir.file("two") + "'") == 0);
    REQUIRE(cli_status("init-checkpoint '" + dir.file("start.pt") + "' --config small --seed 5") ==
            0);
    auto one = Checkpoint::load(dir.file("one/stage1_last.pt"));
    auto two = Checkpoint::load(dir.file("two/stage1_last.pt"));
    REQUIRE(one.ok());
    REQUIRE(two.ok());
    // The training loss of the step and the validation after it.
    for (const char* metric : {"train_loss", "val_loss", "val_auc", "val_auc_frame"})
        CHECK(two->metadata().metrics.at(metric) ==
              Approx(one->metadata().metrics.at(metric)).margin(1e-5));
    const auto provenance = nlohmann::json::parse(two->metadata().provenance_json);
    CHECK(provenance.at("world_size") == 2);
    CHECK(provenance.at("global_batch") == 8);
    CHECK(nlohmann::json::parse(one->metadata().provenance_json).at("world_size") == 1);

    const auto compared =
        python_reference("compare_checkpoints.py '" + dir.file("one/stage1_last.pt") + "' '" +
                         dir.file("two/stage1_last.pt") + "' '" + dir.file("start.pt") + "'");
    INFO(compared.dump());
    CHECK(compared.at("only_in_one").empty());
    // The running statistics are the forward pass's BatchNorm statistics of the global batch:
    // the two ranks' synchronised ones match one process's (7e-7 measured; taking only a
    // rank's half of the batch moves them by 0.1).
    CHECK(compared.at("buffers_max_abs_diff").get<double>() < 1e-5);
    // AdamW's first step is lr * g / (|g| + eps): where a gradient is at rounding level
    // (sums in another order), a 1e-7 difference becomes up to 2 * lr. Measured: 0.1 % of
    // the parameters beyond 1e-5 and 4.7 % off in the update as a whole; with half the
    // batch instead of the global one, 49 % and 142 %.
    CHECK(compared.at("parameters_beyond_1e-5").get<double>() < 0.01);
    CHECK(compared.at("relative_update_difference").get<double>() < 0.15);
    CHECK(provenance.at("batch_norm") == "synchronised over the ranks");

    // Per-rank BatchNorm: each rank's statistics are its half's, so they are not one process's.
    REQUIRE(cli_status(quoted(arguments) + " --nproc 2 --batch-norm per-rank --out '" +
                       dir.file("per-rank") + "'") == 0);
    const auto per_rank =
        python_reference("compare_checkpoints.py '" + dir.file("one/stage1_last.pt") + "' '" +
                         dir.file("per-rank/stage1_last.pt") + "' '" + dir.file("start.pt") + "'");
    INFO(per_rank.dump());
    CHECK(per_rank.at("buffers_max_abs_diff").get<double>() > 1e-3);
    auto per_rank_checkpoint = Checkpoint::load(dir.file("per-rank/stage1_last.pt"));
    REQUIRE(per_rank_checkpoint.ok());
    CHECK(nlohmann::json::parse(per_rank_checkpoint->metadata().provenance_json).at("batch_norm") ==
          "per rank");
}

TEST_CASE(
    "kill -9 of rank 1 stops rank 0 with a message naming it, and the rerun ends where an "
    "uninterrupted two-rank run ends",
    "[distributed][kill]") {
    TempDir dir;
    const auto arguments = training(dir, 6, 3);
    REQUIRE(cli_status(quoted(arguments) + " --nproc 2 --out '" + dir.file("whole") + "'") == 0);

    const fs::path out = dir.file("killed");
    auto rank_arguments = arguments;
    rank_arguments.insert(rank_arguments.end(),
                          {"--distributed", "--collective-timeout", "30", "--out", out.string()});
    const std::vector<std::string> group = {"WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1",
                                            "MASTER_PORT=" + std::to_string(free_port())};
    auto with = [&group](const std::string& rank) {
        auto environment = group;
        environment.push_back("RANK=" + rank);
        return environment;
    };
    CliProcess rank0(rank_arguments, with("0"), dir.file("rank0.txt"));
    CliProcess rank1(rank_arguments, with("1"));
    REQUIRE(rank0.started());
    REQUIRE(rank1.started());
    // Until epoch 1 is committed, then into epoch 2.
    REQUIRE(rank0.runs_until_exists((out / "stage1_last.pt").string(), 300));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(rank1.kill_now());
    const auto killed = std::chrono::steady_clock::now();
    const int status = rank0.exit_status_within(60);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    const std::string said = read(dir.file("rank0.txt"));
    INFO(said << "after " << seconds << " s");
    CHECK(status == 1);
    CHECK(seconds < 60);
    CHECK(said.find("lost rank 1") != std::string::npos);

    auto interrupted = Checkpoint::load((out / "stage1_last.pt").string());
    REQUIRE(interrupted.ok());
    CHECK(interrupted->metadata().epoch.value_or(0) < 3);
    std::vector<std::string> partial;
    for (const auto& entry : fs::directory_iterator(out))
        if (entry.path().filename().string().find(".partial-") != std::string::npos)
            partial.push_back(entry.path().filename().string());
    CHECK(partial.empty());

    REQUIRE(cli_status(quoted(arguments) + " --nproc 2 --out '" + out.string() + "'") == 0);
    check_ends_alike((out / "stage1_last.pt").string(), dir.file("whole/stage1_last.pt"), 3);
    const auto compared = python_reference(
        "compare_checkpoints.py '" + (out / "stage1_last.pt").string() + "' '" +
        dir.file("whole/stage1_last.pt") + "' '" + dir.file("whole/stage1_last.pt") + "'");
    INFO(compared.dump());
    CHECK(compared.at("parameters_max_abs_diff").get<double>() == 0.0);
    CHECK(compared.at("buffers_max_abs_diff").get<double>() == 0.0);
}

TEST_CASE("train --distributed and --nproc say what is wrong with the group", "[distributed]") {
    TempDir dir;
    const std::string arguments = quoted(training(dir, 1, 1)) + " --out '" + dir.file("o") + "'";
    int status = 0;
    std::string said = run(cli() + arguments + " --nproc 3 2>&1", &status);
    CHECK(status == 1);
    CHECK(said.find("the global batch 8 cannot be shared by 3 ranks") != std::string::npos);
    said = run("env -u RANK -u SLURM_PROCID " + cli() + arguments + " --distributed 2>&1", &status);
    CHECK(status == 2);
    CHECK(said.find("--distributed: RANK is not set") != std::string::npos);
    said = run("RANK=2 WORLD_SIZE=2 " + cli() + arguments + " --distributed 2>&1", &status);
    CHECK(status == 2);
    CHECK(said.find("rank 2 is not below the world size 2") != std::string::npos);
    // Rank 1 of 2 whose rank 0 never comes: it gives up after the timeout, naming the store.
    said =
        run("RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(free_port()) +
                " " + cli() + arguments + " --distributed --collective-timeout 3 2>&1",
            &status);
    CHECK(status == 1);
    CHECK(said.find("rank 1 could not reach the rendezvous store at 127.0.0.1:") !=
          std::string::npos);
    CHECK(!fs::exists(dir.file("o/stage1_last.pt")));
}
