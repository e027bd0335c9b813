#pragma once
// Scores batches of preprocessed frames with one checkpoint. Chooses CUDA
// when LibTorch has it (fp16 autocast there) and the CPU otherwise, with the
// thread count set to the cores available. "Folded" is the optimised
// inference path (see folded_network.h), "plain" the network exactly as
// trained; they agree to 1e-4. Not thread-safe: use one Detector per thread,
// or an InferenceEngine, which owns one on its worker thread.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/network/network_config.h"
#include "interceptor/model/result.h"

namespace interceptor {

// Frames already preprocessed for the network: float32, NCHW, RGB, normalised.
struct FrameBatch {
    int count = 0;
    int size = 0;               // height = width
    std::vector<float> pixels;  // count * 3 * size * size
};

struct FrameScore {
    std::vector<float> logits;
    float p_fake = 0;  // softmax[1]
    // Heatmap inputs from the low-light module (empty when heatmap_size is 0):
    int heatmap_size = 0;
    std::vector<float> luminance;  // 3 x S x S: mean activation of the 3x3, 5x5, 7x7 branches
    std::vector<float> attention;  // 68 x 7 x 7: the module's attention weights
};

enum class DevicePreference { Auto, Cpu, Cuda };

struct DetectorOptions {
    bool folded = true;
    DevicePreference device = DevicePreference::Auto;
    int heatmap_size = 56;  // 0: no heatmaps
    int threads = 0;        // CPU threads; 0: every core available
    // On CUDA: fp16 autocast (true), or float32 throughout with TF32 off for the process
    // (false; device_name() then says "fp32").
    bool half_on_cuda = true;
};

class Detector {
  public:
    // Builds the network the checkpoint describes (its own config, else the
    // one read off its shapes) and loads it exactly; errors explain mismatches.
    static Result<std::unique_ptr<Detector>> create(const Checkpoint& checkpoint,
                                                    const DetectorOptions& options = {});
    // As above, for an explicitly chosen architecture.
    static Result<std::unique_ptr<Detector>> create(const Checkpoint& checkpoint,
                                                    const NetworkConfig& config,
                                                    const DetectorOptions& options = {});
    virtual ~Detector() = default;

    virtual Result<std::vector<FrameScore>> score(const FrameBatch& batch) = 0;

    virtual const NetworkConfig& config() const = 0;
    virtual std::string device_name() const = 0;    // "cpu (2 threads)", "cuda:0 (fp16 autocast)"
    virtual std::int64_t weight_bytes() const = 0;  // memory held by the weights
    virtual bool folded() const = 0;
};

// Times the detector on random frames at each candidate batch size (after a
// warm-up) and returns the fastest per frame. On this stack the answer
// depends on the machine (oneDNN's kernels, core count, GPU), so callers
// measure once per machine instead of assuming; takes a few seconds.
Result<int> choose_batch_size(Detector& detector, const std::vector<int>& candidates = {1, 2, 4},
                              int repeats = 2);

// Whether this LibTorch build can use a GPU here.
bool cuda_available();
// Version string of the LibTorch in use, e.g. "1.13.0".
std::string libtorch_version();

}  // namespace interceptor
