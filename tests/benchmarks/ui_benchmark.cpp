// UI benchmark, in one run, on the offscreen platform: the time from asking
// the window for frame N to that frame being on screen after a random seek
// on a 1080p H.264 clip (median and worst; goal: median under 100 ms), and
// the longest stall of the event loop while an analysis with the seed
// network runs and the user scrubs (goal: under 50 ms).
//
//   ui_benchmark [--clip PATH] [--seeks N] [--checkpoint PATH] [--every N]
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>

#include "bench_clip.h"
#include "support/temp_dir.h"
#include "window/main_window.h"

using namespace interceptor;

int main(int argc, char** argv) {
    interceptor::test::TempDir home;
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    setenv("XDG_CONFIG_HOME", (home.path() / "config").c_str(), 1);
    setenv("INTERCEPTOR_CASE_DIR", (home.path() / "cases").c_str(), 1);
    QApplication app(argc, argv);
    std::string clip = bench::default_1080p_clip();
    std::string checkpoint = std::string(INTERCEPTOR_FIXTURES) + "/parity/seed_bare.pt";
    int seeks = 40, every = 10;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--clip"))
            clip = argv[++i];
        else if (!std::strcmp(argv[i], "--seeks"))
            seeks = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--checkpoint"))
            checkpoint = argv[++i];
        else if (!std::strcmp(argv[i], "--every"))
            every = std::atoi(argv[++i]);
    }
    if (!bench::ensure_clip(clip)) return 1;

    MainWindow window;
    window.resize(1366, 768);
    window.show();
    window.openClip(QString::fromStdString(clip));
    if (!QTest::qWaitFor([&] { return window.model().store() && window.currentFrame() == 0; },
                         60000)) {
        std::printf("the clip did not open: %s\n", qPrintable(window.lastError()));
        return 1;
    }
    // Seeks: from the request to the frame painted.
    std::mt19937 random(7);
    std::uniform_int_distribution<qint64> pick(0, window.frameCount() - 1);
    std::vector<double> ms;
    for (int i = 0; i < seeks; ++i) {
        qint64 target = pick(random);
        if (target == window.currentFrame()) target = (target + 1) % window.frameCount();
        QElapsedTimer t;
        t.start();
        window.seek(target);
        if (!QTest::qWaitFor([&] { return window.currentFrame() == target; }, 10000)) {
            std::printf("frame %lld was not shown within 10 s\n", static_cast<long long>(target));
            return 1;
        }
        window.videoView()->repaint();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("clip %s, %lld frames, %d random seeks\n", clip.c_str(),
                static_cast<long long>(window.frameCount()), seeks);
    std::printf(
        "seek to frame on screen: median %.1f ms, worst %.1f ms (goal: median under 100 ms)\n",
        ms[ms.size() / 2], ms.back());

    // Event-loop stall: a 5 ms timer notes the longest gap between its ticks
    // while the analysis runs and a frame is asked for every 150 ms.
    window.addCheckpoint(QString::fromStdString(checkpoint), "Seed");
    window.setSelection({FrameSelection::Mode::EveryNth, every});
    QElapsedTimer since;
    double longest = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longest = std::max(longest, since.nsecsElapsed() / 1e6);
        since.restart();
    });
    QTimer scrub;
    scrub.setInterval(150);
    QObject::connect(&scrub, &QTimer::timeout, [&] { window.seek(pick(random)); });
    QSignalSpy finished(&window, &MainWindow::analysisFinished);
    QElapsedTimer analysis;
    analysis.start();
    window.analyse();
    since.start();
    tick.start();
    scrub.start();
    finished.wait(600000);
    tick.stop();
    scrub.stop();
    if (finished.isEmpty() || !finished.front().at(0).toString().isEmpty()) {
        std::printf("the analysis failed: %s\n", qPrintable(window.lastError()));
        return 1;
    }
    std::printf("analysis of every %dth frame with %s: %zu frames in %.1f s (loading included)\n",
                every, checkpoint.c_str(), window.model().frames().size(),
                analysis.elapsed() / 1000.0);
    std::printf(
        "longest event-loop stall while analysing and scrubbing: %.1f ms (goal: under 50 ms)\n",
        longest);
    return 0;
}
