// GPU check: the C++ network on CUDA against the Python reference's logits, then frames
// per second on CUDA in fp16 (autocast) and float32, for the plain and the folded paths
// at several batch sizes, with the CPU for reference. For each configuration NAME it reads
// the parity fixture make_parity_fixture.py writes (NAME_bare.pt, NAME_inputs.f32,
// NAME_logits.f32, NAME.json). Where LibTorch has no GPU it says so and measures the
// CPU only. Float32 must agree to 1e-4 (the logit difference scaled by
// max(1, |logit|), as tests/model/parity_test.cpp); fp16 cannot, so its difference is
// printed for information with whether the decisions agree. Scores come back to the CPU,
// so every timing includes the GPU's work. A benchmark, not a test: it exits 1 only when
// a fixture cannot be read or a float32 parity check fails.
//
//   cuda_benchmark [--fixtures DIR] [--configs seed,mobile] [--batches 1,8,32,64]
//                  [--cpu-batches 1,8] [--seconds S] [--heatmaps SIZE]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/detector.h"

using namespace interceptor;

namespace {

constexpr double kTolerance = 1e-4;      // float32, as the parity tests
constexpr double kHalfAgreement = 1e-2;  // fp16: P(fake) within this of PyTorch's

struct Options {
    std::string fixtures = INTERCEPTOR_PARITY_FIXTURES;
    std::vector<std::string> configs = {"seed", "mobile"};
    std::vector<int> batches = {1, 8, 32, 64};
    std::vector<int> cpu_batches = {1, 8};
    double seconds = 1.0;  // timed per measurement, after the warm-up
    int heatmaps = 0;      // heatmap size (0: none, as the parity tests compare logits only)
};

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> parts;
    std::stringstream in(list);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

std::vector<int> split_ints(const std::string& list) {
    std::vector<int> values;
    for (const auto& part : split(list)) values.push_back(std::stoi(part));
    return values;
}

std::optional<std::vector<float>> read_floats(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in.good()) return std::nullopt;
    std::vector<float> v(static_cast<std::size_t>(in.tellg()) / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(float)));
    if (!in.good()) return std::nullopt;
    return v;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// One configuration's fixture: the inputs and PyTorch's logits for them.
struct Fixture {
    std::string name, prefix;
    int batch = 0, classes = 0, size = 0;
    std::vector<float> inputs, logits;

    static Result<Fixture> load(const std::string& folder, const std::string& name) {
        Fixture f;
        f.name = name;
        f.prefix = folder + "/" + name;
        std::ifstream in(f.prefix + ".json");
        if (!in.good()) return Error{f.prefix + ".json cannot be read"};
        try {
            auto j = nlohmann::json::parse(in);
            f.batch = j.at("batch").get<int>();
            f.classes = j.at("config").at("num_classes").get<int>();
            f.size = j.at("config").at("input_size").get<int>();
        } catch (const std::exception& e) {
            return Error{f.prefix + ".json: " + e.what()};
        }
        auto inputs = read_floats(f.prefix + "_inputs.f32");
        auto logits = read_floats(f.prefix + "_logits.f32");
        if (!inputs || inputs->size() != static_cast<std::size_t>(f.batch) * 3 * f.size * f.size)
            return Error{f.prefix + "_inputs.f32 is missing or does not hold the json's shape"};
        if (!logits || logits->size() != static_cast<std::size_t>(f.batch) * f.classes)
            return Error{f.prefix + "_logits.f32 is missing or does not hold the json's shape"};
        f.inputs = std::move(*inputs);
        f.logits = std::move(*logits);
        return f;
    }

    // `count` frames: the fixture's inputs, repeated.
    FrameBatch frames(int count) const {
        const std::size_t per_frame = static_cast<std::size_t>(3) * size * size;
        FrameBatch b{count, size, std::vector<float>(per_frame * count)};
        for (int i = 0; i < count; ++i)
            std::copy_n(inputs.begin() + static_cast<std::ptrdiff_t>((i % batch) * per_frame),
                        per_frame, b.pixels.begin() + static_cast<std::ptrdiff_t>(i * per_frame));
        return b;
    }
};

// How far the C++ scores are from PyTorch's logits for the fixture's inputs.
struct Agreement {
    double scaled = 0;       // max |c++ - python| / max(1, |python|)
    double probability = 0;  // max |P(fake) - PyTorch's P(fake)|
    bool same_class = true;  // every frame's largest logit is the same class
};

