#include "interceptor/model/inference/detector.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <chrono>
#include <thread>

#include "checkpoint/state_loader.h"
#include "inference/torch_device.h"
#include "network/folded_network.h"
#include "network/interceptor_net.h"

namespace interceptor {
namespace {

class TorchDetector : public Detector {
  public:
    TorchDetector(const NetworkConfig& config, const DetectorOptions& options, torch::Device device)
        : config_(config), options_(options), device_(device) {}

    Result<Done> load(const Checkpoint& checkpoint) {
        // Folded: the plain network only lends its structure to the folding, so it shares the
        // checkpoint's tensors (views of the file) and the file's pages are let go as each
        // part is folded. Plain: it runs for as long as the detector lives, so on weights of
        // its own, never on a file that may change under it.
        const auto memory = options_.folded ? StateMemory::Share : StateMemory::Copy;
        InterceptorNet plain(config_);
        if (auto why = load_state(*plain, config_.describe(), checkpoint, memory); !why.empty())
            return Error{why};
        plain->eval();
        temperature_ = checkpoint.metadata().temperature.value_or(1.0);
        if (options_.folded) {
            folded_ = std::make_unique<FoldedNetwork>(
                *plain, [&checkpoint] { checkpoint.state().release_pages(); });
            folded_->to(device_);
        } else {
            plain->to(device_);
            plain_ = plain;
        }
        return Done{};
    }

    Result<std::vector<FrameScore>> score(const FrameBatch& batch) override {
        const int size = config_.input_size;
        if (batch.size != size || batch.count <= 0 ||
            batch.pixels.size() != static_cast<std::size_t>(batch.count) * 3 * size * size)
            return Error{"frame batch has " + std::to_string(batch.pixels.size()) + " values for " +
                         std::to_string(batch.count) + " frames of " + std::to_string(batch.size) +
                         " px; the network expects " + std::to_string(size) + "x" +
                         std::to_string(size) + " RGB frames"};
        c10::InferenceMode inference;
        const bool autocast = device_.is_cuda() && options_.half_on_cuda;
        set_cuda_autocast(autocast);
        auto input =
            torch::from_blob(const_cast<float*>(batch.pixels.data()), {batch.count, 3, size, size})
                .to(device_);
        NetworkOutput out = folded_ ? folded_->forward(input, options_.heatmap_size)
                                    : plain_->forward(input, options_.heatmap_size);
        set_cuda_autocast(false);
        auto logits = out.logits.to(torch::kCPU, torch::kFloat32).contiguous();
        // The logits stay as the network gave them; the probability carries the calibration.
        auto probability = torch::softmax(logits / temperature_, 1).select(1, 1).contiguous();
        torch::Tensor luminance, attention;
        if (options_.heatmap_size > 0) {
            luminance = out.luminance.to(torch::kCPU, torch::kFloat32).contiguous();
            attention = out.attention.to(torch::kCPU, torch::kFloat32).contiguous();
        }
        std::vector<FrameScore> scores(batch.count);
        const int classes = config_.num_classes;
        for (int i = 0; i < batch.count; ++i) {
            auto& s = scores[i];
            const float* l = logits.data_ptr<float>() + i * classes;
            s.logits.assign(l, l + classes);
            s.p_fake = probability.data_ptr<float>()[i];
            if (options_.heatmap_size > 0) {
                s.heatmap_size = options_.heatmap_size;
                const auto per_lum = luminance.numel() / batch.count;
                const auto per_att = attention.numel() / batch.count;
                s.luminance.assign(luminance.data_ptr<float>() + i * per_lum,
                                   luminance.data_ptr<float>() + (i + 1) * per_lum);
                s.attention.assign(attention.data_ptr<float>() + i * per_att,
                                   attention.data_ptr<float>() + (i + 1) * per_att);
            }
        }
        return scores;
    }

    const NetworkConfig& config() const override { return config_; }
    bool folded() const override { return folded_ != nullptr; }

    std::string device_name() const override {
        if (device_.is_cuda())
            return device_.str() + (options_.half_on_cuda ? " (fp16 autocast)" : " (fp32)");
        return "cpu (" + std::to_string(at::get_num_threads()) + " threads)";
    }

    std::int64_t weight_bytes() const override {
        if (folded_) return folded_->weight_bytes();
        std::int64_t total = 0;
        for (const auto& p : plain_->parameters()) total += static_cast<std::int64_t>(p.nbytes());
        for (const auto& b : plain_->buffers()) total += static_cast<std::int64_t>(b.nbytes());
        return total;
    }

  private:
    NetworkConfig config_;
    DetectorOptions options_;
    torch::Device device_;
    double temperature_ = 1.0;
    std::unique_ptr<FoldedNetwork> folded_;
    InterceptorNet plain_{nullptr};
};

void configure_threads(int requested) {
    // Debian's LibTorch starts with one intra-op thread.
    int threads = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
    if (threads > 0 && at::get_num_threads() != threads) at::set_num_threads(threads);
}

}  // namespace

Result<std::unique_ptr<Detector>> Detector::create(const Checkpoint& checkpoint,
                                                   const DetectorOptions& options) {
    auto config = checkpoint.resolve_config();
    if (!config) return Error{config.error()};
    return create(checkpoint, *config, options);
}

Result<std::unique_ptr<Detector>> Detector::create(const Checkpoint& checkpoint,
                                                   const NetworkConfig& config,
                                                   const DetectorOptions& options) {
    if (auto problem = config.validate(); !problem.empty()) return Error{problem};
    auto device = torch_device(options.device);
    if (!device) return Error{device.error()};
    if (device->is_cuda() && !options.half_on_cuda) disable_cuda_tf32();
    configure_threads(options.threads);
    auto detector = std::make_unique<TorchDetector>(config, options, *device);
    if (auto loaded = detector->load(checkpoint); !loaded) return Error{loaded.error()};
    return std::unique_ptr<Detector>(std::move(detector));
}

Result<int> choose_batch_size(Detector& detector, const std::vector<int>& candidates, int repeats) {
    const int size = detector.config().input_size;
    int best = 0;
    double best_seconds_per_frame = 0;
    for (int batch_size : candidates) {
        if (batch_size <= 0) continue;
        FrameBatch batch{
            batch_size, size,
            std::vector<float>(static_cast<std::size_t>(batch_size) * 3 * size * size)};
        for (std::size_t i = 0; i < batch.pixels.size(); ++i)
            batch.pixels[i] = static_cast<float>(i % 255) / 128.0f - 1.0f;
        if (auto warm = detector.score(batch); !warm) return Error{warm.error()};
        auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < repeats; ++r) detector.score(batch);
        const double per_frame =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
            (repeats * batch_size);
        if (best == 0 || per_frame < best_seconds_per_frame) {
            best = batch_size;
            best_seconds_per_frame = per_frame;
        }
    }
    if (best == 0) return Error{"no valid batch size to choose from"};
    return best;
}

bool cuda_available() { return torch::cuda::is_available(); }

std::string libtorch_version() { return TORCH_VERSION; }

}  // namespace interceptor
