// Training end to end through interceptor-cli: a resumed stage, also one
// killed during an epoch, ends where an uninterrupted one does; a stage
// learns a separable task, calibration writes a threshold, and a two-stage
// plan's checkpoints are compared by eval.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "support/cli_process.h"
#include "support/clips.h"
#include "support/pretrained_weights.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "support/training_sets.h"

using namespace interceptor;
using namespace interceptor::test;
namespace fs = std::filesystem;

namespace {

// Two kinds of generated clip a small network tells apart within a minute:
// grey noise is "real", colour test patterns are "fake".
std::string separable_csv(const TempDir& dir) {
    std::ofstream(dir.file("easy.csv")) << "path,label,split,group\n"
                                        << generated_clip("noface.mp4") << ",real,train,a\n"
                                        << generated_clip("h264.mp4") << ",fake,train,b\n"
                                        << generated_clip("noface.mp4") << ",real,val,c\n"
                                        << generated_clip("mjpeg.avi") << ",fake,val,d\n";
    return dir.file("easy.csv");
}

}  // namespace

TEST_CASE("a resumed stage ends where an uninterrupted one does", "[training]") {
    TempDir dir;
    const std::string common = " --data '" + plain_csv(dir) +
                               "' --profile whole_frame --frames 3 --steps 2 "
                               "--batch 2 --threads 1 --seed 5 --quiet --out ";
    REQUIRE(cli_status("train" + common + "'" + dir.file("whole") + "' --epochs 2") == 0);
    REQUIRE(cli_status("train" + common + "'" + dir.file("split") + "' --epochs 1") == 0);
    // Resumes at epoch 2.
    REQUIRE(cli_status("train" + common + "'" + dir.file("split") + "' --epochs 2") == 0);
    auto a = Checkpoint::load(dir.file("whole/stage1_last.pt"));
    auto b = Checkpoint::load(dir.file("split/stage1_last.pt"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(b->metadata().epoch == 2);
    CHECK(a->metadata().metrics == b->metadata().metrics);
    std::ifstream log(dir.file("split/stage1_log.csv"));
    int lines = 0;
    for (std::string line; std::getline(log, line);) ++lines;
    CHECK(lines == 3);  // header and two epochs
}

TEST_CASE(
    "kill -9 during a training epoch loses only that epoch and the rerun ends where an "
    "uninterrupted run does",
    "[training][kill]") {
    TempDir dir;
    const auto arguments = plain_training(dir, {"--steps", "6", "--batch", "2", "--epochs", "3"});
    const std::string common = quoted({arguments.begin() + 1, arguments.end()});
    REQUIRE(cli_status("train" + common + " --out '" + dir.file("whole") + "'") == 0);

    const fs::path out = dir.file("killed");
    {
        auto with_out = arguments;
        with_out.insert(with_out.end(), {"--out", out.string()});
        CliProcess run(with_out);
        REQUIRE(run.started());
        // Until epoch 1 is committed (its last checkpoint renamed into place), then into epoch 2.
        run.runs_until_exists((out / "stage1_last.pt").string(), 300);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        REQUIRE(run.kill_now());
    }
    auto interrupted = Checkpoint::load((out / "stage1_last.pt").string());
    INFO(interrupted.error());
    REQUIRE(interrupted.ok());
    const int committed = interrupted->metadata().epoch.value_or(0);
    REQUIRE(committed >= 1);
    REQUIRE(committed < 3);
    CHECK(fs::exists(out / ("stage1_epoch" + std::to_string(committed) + ".optim")));
    CHECK(Checkpoint::load((out / "stage1_best.pt").string()).ok());

    // What a kill at other moments of the epoch's end would leave: a half
    // log line and a later one, the next epoch's optimiser state, a partial file.
    std::ofstream(out / "stage1_log.csv", std::ios::app)
        << "stage1,3,0.5,0.6,0.5,0.5,0.5,1,0.001\nstage1,4,0.5";
    std::ofstream(out / ("stage1_epoch" + std::to_string(committed + 1) + ".optim")) << "half";
    std::ofstream(out / "stage1_last.pt.partial-Ab12Cd") << "half";
    REQUIRE(cli_status("train" + common + " --out '" + out.string() + "'") == 0);

    check_ends_alike((out / "stage1_last.pt").string(), dir.file("whole/stage1_last.pt"), 3);
    std::ifstream log(out / "stage1_log.csv");
    std::vector<std::string> epochs;
    for (std::string line; std::getline(log, line);)
        epochs.push_back(line.substr(0, line.find(',', 7)));
    CHECK(epochs == std::vector<std::string>{"stage,epoch", "stage1,1", "stage1,2", "stage1,3"});
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(out))
        left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"stage1_best.pt", "stage1_epoch3.optim",
                                           "stage1_last.pt", "stage1_log.csv"});
}

