// The workstation driven as an investigator would: open a clip, analyse
// with two checkpoints, step and seek (the frame shown is the decoder's),
// toggle overlays, bookmark, compare, cancel, and open a bad file. Each test
// starts from no cases and no remembered settings of its own.
#include <catch2/catch.hpp>

#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "compare/compare_view.h"
#include "core/media/media_info.h"
#include "core/media/video_decoder.h"
#include "dialogs/report_dialog.h"
#include "docks/bookmarks_dock.h"
#include "docks/frame_panel.h"
#include "player/playback_controller.h"
#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/temp_dir.h"
#include "window/analysis_status_bar.h"
#include "window/main_window.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

// A test's own case folder and empty settings (no remembered checkpoints, recent files or window
// state), so that no test depends on what another left.
class FreshStart {
  public:
    FreshStart() {
        if (const char* dir = std::getenv("INTERCEPTOR_CASE_DIR")) before_ = dir;
        setenv("INTERCEPTOR_CASE_DIR", cases_.path().c_str(), 1);
        QSettings().clear();
    }
    ~FreshStart() {
        QSettings().clear();
        if (before_)
            setenv("INTERCEPTOR_CASE_DIR", before_->c_str(), 1);
        else
            unsetenv("INTERCEPTOR_CASE_DIR");
    }
    FreshStart(const FreshStart&) = delete;
    FreshStart& operator=(const FreshStart&) = delete;

  private:
    TempDir cases_;
    std::optional<std::string> before_;
};

// A window with a clip open, its case ready and its first frame shown.
std::unique_ptr<MainWindow> window_on(const std::string& clip) {
    auto w = std::make_unique<MainWindow>();
    w->resize(1366, 768);
    w->show();
    w->openClip(QString::fromStdString(clip));
    REQUIRE(QTest::qWaitFor([&] { return w->model().store() != nullptr && w->currentFrame() == 0; },
                            20000));
    return w;
}

void add_two_checkpoints(MainWindow& w) {
    const auto fixture = ParityFixture::load("small");
    w.addCheckpoint(QString::fromStdString(fixture.file("_training.pt")), "Stage A");
    w.addCheckpoint(QString::fromStdString(fixture.file("_bare.pt")), "Stage B");
}

bool analyse_and_wait(MainWindow& w, int timeout_ms = 120000) {
    QSignalSpy finished(&w, &MainWindow::analysisFinished);
    w.analyse();
    return finished.wait(timeout_ms) && finished.front().at(0).toString().isEmpty();
}

bool show_frame(MainWindow& w, qint64 frame) {
    w.seek(frame);
    return QTest::qWaitFor([&] { return w.currentFrame() == frame; }, 10000);
}

// A window on the generated H.264 clip, every 5th frame analysed with two checkpoints, frame 10
// on screen.
std::unique_ptr<MainWindow> analysed_window() {
    auto w = window_on(generated_clip("h264.mp4"));
    add_two_checkpoints(*w);
    w->setSelection({FrameSelection::Mode::EveryNth, 5});
    REQUIRE(analyse_and_wait(*w));
    REQUIRE(show_frame(*w, 10));
    return w;
}

}  // namespace

TEST_CASE("open, analyse with two checkpoints, step and seek to the decoder's exact frames",
          "[ui]") {
    FreshStart fresh;
    const std::string clip = generated_clip("h264.mp4");
    const std::string before = file_state(clip);
    auto w = window_on(clip);
    CHECK(w->frameCount() == 75);
    add_two_checkpoints(*w);
    w->setSelection({FrameSelection::Mode::EveryNth, 5});
    REQUIRE(analyse_and_wait(*w));
    CHECK(w->model().slotCount() == 2);
    CHECK(w->model().slotName(1) == "Stage B");
    CHECK(w->model().frames().size() == 15);

    auto decoder = VideoDecoder::open(clip);
    REQUIRE(decoder.ok());
    REQUIRE(show_frame(*w, 37));
    CHECK(w->framePanel()->value("Frame") == "37");
    CHECK(w->framePanel()->value("Pixels SHA-256").toStdString() ==
          (*decoder)->frame(37)->pixel_sha256());
    w->step(1);
    REQUIRE(QTest::qWaitFor([&] { return w->currentFrame() == 38; }, 10000));
    CHECK(w->framePanel()->value("Pixels SHA-256").toStdString() ==
          (*decoder)->frame(38)->pixel_sha256());
    w->step(-10);
    REQUIRE(QTest::qWaitFor([&] { return w->currentFrame() == 28; }, 10000));
    CHECK(w->framePanel()->value("Pixels SHA-256").toStdString() ==
          (*decoder)->frame(28)->pixel_sha256());
    // An analysed frame shows each checkpoint's probability.
    REQUIRE(show_frame(*w, 35));
    CHECK(w->framePanel()
              ->value("Stage A P(fake)")
              .startsWith(
                  QString::number(w->model().frame(35)->per_checkpoint[0].score.p_fake, 'f', 4)));
    CHECK(file_state(clip) == before);
}

