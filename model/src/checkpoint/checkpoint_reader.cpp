// Checkpoint::load: torch.save zip files (training dict or bare state_dict),
// optionally wrapped in a .zip archive, read without running any code.
#include <torch/types.h>

#include <cctype>
#include <filesystem>
#include <limits>
#include <set>

#include "checkpoint/checkpoint_state.h"
#include "checkpoint/pickle_json.h"
#include "checkpoint/unpickler.h"
#include "interceptor/model/io/digest.h"
#include "io/mapped_file.h"
#include "io/zip_reader.h"

namespace interceptor {
namespace {

using Type = PickleValue::Type;
constexpr std::uint64_t kMaxInnerCheckpoint = 64ull << 30;  // an inflated .pt inside a .zip
constexpr std::uint64_t kMaxPickle = 1ull << 30;

torch::Dtype torch_dtype(StorageType t) {
    switch (t) {
        case StorageType::Float32:
            return torch::kFloat32;
        case StorageType::Float64:
            return torch::kFloat64;
        case StorageType::Float16:
            return torch::kFloat16;
        case StorageType::BFloat16:
            return torch::kBFloat16;
        case StorageType::Int64:
            return torch::kInt64;
        case StorageType::Int32:
            return torch::kInt32;
        case StorageType::Int16:
            return torch::kInt16;
        case StorageType::Int8:
            return torch::kInt8;
        case StorageType::UInt8:
            return torch::kUInt8;
        case StorageType::Bool:
            return torch::kBool;
    }
    return torch::kFloat32;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The torch.save archive inside `zip`: the prefix of its "<prefix>/data.pkl".
const ZipEntry* find_pickle(const ZipReader& zip, std::string* prefix) {
    for (const auto& e : zip.entries()) {
        auto slash = e.name.find('/');
        if (slash != std::string::npos &&
            e.name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            *prefix = e.name.substr(0, slash + 1);
            return &e;
        }
    }
    return nullptr;
}

Result<ByteView> entry_bytes(const ZipReader& zip, const ZipEntry& e,
                             std::vector<std::uint8_t>& keep, std::uint64_t max_bytes) {
    if (e.method == 0) return zip.view(e);
    auto bytes = zip.read(e, max_bytes);
    if (!bytes) return Error{bytes.error()};
    keep = std::move(*bytes);
    return ByteView{keep.data(), keep.size()};
}

// One tensor of its storage record, after checking that every element it
// addresses lies inside the record. A contiguous tensor stored uncompressed
// and aligned in the mapped file is a read-only view of the map (no copy:
// its pages are read when the tensor is first used); any other is copied.
Result<torch::Tensor> materialise(const TensorRef& t, const ZipReader& zip,
                                  const std::string& prefix, const std::string& name,
                                  const std::shared_ptr<const MappedFile>& file) {
    const ZipEntry* record = zip.find(prefix + "data/" + t.storage_key);
    if (!record)
        return Error{"tensor '" + name + "' refers to storage '" + t.storage_key +
                     "', which the file does not contain"};
    auto bytes = zip.view(*record);
    if (!bytes) return Error{bytes.error()};
    const std::int64_t esize = element_size(t.type);
    if (t.storage_numel > std::numeric_limits<std::int64_t>::max() / esize ||
        static_cast<std::uint64_t>(t.storage_numel * esize) > bytes->size)
        return Error{"storage '" + t.storage_key + "' of tensor '" + name +
                     "' is shorter than it declares (truncated or corrupt)"};
    // Highest element index addressed, with overflow checks.
    __int128 last = t.offset;
    bool empty = false;
    for (std::size_t i = 0; i < t.sizes.size(); ++i) {
        if (t.sizes[i] < 0 || t.strides[i] < 0 || t.sizes[i] > (1ll << 40))
            return Error{"tensor '" + name + "' has a negative or absurd size or stride"};
        if (t.sizes[i] == 0) empty = true;
        last += static_cast<__int128>(t.sizes[i] - 1) * t.strides[i];
    }
    if (t.offset < 0 || (!empty && last >= t.storage_numel))
        return Error{"tensor '" + name + "' reaches past the end of its storage (corrupt)"};
    auto options = torch::TensorOptions().dtype(torch_dtype(t.type));
    if (empty) return torch::empty(t.sizes, options);
    auto* base = const_cast<std::uint8_t*>(bytes->data) + t.offset * esize;
    auto view = torch::from_blob(base, t.sizes, t.strides, options);
    torch::Tensor out;
    // torch.save aligns every record to 64 bytes; a view must be as aligned as oneDNN wants.
    if (file->contains(base) && reinterpret_cast<std::uintptr_t>(base) % 64 == 0 &&
        view.is_contiguous()) {
        out = torch::from_blob(
            base, t.sizes, t.strides, [keep = file](void*) {}, options);
    } else {
        out = torch::empty(t.sizes, options);
        out.copy_(view);
    }
    // Read for the CRC check (and copied, if it was): its pages need not stay resident.
    file->drop_pages(bytes->data, bytes->size);
    return out;
}

// Numbers under a key ("metrics.auc"), in nested dicts ("metrics.val.auc") and in lists,
// NumPy arrays included ("metrics.confusion[0][1]").
void flatten_number(const PickleValue& val, const std::string& key,
                    std::map<std::string, double>& out, int depth);

void flatten_numbers(const PickleValue& v, const std::string& prefix,
                     std::map<std::string, double>& out, int depth = 0) {
    if (depth > 8) return;
    for (const auto& [k, val] : v.entries)
        if (k->type == Type::String)
            flatten_number(*val, prefix.empty() ? k->text : prefix + "." + k->text, out, depth);
}

void flatten_number(const PickleValue& val, const std::string& key,
                    std::map<std::string, double>& out, int depth) {
    if (val.type == Type::Float)
        out[key] = val.real;
    else if (val.type == Type::Int)
        out[key] = static_cast<double>(val.integer);
    else if (val.type == Type::Dict)
        flatten_numbers(val, key, out, depth + 1);
    else if ((val.type == Type::List || val.type == Type::Tuple) && depth <= 8)
        for (std::size_t i = 0; i < val.items.size() && out.size() < 4096; ++i)
            flatten_number(*val.items[i], key + "[" + std::to_string(i) + "]", out, depth + 1);
}

// Interceptor's own metadata: a JSON string under 'interceptor'.
Result<Done> read_interceptor_metadata(const std::string& text, CheckpointMetadata& meta) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return Done{};
    if (j.contains("config")) {
        NetworkConfig config;
        std::string error;
        if (NetworkConfig::from_json(j["config"].dump(), &config, &error)) meta.config = config;
    }
    if (const std::string name = j.value("preprocessing", ""); !name.empty()) {
        auto profile = parse_profile(name);
        if (!profile) return Error{profile.error()};
        meta.preprocessing = *profile;
    }
    if (j.contains("threshold") && j["threshold"].is_number())
        meta.threshold = j["threshold"].get<double>();
    meta.threshold_source = j.value("threshold_source", "");
    if (j.contains("temperature") && j["temperature"].is_number() &&
        j["temperature"].get<double>() > 0)
        meta.temperature = j["temperature"].get<double>();
    meta.temperature_source = j.value("temperature_source", "");
    if (j.contains("provenance")) meta.provenance_json = j["provenance"].dump();
    if (j.contains("metrics") && j["metrics"].is_object())
        for (auto& [k, v] : j["metrics"].items())
            if (v.is_number()) meta.metrics[k] = v.get<double>();
    return Done{};
}

Result<Done> read_metadata(const PickleValue& root, const PickleValue* state_dict,
                           CheckpointMetadata& meta) {
    if (state_dict == &root) return Done{};  // a bare state_dict has no metadata
    if (auto* v = root.get("epoch"); v && v->type == Type::Int)
        meta.epoch = static_cast<int>(v->integer);
    if (auto* v = root.get("current_stage"); v && v->type == Type::Int)
        meta.stage = static_cast<int>(v->integer);
    if (auto* v = root.get("model_type"); v && v->is_string()) meta.model_type = v->text;
    if (auto* v = root.get("timestamp"); v && v->is_string()) meta.timestamp = v->text;
    if (auto* v = root.get("metrics"); v && v->type == Type::Dict)
        flatten_numbers(*v, "", meta.metrics);
    if (auto* v = root.get("interceptor"); v && v->is_string())
        if (auto read = read_interceptor_metadata(v->text, meta); !read) return read;
    auto extra = nlohmann::json::object();
    for (const auto& [k, v] : root.entries) {
        if (k->type != Type::String || v.get() == state_dict) continue;
        static const std::set<std::string> read_above = {
            "interceptor", "epoch", "current_stage", "model_type", "timestamp", "metrics"};
        if (read_above.count(k->text)) continue;
        extra[k->text] = k->text == "optimizer_state_dict"
                             ? nlohmann::json("<optimizer state, not loaded>")
                             : pickle_to_json(*v);
    }
    meta.extra_json = extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return Done{};
}

const char* type_name(Type t) {
    switch (t) {
        case Type::List:
            return "list";
        case Type::Tuple:
            return "tuple";
        case Type::Tensor:
            return "single tensor";
        case Type::String:
            return "string";
        default:
            return "non-dict value";
    }
}

// The state_dict inside the unpickled root, or an explanation.
Result<const PickleValue*> find_state_dict(const PickleValue& root, std::string* format) {
    if (root.type != Type::Dict)
        return Error{std::string("holds a ") + type_name(root.type) +
                     ", not a state_dict or training dict"};
    for (const char* key : {"model_state_dict", "state_dict", "model"}) {
        const PickleValue* v = root.get(key);
        if (v && v->type == Type::Dict) {
            *format = std::string("training dict ('") + key + "')";
            return v;
        }
    }
    bool tensors = !root.entries.empty();
    for (const auto& e : root.entries) tensors = tensors && e.second->type == Type::Tensor;
    if (tensors) {
        *format = "bare state_dict";
        return &root;
    }
    std::string keys;
    for (std::size_t i = 0; i < root.entries.size() && i < 8; ++i)
        if (root.entries[i].first->is_string())
            keys += (keys.empty() ? "" : ", ") + root.entries[i].first->text;
    return Error{"holds a dict with neither model_state_dict nor tensors (keys: " + keys + ")"};
}

Result<Checkpoint> load_archive(const ZipReader& zip, CheckpointMetadata meta,
                                const std::shared_ptr<const MappedFile>& file) {
    std::string prefix;
    const ZipEntry* pickle_entry = find_pickle(zip, &prefix);
    if (!pickle_entry) return Error{"zip archive holds no torch.save data.pkl"};
    if (const ZipEntry* order = zip.find(prefix + "byteorder")) {
        std::vector<std::uint8_t> keep;
        auto bytes = entry_bytes(zip, *order, keep, 16);
        if (bytes && bytes->str(0, bytes->size) != "little")
            return Error{"was saved on a big-endian machine, which is not supported"};
    }
    std::vector<std::uint8_t> pickle_buffer;
    auto pickle_bytes = entry_bytes(zip, *pickle_entry, pickle_buffer, kMaxPickle);
    if (!pickle_bytes) return Error{pickle_bytes.error()};
    auto root = unpickle(*pickle_bytes);
    if (!root) return Error{root.error()};

    std::string format;
    auto state_dict = find_state_dict(**root, &format);
    if (!state_dict) return Error{state_dict.error()};
    meta.format = format + (meta.format.empty() ? "" : " " + meta.format);
    if (auto read = read_metadata(**root, *state_dict, meta); !read) return Error{read.error()};

    auto state = std::make_shared<Checkpoint::State>();
    state->file = file;
    bool all_module_prefixed = !(*state_dict)->entries.empty();
    for (const auto& [key, value] : (*state_dict)->entries) {
        if (!key->is_string()) return Error{"state_dict has a key that is not a string"};
        if (value->type != Type::Tensor)
            return Error{"state_dict entry '" + key->text + "' is not a tensor"};
        auto tensor = materialise(value->tensor, zip, prefix, key->text, file);
        if (!tensor) return Error{tensor.error()};
        all_module_prefixed = all_module_prefixed && key->text.rfind("module.", 0) == 0;
        state->tensors.emplace_back(key->text, std::move(*tensor));
    }
    if (all_module_prefixed) {  // saved from nn.DataParallel
        for (auto& entry : state->tensors) entry.first.erase(0, 7);
        meta.format += ", 'module.' prefix removed";
    }
    meta.tensor_count = state->tensors.size();
    meta.parameter_count = state->parameter_count();
    return Checkpoint(std::move(state), std::move(meta));
}

}  // namespace

const torch::Tensor* Checkpoint::State::find(const std::string& key) const {
    for (const auto& [k, t] : tensors)
        if (k == key) return &t;
    return nullptr;
}

void Checkpoint::State::release_pages() const {
    if (file) file->drop_pages(file->data(), file->size());
}

void Checkpoint::State::release_pages(const torch::Tensor& tensor) const {
    if (file && tensor.defined() && tensor.is_cpu())
        file->drop_pages(static_cast<const std::uint8_t*>(tensor.data_ptr()), tensor.nbytes());
}

std::int64_t Checkpoint::State::parameter_count() const {
    std::int64_t total = 0;
    for (const auto& [name, tensor] : tensors)
        if (tensor.is_floating_point() && !ends_with(name, "running_mean") &&
            !ends_with(name, "running_var"))
            total += tensor.numel();
    return total;
}

Checkpoint::Checkpoint(std::shared_ptr<const State> state, CheckpointMetadata metadata)
    : state_(std::move(state)), metadata_(std::move(metadata)) {}

std::vector<std::string> Checkpoint::keys() const {
    std::vector<std::string> out;
    for (const auto& entry : state_->tensors) out.push_back(entry.first);
    return out;
}

const std::vector<std::string>& checkpoint_suffixes() {
    static const std::vector<std::string> suffixes = {".pt", ".pth", ".ckpt"};
    return suffixes;
}

std::string default_checkpoint_name(const CheckpointMetadata& m) {
    const std::string file = std::filesystem::path(m.path).stem().string();
    return m.stage ? "Stage " + std::to_string(*m.stage) + " (" + file + ")" : file;
}

bool has_checkpoint_suffix(const std::string& path) {
    std::string lower = path;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ends_with(lower, ".zip")) return true;
    for (const auto& suffix : checkpoint_suffixes())
        if (ends_with(lower, suffix)) return true;
    return false;
}

