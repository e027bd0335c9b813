#pragma once
// Runs the slow work of a case off the window's thread: taking the evidence
// in (hashing) and opening its case, then loading checkpoints and running or
// resuming an analysis into the case. Results arrive as signals on the
// window's thread, frame by frame. cancel() returns at once; the work stops
// at the next frame. Destroying the controller cancels and waits, so no
// thread outlives it. Use from the thread that owns it.
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "core/analysis/analysis_job.h"
#include "core/case/case_store.h"

namespace interceptor {

class CaseAnalysis;

struct CheckpointChoice {
    QString name;  // "Stage 1"
    QString path;
};

class AnalysisController : public QObject {
    Q_OBJECT
  public:
    explicit AnalysisController(QObject* parent = nullptr);
    ~AnalysisController() override;

    void openCase(const QString& clip, const QString& case_directory);
    void start(std::shared_ptr<CaseStore> store, const QList<CheckpointChoice>& checkpoints,
               const AnalysisSettings& settings);
    void cancel();
    // True from start() or openCase() until its last signal (finished, caseReady, caseFailed) is
    // delivered.
    bool busy() const { return busy_; }

  Q_SIGNALS:
    void caseReady(std::shared_ptr<interceptor::CaseStore> store);
    void caseFailed(const QString& message);
    void stage(const QString& what);  // "Loading checkpoint Stage 1 ..."
    void analysisStarted(const interceptor::StoredAnalysis& analysis, qint64 resumed_frames);
    void frameAnalysed(const interceptor::FrameResult& frame);
    void progress(const interceptor::AnalysisProgress& progress);
    void finished(const QString& error, bool cancelled);

  private:
    // Runs work on the worker thread; it is given its generation, for post().
    void run(std::function<void(quint64)> work);
    // Runs f on the owner's thread, unless newer work has replaced the work
    // (of that generation) that posted it.
    template <typename F>
    void post(quint64 generation, F&& f) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, f = std::forward<F>(f)]() mutable {
                if (generation == generation_) f();
            },
            Qt::QueuedConnection);
    }

    std::thread worker_;
    std::atomic<quint64> generation_{0};
    std::atomic<bool> busy_{false};
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;  // guards analysis_
    CaseAnalysis* analysis_ = nullptr;
};

}  // namespace interceptor
