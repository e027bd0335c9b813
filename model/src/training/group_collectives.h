#pragma once
// What the trainer asks of a TrainingGroup, in LibTorch types. Every call is
// a collective: each rank must make the same calls in the same order, and a
// call throws (std::exception) when a rank is lost or the group's timeout
// passes; failure_message() then says which rank.
#include <torch/nn/module.h>

#include <exception>
#include <string>

#include "interceptor/model/training/training_group.h"
#include "network/batch_norm.h"

namespace interceptor {

// Sums `t` over the ranks, in place (every rank gets the sum).
void sum_over_group(TrainingGroup& group, torch::Tensor& t);
// The same as a differentiable function, for synchronised BatchNorm.
ProcessSum differentiable_group_sum(TrainingGroup& group);
// Each defined gradient of `net` becomes the mean of the ranks' gradients (one exchange).
void average_gradients(TrainingGroup& group, torch::nn::Module& net);
// Every parameter and buffer of `net` becomes rank 0's, so all ranks start alike.
void copy_from_first_rank(TrainingGroup& group, torch::nn::Module& net);
// Returns once every rank has called it.
void barrier(TrainingGroup& group);
// A collective's failure in words: the ranks that are lost (no heartbeat for a few
// seconds), or that none was found, and the engine's own message.
std::string failure_message(TrainingGroup& group, const std::exception& failure);

}  // namespace interceptor
