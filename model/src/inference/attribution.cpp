#include "interceptor/model/inference/attribution.h"

#include <torch/autograd.h>
#include <torch/nn/functional/upsampling.h>

#include "checkpoint/state_loader.h"
#include "inference/torch_device.h"
#include "network/interceptor_net.h"

namespace interceptor {
namespace {

namespace F = torch::nn::functional;

class GradCamAttributor : public Attributor {
  public:
    GradCamAttributor(const NetworkConfig& config, torch::Device device)
        : config_(config), device_(device), net_(config) {}

    Result<Done> load(const Checkpoint& checkpoint) {
        if (auto why = load_state(*net_, config_.describe(), checkpoint); !why.empty())
            return Error{why};
        net_->eval();
        // Only the features' gradient is wanted; the weights' would cost memory and time.
        for (auto& p : net_->parameters()) p.set_requires_grad(false);
        net_->to(device_);
        temperature_ = checkpoint.metadata().temperature.value_or(1.0);
        return Done{};
    }

    Result<std::vector<Attribution>> explain(const FrameBatch& batch) override {
        const int size = config_.input_size;
        if (batch.size != size || batch.count <= 0 ||
            batch.pixels.size() != static_cast<std::size_t>(batch.count) * 3 * size * size)
            return Error{"the pictures to explain are not " + std::to_string(size) + "x" +
                         std::to_string(size) + " RGB, as the network expects"};
        torch::AutoGradMode gradients(true);  // callers may hold a no-grad guard
        auto input =
            torch::from_blob(const_cast<float*>(batch.pixels.data()), {batch.count, 3, size, size})
                .to(device_);
        auto features = net_->backbone_features(input).detach().requires_grad_(true);
        auto logits = net_->forward_from(features, input).logits;
        // Log-odds of "fake" against every other class (logit 1 - logit 0 for two classes):
        // its gradient is the same for any temperature up to a factor the normalising removes.
        auto others = torch::cat({logits.slice(1, 0, 1), logits.slice(1, 2)}, 1);
        auto log_odds = logits.select(1, 1) - torch::logsumexp(others, 1);
        // Pictures do not interact in eval mode, so one backward pass serves the batch.
        auto gradient = torch::autograd::grad({log_odds.sum()}, {features})[0];
        torch::NoGradGuard no_grad;
        auto weights = gradient.mean({2, 3}, true);
        auto cam = torch::relu((weights * features).sum(1, true));  // (N, 1, h, w)
        auto peak = cam.amax({1, 2, 3});
        auto upsampled = F::interpolate(cam, F::InterpolateFuncOptions()
                                                 .size(std::vector<int64_t>{size, size})
                                                 .mode(torch::kBilinear)
                                                 .align_corners(false));
        auto normalised =
            (upsampled / peak.clamp_min(1e-12).view({-1, 1, 1, 1})).clamp(0, 1).to(torch::kCPU);
        normalised = normalised.to(torch::kFloat32).contiguous();
        auto probability =
            torch::softmax(logits.detach().to(torch::kCPU, torch::kFloat32) / temperature_, 1)
                .select(1, 1)
                .contiguous();
        auto peaks = peak.to(torch::kCPU, torch::kFloat64).contiguous();
        std::vector<Attribution> out(batch.count);
        for (int i = 0; i < batch.count; ++i) {
            auto& a = out[i];
            a.p_fake = probability.data_ptr<float>()[i];
            a.grid = static_cast<int>(features.size(2));
            a.peak = peaks.data_ptr<double>()[i];
            a.map =
                cv::Mat(size, size, CV_32F,
                        normalised.data_ptr<float>() + static_cast<std::ptrdiff_t>(i) * size * size)
                    .clone();
        }
        return out;
    }

    const NetworkConfig& config() const override { return config_; }

  private:
    NetworkConfig config_;
    torch::Device device_;
    InterceptorNet net_;
    double temperature_ = 1.0;
};

}  // namespace

Result<std::unique_ptr<Attributor>> Attributor::create(const Checkpoint& checkpoint,
                                                       DevicePreference preference) {
    auto config = checkpoint.resolve_config();
    if (!config) return Error{config.error()};
    if (auto problem = config->validate(); !problem.empty()) return Error{problem};
    auto device = torch_device(preference);
    if (!device) return Error{device.error()};
    auto attributor = std::make_unique<GradCamAttributor>(*config, *device);
    if (auto loaded = attributor->load(checkpoint); !loaded) return Error{loaded.error()};
    return std::unique_ptr<Attributor>(std::move(attributor));
}

}  // namespace interceptor
