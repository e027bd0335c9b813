#pragma once
// The status bar: a lasting status text, the analysis's progress with a
// Cancel button while it runs, and, for an analysis that did not complete,
// a button offering to resume it that says how it ended (cancelled, failed
// and why, or interrupted). Temporary messages are QStatusBar's own. Lives
// on the window's thread; not thread-safe.
#include <QStatusBar>

#include "core/analysis/analysis_results.h"
#include "core/case/case_store.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace interceptor {

// How an analysis not running in this window ended, as a sentence: complete, cancelled, failed
// with the error it stored, or interrupted (left running by a program that ended).
QString analysis_ending(const StoredAnalysis& analysis);

class AnalysisStatusBar : public QStatusBar {
    Q_OBJECT
  public:
    explicit AnalysisStatusBar(QWidget* parent = nullptr);

    void setStatus(const QString& text);
    void showRunning();  // progress from zero and Cancel; no resume offer
    void showProgress(const AnalysisProgress& progress);
    void showStopped();                                // progress and Cancel hidden
    void offerResume(const StoredAnalysis& analysis);  // one that did not complete
    void hideResume();
    QString status() const;       // the lasting text (tests)
    QString resumeOffer() const;  // the resume button's text, "" when none is offered (tests)

  Q_SIGNALS:
    void cancelRequested();
    void resumeRequested();

  private:
    QLabel* text_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QPushButton* resume_;
};

}  // namespace interceptor
