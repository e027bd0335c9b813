// Pipeline benchmark, in one run: frames per second of Interceptor's decoder
// (FFmpeg decode plus conversion to upright BGR) against `ffmpeg -f null` on
// the same 1080p H.264 clip; the time to show frame N after a random seek;
// the end-to-end analysis rate (decode, preprocess, optimised seed network)
// on every 5th frame of that clip; then every frame of it (analyze --all)
// against the seed project's own Python path (OpenCV decoding, resizing,
// PyTorch eager at batch 1: python_pipeline_benchmark.py), and the ratio.
//
//   pipeline_benchmark [--clip PATH] [--seeks N] [--checkpoint PATH]
// Without --clip it generates a 10 s 1080p clip (GOP 50) in the build tree;
// the checkpoint defaults to the seed parity fixture.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_clip.h"
#include "core/analysis/analysis_job.h"
#include "core/media/video_decoder.h"

using namespace interceptor;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int run(const std::string& command) { return std::system(command.c_str()); }

// The "fps=" of the RESULT line a command prints, or 0.
double result_fps(const std::string& command) {
    double fps = 0;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return 0;
    char line[512];
    while (std::fgets(line, sizeof line, pipe))
        if (std::strncmp(line, "RESULT fps=", 11) == 0) fps = std::atof(line + 11);
    pclose(pipe);
    return fps;
}

// Frames per second of an analysis of `clip` with one checkpoint, timed from the start of
// the job (loading included), or 0 after printing why it failed.
double analysis_rate(const std::string& clip, const Checkpoint& checkpoint,
                     FrameSelection selection, std::int64_t* analysed, std::string* device) {
    AnalysisSettings settings;
    settings.selection = selection;
    AnalysisJob::Callbacks callbacks;
    callbacks.on_frame = [&](const FrameResult&) { ++*analysed; };
    const auto start = Clock::now();
    auto outcome = AnalysisJob::start(clip, {{"seed", checkpoint}}, settings, callbacks)->wait();
    const double seconds = seconds_since(start);
    if (!outcome) {
        std::fprintf(stderr, "%s\n", outcome.error().c_str());
        return 0;
    }
    *device = outcome->checkpoints[0].device;
    return *analysed / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    std::string clip = bench::default_1080p_clip();
    std::string checkpoint_path = std::string(INTERCEPTOR_FIXTURES) + "/parity/seed_bare.pt";
    int seeks = 30;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--clip"))
            clip = argv[++i];
        else if (!std::strcmp(argv[i], "--seeks"))
            seeks = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--checkpoint"))
            checkpoint_path = argv[++i];
    }
    if (!bench::ensure_clip(clip)) return 1;

    auto start = Clock::now();
    if (run("ffmpeg -hide_banner -loglevel error -i '" + clip + "' -f null - ") != 0) return 1;
    const double ffmpeg_seconds = seconds_since(start);

    start = Clock::now();
    auto opened = VideoDecoder::open(clip);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().c_str());
        return 1;
    }
    auto& decoder = **opened;
    const double open_seconds = seconds_since(start);
    const auto frames = decoder.frame_count();
    start = Clock::now();
    for (std::int64_t i = 0; i < frames; ++i)
        if (!decoder.next()) return 1;
    const double play_seconds = seconds_since(start);

    auto fresh = VideoDecoder::open(clip);
    std::mt19937 rng(11);
    std::uniform_int_distribution<std::int64_t> pick(0, frames - 1);
    std::vector<double> times;
    for (int i = 0; i < seeks; ++i) {
        auto t = Clock::now();
        if (!(*fresh)->frame(pick(rng))) return 1;
        times.push_back(seconds_since(t) * 1000);
    }
    std::sort(times.begin(), times.end());

    const double ffmpeg_fps = frames / ffmpeg_seconds, ours = frames / play_seconds;
    std::printf("clip: %s (%lldx%lld %s, %lld frames)\n", clip.c_str(),
                (long long)decoder.info().width, (long long)decoder.info().height,
                decoder.info().video_codec.c_str(), (long long)frames);
    std::printf("ffmpeg -f null (decode only, all threads):     %7.1f frames/s\n", ffmpeg_fps);
    std::printf("Interceptor decoder (decode + BGR, in order):  %7.1f frames/s\n", ours);
    std::printf("ratio (goal 0.9 or better):                    %7.2f\n", ours / ffmpeg_fps);
    std::printf("open and index the file:                       %7.1f ms\n", open_seconds * 1000);
    std::printf("show frame N after a random seek (%d seeks):   median %.1f ms, worst %.1f ms\n",
                seeks, times[times.size() / 2], times.back());

    auto checkpoint = Checkpoint::load(checkpoint_path);
    if (!checkpoint) {
        std::printf("analysis rate: skipped (%s; run ctest -R fixture.parity.seed first)\n",
                    checkpoint.error().c_str());
        return 0;
    }
    const auto description = checkpoint->resolve_config()->describe();
    std::int64_t analysed = 0;
    std::string device;
    const double every5 =
        analysis_rate(clip, *checkpoint, {FrameSelection::Mode::EveryNth, 5}, &analysed, &device);
    if (every5 == 0) return 1;
    std::printf(
        "end-to-end analysis, %s, %lld frames (every 5th; includes loading): %.2f frames/s "
        "on %s\n",
        description.c_str(), static_cast<long long>(analysed), every5, device.c_str());

    analysed = 0;
    const double all =
        analysis_rate(clip, *checkpoint, {FrameSelection::Mode::Every, 1}, &analysed, &device);
    if (all == 0) return 1;
    const double python = result_fps(
        std::string(INTERCEPTOR_PYTHON) + " '" + INTERCEPTOR_SOURCE_DIR +
        "/tests/benchmarks/python_pipeline_benchmark.py' '" + clip + "' '" + checkpoint_path +
        "' --threads " + std::to_string(std::thread::hardware_concurrency()));
    std::printf("every frame (analyze --all, includes loading):  %7.2f frames/s (%lld frames)\n",
                all, static_cast<long long>(analysed));
    if (python <= 0) {
        std::printf("the seed's Python path (OpenCV, PyTorch eager) failed: no ratio\n");
        return 1;
    }
    std::printf(
        "the seed's Python path (OpenCV decode, resize, PyTorch eager, batch 1): %.2f "
        "frames/s\n",
        python);
    std::printf("ratio (goal 3x):                               %7.2fx, goal %s\n", all / python,
                all / python >= 3 ? "met" : "NOT met");
    return 0;
}
