#include "interceptor/model/inference/inference_engine.h"

namespace interceptor {

Result<std::unique_ptr<InferenceEngine>> InferenceEngine::start(const Checkpoint& checkpoint,
                                                                const DetectorOptions& options,
                                                                std::size_t queue_capacity) {
    std::unique_ptr<InferenceEngine> engine(new InferenceEngine(queue_capacity));
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
    queue_.close();
    cancel_pending();
    if (worker_.joinable()) worker_.join();
}

std::future<Result<std::vector<FrameScore>>> InferenceEngine::submit(FrameBatch batch) {
    Job job;
    job.batch = std::move(batch);
    auto future = job.result.get_future();
    if (!queue_.push(std::move(job)))
        job.result.set_value(Error{"inference engine is shutting down"});
    return future;
}

void InferenceEngine::cancel_pending() {
    for (auto& job : queue_.take_all()) job.result.set_value(Error{"cancelled"});
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
    ready.set_value(Done{});

    while (auto job = queue_.pop()) {
        try {
            job->result.set_value(detector->score(job->batch));
        } catch (const std::exception& e) {
            job->result.set_value(Error{std::string("inference failed: ") + e.what()});
        }
    }
}

}  // namespace interceptor
