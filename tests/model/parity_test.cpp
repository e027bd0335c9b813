// The C++ network reproduces the Python original's logits, from every
// checkpoint layout the training project wrote, in both inference paths.
#include "support/parity_fixture.h"

#include "interceptor/model/checkpoint/checkpoint.h"

using namespace interceptor;
using interceptor::test::ParityFixture;

namespace {

constexpr double kTolerance = 1e-4;

void check_parity(const std::string& config_name, const std::string& suffix) {
    auto fixture = ParityFixture::load(config_name);
    auto checkpoint = Checkpoint::load(fixture.file(suffix));
    INFO(checkpoint.error());
    REQUIRE(checkpoint.ok());
    CHECK(checkpoint->metadata().tensor_count == fixture.keys);
    CHECK(checkpoint->metadata().parameter_count == fixture.parameters);
    auto inferred = checkpoint->infer_config();
    REQUIRE(inferred.has_value());
    CHECK(*inferred == fixture.config);

    for (bool folded : {false, true}) {
        DYNAMIC_SECTION((folded ? "folded" : "plain") << " path") {
            DetectorOptions options;
            options.folded = folded;
            auto detector = Detector::create(*checkpoint, options);
            INFO(detector.error());
            REQUIRE(detector.ok());
            auto scores = (*detector)->score(fixture.frames());
            INFO(scores.error());
            REQUIRE(scores.ok());
            REQUIRE(scores->size() == static_cast<std::size_t>(fixture.batch));
            const double error = fixture.scaled_error(*scores);
            INFO("max scaled logit error " << error);
            CHECK(error <= kTolerance);
            for (const auto& s : *scores) {
                CHECK(s.p_fake >= 0.0f);
                CHECK(s.p_fake <= 1.0f);
                CHECK(s.luminance.size() == 3u * 56 * 56);
                CHECK(s.attention.size() == 68u * 7 * 7);
            }
        }
    }
}

}  // namespace

TEST_CASE("small config: training dict matches Python", "[parity]") {
    check_parity("small", "_training.pt");
}
TEST_CASE("small config: bare state_dict matches Python", "[parity]") {
    check_parity("small", "_bare.pt");
}
TEST_CASE("small config: zip-wrapped checkpoint matches Python", "[parity]") {
    check_parity("small", "_wrapped.zip");
}
TEST_CASE("seed network: training dict matches Python", "[parity][seed]") {
    check_parity("seed", "_training.pt");
}
TEST_CASE("seed network: bare state_dict matches Python", "[parity][seed]") {
    check_parity("seed", "_bare.pt");
}
TEST_CASE("seed network: zip-wrapped checkpoint matches Python", "[parity][seed]") {
    check_parity("seed", "_wrapped.zip");
}

TEST_CASE("mobile preset: training dict matches Python", "[parity][mobile]") {
    check_parity("mobile", "_training.pt");
}
TEST_CASE("mobile preset: bare state_dict matches Python", "[parity][mobile]") {
    check_parity("mobile", "_bare.pt");
}

TEST_CASE("training metadata is read, numpy scalars included", "[checkpoint]") {
    auto fixture = ParityFixture::load("small");
    auto checkpoint = Checkpoint::load(fixture.file("_training.pt"));
    REQUIRE(checkpoint.ok());
    const auto& m = checkpoint->metadata();
    CHECK(m.epoch == 3);
    CHECK(m.stage == 2);
    CHECK(m.model_type == "InterceptorLL");
    CHECK(m.timestamp == "20260105_211721");
    CHECK(m.metrics.at("auc") == Approx(0.725));
    CHECK(m.metrics.at("accuracy") == Approx(0.4942));
    CHECK(m.metrics.at("real_recall") == Approx(0.0584).epsilon(1e-6));  // a numpy float32
    CHECK(m.metrics.at("loss") == Approx(0.6931));
    CHECK(m.format.find("training dict") != std::string::npos);
    CHECK(m.sha256.size() == 64);
    auto extra = nlohmann::json::parse(m.extra_json);
    CHECK(extra["total_data_processed_gb"] == 12.5);
    CHECK(extra["stage_metrics"]["stage1"]["auc"] == 0.81);
    CHECK(extra["training_history"].size() == 2);

    auto bare = Checkpoint::load(fixture.file("_bare.pt"));
    REQUIRE(bare.ok());
    CHECK_FALSE(bare->metadata().epoch.has_value());
    CHECK(bare->metadata().format == "bare state_dict");

    auto wrapped = Checkpoint::load(fixture.file("_wrapped.zip"));
    REQUIRE(wrapped.ok());
    CHECK(wrapped->metadata().epoch == 3);
    CHECK(wrapped->metadata().format.find("in zip archive") != std::string::npos);
}

TEST_CASE("the folded seed network holds well under 200 MB of weights", "[memory][seed]") {
    auto fixture = ParityFixture::load("seed");
    auto folded = fixture.detector("_bare.pt");
    INFO("folded weights: " << folded->weight_bytes() / 1e6 << " MB");
    CHECK(folded->weight_bytes() < 150'000'000);
    DetectorOptions plain_options;
    plain_options.folded = false;
    CHECK(fixture.detector("_bare.pt", plain_options)->weight_bytes() > 600'000'000);
}

TEST_CASE("a checkpoint forced into the wrong architecture is explained", "[checkpoint]") {
    auto fixture = ParityFixture::load("small");
    auto checkpoint = Checkpoint::load(fixture.file("_bare.pt"));
    REQUIRE(checkpoint.ok());
    auto detector = Detector::create(*checkpoint, NetworkConfig::seed());
    REQUIRE_FALSE(detector.ok());
    const auto& why = detector.error();
    INFO(why);
    CHECK(why.find("does not fit EfficientNet-B4") != std::string::npos);
    CHECK(why.find("missing keys") != std::string::npos);
    CHECK(why.find("shape mismatches") != std::string::npos);
    CHECK(why.find("backbone.features.0.0.weight (file (32, 3, 3, 3), network (48, 3, 3, 3))") !=
          std::string::npos);
    CHECK(why.find("the file looks like EfficientNet-B0 128px, attention 256/8") !=
          std::string::npos);
}
