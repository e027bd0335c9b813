#include "window/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

#include "compare/compare_view.h"
#include "core/media/component_versions.h"
#include "core/media/decoded_frame.h"
#include "dialogs/report_dialog.h"
#include "docks/bookmarks_dock.h"
#include "docks/checkpoints_dock.h"
#include "docks/frame_panel.h"
#include "player/heatmap_image.h"
#include "timeline/timeline_widget.h"
#include "window/demo_assets.h"

namespace interceptor {
namespace {

const double kSpeeds[] = {0.25, 0.5, 1.0, 2.0, 4.0};

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

}  // namespace

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
    buildActions();
    buildStatusBar();

    play_.setTimerType(Qt::PreciseTimer);
    connect(&play_, &QTimer::timeout, this, &MainWindow::playTick);
    summary_timer_.setSingleShot(true);
    summary_timer_.setInterval(500);
    connect(&summary_timer_, &QTimer::timeout, compare_, &CompareView::refreshSummary);

    connect(&source_, &FrameSource::opened, this, [this](const MediaInfo& info) {
        frame_count_ = info.frame_count;
        timeline_->setFrameCount(info.frame_count);
        seek(0);
    });
    connect(&source_, &FrameSource::openFailed, this, [this](const QString& e) {
        closeClip();
        showError(
            tr("Cannot open the clip"),
            e + tr("\n\nCheck that the file is a video and readable; the file was not changed."));
    });
    connect(&source_, &FrameSource::frameReady, this, &MainWindow::onFrame);
    connect(&source_, &FrameSource::frameFailed, this, [this](qint64 index, const QString& e) {
        wanted_ = -1;
        statusBar()->showMessage(tr("Frame %1 could not be decoded: %2").arg(index).arg(e), 8000);
    });
    connect(&controller_, &AnalysisController::caseReady, this,
            [this](std::shared_ptr<CaseStore> store) {
                model_.setCase(std::move(store));
                status_text_->setText(model_.hasAnalysis()
                                          ? tr("Case opened: stored analysis shown (%1 frames)")
                                                .arg(model_.frames().size())
                                          : tr("Case opened"));
                offerResume();
                Q_EMIT caseOpened();
            });
    connect(&controller_, &AnalysisController::caseFailed, this,
            [this](const QString& e) { showError(tr("Cannot open the case"), e); });
    connect(&controller_, &AnalysisController::stage, this,
            [this](const QString& s) { status_text_->setText(s); });
    connect(&controller_, &AnalysisController::analysisStarted, this,
            [this](const StoredAnalysis& a, qint64 resumed) {
                resume_->setVisible(false);
                model_.showAnalysis(a);
                if (resumed > 0)
                    statusBar()->showMessage(
                        tr("%1 frames were already in the case: not computed again").arg(resumed),
                        8000);
            });
    connect(&controller_, &AnalysisController::frameAnalysed, this, &MainWindow::onAnalysed);
    connect(&controller_, &AnalysisController::progress, this, &MainWindow::onProgress);
    connect(&controller_, &AnalysisController::finished, this, &MainWindow::onFinished);
    connect(&model_, &CaseModel::analysisChanged, this, [this] {
        timeline_->update();
        compare_->refreshSummary();
        refreshOverlay();
    });
    connect(&model_, &CaseModel::bookmarksChanged, timeline_, qOverload<>(&QWidget::update));
    connect(timeline_, &TimelineWidget::seekRequested, this, &MainWindow::seek);
    connect(bookmarks_, &BookmarksDock::jumpTo, this, &MainWindow::seek);
    connect(bookmarks_, &BookmarksDock::currentFrameWanted, this, [this] {
        if (shown_.index >= 0) bookmarks_->addAt(shown_.index);
    });
    connect(compare_, &CompareView::stepDisagreement, this, &MainWindow::stepDisagreement);

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1280, 760);
    rebuildRecentMenu();
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
    panel_ = new FramePanel(this);
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

