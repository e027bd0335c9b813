// Model benchmark: frames per second of the seed network at 224x224 on this
// machine, for the plain C++ path, the optimised (folded) C++ path at several
// batch sizes, and the Python eager reference with the same weights, thread
// count and BLAS; then the ratios and each path's peak memory. Each
// measurement runs in its own process so that peak memory is its own; "RSS
// after" is the resident memory once loaded and run (what stays while
// several checkpoints sit side by side), "peak" includes loading; "load s" and "load peak" are
// the time and peak memory from opening the file to a detector ready to score.
//
//   model_benchmark [--checkpoint PATH] [--frames N] [--threads T]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_memory.h"
#include "interceptor/model/inference/detector.h"

using namespace interceptor;

namespace {

struct Options {
    std::string checkpoint = std::string(INTERCEPTOR_FIXTURES) + "/parity/seed_bare.pt";
    int frames = 16;
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    std::string measure;  // child mode: "plain" or "folded"
    int batch = 1;
    bool heatmaps = false;
};

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

using bench::current_rss_mb;

// Child mode: load, warm up, time, print one RESULT line.
int measure(const Options& o) {
    const auto load_started = std::chrono::steady_clock::now();
    auto checkpoint = Checkpoint::load(o.checkpoint);
    if (!checkpoint) {
        std::cerr << checkpoint.error() << "\n";
        return 1;
    }
    DetectorOptions options;
    options.folded = o.measure == "folded";
    options.threads = o.threads;
    options.heatmap_size = o.heatmaps ? 56 : 0;
    auto detector = Detector::create(*checkpoint, options);
    if (!detector) {
        std::cerr << detector.error() << "\n";
        return 1;
    }
    checkpoint = Error{"released"};  // keep only what the detector holds
    const double load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - load_started).count();
    const double load_peak_mb = peak_rss_mb();
    const int size = (*detector)->config().input_size;
    FrameBatch batch{o.batch, size,
                     std::vector<float>(static_cast<std::size_t>(o.batch) * 3 * size * size)};
    std::mt19937 rng(1);
    std::normal_distribution<float> normal;
    for (auto& v : batch.pixels) v = normal(rng);
    for (int i = 0; i < 2; ++i) (*detector)->score(batch);
    const int steps = std::max(1, o.frames / o.batch);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) (*detector)->score(batch);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "RESULT fps=%.3f load_s=%.2f load_peak_mb=%.1f peak_rss_mb=%.1f rss_mb=%.1f "
        "weights_mb=%.1f device=%s\n",
        steps * o.batch / seconds, load_seconds, load_peak_mb, peak_rss_mb(), current_rss_mb(),
        (*detector)->weight_bytes() / 1e6, (*detector)->device_name().c_str());
    return 0;
}

std::map<std::string, std::string> run(const std::string& command) {
    std::map<std::string, std::string> fields;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return fields;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        if (std::strncmp(line, "RESULT ", 7) != 0) continue;
        std::string rest(line + 7);
        std::size_t at = 0;
        while (at < rest.size()) {
            auto eq = rest.find('=', at), end = rest.find_first_of(" \n", at);
            if (eq == std::string::npos || eq > end) break;
            fields[rest.substr(at, eq - at)] = rest.substr(eq + 1, end - eq - 1);
            at = end + 1;
        }
    }
    pclose(pipe);
    return fields;
}

struct Row {
    std::string path;
    int batch;
    std::map<std::string, std::string> result;
    double fps() const { return result.count("fps") ? std::stod(result.at("fps")) : 0; }
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc || (i < argc && std::strcmp(argv[i], "--heatmaps") == 0); ++i) {
        std::string a = argv[i];
        if (a == "--checkpoint")
            o.checkpoint = argv[++i];
        else if (a == "--frames")
            o.frames = std::stoi(argv[++i]);
        else if (a == "--threads")
            o.threads = std::stoi(argv[++i]);
        else if (a == "--measure")
            o.measure = argv[++i];
        else if (a == "--batch")
            o.batch = std::stoi(argv[++i]);
        else if (a == "--heatmaps")
            o.heatmaps = true;
    }
    if (!o.measure.empty()) return measure(o);

    std::printf("Interceptor model benchmark: seed network, 224x224, %d threads, LibTorch %s, %s\n",
                o.threads, libtorch_version().c_str(),
                cuda_available() ? "CUDA available" : "CPU only");
    std::printf("checkpoint: %s\n\n", o.checkpoint.c_str());
    const std::string self = argv[0];
    const std::string common = " --checkpoint '" + o.checkpoint + "' --frames " +
                               std::to_string(o.frames) + " --threads " + std::to_string(o.threads);
    std::vector<Row> rows;
    auto cxx = [&](const std::string& path, int batch, bool heatmaps) {
        Row r{path + (heatmaps ? " + heatmaps" : ""), batch, {}};
        r.result = run("'" + self + "' --measure " + path + " --batch " + std::to_string(batch) +
                       common + (heatmaps ? " --heatmaps" : ""));
        rows.push_back(r);
        return r.fps();
    };
    auto python = [&](int batch) {
        Row r{"python eager", batch, {}};
        r.result = run(std::string(INTERCEPTOR_PYTHON) + " '" + INTERCEPTOR_SOURCE_DIR +
                       "/tests/benchmarks/python_eager_benchmark.py' '" + o.checkpoint +
                       "' --batch " + std::to_string(batch) + " --frames " +
                       std::to_string(o.frames) + " --threads " + std::to_string(o.threads));
        rows.push_back(r);
        return r.fps();
    };

    double python1 = python(1);
    cxx("plain", 1, false);
    int best_batch = 1;
    double best = 0, folded1 = 0;
    for (int batch : {1, 2, 4}) {
        double fps = cxx("folded", batch, false);
        if (batch == 1) folded1 = fps;
        if (fps > best) best = fps, best_batch = batch;
    }
    cxx("folded", best_batch, true);
    double python_same = best_batch == 1 ? python1 : python(best_batch);

    std::printf("%-22s %5s %8s %10s %8s %13s %12s %14s %11s\n", "path", "batch", "fps", "ms/frame",
                "load s", "load peak MB", "peak RSS MB", "RSS after MB", "weights MB");
    for (const auto& r : rows) {
        double fps = r.fps();
        auto get = [&](const char* k) {
            return r.result.count(k) ? r.result.at(k) : std::string("-");
        };
        std::printf("%-22s %5d %8.2f %10.1f %8s %13s %12s %14s %11s\n", r.path.c_str(), r.batch,
                    fps, fps > 0 ? 1000 / fps : 0.0, get("load_s").c_str(),
                    get("load_peak_mb").c_str(), get("peak_rss_mb").c_str(), get("rss_mb").c_str(),
                    get("weights_mb").c_str());
    }
    std::printf("\nbest optimised batch size: %d\n", best_batch);
    if (python1 > 0 && folded1 > 0) {
        std::printf("optimised C++ / Python eager, both at batch 1: %.2fx\n", folded1 / python1);
        std::printf("optimised C++ / Python eager, both at batch %d: %.2fx\n", best_batch,
                    best / python_same);
        std::printf("goal 3x over the Python eager reference at batch 1: %s\n",
                    folded1 / python1 >= 3 ? "met" : "NOT met");
    } else {
        std::printf("a measurement failed (see errors above)\n");
        return 1;
    }
    return 0;
}
