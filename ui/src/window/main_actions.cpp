#include "window/main_actions.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

#include <cmath>

#include "core/media/component_versions.h"
#include "core/media/media_files.h"
#include "docks/bookmarks_dock.h"
#include "docks/checkpoints_dock.h"
#include "player/playback_controller.h"
#include "player/video_view.h"
#include "window/main_window.h"

namespace interceptor {
namespace {

// Parses "1234" (a frame) or "HH:MM:SS.mmm" / "MM:SS" / "SS.s" (a time); -1 when neither.
qint64 parse_position(const QString& text, double fps) {
    bool number = false;
    const qint64 frame = text.trimmed().toLongLong(&number);
    if (number) return frame;
    const QStringList parts = text.trimmed().split(':');
    double seconds = 0;
    for (const auto& part : parts) {
        bool ok = false;
        const double v = part.toDouble(&ok);
        if (!ok) return -1;
        seconds = seconds * 60 + v;
    }
    return static_cast<qint64>(std::floor(seconds * fps + 1e-6));
}

// "Video (*.mp4 *.mov ...);;All files (*)", from the one list of video extensions.
QString video_filter() {
    QStringList patterns;
    for (const auto& extension : video_extensions())
        patterns << "*" + QString::fromStdString(extension);
    return QObject::tr("Video (%1);;All files (*)").arg(patterns.join(' '));
}

}  // namespace

MainActions::MainActions(MainWindow* window, PlaybackController* playback)
    : QObject(window), window_(window), playback_(playback) {
    buildFileMenu();
    buildAnalysisMenu();
    buildViewMenu();
    buildGoMenu();
    buildHelpMenu();
    rebuildRecentMenu();
}

template <typename Slot>
QAction* MainActions::add(QMenu* menu, const QString& text, const QKeySequence& key, Slot slot) {
    auto* a = new QAction(text, window_);
    if (!key.isEmpty()) a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, slot);
    menu->addAction(a);
    window_->addAction(a);  // shortcuts work while the menu bar is hidden too
    return a;
}

void MainActions::buildFileMenu() {
    QMenu* file = window_->menuBar()->addMenu(tr("&File"));
    add(file, tr("&Open clip..."), QKeySequence::Open, [this] { openDialog(); });
    recent_ = file->addMenu(tr("Open &recent"));
    report_ = add(file, tr("&Export report..."), QKeySequence(tr("Ctrl+E")),
                  [this] { window_->exportReport(); });
    add(file, tr("&Close clip"), QKeySequence::Close, [this] { window_->closeClip(); });
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::Quit, [this] { window_->close(); });
}

void MainActions::buildAnalysisMenu() {
    QMenu* analysis = window_->menuBar()->addMenu(tr("&Analysis"));
    add(analysis, tr("Add &checkpoint..."), QKeySequence(tr("Ctrl+Shift+O")),
        [this] { window_->checkpoints()->browse(); });
    analyse_ =
        add(analysis, tr("&Analyse"), QKeySequence(tr("Ctrl+R")), [this] { window_->analyse(); });
    add(analysis, tr("&Cancel analysis"), QKeySequence(tr("Ctrl+.")),
        [this] { window_->cancelAnalysis(); });
}

void MainActions::buildViewMenu() {
    QMenu* view = window_->menuBar()->addMenu(tr("&View"));
    VideoView* video = window_->videoView();
    add(view, tr("Zoom to &fit"), QKeySequence(tr("Ctrl+0")), [video] { video->zoomToFit(); });
    add(view, tr("&Actual pixels (1:1)"), QKeySequence(tr("Ctrl+1")),
        [video] { video->zoomActualSize(); });
    add(view, tr("Zoom &in"), QKeySequence::ZoomIn,
        [video] { video->zoomBy(1.25, video->rect().center()); });
    add(view, tr("Zoom &out"), QKeySequence::ZoomOut,
        [video] { video->zoomBy(0.8, video->rect().center()); });
    view->addSeparator();
    auto toggle = [&](const QString& text, const QKeySequence& key, bool OverlayOptions::*field) {
        auto* a = add(view, text, key, [this, field](bool on) {
            auto o = window_->overlayOptions();
            o.*field = on;
            window_->setOverlayOptions(o);
        });
        a->setCheckable(true);
        a->setChecked(window_->overlayOptions().*field);
    };
    toggle(tr("Show &probability"), QKeySequence(tr("Ctrl+Shift+P")), &OverlayOptions::probability);
    toggle(tr("Show &heatmap"), QKeySequence(tr("Ctrl+Shift+H")), &OverlayOptions::heatmap);
    toggle(tr("Show a&ttribution (Grad-CAM)"), QKeySequence(tr("Ctrl+Shift+G")),
           &OverlayOptions::attribution);
    toggle(tr("Show f&ace box"), QKeySequence(tr("Ctrl+Shift+F")), &OverlayOptions::face);
    toggle(tr("Show low-light and n/a &badges"), QKeySequence(tr("Ctrl+Shift+L")),
           &OverlayOptions::badges);
    tracks_ = add(view, tr("Timeline curve per &track"), QKeySequence(tr("Ctrl+Shift+T")),
                  [this](bool on) { window_->setShowTracks(on); });
    tracks_->setCheckable(true);
    view->addSeparator();
    compare_ = add(view, tr("&Compare checkpoints"), QKeySequence(tr("Ctrl+Shift+C")),
                   [this](bool on) { window_->setCompareMode(on); });
    compare_->setCheckable(true);
}

