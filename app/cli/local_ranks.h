#pragma once
// `train --nproc N`: the ranks of a training group on this machine, started by
// interceptor-cli itself as torchrun would (RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, MASTER_ADDR=127.0.0.1 and a free MASTER_PORT in each one's
// environment, `--distributed` added to its arguments).
#include <string>
#include <vector>

namespace interceptor::cli {

// Runs `count` ranks of `interceptor-cli train ARGUMENTS... --distributed` and waits for them.
// When one fails, the others get `grace_seconds` to stop by themselves (a lost rank stops
// the group's collectives) before they are terminated. Returns 0 when every rank succeeded,
// else 1, having said on stderr which ranks failed and how.
int run_local_ranks(int count, const std::vector<std::string>& arguments, int grace_seconds);

}  // namespace interceptor::cli