TEST_CASE("a two-stage plan trains, calibrates and is compared stage by stage with eval",
          "[training]") {
    TempDir dir;
    const std::string data = separable_csv(dir);
    const std::string sampling = " --data '" + data +
                                 "' --profile whole_frame --frames 8 --cache '" +
                                 dir.file("cache") + "' --quiet";
    REQUIRE(cli_status("train" + sampling + " --out '" + dir.file("run") +
                       "' --stage stage1 --epochs 2 --steps 15 --batch 8 --lr 1e-3") == 0);
    auto best = Checkpoint::load(dir.file("run/stage1_best.pt"));
    REQUIRE(best.ok());
    CHECK(best->metadata().stage == 1);
    CHECK(best->metadata().preprocessing == Profile::WholeFrame);
    REQUIRE(best->metadata().threshold.has_value());
    CHECK(best->metadata().threshold_source.find("validation split") != std::string::npos);
    CHECK(best->metadata().provenance_json.find("\"seed\"") != std::string::npos);
    CHECK(best->metadata().provenance_json.find("\"frames_per_video\":8") != std::string::npos);

    REQUIRE(cli_status("eval" + sampling + " --split val --checkpoint '" +
                       dir.file("run/stage1_best.pt") + "' --json '" + dir.file("eval1.json") +
                       "'") == 0);
    std::ifstream in(dir.file("eval1.json"));
    const auto first = nlohmann::json::parse(in);
    INFO("frame-level AUC on the held-out clips: " << first[0]["frame"]["auc"]);
    CHECK(first[0]["frame"]["auc"].get<double>() >= 0.95);
    CHECK(first[0]["frame"]["count"] == 16);

    REQUIRE(cli_status("calibrate '" + dir.file("run/stage1_best.pt") + "'" + sampling +
                       " --rule eer --temperature --out '" + dir.file("calibrated.pt") + "'") == 0);
    auto calibrated = Checkpoint::load(dir.file("calibrated.pt"));
    REQUIRE(calibrated.ok());
    CHECK(calibrated->metadata().threshold_source.find("equal error rate") != std::string::npos);
    REQUIRE(calibrated->metadata().temperature.has_value());
    CHECK(calibrated->metadata().temperature_source.find("log loss") != std::string::npos);
    // Temperature scaling keeps the ranking and, on the split it was fitted on, lowers the log
    // loss.
    REQUIRE(cli_status("eval" + sampling + " --split val --checkpoint '" +
                       dir.file("calibrated.pt") + "' --json '" + dir.file("eval-calibrated.json") +
                       "'") == 0);
    std::ifstream in_calibrated(dir.file("eval-calibrated.json"));
    const auto scaled = nlohmann::json::parse(in_calibrated);
    CHECK(scaled[0]["temperature"].get<double>() == Approx(*calibrated->metadata().temperature));
    CHECK(scaled[0]["frame"]["auc"].get<double>() ==
          Approx(first[0]["frame"]["auc"].get<double>()).margin(1e-9));
    CHECK(scaled[0]["frame"]["log_loss"].get<double>() <=
          first[0]["frame"]["log_loss"].get<double>() + 1e-9);

    // A second stage from the first one's best; eval puts the two side by side.
    std::ofstream(dir.file("plan.json")) << nlohmann::json{
        {"config", "small"},
        {"profile", "whole_frame"},
        {"frames", 8},
        {"seed", 2},
        {"stages",
         {{{"name", "stage2"},
           {"data", data},
           {"epochs", 1},
           {"steps_per_epoch", 5},
           {"learning_rate", 1e-4},
           {"loss", "focal"}}}}}.dump();
    REQUIRE(cli_status("train --plan '" + dir.file("plan.json") + "' --from '" +
                       dir.file("run/stage1_best.pt") + "' --out '" + dir.file("run") +
                       "' --cache '" + dir.file("cache") + "' --quiet") == 0);
    auto second = Checkpoint::load(dir.file("run/stage2_best.pt"));
    REQUIRE(second.ok());
    CHECK(second->metadata().provenance_json.find("stage1_best.pt") != std::string::npos);
    CHECK(second->metadata().provenance_json.find("focal") != std::string::npos);
    REQUIRE(cli_status("eval" + sampling + " --split val --checkpoint '" +
                       dir.file("run/stage1_best.pt") + "' --name 'Stage 1' --checkpoint '" +
                       dir.file("run/stage2_best.pt") + "' --name 'Stage 2' --json '" +
                       dir.file("eval2.json") + "' --roc '" + dir.file("roc.csv") + "' --scores '" +
                       dir.file("scores.csv") + "'") == 0);
    std::ifstream in2(dir.file("eval2.json"));
    const auto both = nlohmann::json::parse(in2);
    REQUIRE(both.size() == 2);
    CHECK(both[1]["name"] == "Stage 2");
    CHECK(fs::file_size(dir.file("roc.csv")) > 50);
    // One row per checkpoint and video, each a label and a probability.
    std::ifstream scores(dir.file("scores.csv"));
    std::string line;
    std::getline(scores, line);
    CHECK(line == "checkpoint,video,label,mean,confident");
    std::map<std::string, int> rows;
    while (std::getline(scores, line)) {
        const auto first = line.find(','), last = line.rfind(',');
        const auto mean_at = line.rfind(',', last - 1), label_at = line.rfind(',', mean_at - 1);
        ++rows[line.substr(0, first)];
        const std::string label = line.substr(label_at + 1, mean_at - label_at - 1);
        CHECK((label == "0" || label == "1"));
        const double mean = std::stod(line.substr(mean_at + 1, last - mean_at - 1));
        CHECK((mean >= 0 && mean <= 1));
    }
    for (const auto& name : {"Stage 1", "Stage 2"})
        CHECK(rows[name] == both[0]["video_mean"]["count"].get<int>());
}

