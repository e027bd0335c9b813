#pragma once
// Shows analysis progress on stderr: a bar redrawn in place on a terminal,
// a plain line every tenth of the way otherwise, nothing when quiet.
#include <cstdint>
#include <functional>

#include "core/analysis/analysis_job.h"

namespace interceptor::cli {

class ProgressDisplay {
  public:
    explicit ProgressDisplay(bool quiet);
    std::function<void(const AnalysisProgress&)> callback();  // empty when quiet
    void finish();                                            // ends the bar's line

  private:
    void show(const AnalysisProgress& p);
    bool quiet_, terminal_;
    std::int64_t last_tenth_ = -1;
};

}  // namespace interceptor::cli
