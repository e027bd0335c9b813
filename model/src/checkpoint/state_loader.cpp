#include "checkpoint/state_loader.h"

#include <torch/nn/utils.h>
#include <map>

namespace interceptor {
namespace {

std::string shape(const torch::Tensor& t) {
    std::string s = "(";
    for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + ")";
}

std::string list(const std::vector<std::string>& items, std::size_t most = 5) {
    std::string s;
    for (std::size_t i = 0; i < items.size() && i < most; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > most) s += " and " + std::to_string(items.size() - most) + " more";
    return s;
}

std::map<std::string, torch::Tensor> named_state(const torch::nn::Module& network) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : network.named_parameters()) out[p.key()] = p.value();
    for (const auto& b : network.named_buffers()) out[b.key()] = b.value();
    return out;
}

}  // namespace

std::string load_state(torch::nn::Module& network, const std::string& description,
                       const Checkpoint& checkpoint, StateMemory memory) {
    auto targets = named_state(network);
    std::vector<std::string> missing, unexpected, mismatched;
    std::map<std::string, bool> seen;
    for (const auto& [key, tensor] : checkpoint.state().tensors) {
        auto it = targets.find(key);
        if (it == targets.end()) {
            unexpected.push_back(key);
            continue;
        }
        seen[key] = true;
        if (it->second.sizes() != tensor.sizes())
            mismatched.push_back(key + " (file " + shape(tensor) + ", network " +
                                 shape(it->second) + ")");
    }
    for (const auto& entry : targets)
        if (!seen.count(entry.first)) missing.push_back(entry.first);

    if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
        std::string why = checkpoint.metadata().path + ": does not fit " + description + ":";
        if (!missing.empty())
            why += " " + std::to_string(missing.size()) + " missing keys (" + list(missing) + ");";
        if (!unexpected.empty())
            why += " " + std::to_string(unexpected.size()) + " unexpected keys (" +
                   list(unexpected) + ");";
        if (!mismatched.empty())
            why += " " + std::to_string(mismatched.size()) + " shape mismatches (" +
                   list(mismatched, 3) + ");";
        auto guess = checkpoint.infer_config();
        why += guess ? " the file looks like " + guess->describe()
                     : " the file does not look like any Interceptor network";
        return why;
    }
    torch::NoGradGuard no_grad;
    for (const auto& [key, tensor] : checkpoint.state().tensors) {
        auto& target = targets[key];
        if (memory == StateMemory::Share && tensor.dtype() == target.dtype())
            target.set_data(tensor);
        else {
            target.copy_(tensor.to(target.dtype()));
            checkpoint.state().release_pages(tensor);
        }
    }
    return {};
}

std::shared_ptr<Checkpoint::State> export_state(const torch::nn::Module& network) {
    // Python's state_dict order: per module, its parameters then its buffers.
    auto state = std::make_shared<Checkpoint::State>();
    for (const auto& item : network.named_modules("", /*include_self=*/true)) {
        const std::string prefix = item.key().empty() ? "" : item.key() + ".";
        for (const auto& p : item.value()->named_parameters(/*recurse=*/false))
            state->tensors.emplace_back(prefix + p.key(), p.value().detach().cpu().clone());
        for (const auto& b : item.value()->named_buffers(/*recurse=*/false))
            state->tensors.emplace_back(prefix + b.key(), b.value().detach().cpu().clone());
    }
    return state;
}

}  // namespace interceptor
