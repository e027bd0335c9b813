#pragma once
// Copies a checkpoint's tensors into a network, or explains why it cannot:
// missing keys, unexpected keys and shape mismatches, each by name, with a
// guess of the architecture the file holds.
#include <string>

#include <torch/nn/module.h>

#include "checkpoint/checkpoint_state.h"

namespace interceptor {

// Returns "" on success, else a message (the network is then left untouched).
std::string load_state(torch::nn::Module& network, const std::string& network_description,
                       const Checkpoint& checkpoint);

// The network's parameters and buffers as a checkpoint state, in order.
std::shared_ptr<Checkpoint::State> export_state(const torch::nn::Module& network);

// A new network of `config` as a checkpoint of Interceptor's own (config recorded,
// stamped now), with how it was initialised as its provenance (a JSON object).
Checkpoint initial_checkpoint(const torch::nn::Module& network, const NetworkConfig& config,
                              const std::string& provenance_json);

}  // namespace interceptor
