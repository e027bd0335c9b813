// The group's environment as launchers set it: PyTorch's names first (torchrun,
// torch.distributed.launch, most schedulers' PyTorch integrations), Slurm's
// where those are absent (srun sets them in every task).
#include <cstdlib>

#include "interceptor/model/training/training_group.h"

namespace interceptor {
namespace {

using Lookup = std::function<std::optional<std::string>(const std::string&)>;

// A whole non-negative number, or an error naming the variable.
Result<int> number(const Lookup& variable, const std::string& name, std::optional<int> fallback) {
    const auto value = variable(name);
    if (!value || value->empty()) {
        if (fallback) return *fallback;
        return Error{name + " is not set"};
    }
    std::size_t used = 0;
    int n = -1;
    try {
        n = std::stoi(*value, &used);
    } catch (const std::exception&) {
    }
    if (n < 0 || used != value->size())
        return Error{name + "=" + *value + " is not a whole number of at least 0"};
    return n;
}

}  // namespace

Result<GroupEnvironment> group_environment(const Lookup& variable) {
    const bool slurm = !variable("RANK") && variable("SLURM_PROCID");
    const auto name = [slurm](const char* pytorch, const char* slurm_name) {
        return std::string(slurm ? slurm_name : pytorch);
    };
    GroupEnvironment e;
    auto rank = number(variable, name("RANK", "SLURM_PROCID"), std::nullopt);
    if (!rank) return Error{rank.error()};
    auto world = number(variable, name("WORLD_SIZE", "SLURM_NTASKS"), std::nullopt);
    if (!world) return Error{world.error()};
    auto local = number(variable, name("LOCAL_RANK", "SLURM_LOCALID"), 0);
    if (!local) return Error{local.error()};
    auto local_world = number(variable, name("LOCAL_WORLD_SIZE", "SLURM_NTASKS_PER_NODE"), 1);
    if (!local_world) return Error{local_world.error()};
    auto port = number(variable, "MASTER_PORT", e.master_port);
    if (!port) return Error{port.error()};
    e.rank = *rank;
    e.world_size = *world;
    e.local_rank = *local;
    e.local_world_size = std::max(1, *local_world);
    e.master_port = *port;
    if (const auto address = variable("MASTER_ADDR"); address && !address->empty())
        e.master_address = *address;
    else if (e.world_size > 1 && slurm)
        return Error{
            "MASTER_ADDR is not set (under Slurm: the first host of the job, e.g. "
            "$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1))"};
    if (e.world_size < 1) return Error{"the world size must be at least 1"};
    if (e.rank >= e.world_size)
        return Error{"rank " + std::to_string(e.rank) + " is not below the world size " +
                     std::to_string(e.world_size)};
    if (e.master_port < 1 || e.master_port > 65535)
        return Error{"MASTER_PORT=" + std::to_string(e.master_port) + " is not a TCP port"};
    return e;
}

Result<GroupEnvironment> group_environment_of_process() {
    return group_environment([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    });
}

}  // namespace interceptor
