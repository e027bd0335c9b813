#include "case/analysis_controller.h"

#include <QMetaObject>

#include "core/case/case_analysis.h"
#include "core/media/video_decoder.h"

namespace interceptor {

AnalysisController::AnalysisController(QObject* parent) : QObject(parent) {}

AnalysisController::~AnalysisController() {
    cancel();
    if (worker_.joinable()) worker_.join();
}

void AnalysisController::run(std::function<void(quint64)> work) {
    // New work replaces old: a running analysis is cancelled (it stops at the next frame) before
    // this starts.
    cancel();
    if (worker_.joinable()) worker_.join();
    busy_ = true;
    cancelled_ = false;
    const quint64 generation = ++generation_;
    worker_ = std::thread([this, generation, work = std::move(work)] {
        work(generation);
        busy_ = false;
    });
}

void AnalysisController::openCase(const QString& clip, const QString& case_directory) {
    run([this, clip = clip.toStdString(), dir = case_directory.toStdString()](quint64 g) {
        post(g, [this] { Q_EMIT stage(tr("Computing the evidence hashes ...")); });
        auto evidence = take_evidence(clip);
        if (!evidence) {
            const QString e = QString::fromStdString(evidence.error());
            return post(g, [this, e] {
                busy_ = false;
                Q_EMIT caseFailed(e);
            });
        }
        auto decoder = VideoDecoder::open(clip);
        if (!decoder) {
            const QString e = QString::fromStdString(decoder.error());
            return post(g, [this, e] {
                busy_ = false;
                Q_EMIT caseFailed(e);
            });
        }
        auto store =
            CaseStore::open(CaseStore::file_for(dir, *evidence), *evidence, (*decoder)->info());
        if (!store) {
            const QString e = QString::fromStdString(store.error());
            return post(g, [this, e] {
                busy_ = false;
                Q_EMIT caseFailed(e);
            });
        }
        std::shared_ptr<CaseStore> shared(std::move(*store));
        post(g, [this, shared] {
            busy_ = false;
            Q_EMIT caseReady(shared);
        });
    });
}

void AnalysisController::start(std::shared_ptr<CaseStore> store,
                               const QList<CheckpointChoice>& checkpoints,
                               const AnalysisSettings& settings) {
    run([this, store, checkpoints, settings](quint64 g) {
        std::vector<DetectorSlot> slots;
        for (const auto& c : checkpoints) {
            if (cancelled_)
                return post(g, [this] {
                    busy_ = false;
                    Q_EMIT finished({}, true);
                });
            post(g, [this, name = c.name] {
                Q_EMIT stage(tr("Loading checkpoint %1 ...").arg(name));
            });
            auto loaded = Checkpoint::load(c.path.toStdString());
            if (!loaded) {
                const QString e = c.name + ": " + QString::fromStdString(loaded.error());
                return post(g, [this, e] {
                    busy_ = false;
                    Q_EMIT finished(e, false);
                });
            }
            slots.push_back({c.name.toStdString(), std::move(*loaded)});
        }
        AnalysisJob::Callbacks callbacks;
        callbacks.on_frame = [this, g](const FrameResult& r) {
            post(g, [this, r] { Q_EMIT frameAnalysed(r); });
        };
        callbacks.on_progress = [this, g](const AnalysisProgress& p) {
            post(g, [this, p] { Q_EMIT progress(p); });
        };
        post(g, [this] { Q_EMIT stage(tr("Starting the analysis ...")); });
        auto analysis = CaseAnalysis::start(*store, std::move(slots), settings, callbacks);
        if (!analysis) {
            const QString e = QString::fromStdString(analysis.error());
            return post(g, [this, e] {
                busy_ = false;
                Q_EMIT finished(e, false);
            });
        }
        auto described = store->analysis((*analysis)->analysis_id());
        if (described) {
            const qint64 resumed = (*analysis)->resumed_frames();
            post(g, [this, a = *described, resumed] { Q_EMIT analysisStarted(a, resumed); });
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            analysis_ = analysis->get();
        }
        if (cancelled_) (*analysis)->cancel();
        auto done = (*analysis)->wait();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            analysis_ = nullptr;
        }
        const QString error = done ? QString() : QString::fromStdString(done.error());
        const bool was_cancelled = done && done->status == AnalysisStatus::Cancelled;
        post(g, [this, error, was_cancelled] {
            busy_ = false;
            Q_EMIT finished(error, was_cancelled);
        });
    });
}

void AnalysisController::cancel() {
    cancelled_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    if (analysis_) analysis_->cancel();
}

}  // namespace interceptor
