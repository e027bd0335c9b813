#include "core/analysis/analysis_job.h"

#include <chrono>
#include <future>
#include <mutex>

#include "core/analysis/preprocessor.h"
#include "core/case/json_records.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/bounded_queue.h"
#include "interceptor/model/checkpoint/decision_threshold.h"
#include "interceptor/model/inference/heatmap.h"
#include "interceptor/model/inference/inference_engine.h"
#include "interceptor/model/inference/preprocess.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

using Clock = std::chrono::steady_clock;
using ScoreFuture = std::future<Result<std::vector<FrameScore>>>;

// A group of frames on its way from the producer to the collector.
struct Group {
    std::vector<FrameResult> frames;
    // Per checkpoint: the future of its batch, and which frames of the group are in it.
    std::vector<std::optional<ScoreFuture>> futures;
    std::vector<std::vector<std::size_t>> members;
};

// Groups in flight between the producer and the collector, and batches queued
// per engine: two keep every thread busy on 2 cores while memory stays a few frames.
constexpr std::size_t kQueuedGroups = 2;
constexpr std::size_t kQueuedBatches = 2;

}  // namespace

struct AnalysisJob::Run {
    std::string clip;
    std::vector<DetectorSlot> slots;
    AnalysisSettings settings;
    Callbacks callbacks;

    std::atomic<bool> cancelled{false};
    BoundedQueue<Group> queue{kQueuedGroups};
    std::mutex mutex;  // guards the fields below (engines: while the producer adds them)
    std::vector<std::unique_ptr<InferenceEngine>> engines;
    std::string error;
    AnalysisOutcome outcome;
    std::int64_t total_frames = 0;  // frames selected for analysis
    std::vector<std::vector<FrameProbability>> probabilities;

    void fail(const std::string& message) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (error.empty()) error = message;
        }
        cancelled = true;
        queue.close();
    }

    void produce() {
        auto decoder = VideoDecoder::open(clip);
        if (!decoder) return fail(decoder.error());
        std::vector<std::unique_ptr<Preprocessor>> preprocessors;
        std::string detector_name = "none";
        for (const auto& slot : slots) {
            DetectorOptions options;
            options.heatmap_size = settings.heatmap_size;
            options.device = settings.device;
            auto engine = InferenceEngine::start(slot.checkpoint, options, kQueuedBatches);
            if (!engine) return fail(slot.name + ": " + engine.error());
            const Profile profile =
                slot.checkpoint.metadata().preprocessing.value_or(Profile::WholeFrame);
            std::unique_ptr<FaceDetector> faces;
            if (profile == Profile::FaceCrop) {
                auto made = make_haar_face_detector();
                if (!made) return fail(made.error());
                faces = std::move(*made);
            }
            auto pre =
                Preprocessor::create(profile, (*engine)->config().input_size, std::move(faces));
            if (!pre) return fail(slot.name + ": " + pre.error());
            if (profile == Profile::FaceCrop) detector_name = (*pre)->detector_name();
            preprocessors.push_back(std::move(*pre));
            std::lock_guard<std::mutex> lock(mutex);
            engines.push_back(std::move(*engine));
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            outcome.media = (*decoder)->info();
            outcome.selection = settings.selection.describe();
            outcome.face_detector = detector_name;
        }
        std::vector<std::int64_t> selected;
        for (auto f : settings.selection.frames((*decoder)->frame_count()))
            if (settings.skip_frames.count(f) == 0) selected.push_back(f);
        {
            std::lock_guard<std::mutex> lock(mutex);
            total_frames = static_cast<std::int64_t>(selected.size());
        }
        const std::size_t group_size = static_cast<std::size_t>(std::max(1, settings.batch_size));
        for (std::size_t start = 0; start < selected.size() && !cancelled; start += group_size) {
            Group group;
            std::vector<FrameBatch> batches(slots.size());
            group.members.resize(slots.size());
            for (std::size_t s = 0; s < slots.size(); ++s)
                batches[s].size = engines[s]->config().input_size;
            for (std::size_t k = start;
                 k < std::min(selected.size(), start + group_size) && !cancelled; ++k) {
                FrameResult r;
                r.frame = selected[k];
                r.per_checkpoint.resize(slots.size());
                auto frame = (*decoder)->frame(r.frame);
                if (frame) {
                    r.decoded = true;
                    r.pts = frame->pts;
                    r.seconds = frame->seconds;
                    r.timecode = frame->timecode();
                    r.pixel_sha256 = frame->pixel_sha256();
                    r.light = measure_low_light(frame->bgr);
                    for (std::size_t s = 0; s < slots.size(); ++s) {
                        auto p = preprocessors[s]->prepare(frame->bgr, batches[s]);
                        auto& c = r.per_checkpoint[s];
                        c.applicable = p.applicable;
                        c.reason = p.reason;
                        c.face = p.face;
                        if (p.applicable) group.members[s].push_back(group.frames.size());
                    }
                } else {
                    for (auto& c : r.per_checkpoint) c.reason = "frame could not be decoded";
                    std::lock_guard<std::mutex> lock(mutex);
                    outcome.damaged_frames.push_back(r.frame);
                }
                group.frames.push_back(std::move(r));
            }
            for (std::size_t s = 0; s < slots.size(); ++s)
                group.futures.push_back(
                    batches[s].count > 0
                        ? std::optional<ScoreFuture>(engines[s]->submit(std::move(batches[s])))
                        : std::nullopt);
            if (!queue.push(std::move(group))) break;
        }
        queue.close();
    }

    void collect() {
        const auto started = Clock::now();
        AnalysisProgress progress;
        while (auto group = queue.pop()) {
            for (std::size_t s = 0; s < group->futures.size(); ++s) {
                if (!group->futures[s]) continue;
                auto scores = group->futures[s]->get();
                if (!scores) {
                    if (!cancelled) fail(slots[s].name + ": " + scores.error());
                    return;
                }
                for (std::size_t m = 0; m < group->members[s].size(); ++m) {
                    auto& c = group->frames[group->members[s][m]].per_checkpoint[s];
                    c.score = std::move((*scores)[m]);
                    c.heatmap = luminance_heatmap(c.score);
                }
            }
            for (const auto& r : group->frames) {
                if (cancelled) return;
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    for (std::size_t s = 0; s < slots.size(); ++s)
                        probabilities[s].push_back(probability_of(r, s));
                }
                if (callbacks.on_frame) callbacks.on_frame(r);
                ++progress.done;
            }
            const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
            progress.frames_per_second = elapsed > 0 ? progress.done / elapsed : 0;
            {
                std::lock_guard<std::mutex> lock(mutex);
                progress.total = total_frames;
            }
            progress.seconds_left =
                progress.frames_per_second > 0
                    ? (progress.total - progress.done) / progress.frames_per_second
                    : 0;
            if (callbacks.on_progress) callbacks.on_progress(progress);
        }
    }
};

