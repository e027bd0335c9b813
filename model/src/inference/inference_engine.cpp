#include "interceptor/model/inference/inference_engine.h"

namespace interceptor {

Result<std::unique_ptr<InferenceEngine>> InferenceEngine::start(const Checkpoint& checkpoint,
                                                                const DetectorOptions& options,
                                                                std::size_t queue_capacity) {
    std::unique_ptr<InferenceEngine> engine(new InferenceEngine());
    engine->capacity_ = queue_capacity > 0 ? queue_capacity : 1;
    std::promise<Result<Done>> ready;
    auto started = ready.get_future();
    engine->worker_ =
        std::thread(&InferenceEngine::run, engine.get(), checkpoint, options, std::move(ready));
    auto result = started.get();
    if (!result) {
        engine->worker_.join();
        engine->worker_ = std::thread();
        return Error{result.error()};
    }
    return engine;
}

InferenceEngine::~InferenceEngine() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cancel_pending();
    changed_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::future<Result<std::vector<FrameScore>>> InferenceEngine::submit(FrameBatch batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < capacity_ || stopping_; });
    Job job;
    job.batch = std::move(batch);
    auto future = job.result.get_future();
    if (stopping_) {
        job.result.set_value(Error{"inference engine is shutting down"});
        return future;
    }
    queue_.push_back(std::move(job));
    changed_.notify_all();
    return future;
}

void InferenceEngine::cancel_pending() {
    std::deque<Job> cancelled;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cancelled.swap(queue_);
    }
    for (auto& job : cancelled) job.result.set_value(Error{"cancelled"});
    changed_.notify_all();
}

void InferenceEngine::run(Checkpoint checkpoint, DetectorOptions options,
                          std::promise<Result<Done>> ready) {
    // The detector lives and dies on this thread (CUDA state and autocast are per thread).
    auto created = Detector::create(checkpoint, options);
    if (!created) {
        ready.set_value(Error{created.error()});
        return;
    }
    std::unique_ptr<Detector> detector = std::move(*created);
    checkpoint = Checkpoint(nullptr, {});  // the plain weights are no longer needed here
    config_ = detector->config();
    device_name_ = detector->device_name();
    weight_bytes_ = detector->weight_bytes();
    ready.set_value(true);

    while (true) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) return;  // stopping
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        changed_.notify_all();
        try {
            job.result.set_value(detector->score(job.batch));
        } catch (const std::exception& e) {
            job.result.set_value(Error{std::string("inference failed: ") + e.what()});
        }
    }
}

}  // namespace interceptor
