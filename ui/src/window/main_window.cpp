#include "window/main_window.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>

#include "compare/compare_view.h"
#include "core/media/media_files.h"
#include "dialogs/report_dialog.h"
#include "docks/bookmarks_dock.h"
#include "docks/checkpoints_dock.h"
#include "docks/frame_panel.h"
#include "player/frame_overlay.h"
#include "timeline/timeline_widget.h"
#include "window/analysis_status_bar.h"
#include "window/demo_assets.h"
#include "window/main_actions.h"
#include "window/transport_bar.h"

namespace interceptor {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Interceptor"));
    setAcceptDrops(true);
    stack_ = new QStackedWidget(this);
    view_ = new VideoView(stack_);
    view_->clear(
        tr("Open a clip (Ctrl+O) or drop one here.\nAdd checkpoints in the Checkpoints dock, then "
           "Analyse (Ctrl+R)."));
    compare_ = new CompareView(&model_, stack_);
    stack_->addWidget(view_);
    stack_->addWidget(compare_);
    timeline_ = new TimelineWidget(&model_, this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(stack_);
    split->addWidget(timeline_);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    setCentralWidget(split);

    buildDocks();
    actions_ = new MainActions(this, &playback_);
    transport_ = new TransportBar(&playback_, actions_->analyseAction(), actions_->reportAction(),
                                  options_.opacity, this);
    addToolBar(transport_);
    status_ = new AnalysisStatusBar(this);
    setStatusBar(status_);
    connectPlayback();
    connectAnalysis();

    connect(&model_, &CaseModel::analysisChanged, this, [this] {
        explainShown();
        refreshOverlay();
    });
    connect(&attribution_, &AttributionController::changed, this, [this] {
        refreshOverlay();
        Q_EMIT attributionChanged();
    });
    connect(&model_, &CaseModel::frameAdded, this, [this](qint64 frame) {
        if (frame != currentFrame()) return;
        explainShown();
        refreshOverlay();
    });
    connect(transport_, &TransportBar::opacityChanged, this, [this](double opacity) {
        auto o = options_;
        o.opacity = opacity;
        setOverlayOptions(o);
    });
    connect(timeline_, &TimelineWidget::seekRequested, this, &MainWindow::seek);
    connect(bookmarks_, &BookmarksDock::jumpTo, this, &MainWindow::seek);
    connect(bookmarks_, &BookmarksDock::currentFrameWanted, this, [this] {
        if (currentFrame() >= 0) bookmarks_->addAt(currentFrame());
    });
    connect(compare_, &CompareView::stepDisagreement, this, &MainWindow::stepDisagreement);

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1280, 760);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* content,
                       Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    panel_ = new FramePanel(&model_, this);
    bookmarks_ = new BookmarksDock(&model_, this);
    checkpoints_ = new CheckpointsDock(this);
    auto* frame_dock = dock(tr("Frame"), "frame", panel_, Qt::RightDockWidgetArea);
    auto* bookmark_dock = dock(tr("Bookmarks"), "bookmarks", bookmarks_, Qt::RightDockWidgetArea);
    auto* checkpoint_dock =
        dock(tr("Checkpoints"), "checkpoints", checkpoints_, Qt::RightDockWidgetArea);
    tabifyDockWidget(bookmark_dock, checkpoint_dock);
    frame_dock->raise();
    resizeDocks({frame_dock}, {340}, Qt::Horizontal);
}

void MainWindow::connectPlayback() {
    connect(&playback_, &PlaybackController::opened, timeline_,
            [this](const MediaInfo& media) { timeline_->setFrameCount(media.frame_count); });
    connect(&playback_, &PlaybackController::openFailed, this, [this](const QString& e) {
        closeClip();
        showError(
            tr("Cannot open the clip"),
            e + tr("\n\nCheck that the file is a video and readable; the file was not changed."));
    });
    connect(&playback_, &PlaybackController::frameShown, panel_, &FramePanel::showFrame);
    connect(&playback_, &PlaybackController::frameShown, compare_, &CompareView::showFrame);
    connect(&playback_, &PlaybackController::frameShown, this, [this](const ShownFrame& frame) {
        view_->setImage(frame.image);
        if (!frame.damage.isEmpty())
            status_->showMessage(tr("Frame %1 %2").arg(frame.index).arg(frame.damage), 8000);
        explainShown();
        refreshOverlay();
        timeline_->setPlayhead(frame.index);
        Q_EMIT frameShown(frame.index);
    });
    connect(
        &playback_, &PlaybackController::frameFailed, this, [this](qint64 index, const QString& e) {
            status_->showMessage(tr("Frame %1 could not be decoded: %2").arg(index).arg(e), 8000);
        });
    connect(&playback_, &PlaybackController::loopChanged, timeline_, &TimelineWidget::setLoop);
    connect(&playback_, &PlaybackController::closed, this, [this] {
        timeline_->setFrameCount(0);
        panel_->showFrame({});
        compare_->showFrame({});
    });
}

