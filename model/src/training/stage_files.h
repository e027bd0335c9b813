#pragma once
// The files one training stage keeps in its output folder, written at the end
// of every epoch in an order that makes a kill at any moment harmless:
//   1. <stage>_best.pt, when the epoch is the best so far,
//   2. the epoch's line in <stage>_log.csv,
//   3. <stage>_epoch<N>.optim, the optimiser state after epoch N,
//   4. <stage>_last.pt: the commit. A resume starts after its epoch,
//   5. the optimiser states of other epochs are removed.
// Every file is written atomically. A kill before step 4 leaves the previous
// epoch committed: the resume redoes the epoch (the same samples, the same
// result), drops the log lines after the committed epoch and finds the
// optimiser state of the committed epoch, which step 5 never removed.
#include <torch/optim/optimizer.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "interceptor/model/result.h"
#include "interceptor/model/training/trainer.h"

namespace interceptor {

class StageFiles {
  public:
    StageFiles(const std::filesystem::path& folder, const std::string& stage);

    const std::string& best() const { return best_; }
    const std::string& last() const { return last_; }
    std::string optimiser_file(int epoch) const;

    Result<Done> save_optimiser(torch::optim::Optimizer& optimiser, int epoch) const;
    Result<Done> load_optimiser(torch::optim::Optimizer& optimiser, int epoch) const;
    // Removes the optimiser states of every epoch but `epoch`.
    void keep_only_optimiser(int epoch) const;
    // Removes the temporary files of writes a kill cut short (AtomicFile's ".partial-").
    void remove_partial_writes() const;

    Result<Done> append_log(const std::string& stage, const EpochSummary& e,
                            double learning_rate) const;
    // Keeps the log's lines of epochs up to `epoch` (and drops later or half-written
    // ones, left by a kill before the commit); returns those epochs.
    Result<std::vector<EpochSummary>> trim_log(int epoch) const;

  private:
    void remove_where(const std::function<bool(const std::string&)>& doomed) const;

    std::filesystem::path folder_;
    std::string stage_, best_, last_, log_;
};

}  // namespace interceptor
