// The case file: what goes in comes back, a second analysis reuses stored
// frames, a cancelled one resumes to the same result as an uninterrupted
// one, and files that are not this evidence's intact case are refused.
#include <catch2/catch.hpp>

#include <opencv2/core.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/case/case_analysis.h"
#include "core/case/case_store.h"
#include "core/media/video_decoder.h"
#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

MediaInfo media_of(const std::string& clip) { return (*VideoDecoder::open(clip))->info(); }

std::unique_ptr<CaseStore> open_case(const TempDir& dir, const std::string& clip) {
    auto evidence = take_evidence(clip);
    REQUIRE(evidence.ok());
    auto store = CaseStore::open(CaseStore::file_for(dir.path().string(), *evidence), *evidence,
                                 media_of(clip));
    INFO(store.error());
    REQUIRE(store.ok());
    return std::move(*store);
}

AnalysisSpec one_checkpoint_spec() {
    AnalysisSpec spec;
    CheckpointSummary c;
    c.name = "Stage 1";
    c.sha256 = std::string(64, 'a');
    c.profile = Profile::WholeFrame;
    // As describe_slot records a checkpoint calibrated at 0.4: its metadata holds the threshold.
    c.metadata_json = R"({"threshold": 0.4, "threshold_source": "test"})";
    c.calibrated_threshold = 0.4;
    c.calibrated_source = "test";
    c.threshold = 0.4;
    c.threshold_source = "from the checkpoint (test)";
    spec.checkpoints.push_back(c);
    spec.selection = "every frame";
    return spec;
}

FrameResult made_frame(std::int64_t index, float p_fake) {
    FrameResult r;
    r.frame = index;
    r.pts = index * 512;
    r.seconds = index / 25.0;
    r.timecode = "00:00:00." + std::to_string(index);
    r.decoded = true;
    r.pixel_sha256 = std::string(64, static_cast<char>('0' + index % 10));
    r.light = {40.5, 2, 38, 90, 3.25, true};
    CheckpointFrameResult c;
    c.applicable = true;
    c.face = cv::Rect(10, 20, 30, 40);
    c.score.logits = {-p_fake, p_fake};
    c.score.p_fake = p_fake;
    c.heatmap = cv::Mat(4, 4, CV_32F);
    for (int i = 0; i < 16; ++i) c.heatmap.at<float>(i / 4, i % 4) = i / 15.0f;
    r.per_checkpoint.push_back(c);
    return r;
}

std::vector<DetectorSlot> small_slot() {
    return {{"Stage 1", ParityFixture::load("small").checkpoint("_training.pt")}};
}

}  // namespace

TEST_CASE("a case keeps evidence, frames, heatmaps, bookmarks and details across reopening",
          "[case]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    const std::string before = file_state(clip);
    std::string file;
    std::int64_t id = 0;
    {
        auto store = open_case(dir, clip);
        file = store->file();
        auto a = store->begin_analysis(one_checkpoint_spec(), 3);
        REQUIRE(a.ok());
        id = a->id;
        for (int i = 0; i < 3; ++i)
            REQUIRE(store->append(id, made_frame(i, i == 1 ? 0.9f : 0.1f)).ok());
        REQUIRE(store->finish(id, a->spec, AnalysisStatus::Complete).ok());
        REQUIRE(store->set_detail("examiner", "J. Doe").ok());
        auto b = store->add_bookmark(1, BookmarkStatus::Warning, "mouth edge flickers");
        REQUIRE(b.ok());
        b->note = "mouth edge flickers (checked twice)";
        REQUIRE(store->update_bookmark(*b).ok());
        REQUIRE(store->add_bookmark(2, BookmarkStatus::Ok, "").ok());
    }
    auto reopened = CaseStore::open_existing(file);
    INFO(reopened.error());
    REQUIRE(reopened.ok());
    auto& store = **reopened;
    CHECK(store.evidence().sha256 == digest_file(clip)->sha256);
    CHECK(store.evidence().md5 == digest_file(clip)->md5);
    CHECK(store.media().frame_count == 75);
    CHECK(store.media().video_codec == "h264");
    CHECK(store.detail("examiner") == "J. Doe");
    auto a = store.analysis(id);
    REQUIRE(a.ok());
    CHECK(a->status == AnalysisStatus::Complete);
    CHECK(a->frames_stored == 3);
    CHECK(a->spec.checkpoints[0].name == "Stage 1");
    auto frames = store.frames(id, true);
    REQUIRE(frames.ok());
    REQUIRE(frames->size() == 3);
    const auto expected = made_frame(1, 0.9f);
    const auto& got = (*frames)[1];
    CHECK(got.pts == expected.pts);
    CHECK(got.timecode == expected.timecode);
    CHECK(got.pixel_sha256 == expected.pixel_sha256);
    CHECK(got.light.noise_sigma == 3.25);
    CHECK(got.light.low_light);
    CHECK(got.per_checkpoint[0].score.p_fake == 0.9f);
    CHECK(got.per_checkpoint[0].score.logits[1] == 0.9f);
    REQUIRE(got.per_checkpoint[0].face.has_value());
    CHECK(*got.per_checkpoint[0].face == cv::Rect(10, 20, 30, 40));
    REQUIRE(got.per_checkpoint[0].heatmap.rows == 4);
    CHECK(cv::norm(got.per_checkpoint[0].heatmap, expected.per_checkpoint[0].heatmap,
                   cv::NORM_INF) <= 0.5 / 255);
    auto summaries = store.summaries(id);
    REQUIRE(summaries.ok());
    CHECK((*summaries)[0].verdict.flagged == 1);  // only 0.9 reaches the stored threshold 0.4
    CHECK((*summaries)[0].threshold == 0.4);
    CHECK((*summaries)[0].threshold_source == "from the checkpoint (test)");
    auto bookmarks = store.bookmarks();
    REQUIRE(bookmarks.ok());
    REQUIRE(bookmarks->size() == 2);
    CHECK((*bookmarks)[0].note == "mouth edge flickers (checked twice)");
    REQUIRE(store.remove_bookmark((*bookmarks)[1].id).ok());
    CHECK(store.bookmarks()->size() == 1);
    CHECK(file_state(clip) == before);
}

