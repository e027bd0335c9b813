// Interceptor writes checkpoints in the Python format: it reads them back
// bit for bit, and Python's torch.load(weights_only=True) reads them too.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/pretrained/pretrained_backbone.h"
#include "support/parity_fixture.h"
#include "support/pretrained_weights.h"
#include "support/temp_dir.h"

using namespace interceptor;
using interceptor::test::ParityFixture;
using interceptor::test::TempDir;
using namespace interceptor::test;

namespace {

int python_reads(const std::string& checkpoint, const std::string& fixture_prefix) {
    std::string script =
        std::string(INTERCEPTOR_SOURCE_DIR) + "/tests/model/reference/check_saved_checkpoint.py";
    std::string command = std::string(INTERCEPTOR_PYTHON) + " '" + script + "' '" + checkpoint +
                          "' '" + fixture_prefix + "'";
    return std::system(command.c_str());
}

// Runs interceptor-cli with these arguments; its exit status, with stdout and stderr in *output.
int run_cli(const std::string& arguments, std::string* output) {
    const std::string command = std::string(INTERCEPTOR_CLI) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return -1;
    char chunk[512];
    while (std::size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) output->append(chunk, n);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a saved checkpoint reads back identically, metadata included", "[checkpoint]") {
    auto fixture = ParityFixture::load("small");
    auto original = Checkpoint::load(fixture.file("_training.pt"));
    REQUIRE(original.ok());
    Checkpoint edited = *original;
    auto& m = edited.metadata();
    m.config = fixture.config;
    m.preprocessing = Profile::WholeFrame;
    m.threshold = 0.375;
    m.threshold_source = "validation split, balanced accuracy";
    m.provenance_json = R"({"dataset": "unit test", "seed": 7})";
    m.metrics["auc"] = 0.9;

    TempDir dir;
    auto sha = edited.save(dir.file("roundtrip.pt"));
    INFO(sha.error());
    REQUIRE(sha.ok());
    CHECK(sha->size() == 64);
    CHECK_FALSE(std::filesystem::exists(dir.file("roundtrip.pt.partial")));

    auto back = Checkpoint::load(dir.file("roundtrip.pt"));
    INFO(back.error());
    REQUIRE(back.ok());
    CHECK(back->metadata().sha256 == *sha);
    CHECK(back->keys() == original->keys());
    CHECK(back->metadata().parameter_count == original->metadata().parameter_count);
    CHECK(back->metadata().epoch == 3);
    CHECK(back->metadata().stage == 2);
    CHECK(back->metadata().timestamp == "20260105_211721");
    REQUIRE(back->metadata().config.has_value());
    CHECK(*back->metadata().config == fixture.config);
    CHECK(back->metadata().preprocessing == Profile::WholeFrame);
    CHECK(back->metadata().threshold == 0.375);
    CHECK(back->metadata().threshold_source == "validation split, balanced accuracy");
    CHECK(nlohmann::json::parse(back->metadata().provenance_json)["seed"] == 7);
    CHECK(back->metadata().metrics.at("auc") == 0.9);

    auto detector = Detector::create(*back);
    REQUIRE(detector.ok());
    auto scores = (*detector)->score(fixture.frames());
    REQUIRE(scores.ok());
    CHECK(fixture.scaled_error(*scores) <= 1e-4);

    CHECK(python_reads(dir.file("roundtrip.pt"), fixture.prefix) == 0);
}

TEST_CASE("a freshly initialised checkpoint is loadable by C++ and Python", "[checkpoint]") {
    auto fresh = Checkpoint::fresh(NetworkConfig::small(), 42);
    CHECK(fresh.metadata().parameter_count == ParityFixture::load("small").parameters);
    TempDir dir;
    REQUIRE(fresh.save(dir.file("fresh.pt")).ok());
    auto back = Checkpoint::load(dir.file("fresh.pt"));
    REQUIRE(back.ok());
    auto detector = Detector::create(*back);
    INFO(detector.error());
    REQUIRE(detector.ok());
    CHECK((*detector)->config() == NetworkConfig::small());
    CHECK(python_reads(dir.file("fresh.pt"), "--load-only") == 0);
}

TEST_CASE("saving into a missing folder fails and leaves nothing behind", "[checkpoint]") {
    auto fresh = Checkpoint::fresh(NetworkConfig::small(), 1);
    TempDir dir;
    auto result = fresh.save(dir.file("no/such/folder/x.pt"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("cannot create") != std::string::npos);
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("a mobile checkpoint with the TFLite backbone is written, read back and fits",
          "[checkpoint][pretrained]") {
    if (!have_mobilenet_v2_tflite()) {
        WARN("skipped: " << mobilenet_v2_tflite() << " is absent (../shared/data/weights)");
        return;
    }
    auto initial = pretrained_checkpoint(NetworkConfig::mobile(), mobilenet_v2_tflite(), 5);
    INFO(initial.error());
    REQUIRE(initial.ok());
    auto provenance = nlohmann::json::parse(initial->metadata().provenance_json);
    CHECK(provenance["backbone_weights"]["sha256"] ==
          "7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776");
    CHECK(provenance["backbone_weights"]["licence"] == "Apache-2.0");

    TempDir dir;
    REQUIRE(initial->save(dir.file("mobile.pt")).ok());
    auto back = Checkpoint::load(dir.file("mobile.pt"));
    INFO(back.error());
    REQUIRE(back.ok());
    REQUIRE(back->metadata().config.has_value());
    CHECK(*back->metadata().config == NetworkConfig::mobile());
    CHECK(back->infer_config() == NetworkConfig::mobile());  // from the shapes alone, too
    CHECK(back->metadata().parameter_count == ParityFixture::load("mobile").parameters);

    // Both inference paths on the imported weights, on the mobile parity inputs.
    auto frames = ParityFixture::load("mobile").frames();
    DetectorOptions plain;
    plain.folded = false;
    auto folded_scores = (*Detector::create(*back))->score(frames);
    auto plain_scores = (*Detector::create(*back, plain))->score(frames);
    REQUIRE(folded_scores.ok());
    REQUIRE(plain_scores.ok());
    for (std::size_t i = 0; i < plain_scores->size(); ++i)
        for (int k = 0; k < 2; ++k)
            CHECK(std::abs((*folded_scores)[i].logits[k] - (*plain_scores)[i].logits[k]) < 1e-4);

    CHECK(python_reads(dir.file("mobile.pt"), "--load-only") == 0);

    auto wrong = pretrained_checkpoint(NetworkConfig::small(), mobilenet_v2_tflite(), 5);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().find("MobileNetV2 backbone") != std::string::npos);
}

TEST_CASE("init-checkpoint --config mobile --backbone-weights writes a mobile checkpoint",
          "[checkpoint][pretrained][cli]") {
    TempDir dir;
    std::string output;
    write_bytes(dir.file("notes.tflite"), {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
    CHECK(run_cli("init-checkpoint " + dir.file("a.pt") + " --config mobile --backbone-weights " +
                      dir.file("notes.tflite"),
                  &output) == 1);
    CHECK(output.find("not a TFLite file") != std::string::npos);
    output.clear();
    CHECK(run_cli("init-checkpoint " + dir.file("a.pt") + " --config mobile --backbone-weights " +
                      dir.file("absent.tflite"),
                  &output) == 1);
    CHECK(output.find("absent.tflite: no such file") != std::string::npos);
    output.clear();
    CHECK(run_cli("init-checkpoint " + dir.file("a.pt") + " --config small --backbone-weights " +
                      dir.file("notes.tflite"),
                  &output) == 2);
    CHECK(output.find("use --config mobile") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("a.pt")));

    if (!have_mobilenet_v2_tflite()) {
        WARN("skipped the pretrained part: " << mobilenet_v2_tflite() << " is absent");
        return;
    }
    output.clear();
    const int status =
        run_cli("init-checkpoint " + dir.file("mobile.pt") +
                    " --config mobile --seed 3 --backbone-weights " + mobilenet_v2_tflite(),
                &output);
    INFO(output);
    REQUIRE(status == 0);
    CHECK(output.find("MobileNetV2-1.0 160px") != std::string::npos);
    auto written = Checkpoint::load(dir.file("mobile.pt"));
    INFO(written.error());
    REQUIRE(written.ok());
    auto config = written->resolve_config();
    REQUIRE(config.ok());
    CHECK(*config == NetworkConfig::mobile());
    CHECK(written->metadata().provenance_json.find("mobilenet_v2_1.0_224_quant.tflite") !=
          std::string::npos);
}
