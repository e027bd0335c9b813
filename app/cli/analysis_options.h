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

// Fills settings from --all/--every/--evenly/--threshold/--batch; returns a usage problem or "".
std::string read_analysis_settings(const Arguments& a, AnalysisSettings& settings);

// Loads every --checkpoint, named by --name in order (default "Stage N"); returns an error or "".
std::string load_slots(const Arguments& a, std::vector<DetectorSlot>& slots);

}  // namespace interceptor::cli