TEST_CASE(
    "fine-tuned from the pretrained backbone on UTKFace, the face model learns generated fakes",
    "[training][pretrained]") {
    if (!have_mobilenet_v2_tflite() || !fs::is_directory(utkface_dir())) {
        WARN("skipped: " << mobilenet_v2_tflite() << " or " << utkface_dir() << " is absent");
        return;
    }
    TempDir dir;
    // 320 faces of 320 people (every 37th file; UTKFace's 200 px crops, through YuNet's landmarks).
    fs::create_directories(dir.path() / "faces");
    std::vector<fs::path> all;
    for (const auto& e : fs::directory_iterator(utkface_dir())) all.push_back(e.path());
    std::sort(all.begin(), all.end());
    for (std::size_t i = 0; i < all.size() && i < 37 * 320; i += 37)
        fs::create_symlink(all[i], dir.path() / "faces" / all[i].filename());
    REQUIRE(cli_status("init-checkpoint " + dir.file("init.pt") +
                       " --config mobile --backbone-weights " + mobilenet_v2_tflite()) == 0);
    // 80 steps of 16 (a real face beside the fake made from it): 291 s in the suite (ctest -j2).
    REQUIRE(
        cli_status("train --data " + dir.file("faces") +
                   " --layout images --config mobile --profile face_tight --fakes sbi,xray,parts "
                   "--sampling paired --no-dropout --batch 16 --lr 2e-4 --steps 40 --epochs 2 "
                   "--restart-epochs 2 --val-fraction 0.25 --from " +
                   dir.file("init.pt") + " --out " + dir.file("run") + " --stage faces") == 0);
    auto best = Checkpoint::load(dir.file("run/faces_best.pt"));
    REQUIRE(best.ok());
    CHECK(best->metadata().preprocessing == Profile::FaceTight);
    const double auc = best->metadata().metrics.at("val_auc_frame");
    INFO("held-out generated fakes: frame AUC " << auc);
    CHECK(auc > 0.6);  // 0.715 measured (80 steps); chance is 0.5
}
