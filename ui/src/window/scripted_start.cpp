#include "window/scripted_start.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

#include "window/main_window.h"

namespace interceptor {

QString parse_start_options(const QStringList& args, StartOptions& o, QString& help) {
    auto number = [](const QString& text, qint64& out) {
        bool ok = false;
        out = text.toLongLong(&ok);
        return ok && out >= 0;
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto next = [&](QString& value) {
            if (i + 1 >= args.size()) return false;
            value = args[++i];
            return true;
        };
        QString v;
        qint64 n = 0;
        if (a == "--help" || a == "-h") {
            help = QObject::tr(
                "usage: interceptor [CLIP | --demo] [--checkpoint FILE [--name NAME]]... [--all | "
                "--every N | --evenly N]\n"
                "                   [--analyze] [--compare] [--tracks] [--seek FRAME] "
                "[--bookmark STATUS:NOTE] [--attribution]\n"
                "                   [--screenshot FILE@WHEN]... [--quit-after-screenshots]\n"
                "  Opens the workstation, optionally on CLIP with checkpoints ticked for "
                "analysis.\n"
                "  --demo         open the bundled demo clip with the demo checkpoints and analyse "
                "it\n"
                "  --analyze      start the analysis at once\n"
                "  --compare      show the checkpoints side by side\n"
                "  --tracks       draw one timeline curve per face track\n"
                "  --seek FRAME   show this frame (after the analysis when one runs)\n"
                "  --bookmark S:N bookmark the shown frame (status ok, check or warning) once "
                "analysed\n"
                "  --attribution  show the attribution map (Grad-CAM) instead of the heatmap\n"
                "  --screenshot FILE@WHEN  save a PNG of the window when the first frame is shown\n"
                "                 (WHEN=shown), half the frames are analysed (half) or the "
                "analysis is done (done),\n"
                "                 or the shown frame's attribution map is drawn after it "
                "(explained)\n");
            return {};
        } else if (a == "--checkpoint" && next(v)) {
            o.checkpoints.append({v, {}});
        } else if (a == "--name" && next(v)) {
            if (o.checkpoints.isEmpty()) return QObject::tr("--name must follow a --checkpoint");
            o.checkpoints.last().second = v;
        } else if (a == "--all") {
            o.selection = FrameSelection{FrameSelection::Mode::Every, 1};
        } else if ((a == "--every" || a == "--evenly") && next(v) && number(v, n) && n > 0) {
            o.selection = FrameSelection{
                a == "--every" ? FrameSelection::Mode::EveryNth : FrameSelection::Mode::Evenly, n};
        } else if (a == "--demo") {
            o.demo = true;
        } else if (a == "--analyze" || a == "--analyse") {
            o.analyse = true;
        } else if (a == "--compare") {
            o.compare = true;
        } else if (a == "--attribution") {
            o.attribution = true;
        } else if (a == "--tracks") {
            o.tracks = true;
        } else if (a == "--seek" && next(v) && number(v, n)) {
            o.seek = n;
        } else if (a == "--bookmark" && next(v) && v.contains(':')) {
            o.bookmark = v;
        } else if (a == "--screenshot" && next(v) && v.contains('@')) {
            const QString when = v.section('@', -1);
            if (when != "shown" && when != "half" && when != "done" && when != "explained")
                return QObject::tr(
                    "--screenshot FILE@WHEN: WHEN is shown, half, done or explained");
            o.screenshots.append({v.section('@', 0, -2), when});
        } else if (a == "--quit-after-screenshots") {
            o.quit_after_screenshots = true;
        } else if (!a.startsWith('-') && o.clip.isEmpty()) {
            o.clip = a;
        } else {
            return QObject::tr("unknown or incomplete option: %1 (see --help)").arg(a);
        }
    }
    return {};
}

ScriptedStart::ScriptedStart(MainWindow* window, StartOptions options)
    : QObject(window), window_(window), options_(std::move(options)) {}

void ScriptedStart::begin() {
    for (const auto& [path, name] : options_.checkpoints) window_->addCheckpoint(path, name);
    if (options_.selection) window_->setSelection(*options_.selection);
    if (options_.compare) window_->setCompareMode(true);
    if (options_.tracks) window_->setShowTracks(true);
    if (options_.attribution) {
        auto o = window_->overlayOptions();
        o.attribution = true;
        window_->setOverlayOptions(o);
    }
    connect(window_, &MainWindow::attributionChanged, this, [this] {
        if (!done_ || !window_->attribution().mapShown(window_->currentFrame())) return;
        if (options_.seek >= 0 && window_->currentFrame() != options_.seek) return;
        QTimer::singleShot(300, this, [this] { shoot("explained"); });
    });
    connect(window_, &MainWindow::frameShown, this, [this] {
        if (shown_) return;
        shown_ = true;
        if (!options_.analyse && options_.seek >= 0) window_->seek(options_.seek);
        // Let the frame paint before the shot.
        QTimer::singleShot(300, this, [this] { shoot("shown"); });
    });
    connect(window_, &MainWindow::caseOpened, this, [this] {
        if (options_.analyse) window_->analyse();
    });
    connect(window_, &MainWindow::analysisProgress, this, [this](qint64 done, qint64 total) {
        if (half_ || done * 2 < total) return;
        half_ = true;
        shoot("half");
    });
    connect(window_, &MainWindow::analysisFinished, this, [this](const QString&, bool) {
        done_ = true;
        if (options_.seek >= 0) window_->seek(options_.seek);
        QTimer::singleShot(600, this, [this] {
            if (!options_.bookmark.isEmpty())
                window_->addBookmarkHere(options_.bookmark.section(':', 0, 0),
                                         options_.bookmark.section(':', 1));
            QTimer::singleShot(300, this, [this] { shoot("done"); });
        });
    });
    if (options_.demo) {
        if (!window_->openDemo())
            std::fprintf(stderr, "interceptor: %s\n", qPrintable(window_->lastError()));
    } else if (!options_.clip.isEmpty()) {
        window_->openClip(options_.clip);
    }
}

void ScriptedStart::shoot(const QString& when) {
    for (auto it = options_.screenshots.begin(); it != options_.screenshots.end();) {
        if (it->second != when) {
            ++it;
            continue;
        }
        const bool saved = window_->grab().save(it->first, "PNG");
        std::fprintf(stderr, "interceptor: screenshot %s %s\n", qPrintable(it->first),
                     saved ? "saved" : "could not be saved");
        it = options_.screenshots.erase(it);
    }
    if (options_.quit_after_screenshots && options_.screenshots.isEmpty())
        QTimer::singleShot(0, qApp, &QApplication::quit);
}

}  // namespace interceptor