Agreement compare(const Fixture& f, const std::vector<FrameScore>& scores) {
    Agreement a;
    for (int i = 0; i < f.batch; ++i) {
        const float* expected = f.logits.data() + static_cast<std::ptrdiff_t>(i) * f.classes;
        const auto& got = scores[static_cast<std::size_t>(i)].logits;
        int expected_class = 0, got_class = 0;
        for (int k = 0; k < f.classes; ++k) {
            a.scaled = std::max(a.scaled, std::abs(got[k] - expected[k]) /
                                              std::max(1.0, std::abs(double(expected[k]))));
            if (expected[k] > expected[expected_class]) expected_class = k;
            if (got[k] > got[got_class]) got_class = k;
        }
        a.same_class = a.same_class && expected_class == got_class;
        // PyTorch's P(fake): softmax class 1 (the fixture's checkpoints carry no temperature).
        double norm = 0;
        for (int k = 0; k < f.classes; ++k)
            norm += std::exp(double(expected[k]) - expected[expected_class]);
        const double p_fake = std::exp(double(expected[1]) - expected[expected_class]) / norm;
        a.probability =
            std::max(a.probability, std::abs(scores[static_cast<std::size_t>(i)].p_fake - p_fake));
    }
    return a;
}

struct Timing {
    double fps = 0, ms_per_batch = 0;
    std::string error;
};

// Two warm-up batches (CUDA and cuDNN set themselves up on the first), then batches for
// at least `seconds` and at least three.
Timing measure(Detector& detector, const FrameBatch& batch, double seconds) {
    using clock = std::chrono::steady_clock;
    try {
        for (int i = 0; i < 2; ++i)
            if (auto warm = detector.score(batch); !warm) return {0, 0, warm.error()};
        int calls = 0;
        double elapsed = 0;
        const auto start = clock::now();
        do {
            if (auto scored = detector.score(batch); !scored) return {0, 0, scored.error()};
            ++calls;
            elapsed = std::chrono::duration<double>(clock::now() - start).count();
        } while (calls < 3 || elapsed < seconds);
        return {calls * batch.count / elapsed, 1000 * elapsed / calls, {}};
    } catch (const std::exception& e) {
        return {0, 0, first_line(e.what())};
    }
}

struct Run {
    DevicePreference device;
    bool folded;
    bool half;  // fp16 autocast (CUDA only)
    std::string label() const {
        return std::string(device == DevicePreference::Cuda ? "cuda" : "cpu ") +
               (folded ? "  folded " : "  plain  ") + (half ? "fp16" : "fp32");
    }
};

class Report {
  public:
    explicit Report(const Options& o) : o_(o) {}

    // Parity (and, for the runs that have batch sizes, throughput) of one configuration.
    void configuration(const std::string& name, bool cuda) {
        auto fixture = Fixture::load(o_.fixtures, name);
        if (!fixture) return fail(name + ": " + fixture.error());
        auto checkpoint = Checkpoint::load(fixture->prefix + "_bare.pt");
        if (!checkpoint) return fail(name + ": " + checkpoint.error());
        std::printf("\n%s: %d x %d px, %d classes, fixture of %d frames (%s_bare.pt)\n",
                    name.c_str(), fixture->size, fixture->size, fixture->classes, fixture->batch,
                    fixture->prefix.c_str());
        std::vector<Run> runs = {{DevicePreference::Cpu, false, false},
                                 {DevicePreference::Cpu, true, false}};
        // fp16 first: a float32 detector turns TF32 off for the whole process.
        if (cuda)
            for (bool half : {true, false})
                for (bool folded : {false, true})
                    runs.push_back({DevicePreference::Cuda, folded, half});
        std::vector<std::string> speed;
        std::printf("  parity with PyTorch (max |c++ - python| / max(1, |python|)):\n");
        for (const auto& run : runs) {
            const bool cpu = run.device == DevicePreference::Cpu;
            const auto& sizes =
                cpu ? (run.folded ? o_.cpu_batches : std::vector<int>{}) : o_.batches;
            one_run(*fixture, *checkpoint, run, sizes, speed);
        }
        std::printf("  throughput, frames/s (ms per batch):\n    %-19s", "");
        for (int b : o_.batches) std::printf("  %18s", ("batch " + std::to_string(b)).c_str());
        std::printf("\n");
        for (const auto& line : speed) std::printf("%s\n", line.c_str());
    }

