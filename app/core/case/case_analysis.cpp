#include "core/case/case_analysis.h"

namespace interceptor {

// What the collector thread and the caller share: the first store error, and
// the job to cancel when the store cannot take more.
struct CaseAnalysis::Shared {
    std::mutex mutex;
    std::string store_error;
    AnalysisJob* job = nullptr;
};

Result<std::unique_ptr<CaseAnalysis>> CaseAnalysis::start(CaseStore& store,
                                                          std::vector<DetectorSlot> slots,
                                                          AnalysisSettings settings,
                                                          AnalysisJob::Callbacks callbacks) {
    std::unique_ptr<CaseAnalysis> run(new CaseAnalysis());
    run->store_ = &store;
    run->shared_ = std::make_shared<Shared>();
    AnalysisSpec spec;
    for (const auto& slot : slots)
        spec.checkpoints.push_back(describe_slot(slot, settings.threshold, ""));
    spec.selection = settings.selection.describe();
    spec.selection_flags = settings.selection.flags();
    spec.heatmap_size = settings.heatmap_size;
    spec.threshold = settings.threshold;
    spec.rules = settings.rules;
    for (const auto& c : spec.checkpoints)
        if (is_face_profile(c.profile)) spec.faces = settings.faces;
    const auto total =
        static_cast<std::int64_t>(settings.selection.frames(store.media().frame_count).size());
    // The same analysis with every frame stored is read back as it is (marked
    // complete if a crash came after its last frame): nothing to compute, and
    // its record (devices, face detector) stays that of the run that made it.
    auto earlier = store.analyses();
    if (!earlier) return Error{earlier.error()};
    for (const auto& a : *earlier) {
        if (a.spec.key() != spec.key() || a.frames_stored < total) continue;
        if (a.status != AnalysisStatus::Complete)
            if (auto finished = store.finish(a.id, a.spec, AnalysisStatus::Complete); !finished)
                return Error{finished.error()};
        run->analysis_ = a;
        run->resumed_ = a.frames_stored;
        return run;
    }
    auto recorded = store.begin_analysis(spec, total);
    if (!recorded) return Error{recorded.error()};
    // Devices and the face detector are recorded when the job ends (finish).
    run->analysis_ = *recorded;
    auto done = store.stored_frames(recorded->id);
    if (!done) return Error{done.error()};
    run->resumed_ = static_cast<std::int64_t>(done->size());

    settings.skip_frames = std::move(*done);
    auto first_track = store.next_track(recorded->id);
    if (!first_track) return Error{first_track.error()};
    settings.first_track = *first_track;
    auto shared = run->shared_;
    CaseStore* target = &store;
    const std::int64_t id = recorded->id;
    auto on_frame = callbacks.on_frame;
    callbacks.on_frame = [shared, target, id, on_frame](const FrameResult& r) {
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            if (!shared->store_error.empty()) return;
            if (auto stored = target->append(id, r); !stored) {
                shared->store_error = stored.error();
                if (shared->job) shared->job->cancel();
                return;
            }
        }
        if (on_frame) on_frame(r);
    };
    auto job = AnalysisJob::start(store.evidence().path, std::move(slots), settings, callbacks);
    {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->job = job.get();
    }
    run->job_ = std::move(job);
    return run;
}

void CaseAnalysis::cancel() {
    if (job_) job_->cancel();
}

CaseAnalysis::~CaseAnalysis() {
    if (!finished_) {
        cancel();
        wait();
    }
}

Result<StoredAnalysis> CaseAnalysis::wait() {
    finished_ = true;
    if (!job_) return store_->analysis(analysis_.id);
    auto outcome = job_->wait();
    {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        shared_->job = nullptr;
    }
    auto spec = analysis_.spec;
    AnalysisStatus status = AnalysisStatus::Complete;
    std::string error = shared_->store_error;
    if (!outcome) {
        status = AnalysisStatus::Failed;
        if (error.empty()) error = outcome.error();
    } else {
        for (std::size_t s = 0; s < spec.checkpoints.size() && s < outcome->checkpoints.size(); ++s)
            spec.checkpoints[s].device = outcome->checkpoints[s].device;
        spec.face_detector = outcome->face_detector;
        if (!error.empty())
            status = AnalysisStatus::Failed;
        else if (outcome->cancelled)
            status = AnalysisStatus::Cancelled;
    }
    auto recorded = store_->finish(analysis_.id, spec, status, error);
    if (!error.empty()) return Error{error};
    if (!recorded) return Error{recorded.error()};
    return store_->analysis(analysis_.id);
}

}  // namespace interceptor