TEST_CASE("the same analysis again is read from the case, not recomputed", "[case]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    auto store = open_case(dir, clip);
    AnalysisSettings settings;
    settings.selection = {FrameSelection::Mode::EveryNth, 10};
    int computed = 0;
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult&) { ++computed; };
    auto first = CaseAnalysis::start(*store, small_slot(), settings, callbacks);
    REQUIRE(first.ok());
    auto done = (*first)->wait();
    INFO(done.error());
    REQUIRE(done.ok());
    CHECK(done->status == AnalysisStatus::Complete);
    CHECK(done->frames_stored == 8);
    CHECK(computed == 8);
    CHECK_FALSE(done->spec.checkpoints[0].device.empty());
    auto again = CaseAnalysis::start(*store, small_slot(), settings, callbacks);
    REQUIRE(again.ok());
    CHECK((*again)->resumed_frames() == 8);
    auto read_back = (*again)->wait();
    REQUIRE(read_back.ok());
    CHECK(computed == 8);
    // Reading it back changes nothing: still complete, with the devices and face detector of the
    // run.
    CHECK(read_back->status == AnalysisStatus::Complete);
    CHECK(read_back->spec.checkpoints[0].device == done->spec.checkpoints[0].device);
    CHECK(read_back->spec.face_detector == done->spec.face_detector);
    CHECK(store->analyses()->size() == 1);
    // Other frames are another analysis.
    settings.selection = {FrameSelection::Mode::Evenly, 4};
    auto other = CaseAnalysis::start(*store, small_slot(), settings, callbacks);
    REQUIRE(other.ok());
    CHECK((*other)->resumed_frames() == 0);
    REQUIRE((*other)->wait().ok());
    CHECK(store->analyses()->size() == 2);
}

