#include "core/analysis/analysis_job.h"

#include <chrono>
#include <future>
#include <mutex>

#include "core/analysis/checkpoint_verdict.h"
#include "core/analysis/face_crop.h"
#include "core/analysis/face_tracker.h"
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
    // Per checkpoint: the future of its batch, and what each picture in it is: the frame of the
    // group, and its face (-1: the whole frame).
    std::vector<std::optional<ScoreFuture>> futures;
    std::vector<std::vector<std::pair<std::size_t, int>>> members;
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
    std::int64_t total_frames = 0;    // frames selected for analysis
    std::vector<FrameResult> scored;  // every frame's result without its maps, for the verdicts

    void fail(const std::string& message) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (error.empty()) error = message;
        }
        cancelled = true;
        queue.close();
    }

    // The face detector, when a checkpoint scores faces, and a check that it can serve each.
    Result<std::unique_ptr<FaceDetector>> face_detector() {
        std::unique_ptr<FaceDetector> detector;
        for (const auto& slot : slots) {
            const Profile profile = profile_of(slot);
            if (!is_face_profile(profile)) continue;
            if (!detector) {
                auto made = make_face_detector(settings.faces);
                if (!made) return Error{made.error()};
                detector = std::move(*made);
            }
            if (auto ok = check_detector_for(profile, detector.get()); !ok)
                return Error{slot.name + ": " + ok.error()};
        }
        return detector;
    }

    static Profile profile_of(const DetectorSlot& slot) {
        return slot.checkpoint.metadata().preprocessing.value_or(Profile::WholeFrame);
    }

    // Adds the frame's pictures to each checkpoint's batch: the whole frame, or every face.
    void prepare(const cv::Mat& bgr, FrameResult& r, std::vector<FrameBatch>& batches,
                 Group& group) {
        const std::size_t at = group.frames.size();
        for (std::size_t s = 0; s < slots.size(); ++s) {
            auto& c = r.per_checkpoint[s];
            const Profile profile = profile_of(slots[s]);
            if (!is_face_profile(profile)) {
                append_whole_frame(bgr, batches[s]);
                c.applicable = true;
                group.members[s].push_back({at, -1});
                continue;
            }
            if (r.faces.empty()) c.reason = "no face found";
            for (std::size_t f = 0; f < r.faces.size(); ++f) {
                auto crop = face_crop(bgr, r.faces[f], profile, batches[s].size);
                if (!crop) {
                    c.reason = crop.error();
                    continue;
                }
                append_whole_frame(*crop, batches[s]);
                group.members[s].push_back({at, static_cast<int>(f)});
            }
        }
    }

    void produce() {
        auto decoder = VideoDecoder::open(clip, DecoderOptions::forward_only());
        if (!decoder) return fail(decoder.error());
        auto detector = face_detector();
        if (!detector) return fail(detector.error());
        for (const auto& slot : slots) {
            DetectorOptions options;
            options.heatmap_size = settings.heatmap_size;
            options.device = settings.device;
            auto engine = InferenceEngine::start(slot.checkpoint, options, kQueuedBatches);
            if (!engine) return fail(slot.name + ": " + engine.error());
            std::lock_guard<std::mutex> lock(mutex);
            engines.push_back(std::move(*engine));
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            outcome.media = (*decoder)->info();
            outcome.selection = settings.selection.describe();
            outcome.face_detector = *detector ? (*detector)->describe() : "none";
        }
        std::vector<std::int64_t> selected;
        for (auto f : settings.selection.frames((*decoder)->frame_count()))
            if (settings.skip_frames.count(f) == 0) selected.push_back(f);
        {
            std::lock_guard<std::mutex> lock(mutex);
            total_frames = static_cast<std::int64_t>(selected.size());
        }
        FaceTracker tracker(settings.tracks, settings.first_track);
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
                if (frame && !frame->damage.empty()) {
                    // Known where and when, but not what: nothing is scored on guessed pixels.
                    r.pts = frame->pts;
                    r.seconds = frame->seconds;
                    r.timecode = frame->timecode();
                    for (auto& c : r.per_checkpoint) c.reason = "frame " + frame->damage;
                    std::lock_guard<std::mutex> lock(mutex);
                    outcome.damaged_frames.push_back(r.frame);
                } else if (frame) {
                    r.decoded = true;
                    r.pts = frame->pts;
                    r.seconds = frame->seconds;
                    r.timecode = frame->timecode();
                    r.pixel_sha256 = frame->pixel_sha256();
                    r.light = measure_low_light(frame->bgr);
                    if (*detector) {
                        r.faces = (*detector)->detect(frame->bgr);
                        tracker.assign(r.faces, r.seconds);
                    }
                    prepare(frame->bgr, r, batches, group);
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
                    const auto [at, face] = group->members[s][m];
                    auto& r = group->frames[at];
                    auto& c = r.per_checkpoint[s];
                    if (face < 0) {
                        c.score = std::move((*scores)[m]);
                        continue;
                    }
                    auto& score = (*scores)[m];
                    c.face_scores.resize(r.faces.size());
                    c.face_scores[static_cast<std::size_t>(face)] = {score.logits, score.p_fake};
                    // The frame's score is its most suspicious face's.
                    if (!c.applicable || score.p_fake > c.score.p_fake) {
                        c.applicable = true;
                        c.reason.clear();
                        c.face_index = face;
                        c.face = r.faces[static_cast<std::size_t>(face)].pixel_box();
                        c.score = std::move(score);
                    }
                }
            }
            for (auto& r : group->frames)
                for (auto& c : r.per_checkpoint)
                    if (c.applicable) c.heatmap = luminance_heatmap(c.score);
            for (const auto& r : group->frames) {
                if (cancelled) return;
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    scored.push_back(without_maps(r));
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
        judge_into(c, r.scored, s, r.settings.rules);
        outcome.checkpoints.push_back(std::move(c));
    }
    return outcome;
}

}  // namespace interceptor
