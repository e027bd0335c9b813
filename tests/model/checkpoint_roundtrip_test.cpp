// Interceptor writes checkpoints in the Python format: it reads them back
// bit for bit, and Python's torch.load(weights_only=True) reads them too.
#include <filesystem>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "support/parity_fixture.h"
#include "support/temp_dir.h"

using namespace interceptor;
using interceptor::test::ParityFixture;
using interceptor::test::TempDir;

namespace {

int python_reads(const std::string& checkpoint, const std::string& fixture_prefix) {
    std::string script =
        std::string(INTERCEPTOR_SOURCE_DIR) + "/tests/model/reference/check_saved_checkpoint.py";
    std::string command = std::string(INTERCEPTOR_PYTHON) + " '" + script + "' '" + checkpoint +
                          "' '" + fixture_prefix + "'";
    return std::system(command.c_str());
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
