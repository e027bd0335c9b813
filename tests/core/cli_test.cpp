// interceptor-cli end to end: analyze with a checkpoint from the parity
// fixture, its JSON and exit codes; info; a bad clip in a batch.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "core/case/case_store.h"
#include "core/media/video_decoder.h"
#include "support/cli_process.h"
#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor::test;

namespace {}  // namespace

TEST_CASE("analyze writes JSON with hashes, frames and a verdict and exit codes tell", "[cli]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    const std::string checkpoint = ParityFixture::load("small").file("_training.pt");
    const int rc = cli_status("analyze '" + clip + "' --checkpoint '" + checkpoint +
                              "' --name S1 --evenly 8 --json '" + dir.file("out.json") +
                              "' --csv '" + dir.file("out.csv") + "' --quiet");
    CHECK((rc == 0 || rc == 3));
    std::ifstream in(dir.file("out.json"));
    REQUIRE(in.good());
    auto j = nlohmann::json::parse(in);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["sha256"] == interceptor::digest_file(clip)->sha256);
    CHECK(j[0]["frames"].size() == 8);
    CHECK(j[0]["selection"] == "8 evenly spaced frames");
    const auto& c = j[0]["checkpoints"][0];
    CHECK(c["name"] == "S1");
    CHECK(c["scored"] == 8);
    CHECK(rc == (c["verdict"] == "fake" ? 3 : 0));
    // A threshold above every score makes the same analysis say "real", exit 0.
    CHECK(cli_status("analyze '" + clip + "' --checkpoint '" + checkpoint +
                     "' --evenly 8 --threshold 1.01 --quiet") == 0);
    std::ifstream csv(dir.file("out.csv"));
    int lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    CHECK(lines == 1 + 8);
}

TEST_CASE("a bad clip in a batch is reported and the others go on", "[cli]") {
    TempDir dir;
    const std::string checkpoint = ParityFixture::load("small").file("_training.pt");
    const int rc = cli_status("analyze '" + generated_clip("text.mp4") + "' '" +
                              generated_clip("mjpeg.avi") + "' --checkpoint '" + checkpoint +
                              "' --evenly 4 --json '" + dir.file("out.json") + "' --quiet");
    CHECK(rc == 1);
    std::ifstream in(dir.file("out.json"));
    REQUIRE(in.good());
    auto j = nlohmann::json::parse(in);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["clip"] == generated_clip("mjpeg.avi"));
}

TEST_CASE("usage errors and info", "[cli]") {
    CHECK(cli_status("analyze") == 2);
    CHECK(cli_status("analyze clip.mp4") == 2);  // no checkpoint
    CHECK(cli_status("frobnicate") == 2);
    CHECK(cli_status("info '" + generated_clip("vp9.webm") + "'") == 0);
    CHECK(cli_status("info '" + generated_clip("empty.mp4") + "'") == 1);
    CHECK(cli_status("--version") == 0);
}

TEST_CASE("compare reports agreement between checkpoints", "[cli]") {
    TempDir dir;
    const auto fixture = ParityFixture::load("small");
    const std::string command = std::string(INTERCEPTOR_CLI) + " compare '" +
                                generated_clip("h264.mp4") + "' --checkpoint '" +
                                fixture.file("_training.pt") + "' --checkpoint '" +
                                fixture.file("_bare.pt") + "' --evenly 6 --json --quiet > '" +
                                dir.file("compare.json") + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream in(dir.file("compare.json"));
    auto j = nlohmann::json::parse(in);
    // The same weights in two files: they agree everywhere.
    REQUIRE(j["pairs"].size() == 1);
    CHECK(j["pairs"][0]["frames"] == 6);
    CHECK(j["pairs"][0]["agreement"] == 1.0);
    CHECK(j["pairs"][0]["mean_abs_difference"].get<double>() < 1e-6);
    CHECK(cli_status("compare '" + generated_clip("h264.mp4") + "' --checkpoint '" +
                     fixture.file("_bare.pt") + "'") == 2);
}

TEST_CASE(
    "kill -9 in the middle of an analysis loses only frames in flight and the next run resumes",
    "[cli][case]") {
    TempDir dir;
    const std::string clip = generated_clip("long.mp4");
    const std::string before = file_state(clip);
    const std::string checkpoint = ParityFixture::load("small").file("_training.pt");
    const std::string case_dir = dir.file("cases");
    const std::string case_file =
        interceptor::CaseStore::file_for(case_dir, *interceptor::take_evidence(clip));
    CliProcess child({"analyze", clip, "--checkpoint", checkpoint, "--all", "--batch", "1",
                      "--case-dir", case_dir, "--quiet"});
    REQUIRE(child.started());
    std::int64_t stored = 0;
    for (int wait = 0; wait < 3000 && stored < 20; ++wait) {  // up to 5 minutes
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (auto store = interceptor::CaseStore::open_existing(case_file); store.ok())
            if (auto all = (*store)->analyses(); all.ok() && !all->empty())
                stored = all->front().frames_stored;
    }
    REQUIRE(child.kill_now());
    REQUIRE(stored >= 20);

    auto store = interceptor::CaseStore::open_existing(case_file);
    INFO(store.error());
    REQUIRE(store.ok());
    auto interrupted = (*store)->analyses()->front();
    CHECK(interrupted.status == interceptor::AnalysisStatus::Running);
    CHECK(interrupted.frames_stored >= stored);
    CHECK(interrupted.frames_stored < 500);
    auto frames = (*store)->stored_frames(interrupted.id);
    REQUIRE(frames.ok());
    // In order, no holes.
    CHECK(*frames->rbegin() == static_cast<std::int64_t>(frames->size()) - 1);

    REQUIRE(cli_status("analyze '" + clip + "' --checkpoint '" + checkpoint +
                       "' --all --case-dir '" + case_dir + "' --json '" + dir.file("out.json") +
                       "' --quiet") != 1);
    std::ifstream in(dir.file("out.json"));
    auto j = nlohmann::json::parse(in);
    CHECK(j[0]["frames_from_case"] == interrupted.frames_stored);
    REQUIRE(j[0]["frames"].size() == 500);
    auto decoder = interceptor::VideoDecoder::open(clip);
    REQUIRE(decoder.ok());
    for (int f : {0, 19, 250, 499}) {
        CHECK(j[0]["frames"][f]["frame"] == f);
        CHECK(j[0]["frames"][f]["pixel_sha256"] == (*decoder)->frame(f)->pixel_sha256());
    }
    CHECK((*store)->analyses()->front().status == interceptor::AnalysisStatus::Complete);
    CHECK(file_state(clip) == before);
}