TEST_CASE("a cancelled analysis resumes to the result of an uninterrupted one", "[case]") {
    TempDir dir, reference_dir;
    const std::string clip = generated_clip("h264.mp4");
    AnalysisSettings settings;
    settings.selection = {FrameSelection::Mode::EveryNth, 3};
    settings.batch_size = 1;

    auto reference_store = open_case(reference_dir, clip);
    auto reference = CaseAnalysis::start(*reference_store, small_slot(), settings, {});
    REQUIRE(reference.ok());
    auto whole = (*reference)->wait();
    REQUIRE(whole.ok());
    auto expected = reference_store->frames(whole->id, true);
    REQUIRE(expected->size() == 25);

    auto store = open_case(dir, clip);
    std::atomic<int> seen{0};
    std::unique_ptr<CaseAnalysis> running;
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult&) { ++seen; };
    auto started = CaseAnalysis::start(*store, small_slot(), settings, callbacks);
    REQUIRE(started.ok());
    running = std::move(*started);
    while (seen < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    running->cancel();
    auto cancelled = running->wait();
    REQUIRE(cancelled.ok());
    CHECK(cancelled->status == AnalysisStatus::Cancelled);
    const auto kept = cancelled->frames_stored;
    CHECK(kept >= 5);
    CHECK(kept < 25);

    auto resumed = CaseAnalysis::start(*store, small_slot(), settings, {});
    REQUIRE(resumed.ok());
    CHECK((*resumed)->resumed_frames() == kept);
    auto finished = (*resumed)->wait();
    REQUIRE(finished.ok());
    CHECK(finished->status == AnalysisStatus::Complete);
    auto got = store->frames(finished->id, true);
    REQUIRE(got->size() == expected->size());
    for (std::size_t i = 0; i < got->size(); ++i) {
        CHECK((*got)[i].frame == (*expected)[i].frame);
        CHECK((*got)[i].pixel_sha256 == (*expected)[i].pixel_sha256);
        CHECK((*got)[i].per_checkpoint[0].score.p_fake ==
              Approx((*expected)[i].per_checkpoint[0].score.p_fake).margin(1e-5));
        CHECK(cv::norm((*got)[i].per_checkpoint[0].heatmap,
                       (*expected)[i].per_checkpoint[0].heatmap, cv::NORM_INF) <= 1.0 / 255 + 1e-6);
    }
}

TEST_CASE("case files that are not this evidence's intact case are refused", "[case]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    auto other = take_evidence(generated_clip("vp9.webm"));
    REQUIRE(other.ok());
    std::string file;
    {
        auto store = open_case(dir, clip);
        file = store->file();
        auto a = store->begin_analysis(one_checkpoint_spec(), 100);
        for (int i = 0; i < 100; ++i) REQUIRE(store->append(a->id, made_frame(i, 0.5f)).ok());
    }
    SECTION("other evidence") {
        auto wrong = CaseStore::open(file, *other, media_of(generated_clip("vp9.webm")));
        REQUIRE_FALSE(wrong.ok());
        CHECK_THAT(wrong.error(), Catch::Contains("belongs to other evidence"));
    }
    SECTION("not a database") {
        std::ofstream(dir.file("notes.icase")) << "a text file, not a case\n";
        auto text = CaseStore::open_existing(dir.file("notes.icase"));
        REQUIRE_FALSE(text.ok());
        CHECK_THAT(text.error(), Catch::Contains("not an Interceptor case file"));
    }
    SECTION("missing") {
        auto missing = CaseStore::open_existing(dir.file("nothing.icase"));
        REQUIRE_FALSE(missing.ok());
        CHECK_THAT(missing.error(), Catch::Contains("no such case file"));
    }
    SECTION("a later schema") {
        const std::string bump = std::string(INTERCEPTOR_PYTHON) +
                                 " -c \"import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                                 "c.execute('PRAGMA user_version=99'); c.commit()\" '" +
                                 file + "'";
        REQUIRE(std::system(bump.c_str()) == 0);
        auto later = CaseStore::open_existing(file);
        REQUIRE_FALSE(later.ok());
        CHECK_THAT(later.error(), Catch::Contains("schema version 99, this build reads 1 to " +
                                                  std::to_string(CaseStore::kSchemaVersion)) &&
                                      Catch::Contains("later Interceptor"));
    }
    SECTION("its own history") {
        auto store = CaseStore::open_existing(file);
        REQUIRE(store.ok());
        auto history = (*store)->history();
        REQUIRE(history.ok());
        REQUIRE(history->size() == 1);
        CHECK_THAT(
            history->front().event,
            Catch::StartsWith("created with schema " + std::to_string(CaseStore::kSchemaVersion)));
    }
    SECTION("damaged pages") {
        const auto size = std::filesystem::file_size(file);
        REQUIRE(size > 32 * 1024);
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(size / 2));
            const std::string garbage(8192, '\x5a');
            f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
        auto damaged = CaseStore::open_existing(file);
        REQUIRE_FALSE(damaged.ok());
        CHECK_THAT(damaged.error(), Catch::Contains("damaged") || Catch::Contains("malformed"));
    }
}

TEST_CASE("the evidence re-check sees any change of content", "[case]") {
    TempDir dir;
    const std::string copy = dir.file("evidence.mp4");
    std::filesystem::copy_file(generated_clip("h264.mp4"), copy);
    auto intake = take_evidence(copy);
    REQUIRE(intake.ok());
    CHECK(std::filesystem::path(intake->path).is_absolute());
    auto same = recheck_evidence(*intake);
    REQUIRE(same.ok());
    CHECK(same->unchanged);
    CHECK(same->difference.empty());
    {
        std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(1000);
        const char byte = static_cast<char>(f.get() ^ 0x01);
        f.seekp(1000);
        f.put(byte);
    }
    auto changed = recheck_evidence(*intake);
    REQUIRE(changed.ok());
    CHECK_FALSE(changed->unchanged);
    CHECK_THAT(changed->difference, Catch::StartsWith("SHA-256 differs"));
    std::filesystem::remove(copy);
    auto gone = recheck_evidence(*intake);
    REQUIRE_FALSE(gone.ok());
    CHECK_THAT(gone.error(), Catch::Contains("can no longer be read"));
}

