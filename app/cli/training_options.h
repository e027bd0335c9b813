#pragma once
// Options shared by train, eval and calibrate: where the dataset is and how
// its frames are sampled (--data, --layout, --frames, --profile,
// --self-blend, --fakes, --degrade, --landmarks, --val-fraction, --seed, --cache, --split, and the
// face detector's options).
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "cli/arguments.h"
#include "core/training/frame_samples.h"

namespace interceptor::cli {

extern const std::set<std::string> kDataValuedOptions;
extern const std::set<std::string> kDataFlags;

struct DataChoice {
    std::string root, layout = "auto", cache;
    Profile profile = Profile::FaceCrop;
    FaceDetectorSettings faces;
    int frames = 8;
    std::vector<FakeKind> fakes;  // --self-blend: sbi alone; --fakes: the named mix
    bool augment = true, degrade = false;
    bool dense_landmarks = false;  // --landmarks 68: generated fakes follow 68 located points
    double val_fraction = 0.2;
    std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the option when a value cannot be read (the callers
// turn it into a usage error).
DataChoice read_data_choice(const Arguments& a);
// The kinds of fake a plan stage asks for: "fakes": "sbi,xray", or the older "self_blend": true.
std::vector<FakeKind> fakes_of_stage(const nlohmann::json& stage);
// A parsed name, or std::invalid_argument with the parser's message (which names the allowed
// values): for reading options and plan files inside the callers' one error path.
template <typename T>
T parsed_or_throw(Result<T> parsed) {
    if (!parsed) throw std::invalid_argument(parsed.error());
    return *parsed;
}
// The choices that shape the samples, as a JSON object for a checkpoint's provenance.
std::string data_options_json(const DataChoice& choice);

// The samples of a dataset. split "": train and val sides for training;
// "train", "val", "test" or "all": that split alone, on the validation side (unaugmented) for
// evaluation.
Result<std::unique_ptr<FrameSamples>> load_samples(const DataChoice& choice, int input_size,
                                                   const std::string& split, bool quiet);

}  // namespace interceptor::cli
