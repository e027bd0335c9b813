// Attribution benchmark: milliseconds per Grad-CAM map (a forward and a backward pass of the
// plain network, attribution.h) beside milliseconds per score of the optimised path, for each
// checkpoint given, on random pictures at its input size. What the workstation's View > Show
// attribution waits for per frame, and what each top frame adds to a report.
//
//   attribution_benchmark [--frames N] [CHECKPOINT...]
//   (default: the seed and mobile parity fixtures and the demo's stage 2)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "interceptor/model/inference/attribution.h"
#include "interceptor/model/inference/detector.h"

using namespace interceptor;

namespace {

using Clock = std::chrono::steady_clock;

FrameBatch random_picture(int size, std::mt19937& random) {
    FrameBatch batch{1, size, std::vector<float>(static_cast<std::size_t>(3) * size * size)};
    std::normal_distribution<float> value(0.0f, 1.0f);
    for (auto& v : batch.pixels) v = value(random);
    return batch;
}

template <typename F>
double ms_per_call(int frames, F&& call) {
    call();  // warm-up
    const auto start = Clock::now();
    for (int i = 0; i < frames; ++i) call();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / frames;
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 5;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--frames") && i + 1 < argc)
            frames = std::atoi(argv[++i]);
        else
            files.push_back(argv[i]);
    }
    if (files.empty())
        files = {std::string(INTERCEPTOR_FIXTURES) + "/parity/seed_bare.pt",
                 std::string(INTERCEPTOR_FIXTURES) + "/parity/mobile_bare.pt",
                 std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/demo-stage2.pt"};
    std::printf("Attribution benchmark: %d pictures each, batch 1, LibTorch %s, %s\n\n", frames,
                libtorch_version().c_str(), cuda_available() ? "CUDA" : "CPU only");
    std::printf("%-26s %9s %12s %6s  %s\n", "checkpoint", "score ms", "Grad-CAM ms", "ratio",
                "network");
    std::mt19937 random(3);
    int status = 0;
    for (const auto& file : files) {
        auto checkpoint = Checkpoint::load(file);
        auto detector = checkpoint ? Detector::create(*checkpoint) : Error{checkpoint.error()};
        auto attributor = checkpoint ? Attributor::create(*checkpoint) : Error{checkpoint.error()};
        if (!detector || !attributor) {
            std::fprintf(stderr, "%s: %s\n", file.c_str(),
                         (!detector ? detector.error() : attributor.error()).c_str());
            status = 1;
            continue;
        }
        const auto picture = random_picture((*detector)->config().input_size, random);
        const double score = ms_per_call(frames, [&] { (*detector)->score(picture); });
        const double explain = ms_per_call(frames, [&] { (*attributor)->explain(picture); });
        const std::string name = file.substr(file.find_last_of('/') + 1);
        std::printf("%-26s %9.1f %12.1f %5.1fx  %s\n", name.c_str(), score, explain,
                    explain / score, (*detector)->config().describe().c_str());
    }
    return status;
}
