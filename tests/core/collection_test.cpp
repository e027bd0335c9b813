// Collections (#19): `analyze FOLDER --shard K/N` takes a deterministic share of the clips, so
// that N shards cover every clip exactly once, and `summary` merges their cases into one table
// that lists each clip once, without analysing again.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor::test;
namespace fs = std::filesystem;

namespace {

// Eight different clips (so eight cases), two of them in a subfolder.
std::set<std::string> make_collection(const TempDir& dir) {
    fs::create_directories(dir.file("collection/sub"));
    std::set<std::string> clips;
    int n = 0;
    for (const std::string name : {"h264.mp4", "h264.mov", "hevc.mkv", "vp9.webm", "mjpeg.avi",
                                   "mpeg4.avi", "odd.mp4", "vfr.mp4"}) {
        const std::string to =
            dir.file(std::string("collection/") + (n++ < 2 ? "sub/" : "") + name);
        fs::copy_file(generated_clip(name), to);
        clips.insert(to);
    }
    return clips;
}

nlohmann::json analyse_shard(const TempDir& dir, const std::string& shard) {
    const auto fixture = ParityFixture::load("small");
    int status = -1;
    const std::string out =
        run(cli() + " analyze '" + dir.file("collection") + "' --checkpoint '" +
                fixture.file("_training.pt") + "' --name W --evenly 2 --shard " + shard +
                " --case-dir '" + dir.file("cases-" + shard.substr(0, 1)) + "' --quiet --json -",
            &status);
    INFO(out);
    REQUIRE((status == 0 || status == 3 || status == 4));
    return nlohmann::json::parse(out);
}

}  // namespace

TEST_CASE("three shards of a folder cover every clip once, and summary lists each once",
          "[collection]") {
    TempDir dir;
    const auto clips = make_collection(dir);
    std::multiset<std::string> covered;
    for (const std::string shard : {"1/3", "2/3", "3/3"})
        for (const auto& entry : analyse_shard(dir, shard))
            covered.insert(entry["clip"].get<std::string>());
    CHECK(covered.size() == clips.size());
    CHECK(std::set<std::string>(covered.begin(), covered.end()) == clips);
    // The same shard again takes the same clips, read back from its cases.
    std::set<std::string> again;
    for (const auto& entry : analyse_shard(dir, "2/3")) {
        again.insert(entry["clip"].get<std::string>());
        CHECK(entry["frames_from_case"] == 2);
    }
    CHECK_FALSE(again.empty());

    int status = -1;
    const std::string cases =
        "'" + dir.file("cases-1") + "' '" + dir.file("cases-2") + "' '" + dir.file("cases-3") + "'";
    const std::string out =
        run(cli() + " summary " + cases + " --csv '" + dir.file("all.csv") + "' --json -", &status);
    INFO(out);
    REQUIRE(status == 0);
    const auto summary = nlohmann::json::parse(out);
    std::set<std::string> listed, hashes;
    for (const auto& entry : summary) {
        listed.insert(entry["clip"].get<std::string>());
        hashes.insert(entry["sha256"].get<std::string>());
        REQUIRE(entry["checkpoints"].size() == 1);
        CHECK(entry["checkpoints"][0]["checkpoint"] == "W");
        CHECK(entry["checkpoints"][0]["scored"].get<int>() >= 1);
    }
    CHECK(summary.size() == clips.size());
    CHECK(listed == clips);
    CHECK(hashes.size() == clips.size());
    const std::string csv = read(dir.file("all.csv"));
    CHECK(std::count(csv.begin(), csv.end(), '\n') == static_cast<long>(clips.size()) + 1);

    // A folder given twice lists its clips once; the table goes to stderr with --json -.
    const std::string twice = run(cli() + " summary '" + dir.file("cases-1") + "' '" +
                                      dir.file("cases-1") + "' --json - 2>/dev/null",
                                  &status);
    CHECK(status == 0);
    const auto one = nlohmann::json::parse(twice);
    std::set<std::string> once;
    for (const auto& entry : one) once.insert(entry["sha256"].get<std::string>());
    CHECK(once.size() == one.size());
}

TEST_CASE("a shard is K/N with 1 <= K <= N, and summary needs folders of cases", "[collection]") {
    TempDir dir;
    for (const std::string bad : {"0/3", "4/3", "x", "2/", "/3", "1/0"}) {
        int status = -1;
        const std::string out =
            run(cli() + " analyze '" + generated_clip("h264.mp4") + "' --shard '" + bad + "' 2>&1",
                &status);
        INFO(bad << ": " << out);
        CHECK(status == 2);
        CHECK(out.find("--shard takes K/N") != std::string::npos);
    }
    int status = -1;
    const std::string out = run(cli() + " summary '" + dir.file("nowhere") + "' 2>&1", &status);
    CHECK(status == 1);
    CHECK(out.find("not a folder of cases") != std::string::npos);
}