void MainWindow::connectAnalysis() {
    connect(&controller_, &AnalysisController::caseReady, this, &MainWindow::onCaseReady);
    connect(&controller_, &AnalysisController::caseFailed, this,
            [this](const QString& e) { showError(tr("Cannot open the case"), e); });
    connect(&controller_, &AnalysisController::stage, status_, &AnalysisStatusBar::setStatus);
    connect(&controller_, &AnalysisController::analysisStarted, this,
            [this](const StoredAnalysis& a, qint64 resumed) {
                status_->hideResume();
                model_.showAnalysis(a);
                if (resumed > 0)
                    status_->showMessage(
                        tr("%1 frames were already in the case: not computed again").arg(resumed),
                        8000);
            });
    connect(&controller_, &AnalysisController::frameAnalysed, &model_, &CaseModel::addFrame);
    connect(&controller_, &AnalysisController::progress, this, [this](const AnalysisProgress& p) {
        status_->showProgress(p);
        Q_EMIT analysisProgress(p.done, p.total);
    });
    connect(&controller_, &AnalysisController::finished, this, &MainWindow::onFinished);
    connect(status_, &AnalysisStatusBar::cancelRequested, this, &MainWindow::cancelAnalysis);
    connect(status_, &AnalysisStatusBar::resumeRequested, this, &MainWindow::resumeAnalysis);
}

void MainWindow::showError(const QString& title, const QString& message) {
    last_error_ = message;
    status_->setStatus(title + ": " + message.section('\n', 0, 0));
    // Non-blocking, so the window (and a test driving it) goes on.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::openClip(const QString& path) {
    closeClip();
    if (!QFileInfo(path).isFile()) {
        showError(tr("Cannot open the clip"), tr("%1: no such file").arg(path));
        return;
    }
    clip_ = QFileInfo(path).absoluteFilePath();
    last_error_.clear();
    view_->clear(tr("Opening %1 ...").arg(QFileInfo(path).fileName()));
    playback_.open(clip_);
    controller_.openCase(clip_, QString::fromStdString(CaseStore::default_directory()));
    actions_->rememberRecent(clip_);
    updateTitle();
}

bool MainWindow::openDemo() {
    DemoAssets demo;
    QString error;
    if (!find_demo(demo, error)) {
        showError(tr("Cannot open the demo"), error);
        return false;
    }
    for (const auto& [path, name] : demo.checkpoints) addCheckpoint(path, name);
    setSelection(FrameSelection{FrameSelection::Mode::Every, 1});
    // The analysis starts once the clip's case is open (the case decides what is already done).
    connect(this, &MainWindow::caseOpened, this, &MainWindow::analyse, Qt::SingleShotConnection);
    openClip(demo.clip);
    return true;
}

void MainWindow::onCaseReady(std::shared_ptr<CaseStore> store) {
    model_.setCase(std::move(store));
    QString text = tr("Case opened");
    if (model_.hasAnalysis()) {
        text = tr("Case opened: stored analysis shown (%1 frames)").arg(model_.frames().size());
        if (canResume()) text += ". " + analysis_ending(model_.analysis());
    }
    status_->setStatus(text);
    offerResume();
    Q_EMIT caseOpened();
}

bool MainWindow::canResume() const {
    return model_.hasAnalysis() && model_.analysis().status != AnalysisStatus::Complete &&
           !controller_.busy();
}

void MainWindow::offerResume() {
    if (!canResume()) {
        status_->hideResume();
        return;
    }
    status_->offerResume(model_.analysis());
}

bool MainWindow::resumeAnalysis() {
    if (!canResume()) return false;
    const auto& spec = model_.analysis().spec;
    QList<CheckpointChoice> checkpoints;
    QStringList missing;
    for (const auto& c : spec.checkpoints) {
        const QString path = QString::fromStdString(c.path);
        if (QFileInfo(path).isFile())
            checkpoints.append({QString::fromStdString(c.name), path});
        else
            missing << path;
    }
    const auto selection = FrameSelection::from_flags(spec.selection_flags);
    if (!missing.isEmpty() || !selection) {
        showError(tr("Cannot resume"),
                  !missing.isEmpty()
                      ? tr("The analysis used checkpoints that are no longer there:\n%1")
                            .arg(missing.join('\n'))
                      : tr("The stored frame selection \"%1\" is not understood.")
                            .arg(QString::fromStdString(spec.selection_flags)));
        return false;
    }
    checkpoints_->chooseOnly(checkpoints);
    setSelection(*selection);
    analyse();
    return true;
}

void MainWindow::closeClip() {
    status_->hideResume();
    playback_.close();
    controller_.cancel();
    model_.clear();
    clip_.clear();
    view_->clear(tr("Open a clip (Ctrl+O) or drop one here."));
    updateTitle();
}

void MainWindow::addCheckpoint(const QString& path, const QString& name) {
    checkpoints_->addCheckpoint(path, name);
}

void MainWindow::setSelection(const FrameSelection& selection) {
    transport_->setSelection(selection);
}

