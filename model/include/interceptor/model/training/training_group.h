#pragma once
// Data-parallel training over several processes, on one machine or many:
// PyTorch's c10d engine (a TCPStore for the rendezvous, Gloo on the CPU,
// NCCL on CUDA where LibTorch was built with it). Every process (a "rank")
// trains the same network on its slice of each global batch; gradients are
// averaged and BatchNorm statistics are those of the global batch
// (trainer.h). A TrainingGroup is joined once and serves every stage of a run.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

// Where this process stands in the group: what PyTorch's launchers (torchrun) and
// schedulers set in the environment.
struct GroupEnvironment {
    int rank = 0, world_size = 1;
    int local_rank = 0, local_world_size = 1;  // on this machine
    std::string master_address = "127.0.0.1";  // rank 0's host: it serves the store
    int master_port = 29500;
};

// Reads RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT, or where
// RANK is absent Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID and
// SLURM_NTASKS_PER_NODE. `variable` returns an environment variable's value, if set. The
// error names the variable that is missing or wrong.
Result<GroupEnvironment> group_environment(
    const std::function<std::optional<std::string>(const std::string&)>& variable);
// The same from this process's environment.
Result<GroupEnvironment> group_environment_of_process();

class TrainingGroup {
  public:
    // Joins the group: waits up to `timeout` for every rank to reach the store, then
    // connects them. `timeout` also bounds every collective operation afterwards, so a
    // rank that dies or hangs stops the others within it. On CUDA NCCL where LibTorch has
    // it (INTERCEPTOR_WITH_NCCL), else Gloo (INTERCEPTOR_WITH_GLOO); a build with neither
    // for this machine refuses, saying so.
    static Result<std::shared_ptr<TrainingGroup>> join(const GroupEnvironment& environment,
                                                       std::chrono::seconds timeout);
    ~TrainingGroup();
    TrainingGroup(const TrainingGroup&) = delete;
    TrainingGroup& operator=(const TrainingGroup&) = delete;

    const GroupEnvironment& environment() const;
    int rank() const { return environment().rank; }
    int world_size() const { return environment().world_size; }

    struct Impl;  // LibTorch types; model/src only
    Impl& impl() { return *impl_; }

  private:
    explicit TrainingGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace interceptor