TEST_CASE("overlays toggle, a bookmark is kept in the case, compare mode shows both checkpoints",
          "[ui]") {
    FreshStart fresh;
    auto w = analysed_window();

    const QImage with = w->videoView()->grab().toImage();
    auto options = w->overlayOptions();
    options.heatmap = false;
    w->setOverlayOptions(options);
    const QImage without_heatmap = w->videoView()->grab().toImage();
    CHECK(with != without_heatmap);
    options.probability = options.face = options.badges = false;
    w->setOverlayOptions(options);
    const QImage bare = w->videoView()->grab().toImage();
    CHECK(bare != without_heatmap);
    options = OverlayOptions{};
    w->setOverlayOptions(options);
    CHECK(w->videoView()->grab().toImage() == with);

    CHECK(w->bookmarks()->count() == 0);
    CHECK(w->addBookmarkHere("warning", "blending edge at the jaw").isEmpty());
    CHECK(w->bookmarks()->count() == 1);
    auto stored = w->model().store()->bookmarks();
    REQUIRE(stored.ok());
    REQUIRE(stored->size() == 1);
    CHECK(stored->back().frame == 10);
    CHECK(stored->back().note == "blending edge at the jaw");

    w->setCompareMode(true);
    CHECK(w->compareMode());
    CHECK(w->compareView()->paneCount() == 2);
    const QString summary = w->compareView()->summaryText();
    CHECK(summary.contains("Stage A"));
    CHECK(summary.contains("Stage A / Stage B\t15\t100 %"));
    w->setCompareMode(false);
    CHECK_FALSE(w->compareMode());
}

TEST_CASE("the attribution map is computed for the frame on screen, and says why when it cannot",
          "[ui]") {
    FreshStart fresh;
    auto w = analysed_window();
    const QImage heatmap = w->videoView()->grab().toImage();

    auto options = w->overlayOptions();
    options.attribution = true;
    w->setOverlayOptions(options);
    REQUIRE(QTest::qWaitFor([&] { return w->attribution().mapShown(10); }, 60000));
    INFO(w->attribution().caption().toStdString());
    CHECK(w->attribution().caption().startsWith("Grad-CAM of Stage A ("));
    CHECK(w->attribution().caption().endsWith(" grid): an explanation, not proof"));
    CHECK(w->videoView()->grab().toImage() != heatmap);

    // The next frame shown is explained in turn; one not analysed says so.
    REQUIRE(show_frame(*w, 15));
    REQUIRE(QTest::qWaitFor([&] { return w->attribution().mapShown(15); }, 60000));
    REQUIRE(show_frame(*w, 11));
    REQUIRE(QTest::qWaitFor(
        [&] { return w->attribution().caption() == "attribution: this frame was not analysed"; },
        10000));
    CHECK_FALSE(w->attribution().mapShown(11));

    options.attribution = false;
    w->setOverlayOptions(options);
    REQUIRE(show_frame(*w, 10));
    CHECK(w->videoView()->grab().toImage() == heatmap);
}

TEST_CASE("cancelling an analysis stops it, keeps the frames done, and the window stays usable",
          "[ui]") {
    FreshStart fresh;
    auto w = window_on(generated_clip("long.mp4"));
    add_two_checkpoints(*w);
    w->setSelection({FrameSelection::Mode::Every, 1});
    QSignalSpy finished(w.get(), &MainWindow::analysisFinished);
    QSignalSpy progress(w.get(), &MainWindow::analysisProgress);
    w->analyse();
    REQUIRE(QTest::qWaitFor([&] { return w->model().frames().size() >= 10; }, 60000));
    // The window answers while the analysis runs: seek and see the frame.
    REQUIRE(show_frame(*w, 300));
    w->cancelAnalysis();
    REQUIRE(finished.wait(20000));
    CHECK(finished.front().at(0).toString().isEmpty());
    CHECK(finished.front().at(1).toBool());  // cancelled
    CHECK_FALSE(w->analysing());
    CHECK(w->model().analysis().status == AnalysisStatus::Cancelled);
    const auto kept = w->model().frames().size();
    CHECK(kept >= 10);
    CHECK(kept < 500);
    CHECK(progress.count() > 0);
    CHECK(w->analysisStatus()->resumeOffer().contains("Resume the cancelled analysis"));
}

