#pragma once
// The path every analysing command takes: take the evidence in (hashes),
// open its case, run or resume the analysis into it, and read the whole
// result back from the case. A second run with the same checkpoints and
// selection computes nothing; a run after a crash computes only what is missing.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/progress_display.h"
#include "core/analysis/analysis_job.h"
#include "core/case/case_store.h"

namespace interceptor::cli {

struct CaseRun {
    EvidenceRecord evidence;
    std::unique_ptr<CaseStore> store;
    StoredAnalysis analysis;
    std::int64_t resumed_frames = 0;  // found in the case
    std::vector<FrameResult> frames;  // all of them, from the case, no heatmaps
    std::vector<CheckpointSummary> checkpoints;
};

// case_dir: where cases live (--case-dir, else CaseStore::default_directory()).
// on_frame sees the frames computed now, as they come (on another thread).
Result<CaseRun> run_case(const std::string& clip, const std::vector<DetectorSlot>& slots,
                         const AnalysisSettings& settings, const std::string& case_dir,
                         ProgressDisplay& progress,
                         std::function<void(const FrameResult&)> on_frame = {});

}  // namespace interceptor::cli