    int finish() const {
        std::printf("\nfloat32 parity (tolerance %.0e): %s\n", kTolerance,
                    failures_.empty() ? "every check PASSED" : "FAILED");
        for (const auto& f : failures_) std::printf("  FAIL %s\n", f.c_str());
        return failures_.empty() ? 0 : 1;
    }

  private:
    void fail(const std::string& what) {
        std::printf("%s\n", what.c_str());
        failures_.push_back(what);
    }

    void one_run(const Fixture& fixture, const Checkpoint& checkpoint, const Run& run,
                 const std::vector<int>& sizes, std::vector<std::string>& speed) {
        DetectorOptions options;
        options.device = run.device;
        options.folded = run.folded;
        options.half_on_cuda = run.half;
        options.heatmap_size = o_.heatmaps;
        std::unique_ptr<Detector> detector;
        try {
            auto created = Detector::create(checkpoint, options);
            if (!created) return fail(fixture.name + " " + run.label() + ": " + created.error());
            detector = std::move(*created);
        } catch (const std::exception& e) {
            return fail(fixture.name + " " + run.label() + ": " + first_line(e.what()));
        }
        std::printf("    %-19s ", run.label().c_str());
        try {
            auto scores = detector->score(fixture.frames(fixture.batch));
            if (!scores) return fail(fixture.name + " " + run.label() + ": " + scores.error());
            const auto a = compare(fixture, *scores);
            if (run.half) {
                const bool agree = a.same_class && a.probability <= kHalfAgreement;
                std::printf("%9.2e  (information) class %s, max |P(fake) diff| %.1e: %s\n",
                            a.scaled, a.same_class ? "agrees" : "DIFFERS", a.probability,
                            agree ? "agree within 1e-2" : "DISAGREE beyond 1e-2");
            } else {
                const bool pass = a.scaled <= kTolerance;
                std::printf("%9.2e  %s   [%s]\n", a.scaled, pass ? "PASS" : "FAIL",
                            detector->device_name().c_str());
                if (!pass)
                    failures_.push_back(fixture.name + " " + run.label() + ": " +
                                        std::to_string(a.scaled));
            }
        } catch (const std::exception& e) {
            return fail(fixture.name + " " + run.label() + ": " + first_line(e.what()));
        }
        std::fflush(stdout);
        if (sizes.empty()) return;
        std::string line = "    " + run.label();
        line.resize(std::max<std::size_t>(line.size(), 23), ' ');
        for (int b : o_.batches) {
            char cell[64] = "                 -";
            if (std::find(sizes.begin(), sizes.end(), b) != sizes.end()) {
                const auto t = measure(*detector, fixture.frames(b), o_.seconds);
                if (t.error.empty())
                    std::snprintf(cell, sizeof cell, "%9.1f (%6.1f)", t.fps, t.ms_per_batch);
                else {
                    std::snprintf(cell, sizeof cell, "%18s", "error");
                    std::printf("      batch %d: %s\n", b, t.error.c_str());
                }
            }
            line += std::string("  ") + cell;
        }
        speed.push_back(line);
    }

    const Options& o_;
    std::vector<std::string> failures_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "cuda_benchmark: " << a << " needs a value\n";
            return 2;
        }
        const std::string value = argv[++i];
        if (a == "--fixtures")
            o.fixtures = value;
        else if (a == "--configs")
            o.configs = split(value);
        else if (a == "--batches")
            o.batches = split_ints(value);
        else if (a == "--cpu-batches")
            o.cpu_batches = split_ints(value);
        else if (a == "--seconds")
            o.seconds = std::stod(value);
        else if (a == "--heatmaps")
            o.heatmaps = std::stoi(value);
        else {
            std::cerr << "cuda_benchmark: unknown option " << a << "\n";
            return 2;
        }
    }
    for (int b : o.cpu_batches)
        if (std::find(o.batches.begin(), o.batches.end(), b) == o.batches.end())
            o.batches.push_back(b);
    std::sort(o.batches.begin(), o.batches.end());

    const bool cuda = cuda_available();
    std::printf(
        "Interceptor CUDA check: LibTorch %s, %s\nfixtures: %s\n", libtorch_version().c_str(),
        cuda ? "CUDA available (cuda:0)" : "no GPU available: CPU parity only", o.fixtures.c_str());
    Report report(o);
    for (const auto& name : o.configs) report.configuration(name, cuda);
    return report.finish();
}