TEST_CASE("a bad file or a missing checkpoint gives a readable error and no crash", "[ui]") {
    FreshStart fresh;
    MainWindow w;
    w.show();
    w.openClip(QString::fromStdString(generated_clip("text.mp4")));
    REQUIRE(QTest::qWaitFor([&] { return !w.lastError().isEmpty(); }, 20000));
    CHECK(w.lastError().contains("text.mp4"));
    w.openClip("/nonexistent/clip.mp4");
    CHECK(w.lastError().contains("no such file"));
    w.analyse();
    CHECK(w.lastError().contains("Open a clip first"));
}

TEST_CASE("the report is exported from the window with the details typed in", "[ui][report]") {
    FreshStart fresh;
    auto w = window_on(generated_clip("h264.mp4"));
    add_two_checkpoints(*w);
    w->setSelection({FrameSelection::Mode::EveryNth, 5});
    REQUIRE(analyse_and_wait(*w));
    ReportDialog* dialog = w->exportReport();
    REQUIRE(dialog != nullptr);
    REQUIRE(QTest::qWaitFor([&] { return dialog->ready(); }, 30000));
    TempDir dir;
    dialog->setDetails({"UI-1", "ITEM-2", "Examiner Name", "Lab", "typed in the dialog"});
    dialog->setOutput(QString::fromStdString(dir.file("ui-report.pdf")), true);
    QTest::qWait(200);
    std::filesystem::create_directories(std::string(INTERCEPTOR_ARTEFACTS) + "/screenshots");
    dialog->grab().save(QString::fromStdString(std::string(INTERCEPTOR_ARTEFACTS) +
                                               "/screenshots/report-dialog.png"));
    CHECK(dialog->exportReport().isEmpty());
    CHECK(std::filesystem::file_size(dir.file("ui-report.pdf")) > 10000);
    CHECK(std::filesystem::exists(dir.file("ui-report.json")));
    CHECK(std::filesystem::exists(dir.file("ui-report.csv")));
    CHECK(w->model().store()->detail("examiner") == "Examiner Name");
}

namespace {
std::size_t thread_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
        ++n;
    return n;
}
}  // namespace

