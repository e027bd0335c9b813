// Checkpoint::save: torch.save's zip layout, readable by
// torch.load(path, weights_only=True) in Python.
#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "checkpoint/checkpoint_state.h"
#include "checkpoint/pickler.h"
#include "interceptor/model/io/atomic_file.h"
#include "interceptor/model/io/digest.h"
#include "io/zip_writer.h"

namespace interceptor {
namespace {

Result<StorageType> storage_type(const torch::Tensor& t) {
    switch (t.scalar_type()) {
        case torch::kFloat32:
            return StorageType::Float32;
        case torch::kFloat64:
            return StorageType::Float64;
        case torch::kFloat16:
            return StorageType::Float16;
        case torch::kBFloat16:
            return StorageType::BFloat16;
        case torch::kInt64:
            return StorageType::Int64;
        case torch::kInt32:
            return StorageType::Int32;
        case torch::kInt16:
            return StorageType::Int16;
        case torch::kInt8:
            return StorageType::Int8;
        case torch::kUInt8:
            return StorageType::UInt8;
        case torch::kBool:
            return StorageType::Bool;
        default:
            return Error{"tensor type cannot be saved"};
    }
}

}  // namespace

std::string interceptor_metadata_json(const CheckpointMetadata& m) {
    nlohmann::json j;
    if (m.config) j["config"] = nlohmann::json::parse(m.config->to_json());
    if (m.preprocessing) j["preprocessing"] = profile_name(*m.preprocessing);
    if (m.threshold) j["threshold"] = *m.threshold;
    j["threshold_source"] = m.threshold_source;
    if (m.temperature) {
        j["temperature"] = *m.temperature;
        j["temperature_source"] = m.temperature_source;
    }
    j["metrics"] = m.metrics;
    // Provenance that is not JSON (a hand-edited file) is kept as text rather than lost.
    auto provenance =
        nlohmann::json::parse(m.provenance_json.empty() ? "{}" : m.provenance_json, nullptr, false);
    j["provenance"] = provenance.is_discarded() ? nlohmann::json(m.provenance_json) : provenance;
    return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> Checkpoint::save(const std::string& path) const {
    const auto& m = metadata_;
    std::vector<torch::Tensor> records;
    Pickler p;
    p.begin_dict();
    p.string("model_state_dict");
    p.begin_ordered_dict();
    for (const auto& [key, tensor] : state_->tensors) {
        auto type = storage_type(tensor);
        if (!type) return Error{path + ": " + key + ": " + type.error()};
        records.push_back(tensor.detach().cpu().contiguous());
        TensorRef ref;
        ref.storage_key = std::to_string(records.size() - 1);
        ref.type = *type;
        ref.storage_numel = records.back().numel();
        ref.sizes = records.back().sizes().vec();
        ref.strides = records.back().strides().vec();
        p.string(key);
        p.tensor(ref);
    }
    p.end_dict();
    if (m.epoch) {
        p.string("epoch");
        p.integer(*m.epoch);
    }
    if (m.stage) {
        p.string("current_stage");
        p.integer(*m.stage);
    }
    p.string("model_type");
    p.string(m.model_type.empty() ? "InterceptorLL" : m.model_type);
    p.string("timestamp");
    p.string(m.timestamp);
    p.string("interceptor");
    p.string(interceptor_metadata_json(m));
    p.end_dict();
    const std::string pickle = p.finish();

    AtomicFile file(path);
    if (auto r = file.open(); !r) return Error{r.error()};
    ZipWriter zip(file);
    const std::string root = "archive/";
    if (auto r = zip.add(root + "data.pkl", pickle.data(), pickle.size()); !r)
        return Error{r.error()};
    if (auto r = zip.add(root + "byteorder", "little", 6); !r) return Error{r.error()};
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& t = records[i];
        if (auto r = zip.add(root + "data/" + std::to_string(i), t.data_ptr(), t.nbytes()); !r)
            return Error{r.error()};
    }
    if (auto r = zip.add(root + "version", "3\n", 2); !r) return Error{r.error()};
    if (auto r = zip.finish(); !r) return Error{r.error()};
    if (auto r = file.commit(); !r) return Error{r.error()};
    auto digest = digest_file(path);
    if (!digest) return Error{digest.error()};
    return digest->sha256;
}

}  // namespace interceptor
