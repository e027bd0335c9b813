#pragma once
// The workstation window: the video view (or the compare panes), the
// timeline, the transport bar, the analysis status bar, and docks for the
// frame's facts, bookmarks and checkpoints. Decoding and analysis run on
// worker threads (PlaybackController's FrameSource, AnalysisController);
// the window only lays out and routes: the views follow the case model and
// the playback controller through their signals, so it never freezes while
// an analysis runs. The public methods are what the menus (MainActions) and
// shortcuts call; tests and scripted screenshots call them too. Lives on the
// GUI thread; not thread-safe.
#include <QMainWindow>

#include "case/analysis_controller.h"
#include "case/attribution_controller.h"
#include "case/case_model.h"
#include "player/playback_controller.h"
#include "player/video_view.h"

class QStackedWidget;

namespace interceptor {

class AnalysisStatusBar;
class BookmarksDock;
class CheckpointsDock;
class CompareView;
class FramePanel;
class MainActions;
class ReportDialog;
class TimelineWidget;
class TransportBar;

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
    // Repeats the case's analysis that did not complete (cancelled, failed, or interrupted by a
    // kill or crash) with its own checkpoints and frames, computing only what is missing. False
    // (error shown) when it cannot.
    bool resumeAnalysis();
    bool canResume() const;
    void cancelAnalysis();
    void seek(qint64 frame);
    void step(qint64 delta);
    void togglePlay();
    void setCompareMode(bool on);
    void setShowTracks(bool on);           // the timeline: one curve per track
    void stepDisagreement(int direction);  // to the next (+1) or previous (-1) large one
    QString addBookmarkHere(const QString& status, const QString& note);  // error or ""
    void setOverlayOptions(const OverlayOptions& options);
    // Opens the report dialog (non-modal); null, with an error shown, when there is nothing to
    // report.
    ReportDialog* exportReport();
    // Shows an error without blocking (the window, and a test driving it, go on); see lastError().
    void showError(const QString& title, const QString& message);

    // State, for tests and scripts.
    qint64 currentFrame() const { return playback_.currentFrame(); }
    qint64 frameCount() const { return playback_.frameCount(); }
    bool analysing() const { return controller_.busy(); }
    bool compareMode() const;
    bool playing() const { return playback_.playing(); }
    const QString& lastError() const { return last_error_; }
    const CaseModel& model() const { return model_; }
    const OverlayOptions& overlayOptions() const { return options_; }
    FramePanel* framePanel() const { return panel_; }
    BookmarksDock* bookmarks() const { return bookmarks_; }
    CheckpointsDock* checkpoints() const { return checkpoints_; }
    CompareView* compareView() const { return compare_; }
    VideoView* videoView() const { return view_; }
    const AttributionController& attribution() const { return attribution_; }
    AnalysisStatusBar* analysisStatus() const { return status_; }

  Q_SIGNALS:
    void frameShown(qint64 index);
    void analysisFinished(const QString& error, bool cancelled);
    void analysisProgress(qint64 done, qint64 total);
    void caseOpened();
    void attributionChanged();  // the shown frame's attribution map, or why none, arrived

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildDocks();
    void connectPlayback();
    void connectAnalysis();
    void onCaseReady(std::shared_ptr<CaseStore> store);
    void onFinished(const QString& error, bool cancelled);
    void offerResume();
    void refreshOverlay();
    void explainShown();  // asks for the shown frame's attribution map, when View shows it  // of
                          // the single view; the compare panes follow the model themselves
    void updateTitle();

    CaseModel model_;
    PlaybackController playback_;
    AnalysisController controller_;
    MainActions* actions_ = nullptr;
    TransportBar* transport_ = nullptr;
    AnalysisStatusBar* status_ = nullptr;
    VideoView* view_ = nullptr;
    CompareView* compare_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    TimelineWidget* timeline_ = nullptr;
    FramePanel* panel_ = nullptr;
    BookmarksDock* bookmarks_ = nullptr;
    CheckpointsDock* checkpoints_ = nullptr;

    QString clip_;
    OverlayOptions options_;
    AttributionController attribution_;  // the frame on screen's map, when View asks for it
    QString last_error_;
};

}  // namespace interceptor
