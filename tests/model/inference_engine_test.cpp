// The worker-thread engine returns what the Detector returns, in order, and
// cancels cleanly.
#include "interceptor/model/inference/inference_engine.h"
#include "support/parity_fixture.h"

using namespace interceptor;
using interceptor::test::ParityFixture;

TEST_CASE("the inference engine scores batches on its worker thread", "[engine]") {
    auto fixture = ParityFixture::load("small");
    auto checkpoint = Checkpoint::load(fixture.file("_training.pt"));
    REQUIRE(checkpoint.ok());
    auto engine = InferenceEngine::start(*checkpoint, {}, 2);
    INFO(engine.error());
    REQUIRE(engine.ok());
    CHECK((*engine)->config() == fixture.config);
    CHECK((*engine)->device_name().find(cuda_available() ? "cuda" : "cpu") == 0);

    std::vector<std::future<Result<std::vector<FrameScore>>>> futures;
    for (int i = 0; i < 3; ++i) futures.push_back((*engine)->submit(fixture.frames()));
    for (auto& f : futures) {
        auto scores = f.get();
        REQUIRE(scores.ok());
        CHECK(fixture.scaled_error(*scores) <= 1e-4);
    }

    FrameBatch wrong{1, 64, std::vector<float>(3 * 64 * 64)};
    auto refused = (*engine)->submit(wrong).get();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().find("expects 128x128") != std::string::npos);
}

TEST_CASE("an engine destroyed with work queued cancels it and joins", "[engine]") {
    auto fixture = ParityFixture::load("small");
    auto checkpoint = Checkpoint::load(fixture.file("_bare.pt"));
    REQUIRE(checkpoint.ok());
    std::vector<std::future<Result<std::vector<FrameScore>>>> futures;
    {
        auto engine = InferenceEngine::start(*checkpoint, {}, 8);
        REQUIRE(engine.ok());
        for (int i = 0; i < 6; ++i) futures.push_back((*engine)->submit(fixture.frames()));
    }
    int done = 0, cancelled = 0;
    for (auto& f : futures) {
        auto r = f.get();
        if (r.ok())
            ++done;
        else if (r.error() == "cancelled")
            ++cancelled;
    }
    CHECK(done + cancelled == 6);
    CHECK(cancelled >= 1);
}

TEST_CASE("the batch size is chosen by measurement among the candidates", "[engine]") {
    auto detector = ParityFixture::load("small").detector("_bare.pt");
    auto chosen = choose_batch_size(*detector, {1, 3}, 1);
    REQUIRE(chosen.ok());
    CHECK((*chosen == 1 || *chosen == 3));
    CHECK_FALSE(choose_batch_size(*detector, {0, -2}, 1).ok());
}
