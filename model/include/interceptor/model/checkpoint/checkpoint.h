#pragma once
// Interceptor checkpoints: the files the Python training project wrote with
// torch.save (a training dict with model_state_dict and metadata, or a bare
// state_dict, either possibly inside a .zip archive), and the files
// Interceptor writes itself in the same format. Loading runs no code from the
// file (see unpickler.h). A Checkpoint is immutable and cheap to copy; it can
// be shared between threads.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interceptor/model/inference/profile.h"
#include "interceptor/model/network/network_config.h"
#include "interceptor/model/result.h"

namespace interceptor {

struct CheckpointMetadata {
    // About the file
    std::string path;
    std::string sha256;  // of the file as it is on disk
    std::uint64_t file_size = 0;
    std::string format;  // e.g. "training dict", "bare state_dict", "... in zip (entry x.pt)"

    // What the training project recorded (absent fields stay empty)
    std::optional<int> epoch;
    std::optional<int> stage;  // current_stage
    std::string model_type;
    std::string timestamp;
    std::map<std::string, double> metrics;  // numbers under 'metrics', nested keys joined by '.'

    // What Interceptor records in its own checkpoints
    std::optional<NetworkConfig> config;
    std::optional<Profile> preprocessing;  // none recorded: the seed's whole frame is assumed
    std::optional<double> threshold;
    std::string threshold_source;  // how the threshold was chosen
    // Temperature scaling: P(fake) = softmax(logits / temperature). None: 1.
    std::optional<double> temperature;
    std::string temperature_source;  // where it was fitted
    std::string provenance_json;     // training provenance, a JSON object ("{}" when none)

    // Every other top-level entry of the file, as JSON (tensors summarised).
    std::string extra_json;
    std::size_t tensor_count = 0;
    std::int64_t parameter_count = 0;  // elements in floating-point tensors
};

// The suffixes of checkpoint files (".pt", ".pth", ".ckpt", lower case), which a .zip
// archive's checkpoint entry has too: the one list the reader, dialogs and drops use.
const std::vector<std::string>& checkpoint_suffixes();
// A checkpoint's suffix, or ".zip" (a zipped checkpoint), in any case.
bool has_checkpoint_suffix(const std::string& path);
// What a checkpoint is called where the user gave no name: its file name, with the stage it
// records ("Stage 2 (stage2_best)"), so that names say which file is which.
std::string default_checkpoint_name(const CheckpointMetadata& m);

// Interceptor's own metadata (config, preprocessing, threshold, temperature,
// metrics, provenance) as a JSON object: what save() stores under
// 'interceptor', and the part of every metadata record that the CLI, case
// files and reports show. The one place this JSON is written.
std::string interceptor_metadata_json(const CheckpointMetadata& m);

class Checkpoint {
  public:
    struct State;  // the named tensors (LibTorch types; model/src only)

    // Reads a checkpoint; the error names the file and the problem in one line.
    static Result<Checkpoint> load(const std::string& path);

    const CheckpointMetadata& metadata() const { return metadata_; }
    CheckpointMetadata& metadata() { return metadata_; }
    const State& state() const { return *state_; }

    std::vector<std::string> keys() const;
    // The architecture the tensors' names and shapes point to (input size
    // and heads cannot be read off weights: the config's defaults are kept).
    std::optional<NetworkConfig> infer_config() const;
    // The file's own config, else the inferred one, else an error saying why.
    Result<NetworkConfig> resolve_config() const;

    // Writes in torch.save's zip format, readable by Python's
    // torch.load(path, weights_only=True). Atomic: a temporary file renamed
    // into place. Interceptor's metadata goes into an 'interceptor' JSON
    // string; epoch, current_stage, model_type and timestamp are mirrored as
    // the seed project wrote them.
    Result<std::string> save(const std::string& path) const;  // returns the SHA-256

    // A freshly initialised network of this architecture (seeded), as a
    // checkpoint: where training from scratch starts.
    static Checkpoint fresh(const NetworkConfig& config, std::uint64_t seed);

    // The same checkpoint with its 32-bit floating-point tensors stored as
    // float16: half the file, for shipping (the demo model); loading widens
    // them again, so scores move by about 1e-3. Other tensors are kept.
    Checkpoint in_half_precision() const;

    Checkpoint(std::shared_ptr<const State> state, CheckpointMetadata metadata);

  private:
    std::shared_ptr<const State> state_;
    CheckpointMetadata metadata_;
};

}  // namespace interceptor
