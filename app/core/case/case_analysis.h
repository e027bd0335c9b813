#pragma once
// Runs an analysis into a case, or resumes one: frames the case already
// holds for the same checkpoints and selection are not computed again, and
// every new frame is committed as it arrives (a crash loses only the frames
// in flight). The caller's callbacks see only the new frames; the whole
// result is read back from the store. Callbacks run on the collector thread.
// cancel() is safe from any thread; the destructor cancels and waits.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/analysis/analysis_job.h"
#include "core/case/case_store.h"

namespace interceptor {

class CaseAnalysis {
  public:
    // The store must outlive the analysis; the clip is the store's evidence.
    static Result<std::unique_ptr<CaseAnalysis>> start(CaseStore& store,
                                                       std::vector<DetectorSlot> slots,
                                                       AnalysisSettings settings,
                                                       AnalysisJob::Callbacks callbacks);
    ~CaseAnalysis();
    void cancel();
    // Waits for the end and records it; the analysis as stored, or why it failed.
    Result<StoredAnalysis> wait();

    std::int64_t analysis_id() const { return analysis_.id; }
    std::int64_t resumed_frames() const { return resumed_; }  // found in the case, not recomputed
    std::int64_t total_frames() const { return analysis_.total_frames; }

  private:
    struct Shared;
    CaseAnalysis() = default;
    CaseStore* store_ = nullptr;
    StoredAnalysis analysis_;
    std::int64_t resumed_ = 0;
    std::shared_ptr<Shared> shared_;
    std::unique_ptr<AnalysisJob> job_;
    bool finished_ = false;
};

}  // namespace interceptor