void MainActions::buildGoMenu() {
    QMenu* go = window_->menuBar()->addMenu(tr("&Go"));
    PlaybackController* p = playback_;
    add(go, tr("&Play / pause"), QKeySequence(Qt::Key_Space), [p] { p->togglePlay(); });
    add(go, tr("Next frame"), QKeySequence(Qt::Key_Period), [p] { p->step(1); });
    add(go, tr("Previous frame"), QKeySequence(Qt::Key_Comma), [p] { p->step(-1); });
    add(go, tr("Next frame (arrow)"), QKeySequence(Qt::Key_Right), [p] { p->step(1); });
    add(go, tr("Previous frame (arrow)"), QKeySequence(Qt::Key_Left), [p] { p->step(-1); });
    add(go, tr("Forward 10 frames"), QKeySequence(tr("Shift+Right")), [p] { p->step(10); });
    add(go, tr("Back 10 frames"), QKeySequence(tr("Shift+Left")), [p] { p->step(-10); });
    add(go, tr("First frame"), QKeySequence(Qt::Key_Home), [p] { p->seek(0); });
    add(go, tr("Last frame"), QKeySequence(Qt::Key_End), [p] { p->seek(p->frameCount() - 1); });
    add(go, tr("&Jump to frame or time..."), QKeySequence(tr("Ctrl+G")), [this] { jumpDialog(); });
    go->addSeparator();
    add(go, tr("Set loop start (A)"), QKeySequence(Qt::Key_BracketLeft),
        [p] { p->setLoopStart(); });
    add(go, tr("Set loop end (B)"), QKeySequence(Qt::Key_BracketRight), [p] { p->setLoopEnd(); });
    add(go, tr("&Loop between marks"), QKeySequence(tr("L")), [p](bool on) {
        p->setLooping(on);
    })->setCheckable(true);
    add(go, tr("Clear loop marks"), QKeySequence(tr("Shift+L")), [p] { p->clearLoop(); });
    go->addSeparator();
    add(go, tr("Next large disagreement"), QKeySequence(tr("Ctrl+Right")),
        [this] { window_->stepDisagreement(1); });
    add(go, tr("Previous large disagreement"), QKeySequence(tr("Ctrl+Left")),
        [this] { window_->stepDisagreement(-1); });
    // As the dock's Add button: the window answers with the frame shown.
    add(go, tr("&Bookmark this frame..."), QKeySequence(tr("Ctrl+B")),
        [this] { Q_EMIT window_->bookmarks()->currentFrameWanted(); });
}

void MainActions::buildHelpMenu() {
    QMenu* help = window_->menuBar()->addMenu(tr("&Help"));
    add(help, tr("Open the &demo"), QKeySequence(), [this] { window_->openDemo(); });
    add(help, tr("&Keyboard shortcuts"), QKeySequence::HelpContents, [this] { showShortcuts(); });
    add(help, tr("&About Interceptor"), QKeySequence(), [this] { showAbout(); });
}

void MainActions::setCompareChecked(bool on) { compare_->setChecked(on); }

void MainActions::setTracksChecked(bool on) { tracks_->setChecked(on); }

void MainActions::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        window_, tr("Open clip"), QSettings().value("lastDir").toString(), video_filter());
    if (!path.isEmpty()) window_->openClip(path);
}

void MainActions::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue("recentFiles", recent.mid(0, 10));
    settings.setValue("lastDir", QFileInfo(path).absolutePath());
    rebuildRecentMenu();
}

void MainActions::rebuildRecentMenu() {
    recent_->clear();
    for (const QString& path : QSettings().value("recentFiles").toStringList())
        recent_
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { window_->openClip(path); })
            ->setToolTip(path);
    recent_->setEnabled(!recent_->isEmpty());
}

void MainActions::jumpDialog() {
    if (playback_->frameCount() <= 0) return;
    bool ok = false;
    const QString text =
        QInputDialog::getText(window_, tr("Jump"), tr("Frame number, or time as HH:MM:SS.mmm:"),
                              QLineEdit::Normal, QString::number(playback_->currentFrame()), &ok);
    if (!ok) return;
    const qint64 frame = parse_position(text, playback_->frameRate());
    if (frame < 0)
        window_->showError(tr("Cannot jump"),
                           tr("\"%1\" is neither a frame number nor a time.").arg(text));
    else
        playback_->seek(frame);
}

void MainActions::showShortcuts() {
    QString rows;
    for (QAction* a : window_->actions())
        if (!a->shortcut().isEmpty())
            rows += QString("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                             a->text().remove('&').toHtmlEscaped());
    rows +=
        tr("<tr><td><b>Wheel</b></td><td>Zoom the frame at the cursor (timeline: zoom; Shift: "
           "scroll)</td></tr>"
           "<tr><td><b>Drag</b></td><td>Pan the frame; on the timeline, seek</td></tr>"
           "<tr><td><b>Double-click</b></td><td>Toggle fit / 1:1</td></tr>");
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard shortcuts"),
                    "<table cellspacing=4>" + rows + "</table>", QMessageBox::Ok, window_);
    box.exec();
}

void MainActions::showAbout() {
    QString text =
        tr("<h3>Interceptor</h3><p>A forensic workstation for judging whether a video clip, often "
           "shot in "
           "poor light, was manipulated by a deepfake. A score is evidence to weigh, not "
           "proof.</p><p>");
    for (const auto& c : component_versions())
        text += QString("%1 %2<br>")
                    .arg(QString::fromStdString(c.name),
                         QString::fromStdString(c.version).toHtmlEscaped());
    text += QString("Qt %1 (runtime %2)</p>").arg(QT_VERSION_STR, qVersion());
    QMessageBox::about(window_, tr("About Interceptor"), text);
}

}  // namespace interceptor
