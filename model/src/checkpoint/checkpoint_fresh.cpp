// Checkpoint::fresh: a newly initialised network as a checkpoint.
#include <torch/utils.h>

#include <chrono>
#include <ctime>

#include "checkpoint/state_loader.h"
#include "network/interceptor_net.h"

namespace interceptor {

Checkpoint initial_checkpoint(const torch::nn::Module& network, const NetworkConfig& config,
                              const std::string& provenance_json) {
    CheckpointMetadata meta;
    meta.config = config;
    meta.model_type = "InterceptorLL";
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", std::gmtime(&now));
    meta.timestamp = stamp;
    meta.provenance_json = provenance_json;
    meta.extra_json = "{}";
    auto state = export_state(network);
    meta.parameter_count = state->parameter_count();
    meta.tensor_count = state->tensors.size();
    return Checkpoint(std::move(state), std::move(meta));
}

Checkpoint Checkpoint::fresh(const NetworkConfig& config, std::uint64_t seed) {
    torch::manual_seed(seed);
    InterceptorNet net(config);
    return initial_checkpoint(
        *net, config, "{\"initialisation\": \"random\", \"seed\": " + std::to_string(seed) + "}");
}

}  // namespace interceptor