Result<Checkpoint> Checkpoint::load(const std::string& path) {
    auto fail = [&](const std::string& why) { return Error{path + ": " + why}; };
    auto opened = MappedFile::open(path);
    if (!opened) return Error{opened.error()};
    auto file = std::make_shared<const MappedFile>(std::move(*opened));
    ByteView bytes{file->data(), file->size()};
    if (bytes.size == 0) return fail("file is empty (0 bytes), not a checkpoint");

    CheckpointMetadata meta;
    meta.path = path;
    meta.file_size = bytes.size;
    meta.provenance_json = "{}";
    meta.extra_json = "{}";
    if (!ZipReader::looks_like_zip(bytes)) {
        if (bytes.data[0] == 0x80)
            return fail(
                "written in torch.save's legacy (pre-1.6) format, which is not supported; "
                "re-save it with PyTorch 1.6 or later");
        return fail("not a PyTorch checkpoint (neither a torch.save zip file nor a .zip archive)");
    }
    meta.sha256 = sha256_hex(bytes.data, bytes.size);
    file->drop_pages(bytes.data, bytes.size);  // hashed: each tensor's pages are read again alone
    auto zip = ZipReader::open(bytes);
    if (!zip) return fail(zip.error());
    std::string prefix;
    if (find_pickle(*zip, &prefix)) {
        auto loaded = load_archive(*zip, std::move(meta), file);
        return loaded ? std::move(loaded) : Result<Checkpoint>(fail(loaded.error()));
    }

    // A .zip archive wrapping one checkpoint file, as the training project made them.
    std::vector<const ZipEntry*> candidates;
    for (const auto& e : zip->entries())
        for (const auto& suffix : checkpoint_suffixes())
            if (ends_with(e.name, suffix)) candidates.push_back(&e);
    if (candidates.size() != 1) {
        std::string names;
        for (std::size_t i = 0; i < zip->entries().size() && i < 6; ++i)
            names += (i ? ", " : "") + zip->entries()[i].name;
        return fail(candidates.empty()
                        ? "zip archive holds no checkpoint (.pt/.pth/.ckpt); it holds: " + names
                        : "zip archive holds " + std::to_string(candidates.size()) +
                              " checkpoints; extract the one you want");
    }
    std::vector<std::uint8_t> inner_buffer;
    auto inner = entry_bytes(*zip, *candidates[0], inner_buffer, kMaxInnerCheckpoint);
    if (!inner) return fail(inner.error());
    auto inner_zip = ZipReader::open(*inner);
    if (!inner_zip || !find_pickle(*inner_zip, &prefix))
        return fail("'" + candidates[0]->name +
                    "' inside the zip archive is not a torch.save checkpoint" +
                    (inner_zip ? std::string() : " (" + inner_zip.error() + ")"));
    meta.format = "in zip archive (entry " + candidates[0]->name + ")";
    auto loaded = load_archive(*inner_zip, std::move(meta), file);
    return loaded ? std::move(loaded) : Result<Checkpoint>(fail(loaded.error()));
}

}  // namespace interceptor
