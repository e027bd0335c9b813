#pragma once
// The tensors of a checkpoint, in state_dict order. model/src only.
#include <torch/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "io/mapped_file.h"

namespace interceptor {

struct Checkpoint::State {
    // Tensors stored plainly in the file are read-only views of its map (they keep it
    // open); the others are copies. Never write into them.
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::shared_ptr<const MappedFile> file;  // null for a state built in memory
    // Lets the kernel drop the file's pages that the tensors have brought in (advice: a
    // tensor read again reads the file again). Keeps resident memory to what was copied.
    void release_pages() const;
    void release_pages(const torch::Tensor& tensor) const;  // only this tensor's
    const torch::Tensor* find(const std::string& key) const;
    // Elements of the floating-point tensors that are parameters (BatchNorm
    // running statistics and counters excluded), as PyTorch counts them.
    std::int64_t parameter_count() const;
};

}  // namespace interceptor
