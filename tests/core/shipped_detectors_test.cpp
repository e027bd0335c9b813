// The default-model rule: a shipped detector is the default only with AUC at
// least 0.75 on ciplab-val and above 0.5 on real face swaps; the shipped
// manifest matches its files; analyze without --checkpoint follows the rule.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/analysis/shipped_models.h"
#include "interceptor/model/checkpoint/checkpoint.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

std::string entry(const std::string& name, double ciplab, double swaps) {
    return "{\"name\": \"" + name + "\", \"file\": \"" + name +
           ".pt\", \"sha256\": \"00\", \"ciplab_val_auc\": " + std::to_string(ciplab) +
           ", \"ciplab_val_samples\": 800, \"real_swap_video_auc\": " + std::to_string(swaps) +
           ", \"real_swap_videos\": 13, \"provenance\": \"P.md\"}";
}

}  // namespace

TEST_CASE("a shipped detector is the default only when it beats chance on real manipulations",
          "[shipped]") {
    TempDir dir;
    std::ofstream(dir.file("detectors.json"))
        << "{\"detectors\": [" << entry("composites-weak", 0.62, 0.9) << ", "
        << entry("swaps-at-chance", 0.8, 0.5) << ", " << entry("on-the-bound", 0.75, 0.51) << ", "
        << entry("strong", 0.9, 0.9) << "]}";
    auto read = read_detector_manifest(dir.file("detectors.json"));
    REQUIRE(read.ok());
    REQUIRE(read->size() == 4);
    const auto& d = *read;
    CHECK_FALSE(d[0].is_default());
    CHECK_THAT(d[0].status(), Catch::StartsWith("experimental: ciplab-val AUC 0.620 (800 "
                                                "portraits) is below 0.750"));
    CHECK_FALSE(d[1].is_default());
    CHECK_THAT(d[1].status(),
               Catch::Contains("real-swap video AUC 0.500 (13 videos) is not above"));
    CHECK(d[2].is_default());
    CHECK(d[2].status() == "default");
    CHECK(d[0].path == dir.file("composites-weak.pt"));
    const auto chosen = default_detector(d);
    REQUIRE(chosen);
    CHECK(chosen->name == "on-the-bound");  // the first that qualifies
    CHECK_FALSE(default_detector({d[0], d[1]}));

    std::ofstream(dir.file("broken.json")) << "{\"detectors\": [{\"name\": \"x\"}]}";
    auto broken = read_detector_manifest(dir.file("broken.json"));
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.error(), Catch::Contains("broken.json") && Catch::Contains("incomplete"));
    std::ofstream(dir.file("other.json")) << "[1, 2]";
    CHECK_FALSE(read_detector_manifest(dir.file("other.json")).ok());
}

TEST_CASE("the shipped detectors are the files they shipped as, and analyze follows the rule",
          "[shipped]") {
    auto shipped = shipped_detectors();
    REQUIRE(shipped.ok());
    for (const auto& d : *shipped) {
        INFO(d.name);
        auto c = Checkpoint::load(d.path);
        REQUIRE(c.ok());
        CHECK(c->metadata().sha256 == d.sha256);
        CHECK(std::filesystem::is_regular_file(d.provenance));
    }
    TempDir cases;
    int status = 0;
    const std::string out = run(cli() + " analyze " + std::string(INTERCEPTOR_SOURCE_DIR) +
                                    "/resources/demo/demo-clip.mp4 --evenly 4 --case-dir " +
                                    cases.file("cases") + " 2>&1",
                                &status);
    if (const auto chosen = default_detector(*shipped)) {
        CHECK(status == 0);
        CHECK_THAT(out, Catch::Contains("using the shipped default detector \"" + chosen->name));
    } else {
        CHECK(status != 0);
        CHECK_THAT(out, Catch::Contains("analyze needs at least one --checkpoint"));
        for (const auto& d : *shipped)
            CHECK_THAT(out, Catch::Contains(d.name) && Catch::Contains("experimental"));
    }
}
