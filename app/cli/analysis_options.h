#pragma once
// Options shared by the commands that run an analysis (analyze, compare):
// the checkpoints with their names, the frame selection, the threshold and
// the batch size.
#include <string>
#include <vector>

#include "cli/arguments.h"
#include "core/analysis/analysis_job.h"

namespace interceptor::cli {

// The options these commands accept, for Arguments.
extern const std::set<std::string> kAnalysisValuedOptions;
extern const std::set<std::string> kAnalysisFlags;

// The settings of --all/--every/--evenly/--threshold/--batch, or the usage problem.
Result<AnalysisSettings> read_analysis_settings(const Arguments& a);

// Every --checkpoint, loaded and named by --name in order (default: default_checkpoint_name).
Result<std::vector<DetectorSlot>> load_slots(const Arguments& a);

// Without --checkpoint: the shipped default detector (core/analysis/shipped_models.h), its file
// checked against its recorded SHA-256; else an error that says none is a default and names the
// experimental ones with the reason.
Result<DetectorSlot> shipped_default_slot();

}  // namespace interceptor::cli
