#pragma once
// Loads a checkpoint's tensors into a network, or explains why it cannot:
// missing keys, unexpected keys and shape mismatches, each by name, with a
// guess of the architecture the file holds.
#include <string>

#include <torch/nn/module.h>

#include "checkpoint/checkpoint_state.h"

namespace interceptor {

// Copy: the network gets its own tensors (it may train), and the file's pages each one was
// read from are let go at once. Share: where the dtype already fits, the network's tensors
// become the checkpoint's own, views of the file's map where it has one (no copy at all;
// for a network that is only read, briefly, such as one being folded: it must never change
// its weights, and should not outlive a file that may be rewritten in place).
enum class StateMemory { Copy, Share };

// Returns "" on success, else a message (the network is then left untouched).
std::string load_state(torch::nn::Module& network, const std::string& network_description,
                       const Checkpoint& checkpoint, StateMemory memory = StateMemory::Copy);

// The network's parameters and buffers as a checkpoint state, in order.
std::shared_ptr<Checkpoint::State> export_state(const torch::nn::Module& network);

// A new network of `config` as a checkpoint of Interceptor's own (config recorded,
// stamped now), with how it was initialised as its provenance (a JSON object).
Checkpoint initial_checkpoint(const torch::nn::Module& network, const NetworkConfig& config,
                              const std::string& provenance_json);

}  // namespace interceptor
