#include "cli/case_run.h"

#include <iostream>

#include "core/case/case_analysis.h"
#include "core/media/video_decoder.h"

namespace interceptor::cli {

Result<CaseRun> run_case(const std::string& clip, const std::vector<DetectorSlot>& slots,
                         const AnalysisSettings& settings, const std::string& case_dir,
                         ProgressDisplay& progress,
                         std::function<void(const FrameResult&)> on_frame) {
    CaseRun run;
    auto evidence = take_evidence(clip);
    if (!evidence) return Error{evidence.error()};
    run.evidence = *evidence;
    auto decoder = VideoDecoder::open(clip);
    if (!decoder) return Error{decoder.error()};
    auto store = CaseStore::open(CaseStore::file_for(case_dir, run.evidence), run.evidence,
                                 (*decoder)->info());
    decoder->reset();
    if (!store) return Error{store.error()};
    run.store = std::move(*store);

    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = std::move(on_frame);
    callbacks.on_progress = progress.callback();
    auto analysis = CaseAnalysis::start(*run.store, slots, settings, callbacks);
    if (!analysis) return Error{analysis.error()};
    run.resumed_frames = (*analysis)->resumed_frames();
    auto stored = (*analysis)->wait();
    progress.finish();
    if (!stored) return Error{stored.error()};
    run.analysis = *stored;
    auto frames = run.store->frames(stored->id, false);
    if (!frames) return Error{frames.error()};
    run.frames = std::move(*frames);
    auto summaries = run.store->summaries(stored->id);
    if (!summaries) return Error{summaries.error()};
    run.checkpoints = std::move(*summaries);
    return run;
}

}  // namespace interceptor::cli