TEST_CASE("closing, switching clips, adding a checkpoint and quitting during an analysis are clean",
          "[ui][faults]") {
    FreshStart fresh;
    // A first full analysis starts the pools LibTorch keeps for the process; the count after it is
    // the baseline.
    {
        auto warm = window_on(generated_clip("h264.mp4"));
        add_two_checkpoints(*warm);
        REQUIRE(analyse_and_wait(*warm));
    }
    QTest::qWait(200);
    const auto baseline = thread_count();

    auto w = window_on(generated_clip("long.mp4"));
    add_two_checkpoints(*w);
    w->setSelection({FrameSelection::Mode::Every, 1});
    w->analyse();
    REQUIRE(QTest::qWaitFor([&] { return w->model().frames().size() >= 5; }, 60000));
    // Another checkpoint while it runs: the running analysis keeps its own set and goes on.
    const auto fixture = ParityFixture::load("small");
    w->addCheckpoint(QString::fromStdString(fixture.file("_wrapped.zip")), "Stage C");
    const auto before = w->model().frames().size();
    REQUIRE(QTest::qWaitFor([&] { return w->model().frames().size() > before + 3; }, 60000));
    CHECK(w->analysing());

    // Closing the clip stops the analysis and empties the window.
    w->closeClip();
    REQUIRE(QTest::qWaitFor([&] { return !w->analysing(); }, 20000));
    CHECK(w->model().frames().empty());

    // Another clip while an analysis runs: the new clip's case gets none of the old results.
    w->openClip(QString::fromStdString(generated_clip("long.mp4")));
    REQUIRE(QTest::qWaitFor([&] { return w->model().store() != nullptr && w->currentFrame() == 0; },
                            20000));
    const auto kept_from_close = w->model().frames().size();
    CHECK(kept_from_close > 0);  // the frames done before the close stayed in long.mp4's case
    w->analyse();
    REQUIRE(
        QTest::qWaitFor([&] { return w->model().frames().size() >= kept_from_close + 3; }, 60000));
    w->openClip(QString::fromStdString(generated_clip("h264.mp4")));
    REQUIRE(QTest::qWaitFor([&] { return w->model().store() != nullptr && w->currentFrame() == 0; },
                            20000));
    QTest::qWait(500);  // results still in flight from long.mp4 would arrive now
    for (const auto& [index, frame] : w->model().frames())
        CHECK(index < 75);  // h264.mp4 has 75 frames

    // Quitting in the middle: the window goes, and every thread it started is joined.
    w->openClip(QString::fromStdString(generated_clip("long.mp4")));
    REQUIRE(QTest::qWaitFor([&] { return w->model().store() != nullptr && w->currentFrame() == 0; },
                            20000));
    w->analyse();
    REQUIRE(QTest::qWaitFor([&] { return w->analysing(); }, 20000));
    w.reset();
    QTest::qWait(200);
    CHECK(thread_count() <= baseline);

    // What was done before the quit is in the case, and the next start offers to carry on from it.
    auto again = window_on(generated_clip("long.mp4"));
    const auto stored = again->model().frames().size();
    CHECK(stored > 0);
    CHECK(again->model().analysis().status == AnalysisStatus::Cancelled);  // by the quit
    REQUIRE(again->canResume());
    CHECK(again->analysisStatus()->resumeOffer().contains("Resume the cancelled analysis"));
    CHECK(again->analysisStatus()->status().contains("It was cancelled."));
    const auto id = again->model().analysis().id;
    REQUIRE(again->resumeAnalysis());
    REQUIRE(QTest::qWaitFor([&] { return again->model().frames().size() > stored; }, 60000));
    CHECK(again->model().analysis().id == id);  // the same analysis goes on, not a new one
    again->cancelAnalysis();
    REQUIRE(QTest::qWaitFor([&] { return !again->analysing(); }, 20000));
}

TEST_CASE("an analysis that did not complete is offered as what happened to it", "[ui]") {
    StoredAnalysis a;
    a.total_frames = 75;
    a.frames_stored = 20;
    AnalysisStatusBar bar;
    a.status = AnalysisStatus::Failed;
    a.error = "cannot write the case: disk full";
    CHECK(analysis_ending(a) == "It failed: cannot write the case: disk full");
    bar.offerResume(a);
    CHECK(bar.resumeOffer() == "Resume the failed analysis (20 of 75 frames done)");
    a.error.clear();
    CHECK(analysis_ending(a) == "It failed.");
    a.status = AnalysisStatus::Cancelled;
    CHECK(analysis_ending(a) == "It was cancelled.");
    bar.offerResume(a);
    CHECK(bar.resumeOffer() == "Resume the cancelled analysis (20 of 75 frames done)");
    a.status = AnalysisStatus::Running;  // not running here: the program ended during it
    CHECK(analysis_ending(a).startsWith("It was interrupted"));
    bar.offerResume(a);
    CHECK(bar.resumeOffer() == "Resume the interrupted analysis (20 of 75 frames done)");
    bar.hideResume();
    CHECK(bar.resumeOffer().isEmpty());
}

TEST_CASE("playback, the jump dialog and bookmark times use one frame rate", "[ui]") {
    MediaInfo media;
    CHECK(frame_rate(media) == 25);
    media.nominal_fps = 30;
    CHECK(frame_rate(media) == 30);
    media.measured_fps = 29.97;
    CHECK(frame_rate(media) == 29.97);
    // The player takes the clip's own (measured) rate.
    const std::string clip = generated_clip("h264.mp4");
    PlaybackController playback;
    playback.open(QString::fromStdString(clip));
    REQUIRE(QTest::qWaitFor([&] { return playback.currentFrame() == 0; }, 20000));
    auto decoder = VideoDecoder::open(clip);
    REQUIRE(decoder.ok());
    REQUIRE((*decoder)->info().measured_fps > 0);
    CHECK(playback.frameRate() == (*decoder)->info().measured_fps);
}
