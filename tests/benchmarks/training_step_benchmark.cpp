// Training-step benchmark: samples per second of one forward and backward
// pass (cross-entropy, train mode) of a network preset on this machine, at
// several input sizes, then the AdamW step on its own, and where the
// forward+backward time goes (the backbone alone, the low-light module
// alone). How the mobile preset's input size was chosen.
//
//   training_step_benchmark [--config mobile|small|seed] [--batch N] [--steps N]
//                           [--threads T] [SIZE...]
// Reaches into model/src (the network itself), as the model unit tests do.
#include <ATen/Parallel.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "network/interceptor_net.h"

using namespace interceptor;

namespace {

using Clock = std::chrono::steady_clock;

// Seconds per call of `step`, after one warm-up call, over `steps` calls.
double seconds_per(int steps, const std::function<void()>& step) {
    step();
    const auto start = Clock::now();
    for (int i = 0; i < steps; ++i) step();
    return std::chrono::duration<double>(Clock::now() - start).count() / steps;
}

}  // namespace

int main(int argc, char** argv) {
    std::string preset = "mobile";
    int batch = 16, steps = 5;
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--config" && i + 1 < argc)
            preset = argv[++i];
        else if (a == "--batch" && i + 1 < argc)
            batch = std::stoi(argv[++i]);
        else if (a == "--steps" && i + 1 < argc)
            steps = std::stoi(argv[++i]);
        else if (a == "--threads" && i + 1 < argc)
            threads = std::stoi(argv[++i]);
        else
            sizes.push_back(std::stoi(a));
    }
    auto config = NetworkConfig::preset(preset);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.error().c_str());
        return 2;
    }
    if (sizes.empty()) sizes = {160, 224};
    at::set_num_threads(threads);
    std::printf("training step: %s, batch %d, %d threads, mean of %d steps after one warm-up\n",
                config->describe().c_str(), batch, threads, steps);
    std::printf("%6s %14s %12s %12s %12s %12s\n", "size", "fwd+bwd s/step", "samples/s",
                "backbone s", "low-light s", "AdamW s");
    for (int size : sizes) {
        NetworkConfig c = *config;
        c.input_size = size;
        torch::manual_seed(1);
        InterceptorNet net(c);
        net->train();
        torch::optim::AdamW optimiser(net->parameters(), torch::optim::AdamWOptions(1e-4));
        auto x = torch::randn({batch, 3, size, size});
        auto labels = torch::randint(0, 2, {batch}, torch::kLong);
        auto full = [&] {
            optimiser.zero_grad();
            auto loss = torch::nn::functional::cross_entropy(net->forward(x).logits, labels);
            loss.backward();
        };
        const double step = seconds_per(steps, full);
        const double adamw = seconds_per(steps, [&] { optimiser.step(); });
        const double visual = seconds_per(steps, [&] {
            optimiser.zero_grad();
            auto out = c.backbone == Backbone::MobileNetV2 ? net->mobilenet->forward(x)
                                                           : net->efficientnet->forward(x);
            out.sum().backward();
        });
        const double lowlight = seconds_per(steps, [&] {
            optimiser.zero_grad();
            net->specialist_module->forward(x).features.sum().backward();
        });
        std::printf("%6d %14.3f %12.1f %12.3f %12.3f %12.3f\n", size, step, batch / step, visual,
                    lowlight, adamw);
        std::fflush(stdout);
    }
    return 0;
}