void MainWindow::buildActions() {
    auto action = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        addAction(a);  // shortcuts work while the menu bar is hidden too
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    action(file, tr("&Open clip..."), QKeySequence::Open, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open clip"), QSettings().value("lastDir").toString(),
            tr("Video (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.mpg *.ts *.gif);;All files (*)"));
        if (!path.isEmpty()) openClip(path);
    });
    recent_menu_ = file->addMenu(tr("Open &recent"));
    report_action_ = action(file, tr("&Export report..."), QKeySequence(tr("Ctrl+E")),
                            [this] { exportReport(); });
    action(file, tr("&Close clip"), QKeySequence::Close, [this] { closeClip(); });
    file->addSeparator();
    action(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    action(analysis, tr("Add &checkpoint..."), QKeySequence(tr("Ctrl+Shift+O")),
           [this] { checkpoints_->browse(); });
    action(analysis, tr("&Analyse"), QKeySequence(tr("Ctrl+R")), [this] { analyse(); });
    action(analysis, tr("&Cancel analysis"), QKeySequence(tr("Ctrl+.")),
           [this] { cancelAnalysis(); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    action(view, tr("Zoom to &fit"), QKeySequence(tr("Ctrl+0")), [this] { view_->zoomToFit(); });
    action(view, tr("&Actual pixels (1:1)"), QKeySequence(tr("Ctrl+1")),
           [this] { view_->zoomActualSize(); });
    action(view, tr("Zoom &in"), QKeySequence::ZoomIn,
           [this] { view_->zoomBy(1.25, view_->rect().center()); });
    action(view, tr("Zoom &out"), QKeySequence::ZoomOut,
           [this] { view_->zoomBy(0.8, view_->rect().center()); });
    view->addSeparator();
    auto toggle = [&](const QString& text, const QKeySequence& key, bool OverlayOptions::*field) {
        auto* a = action(view, text, key, [this, field](bool on) {
            auto o = options_;
            o.*field = on;
            setOverlayOptions(o);
        });
        a->setCheckable(true);
        a->setChecked(options_.*field);
    };
    toggle(tr("Show &probability"), QKeySequence(tr("Ctrl+Shift+P")), &OverlayOptions::probability);
    toggle(tr("Show &heatmap"), QKeySequence(tr("Ctrl+Shift+H")), &OverlayOptions::heatmap);
    toggle(tr("Show f&ace box"), QKeySequence(tr("Ctrl+Shift+F")), &OverlayOptions::face);
    toggle(tr("Show low-light and n/a &badges"), QKeySequence(tr("Ctrl+Shift+L")),
           &OverlayOptions::badges);
    view->addSeparator();
    compare_action_ = action(view, tr("&Compare checkpoints"), QKeySequence(tr("Ctrl+Shift+C")),
                             [this](bool on) { setCompareMode(on); });
    compare_action_->setCheckable(true);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    action(go, tr("&Play / pause"), QKeySequence(Qt::Key_Space), [this] { togglePlay(); });
    action(go, tr("Next frame"), QKeySequence(Qt::Key_Period), [this] { step(1); });
    action(go, tr("Previous frame"), QKeySequence(Qt::Key_Comma), [this] { step(-1); });
    action(go, tr("Next frame (arrow)"), QKeySequence(Qt::Key_Right), [this] { step(1); });
    action(go, tr("Previous frame (arrow)"), QKeySequence(Qt::Key_Left), [this] { step(-1); });
    action(go, tr("Forward 10 frames"), QKeySequence(tr("Shift+Right")), [this] { step(10); });
    action(go, tr("Back 10 frames"), QKeySequence(tr("Shift+Left")), [this] { step(-10); });
    action(go, tr("First frame"), QKeySequence(Qt::Key_Home), [this] { seek(0); });
    action(go, tr("Last frame"), QKeySequence(Qt::Key_End), [this] { seek(frameCount() - 1); });
    action(go, tr("&Jump to frame or time..."), QKeySequence(tr("Ctrl+G")),
           [this] { jumpDialog(); });
    go->addSeparator();
    action(go, tr("Set loop start (A)"), QKeySequence(Qt::Key_BracketLeft), [this] {
        loop_a_ = shown_.index;
        timeline_->setLoop(loop_a_, loop_b_);
    });
    action(go, tr("Set loop end (B)"), QKeySequence(Qt::Key_BracketRight), [this] {
        loop_b_ = shown_.index;
        timeline_->setLoop(loop_a_, loop_b_);
    });
    loop_action_ = action(go, tr("&Loop between marks"), QKeySequence(tr("L")), [] {});
    loop_action_->setCheckable(true);
    action(go, tr("Clear loop marks"), QKeySequence(tr("Shift+L")), [this] {
        loop_a_.reset();
        loop_b_.reset();
        timeline_->setLoop({}, {});
    });
    go->addSeparator();
    action(go, tr("Next large disagreement"), QKeySequence(tr("Ctrl+Right")),
           [this] { stepDisagreement(1); });
    action(go, tr("Previous large disagreement"), QKeySequence(tr("Ctrl+Left")),
           [this] { stepDisagreement(-1); });
    action(go, tr("&Bookmark this frame..."), QKeySequence(tr("Ctrl+B")), [this] {
        if (shown_.index >= 0) bookmarks_->addAt(shown_.index);
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    action(help, tr("Open the &demo"), QKeySequence(), [this] { openDemo(); });
    action(help, tr("&Keyboard shortcuts"), QKeySequence::HelpContents,
           [this] { showShortcuts(); });
    action(help, tr("&About Interceptor"), QKeySequence(), [this] { showAbout(); });

    auto* bar = addToolBar(tr("Transport"));
    bar->setObjectName("transport");
    bar->addAction(tr("|<"), this, [this] { seek(0); })->setToolTip(tr("First frame (Home)"));
    bar->addAction(tr("<"), this, [this] { step(-1); })
        ->setToolTip(tr("Previous frame (, or Left)"));
    bar->addAction(tr("Play"), this, [this] { togglePlay(); })
        ->setToolTip(tr("Play / pause (Space)"));
    bar->addAction(tr(">"), this, [this] { step(1); })->setToolTip(tr("Next frame (. or Right)"));
    bar->addAction(tr(">|"), this, [this] { seek(frameCount() - 1); })
        ->setToolTip(tr("Last frame (End)"));
    speed_ = new QComboBox(bar);
    for (double s : kSpeeds) speed_->addItem(QString("%1x").arg(s));
    speed_->setCurrentIndex(2);
    speed_->setToolTip(tr("Playback speed"));
    bar->addWidget(speed_);
    position_ = new QLabel(tr("no clip"), bar);
    position_->setMinimumWidth(230);
    position_->setContentsMargins(8, 0, 8, 0);
    bar->addWidget(position_);
    bar->addSeparator();
    selection_box_ = new QComboBox(bar);
    selection_box_->addItem(tr("Every frame"), QVariantList{0, 1});
    selection_box_->addItem(tr("Every 5th frame"), QVariantList{1, 5});
    selection_box_->addItem(tr("32 frames, evenly"), QVariantList{2, 32});
    selection_box_->setToolTip(tr("Frames to analyse"));
    bar->addWidget(selection_box_);
    bar->addAction(tr("Analyse"), this, [this] { analyse(); })
        ->setToolTip(tr("Analyse with the ticked checkpoints (Ctrl+R)"));
    bar->addAction(report_action_);
    report_action_->setToolTip(tr("Export the PDF report of this analysis (Ctrl+E)"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Heatmap "), bar));
    opacity_ = new QSlider(Qt::Horizontal, bar);
    opacity_->setRange(0, 100);
    opacity_->setValue(static_cast<int>(options_.opacity * 100));
    opacity_->setMaximumWidth(110);
    opacity_->setToolTip(tr("Heatmap opacity"));
    bar->addWidget(opacity_);
    connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
        auto o = options_;
        o.opacity = v / 100.0;
        setOverlayOptions(o);
    });
    connect(speed_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (play_.isActive()) {
            play_.stop();
            togglePlay();
        }
    });
}

void MainWindow::buildStatusBar() {
    status_text_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(220);
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setVisible(false);
    cancel_->setToolTip(tr("Stop the analysis; what is done stays in the case (Ctrl+.)"));
    connect(cancel_, &QPushButton::clicked, this, &MainWindow::cancelAnalysis);
    resume_ = new QPushButton(this);
    resume_->setVisible(false);
    connect(resume_, &QPushButton::clicked, this, &MainWindow::resumeAnalysis);
    statusBar()->addWidget(status_text_, 1);
    statusBar()->addPermanentWidget(resume_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
}

void MainWindow::showError(const QString& title, const QString& message) {
    last_error_ = message;
    status_text_->setText(title + ": " + message.section('\n', 0, 0));
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
    source_.open(clip_);
    controller_.openCase(clip_, QString::fromStdString(CaseStore::default_directory()));
    rememberRecent(clip_);
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

bool MainWindow::canResume() const {
    return model_.hasAnalysis() && model_.analysis().status != "complete" && !controller_.busy();
}

void MainWindow::offerResume() {
    const auto& a = model_.analysis();
    resume_->setVisible(canResume());
    if (!resume_->isVisible()) return;
    const QString state = a.status == "cancelled" ? tr("cancelled") : tr("interrupted");
    resume_->setText(tr("Resume the %1 analysis (%2 of %3 frames done)")
                         .arg(state)
                         .arg(a.frames_stored)
                         .arg(a.total_frames));
    resume_->setToolTip(
        tr("Analyses the missing frames with the same checkpoints and frame selection; the frames "
           "done stay."));
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
    resume_->setVisible(false);
    play_.stop();
    controller_.cancel();
    source_.close();
    model_.clear();
    clip_.clear();
    shown_ = {};
    wanted_ = -1;
    frame_count_ = 0;
    loop_a_.reset();
    loop_b_.reset();
    timeline_->setFrameCount(0);
    timeline_->setLoop({}, {});
    view_->clear(tr("Open a clip (Ctrl+O) or drop one here."));
    panel_->clear();
    position_->setText(tr("no clip"));
    updateTitle();
}

void MainWindow::addCheckpoint(const QString& path, const QString& name) {
    checkpoints_->addCheckpoint(path, name);
}

void MainWindow::setSelection(const FrameSelection& selection) {
    for (int i = 0; i < selection_box_->count(); ++i) {
        const auto v = selection_box_->itemData(i).toList();
        if (v[0].toInt() == static_cast<int>(selection.mode) && v[1].toLongLong() == selection.n) {
            selection_box_->setCurrentIndex(i);
            return;
        }
    }
    selection_box_->addItem(
        QString::fromStdString(selection.describe()),
        QVariantList{static_cast<int>(selection.mode), static_cast<qlonglong>(selection.n)});
    selection_box_->setCurrentIndex(selection_box_->count() - 1);
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
    const auto v = selection_box_->currentData().toList();
    settings.selection = {static_cast<FrameSelection::Mode>(v[0].toInt()), v[1].toLongLong()};
    last_error_.clear();
    progress_->setValue(0);
    progress_->setVisible(true);
    cancel_->setVisible(true);
    controller_.start(model_.sharedStore(), chosen, settings);
}

void MainWindow::cancelAnalysis() {
    if (!controller_.busy()) return;
    status_text_->setText(tr("Cancelling ..."));
    controller_.cancel();
}

void MainWindow::onAnalysed(const FrameResult& frame) {
    model_.addFrame(frame);
    timeline_->scheduleUpdate();
    if (frame.frame == shown_.index) refreshOverlay();
    if (compareMode() && !summary_timer_.isActive()) summary_timer_.start();
}

void MainWindow::onProgress(const AnalysisProgress& p) {
    progress_->setMaximum(static_cast<int>(std::max<std::int64_t>(1, p.total)));
    progress_->setValue(static_cast<int>(p.done));
    status_text_->setText(
        tr("Analysing: %1 of %2 frames, %3 frames/s, %4 left")
            .arg(p.done)
            .arg(p.total)
            .arg(p.frames_per_second, 0, 'f', 1)
            .arg(QString::fromStdString(format_timecode(p.seconds_left)).left(8)));
    Q_EMIT analysisProgress(p.done, p.total);
}

void MainWindow::onFinished(const QString& error, bool cancelled) {
    progress_->setVisible(false);
    cancel_->setVisible(false);
    if (model_.store() && model_.hasAnalysis())
        if (auto a = model_.store()->analysis(model_.analysis().id)) model_.showAnalysis(*a);
    if (!error.isEmpty())
        showError(tr("The analysis failed"),
                  error + tr("\n\nFrames finished before the failure are kept in the case."));
    else
        status_text_->setText(
            cancelled
                ? tr("Analysis cancelled: the frames done are kept in the case; Analyse resumes.")
                : tr("Analysis complete: %1 frames").arg(model_.frames().size()));
    compare_->refreshSummary();
    offerResume();
    Q_EMIT analysisFinished(error, cancelled);
}

void MainWindow::seek(qint64 frame) {
    if (clip_.isEmpty() || frameCount() <= 0) return;
    frame = std::clamp<qint64>(frame, 0, frameCount() - 1);
    wanted_ = frame;
    source_.request(frame);
}

void MainWindow::step(qint64 delta) {
    const qint64 from = wanted_ >= 0 ? wanted_ : shown_.index;
    seek(std::max<qint64>(0, from) + delta);
}

void MainWindow::togglePlay() {
    if (play_.isActive()) {
        play_.stop();
        return;
    }
    if (clip_.isEmpty()) return;
    const double fps = model_.media().nominal_fps > 0 ? model_.media().nominal_fps : 25;
    play_.start(static_cast<int>(std::max(1.0, 1000.0 / (fps * kSpeeds[speed_->currentIndex()]))));
}

void MainWindow::playTick() {
    if (wanted_ >= 0 && wanted_ != shown_.index)
        return;  // the last frame is still being decoded: no pile-up
    qint64 next = shown_.index + 1;
    if (loop_action_->isChecked() && loop_a_ && loop_b_ && next > std::max(*loop_a_, *loop_b_))
        next = std::min(*loop_a_, *loop_b_);
    if (next >= frameCount()) {
        play_.stop();
        return;
    }
    seek(next);
}

void MainWindow::onFrame(const ShownFrame& frame) {
    if (clip_.isEmpty() || frame.index >= frameCount())
        return;  // a late frame of a clip since closed
    shown_ = frame;
    if (wanted_ == frame.index) wanted_ = -1;
    view_->setImage(frame.image);
    refreshOverlay();
    timeline_->setPlayhead(frame.index);
    position_->setText(
        tr("frame %1 / %2   %3").arg(frame.index).arg(frameCount() - 1).arg(frame.timecode));
    Q_EMIT frameShown(frame.index);
}

FrameOverlay MainWindow::overlayFor(int heatmap_slot) const {
    FrameOverlay o;
    const FrameResult* r = model_.frame(shown_.index);
    if (!r) return o;
    o.analysed = true;
    o.low_light = r->light.low_light;
    o.mean_luma = r->light.mean_luma;
    for (int s = 0; s < model_.slotCount(); ++s) {
        if (heatmap_slot >= 0 && s != heatmap_slot) continue;
        const auto& c = r->per_checkpoint[static_cast<std::size_t>(s)];
        SlotOverlay slot;
        slot.name = model_.slotName(s);
        slot.threshold = model_.threshold(s);
        slot.colour = slot_colour(s);
        if (c.applicable) slot.p_fake = c.score.p_fake;
        slot.reason = QString::fromStdString(c.reason);
        if (c.face) slot.face = QRect(c.face->x, c.face->y, c.face->width, c.face->height);
        o.slots.push_back(slot);
    }
    const int shown_slot = heatmap_slot >= 0 ? heatmap_slot : 0;
    if (options_.heatmap && model_.slotCount() > 0) {
        o.heatmap = heatmap_image(model_.heatmap(shown_.index, shown_slot));
        o.heatmap_of = model_.slotName(shown_slot);
    }
    return o;
}

std::vector<FrameOverlay> MainWindow::overlays() const {
    std::vector<FrameOverlay> all;
    for (int s = 0; s < std::min(4, model_.slotCount()); ++s) all.push_back(overlayFor(s));
    return all;
}

void MainWindow::refreshOverlay() {
    if (shown_.index < 0) return;
    if (compareMode())
        compare_->showFrame(shown_, overlays());
    else
        view_->setOverlay(overlayFor(-1));
    panel_->showFrame(shown_, model_);
}

bool MainWindow::compareMode() const { return stack_->currentWidget() == compare_; }

void MainWindow::setCompareMode(bool on) {
    stack_->setCurrentWidget(on ? static_cast<QWidget*>(compare_) : view_);
    compare_action_->setChecked(on);
    timeline_->setShowDifference(on);
    if (on) compare_->refreshSummary();
    refreshOverlay();
}

void MainWindow::setOverlayOptions(const OverlayOptions& options) {
    options_ = options;
    view_->setOptions(options);
    compare_->setOptions(options);
    refreshOverlay();
}

ReportDialog* MainWindow::exportReport() {
    if (!model_.store() || !model_.hasAnalysis()) {
        showError(tr("Nothing to report"), tr("Open a clip and analyse it first: the report is "
                                              "written from the stored analysis."));
        return nullptr;
    }
    if (controller_.busy())
        statusBar()->showMessage(
            tr("The analysis is still running: the report covers the frames done so far."), 8000);
    auto* dialog = new ReportDialog(*model_.store(), model_.analysis().id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString MainWindow::addBookmarkHere(const QString& status, const QString& note) {
    if (shown_.index < 0) return tr("No frame is shown.");
    return bookmarks_->add(shown_.index, status, note);
}

void MainWindow::stepDisagreement(int direction) {
    const qint64 target = compare_->disagreement(shown_.index, direction);
    if (target >= 0)
        seek(target);
    else
        statusBar()->showMessage(tr("No further disagreement in that direction."), 4000);
}

void MainWindow::jumpDialog() {
    if (clip_.isEmpty()) return;
    bool ok = false;
    const QString text =
        QInputDialog::getText(this, tr("Jump"), tr("Frame number, or time as HH:MM:SS.mmm:"),
                              QLineEdit::Normal, QString::number(shown_.index), &ok);
    if (!ok) return;
    const double fps = model_.media().measured_fps > 0 ? model_.media().measured_fps : 25;
    const qint64 frame = parse_position(text, fps);
    if (frame < 0)
        showError(tr("Cannot jump"), tr("\"%1\" is neither a frame number nor a time.").arg(text));
    else
        seek(frame);
}

void MainWindow::showShortcuts() {
    QString rows;
    for (QAction* a : actions())
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
                    "<table cellspacing=4>" + rows + "</table>", QMessageBox::Ok, this);
    box.exec();
}

void MainWindow::showAbout() {
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
    QMessageBox::about(this, tr("About Interceptor"), text);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue("recentFiles", recent.mid(0, 10));
    settings.setValue("lastDir", QFileInfo(path).absolutePath());
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recent_menu_->clear();
    for (const QString& path : QSettings().value("recentFiles").toStringList())
        recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openClip(path); })
            ->setToolTip(path);
    recent_menu_->setEnabled(!recent_menu_->isEmpty());
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
    play_.stop();
    controller_.cancel();  // the frames done are in the case; the controller joins its thread when
                           // destroyed
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) {
            const QString path = url.toLocalFile();
            const QString suffix = QFileInfo(path).suffix().toLower();
            if (suffix == "pt" || suffix == "pth" || suffix == "zip" || suffix == "ckpt")
                addCheckpoint(path);
            else
                openClip(path);
        }
}

}  // namespace interceptor
