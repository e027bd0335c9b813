// The analysis pipeline: several checkpoints in one pass, results in order
// and equal to scoring the frame directly, not-applicable frames, cancel,
// and errors.
#include <catch2/catch.hpp>

#include <atomic>

#include "core/analysis/analysis_job.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/inference/preprocess.h"
#include "support/clips.h"
#include "support/parity_fixture.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

std::vector<DetectorSlot> two_slots() {
    auto whole = ParityFixture::load("small").checkpoint("_training.pt");
    Checkpoint faces = whole;
    faces.metadata().preprocessing = Profile::FaceCrop;
    return {{"whole", whole}, {"faces", faces}};
}

}  // namespace

TEST_CASE("two checkpoints analyse a clip in one pass, in frame order", "[pipeline]") {
    AnalysisSettings settings;
    settings.selection = {FrameSelection::Mode::EveryNth, 5};
    std::vector<FrameResult> results;
    std::int64_t last_progress = 0;
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult& r) { results.push_back(r); };
    callbacks.on_progress = [&](const AnalysisProgress& p) { last_progress = p.done; };
    auto job = AnalysisJob::start(generated_clip("noface.mp4"), two_slots(), settings, callbacks);
    auto outcome = job->wait();
    INFO(outcome.error());
    REQUIRE(outcome.ok());
    REQUIRE(results.size() == 10);
    CHECK(last_progress == 10);
    for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].frame == static_cast<std::int64_t>(5 * i));
        REQUIRE(results[i].per_checkpoint.size() == 2);
        CHECK(results[i].per_checkpoint[0].applicable);
        CHECK_FALSE(results[i].per_checkpoint[1].applicable);  // grey noise has no face
        CHECK(results[i].per_checkpoint[1].reason == "no face found");
        CHECK(results[i].pixel_sha256.size() == 64);
    }
    REQUIRE(outcome->checkpoints.size() == 2);
    CHECK(outcome->checkpoints[0].verdict.scored == 10);
    CHECK(outcome->checkpoints[1].verdict.scored == 0);
    CHECK(outcome->checkpoints[1].verdict.not_applicable == 10);
    CHECK_FALSE(outcome->checkpoints[1].verdict.fake);
    CHECK(outcome->checkpoints[0].threshold_source.find("default 0.5") == 0);
    CHECK(outcome->media.frame_count == 50);

    // The pipeline's score of frame 10 is the detector's score of that frame.
    auto decoder = VideoDecoder::open(generated_clip("noface.mp4"));
    REQUIRE(decoder.ok());
    auto frame = (*decoder)->frame(10);
    REQUIRE(frame.ok());
    auto detector = ParityFixture::load("small").detector("_training.pt");
    FrameBatch batch;
    batch.size = detector->config().input_size;
    append_whole_frame(frame->bgr, batch);
    auto direct = detector->score(batch);
    REQUIRE(direct.ok());
    CHECK(results[2].per_checkpoint[0].score.p_fake == Approx(direct->front().p_fake).margin(1e-5));
}

TEST_CASE("an analysis can be cancelled at any moment", "[pipeline]") {
    AnalysisSettings settings;
    settings.selection = {FrameSelection::Mode::Every, 1};
    std::atomic<int> seen{0};
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult&) { ++seen; };
    auto job = AnalysisJob::start(generated_clip("hevc.mkv"), two_slots(), settings, callbacks);
    while (seen == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    job->cancel();
    auto outcome = job->wait();
    REQUIRE(outcome.ok());
    CHECK(outcome->cancelled);
    CHECK(seen < 75);
    // Dropping a job that is still running cancels and joins it too.
    auto dropped = AnalysisJob::start(generated_clip("vp9.webm"), two_slots(), settings, {});
    dropped.reset();
}

TEST_CASE("a bad clip fails the job with the file's name", "[pipeline]") {
    auto job = AnalysisJob::start(generated_clip("text.mp4"), two_slots(), {}, {});
    auto outcome = job->wait();
    REQUIRE_FALSE(outcome.ok());
    CHECK_THAT(outcome.error(), Catch::Contains("text.mp4: not a video FFmpeg can read"));
}

TEST_CASE("frame selections", "[pipeline]") {
    CHECK(FrameSelection{FrameSelection::Mode::Evenly, 4}.frames(100) ==
          std::vector<std::int64_t>{12, 37, 62, 87});
    CHECK(FrameSelection{FrameSelection::Mode::Evenly, 32}.frames(5).size() == 5);
    CHECK(FrameSelection{FrameSelection::Mode::EveryNth, 30}.frames(75) ==
          std::vector<std::int64_t>{0, 30, 60});
    CHECK(FrameSelection{FrameSelection::Mode::Every, 1}.frames(3) ==
          std::vector<std::int64_t>{0, 1, 2});
    CHECK(FrameSelection{FrameSelection::Mode::Evenly, 32}.describe() == "32 evenly spaced frames");
    for (const auto& [n, text] :
         std::vector<std::pair<int, std::string>>{{2, "every 2nd frame"},
                                                  {3, "every 3rd frame"},
                                                  {5, "every 5th frame"},
                                                  {11, "every 11th frame"},
                                                  {12, "every 12th frame"},
                                                  {21, "every 21st frame"},
                                                  {113, "every 113th frame"}})
        CHECK(FrameSelection{FrameSelection::Mode::EveryNth, n}.describe() == text);
    CHECK(FrameSelection{FrameSelection::Mode::EveryNth, 5}.flags() == "--every 5");
    CHECK(FrameSelection{FrameSelection::Mode::Every, 1}.flags() == "--all");
    // from_flags reads back what flags() wrote, and nothing else.
    for (const FrameSelection s : {FrameSelection{FrameSelection::Mode::Every, 1},
                                   FrameSelection{FrameSelection::Mode::EveryNth, 7},
                                   FrameSelection{FrameSelection::Mode::Evenly, 32}}) {
        const auto back = FrameSelection::from_flags(s.flags());
        REQUIRE(back);
        CHECK(back->flags() == s.flags());
    }
    for (const std::string bad : {"", "--every", "--every 0", "--every -3", "--evenly 3x",
                                  "--every 99999999999999999", "--some 3"})
        CHECK_FALSE(FrameSelection::from_flags(bad));
}