void MainWindow::analyse() {
    if (!model_.store()) {
        showError(tr("Cannot analyse"),
                  clip_.isEmpty()
                      ? tr("Open a clip first.")
                      : tr("The clip's case is still being opened; try again in a moment."));
        return;
    }
    const auto chosen = checkpoints_->chosen();
    if (chosen.isEmpty()) {
        showError(tr("Cannot analyse"), tr("Tick at least one checkpoint in the Checkpoints dock "
                                           "(Analysis > Add checkpoint)."));
        return;
    }
    AnalysisSettings settings;
    settings.selection = transport_->selection();
    last_error_.clear();
    status_->showRunning();
    controller_.start(model_.sharedStore(), chosen, settings);
}

void MainWindow::cancelAnalysis() {
    if (!controller_.busy()) return;
    status_->setStatus(tr("Cancelling ..."));
    controller_.cancel();
}

void MainWindow::onFinished(const QString& error, bool cancelled) {
    status_->showStopped();
    if (model_.store() && model_.hasAnalysis())
        if (auto a = model_.store()->analysis(model_.analysis().id)) model_.showAnalysis(*a);
    if (!error.isEmpty())
        showError(tr("The analysis failed"),
                  error + tr("\n\nFrames finished before the failure are kept in the case."));
    else
        status_->setStatus(
            cancelled
                ? tr("Analysis cancelled: the frames done are kept in the case; Analyse resumes.")
                : tr("Analysis complete: %1 frames").arg(model_.frames().size()));
    offerResume();
    Q_EMIT analysisFinished(error, cancelled);
}

void MainWindow::seek(qint64 frame) { playback_.seek(frame); }

void MainWindow::step(qint64 delta) { playback_.step(delta); }

void MainWindow::togglePlay() { playback_.togglePlay(); }

void MainWindow::explainShown() {
    if (options_.attribution) attribution_.explain(model_, playback_.shownFrame(), 0);
}

void MainWindow::refreshOverlay() {
    if (currentFrame() < 0 || compareMode()) return;
    FrameOverlay overlay = frame_overlay(model_, currentFrame(), -1, options_.heatmap);
    if (options_.attribution) attribution_.addTo(overlay, currentFrame());
    view_->setOverlay(overlay);
}

bool MainWindow::compareMode() const { return stack_->currentWidget() == compare_; }

void MainWindow::setCompareMode(bool on) {
    stack_->setCurrentWidget(on ? static_cast<QWidget*>(compare_) : view_);
    actions_->setCompareChecked(on);
    timeline_->setShowDifference(on);
    refreshOverlay();
}

void MainWindow::setShowTracks(bool on) {
    actions_->setTracksChecked(on);
    timeline_->setShowTracks(on);
}

void MainWindow::setOverlayOptions(const OverlayOptions& options) {
    const bool explain = options.attribution && !options_.attribution;
    options_ = options;
    view_->setOptions(options);
    OverlayOptions panes = options;
    panes.attribution = false;  // the single view's: the compare panes keep their heatmaps
    compare_->setOptions(panes);
    if (explain) explainShown();
    refreshOverlay();
}

ReportDialog* MainWindow::exportReport() {
    if (!model_.store() || !model_.hasAnalysis()) {
        showError(tr("Nothing to report"), tr("Open a clip and analyse it first: the report is "
                                              "written from the stored analysis."));
        return nullptr;
    }
    if (controller_.busy())
        status_->showMessage(
            tr("The analysis is still running: the report covers the frames done so far."), 8000);
    auto* dialog = new ReportDialog(*model_.store(), model_.analysis().id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString MainWindow::addBookmarkHere(const QString& status, const QString& note) {
    if (currentFrame() < 0) return tr("No frame is shown.");
    auto parsed = parse_bookmark_status(status.toStdString());
    if (!parsed) return QString::fromStdString(parsed.error());
    return bookmarks_->add(currentFrame(), *parsed, note);
}

void MainWindow::stepDisagreement(int direction) {
    const qint64 target = compare_->disagreement(currentFrame(), direction);
    if (target >= 0)
        seek(target);
    else
        status_->showMessage(tr("No further disagreement in that direction."), 4000);
}

void MainWindow::updateTitle() {
    setWindowTitle(clip_.isEmpty() ? tr("Interceptor")
                                   : tr("%1 - Interceptor").arg(QFileInfo(clip_).fileName()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    checkpoints_->save();
    playback_.pause();
    controller_.cancel();  // the frames done are in the case; the controller joins its thread when
                           // destroyed
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile()) continue;
        const QString path = url.toLocalFile();
        if (is_checkpoint_file(path))
            addCheckpoint(path);
        else if (is_video_file(path.toStdString()))
            openClip(path);
        else
            status_->showMessage(tr("%1 is neither a video nor a checkpoint; File > Open clip "
                                    "opens any file.")
                                     .arg(QFileInfo(path).fileName()),
                                 8000);
    }
}

}  // namespace interceptor