TEST_CASE(
    "a case keeps every face with its track, landmarks and scores, judges each track, and "
    "bookmarks know the track",
    "[case][faces]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    auto store = open_case(dir, clip);
    auto spec = one_checkpoint_spec();
    spec.checkpoints[0].profile = Profile::FaceAligned;
    spec.faces = FaceDetectorSettings{};
    auto a = store->begin_analysis(spec, 6);
    REQUIRE(a.ok());
    // Two people in six frames: track 0 stays low, track 1 is high from frame 2 on.
    for (int i = 0; i < 6; ++i) {
        FrameResult r = made_frame(i, 0);
        for (int t = 0; t < 2; ++t) {
            Face f;
            f.box = cv::Rect2f(10.5f + 200 * t, 20.25f, 80, 96);
            for (int k = 0; k < kFaceLandmarks; ++k)
                f.landmarks.emplace_back(30.5f + 200 * t + 5 * k, 60.75f + 4 * k);
            f.score = 0.9f + 0.05f * t;
            f.track = t;
            r.faces.push_back(f);
        }
        auto& c = r.per_checkpoint[0];
        const float high = i >= 2 ? 0.95f : 0.1f;
        c.face_scores = {{{0.2f, -0.2f}, 0.05f}, {{-high, high}, high}};
        c.face_index = 1;
        c.face = r.faces[1].pixel_box();
        c.score.p_fake = high;
        c.score.logits = {-high, high};
        REQUIRE(store->append(a->id, r).ok());
    }
    REQUIRE(store->finish(a->id, a->spec, AnalysisStatus::Complete).ok());
    REQUIRE(store->add_bookmark(3, BookmarkStatus::Warning, "the second person's mouth", 1).ok());
    REQUIRE(store->add_bookmark(4, BookmarkStatus::Check, "whole frame").ok());
    const std::string file = store->file();
    store.reset();
    auto reopened = CaseStore::open_existing(file);
    REQUIRE(reopened.ok());
    auto frames = (*reopened)->frames(a->id, false);
    REQUIRE(frames.ok());
    REQUIRE(frames->size() == 6);
    const auto& got = (*frames)[3];
    REQUIRE(got.faces.size() == 2);
    CHECK(got.faces[1].track == 1);
    CHECK(got.faces[1].box == cv::Rect2f(210.5f, 20.25f, 80, 96));
    CHECK(got.faces[1].score == 0.95f);
    REQUIRE(got.faces[1].landmarks.size() == 5);
    CHECK(got.faces[1].landmarks[4] == cv::Point2f(250.5f, 76.75f));
    CHECK(got.per_checkpoint[0].face_index == 1);
    REQUIRE(got.per_checkpoint[0].face_scores.size() == 2);
    CHECK(got.per_checkpoint[0].face_scores[0].p_fake == 0.05f);
    CHECK(got.per_checkpoint[0].face_scores[1].logits[1] == 0.95f);
    auto analyses = (*reopened)->analyses();
    REQUIRE(analyses.ok());
    REQUIRE(analyses->front().spec.faces.has_value());
    CHECK(analyses->front().spec.faces->kind == FaceDetectorKind::Yunet);
    CHECK((*reopened)->next_track(a->id).value() == 2);
    auto summaries = (*reopened)->summaries(a->id);
    REQUIRE(summaries.ok());
    const auto& s = summaries->front();
    CHECK(s.verdict.fake);
    CHECK(s.raised_by_track == 1);
    REQUIRE(s.tracks.size() == 2);
    CHECK(s.tracks[0].track == 0);
    CHECK_FALSE(s.tracks[0].verdict.fake);
    CHECK(s.tracks[0].verdict.scored == 6);
    CHECK(s.tracks[1].verdict.fake);
    CHECK(s.tracks[1].verdict.flagged == 4);
    auto bookmarks = (*reopened)->bookmarks();
    REQUIRE(bookmarks.ok());
    REQUIRE(bookmarks->size() == 2);
    CHECK((*bookmarks)[0].track == 1);
    CHECK((*bookmarks)[1].track == -1);
}
