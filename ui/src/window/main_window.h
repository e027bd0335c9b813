#pragma once
// The workstation window: the video view (or the compare panes), the
// timeline, the transport, and docks for the frame's facts, bookmarks and
// checkpoints. Decoding and analysis run on worker threads (FrameSource,
// AnalysisController); this window only paints and routes, so it never
// freezes while an analysis runs. The public methods are what the menus and
// shortcuts call; tests and scripted screenshots call them too.
#include <QMainWindow>
#include <QTimer>

#include <optional>

#include "case/analysis_controller.h"
#include "case/case_model.h"
#include "player/frame_source.h"
#include "player/ui_types.h"
#include "player/video_view.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QComboBox;
class QSlider;
class QStackedWidget;
class QMenu;

namespace interceptor {

class BookmarksDock;
class CheckpointsDock;
class CompareView;
class FramePanel;
class ReportDialog;
class TimelineWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openClip(const QString& path);
    // The bundled demo clip with its checkpoints, every frame analysed. False (error shown) when
    // absent.
    bool openDemo();
    void closeClip();
    void addCheckpoint(const QString& path, const QString& name = {});
    void setSelection(const FrameSelection& selection);
    void analyse();
    // Repeats the case's interrupted (killed, crashed or cancelled) analysis with its own
    // checkpoints and frames, computing only what is missing. False (error shown) when it cannot.
    bool resumeAnalysis();
    bool canResume() const;
    void cancelAnalysis();
    void seek(qint64 frame);
    void step(qint64 delta);
    void togglePlay();
    void setCompareMode(bool on);
    QString addBookmarkHere(const QString& status, const QString& note);  // error or ""
    void setOverlayOptions(const OverlayOptions& options);
    // Opens the report dialog (non-modal); null, with an error shown, when there is nothing to
    // report.
    ReportDialog* exportReport();

    // State, for tests and scripts.
    qint64 currentFrame() const { return shown_.index; }
    qint64 frameCount() const {
        return model_.media().frame_count ? model_.media().frame_count : frame_count_;
    }
    bool analysing() const { return controller_.busy(); }
    bool compareMode() const;
    bool playing() const { return play_.isActive(); }
    const QString& lastError() const { return last_error_; }
    const CaseModel& model() const { return model_; }
    const OverlayOptions& overlayOptions() const { return options_; }
    FramePanel* framePanel() const { return panel_; }
    BookmarksDock* bookmarks() const { return bookmarks_; }
    CompareView* compareView() const { return compare_; }
    VideoView* videoView() const { return view_; }

  Q_SIGNALS:
    void frameShown(qint64 index);
    void analysisFinished(const QString& error, bool cancelled);
    void analysisProgress(qint64 done, qint64 total);
    void caseOpened();

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildActions();
    void buildDocks();
    void buildStatusBar();
    void showError(const QString& title, const QString& message);
    void offerResume();
    void onFrame(const ShownFrame& frame);
    void refreshOverlay();
    std::vector<FrameOverlay> overlays() const;
    FrameOverlay overlayFor(int heatmap_slot) const;
    void onAnalysed(const FrameResult& frame);
    void onProgress(const AnalysisProgress& progress);
    void onFinished(const QString& error, bool cancelled);
    void playTick();
    void jumpDialog();
    void showShortcuts();
    void showAbout();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void updateTitle();
    void stepDisagreement(int direction);

    CaseModel model_;
    FrameSource source_;
    AnalysisController controller_;
    VideoView* view_ = nullptr;
    CompareView* compare_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    TimelineWidget* timeline_ = nullptr;
    FramePanel* panel_ = nullptr;
    BookmarksDock* bookmarks_ = nullptr;
    CheckpointsDock* checkpoints_ = nullptr;
    QLabel* position_ = nullptr;
    QLabel* status_text_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* resume_ = nullptr;
    QComboBox* speed_ = nullptr;
    QComboBox* selection_box_ = nullptr;
    QSlider* opacity_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QAction* compare_action_ = nullptr;
    QAction* loop_action_ = nullptr;
    QAction* report_action_ = nullptr;
    QTimer play_, summary_timer_;

    QString clip_;
    ShownFrame shown_;
    qint64 frame_count_ = 0;
    qint64 wanted_ = -1;  // the frame last asked of the source
    std::optional<qint64> loop_a_, loop_b_;
    OverlayOptions options_;
    QString last_error_;
};

}  // namespace interceptor