std::unique_ptr<AnalysisJob> AnalysisJob::start(std::string clip, std::vector<DetectorSlot> slots,
                                                AnalysisSettings settings, Callbacks callbacks) {
    std::unique_ptr<AnalysisJob> job(new AnalysisJob());
    auto run = std::make_shared<Run>();
    run->clip = std::move(clip);
    run->slots = std::move(slots);
    run->settings = settings;
    run->callbacks = std::move(callbacks);
    run->probabilities.resize(run->slots.size());
    job->run_ = run;
    job->producer_ = std::thread([run] { run->produce(); });
    job->collector_ = std::thread([run] { run->collect(); });
    return job;
}

void AnalysisJob::cancel() {
    run_->cancelled = true;
    run_->queue.close();
    std::lock_guard<std::mutex> lock(run_->mutex);
    for (auto& engine : run_->engines) engine->cancel_pending();
}

AnalysisJob::~AnalysisJob() {
    if (producer_.joinable() || collector_.joinable()) {
        cancel();
        wait();
    }
}

CheckpointSummary describe_slot(const DetectorSlot& slot, std::optional<double> threshold_override,
                                const std::string& device) {
    const auto& meta = slot.checkpoint.metadata();
    CheckpointSummary c;
    c.name = slot.name;
    c.path = meta.path;
    c.sha256 = meta.sha256;
    c.profile = meta.preprocessing.value_or(Profile::WholeFrame);
    c.device = device;
    auto config = slot.checkpoint.resolve_config();
    c.architecture = config ? config->describe() : "unknown";
    c.metadata_json = checkpoint_metadata_json(meta).dump();
    c.calibrated_threshold = meta.threshold;
    c.calibrated_source = meta.threshold_source;
    const auto decided =
        decide_threshold(threshold_override, meta.threshold, meta.threshold_source);
    c.threshold = decided.value;
    c.threshold_source = decided.source;
    return c;
}

Result<AnalysisOutcome> AnalysisJob::wait() {
    if (producer_.joinable()) producer_.join();
    if (collector_.joinable()) collector_.join();
    Run& r = *run_;
    std::lock_guard<std::mutex> lock(r.mutex);
    if (!r.error.empty()) return Error{r.error};
    AnalysisOutcome outcome = r.outcome;
    outcome.cancelled = r.cancelled;
    for (std::size_t s = 0; s < r.slots.size(); ++s) {
        auto c =
            describe_slot(r.slots[s], r.settings.threshold,
                          s < r.engines.size() && r.engines[s] ? r.engines[s]->device_name() : "");
        c.verdict = judge_video(r.probabilities[s], c.threshold, r.settings.rules);
        outcome.checkpoints.push_back(std::move(c));
    }
    return outcome;
}

}  // namespace interceptor
