#pragma once
// Runs one Detector on its own worker thread. Callers submit batches of
// preprocessed frames and get futures; the queue is bounded, so submit()
// blocks when the worker is behind (analysis frames are never dropped).
// cancel_pending() fails every queued batch at once; the destructor does the
// same and joins the thread. submit(), cancel_pending() and the accessors
// are thread-safe.
#include <future>
#include <memory>
#include <thread>

#include "interceptor/model/bounded_queue.h"
#include "interceptor/model/inference/detector.h"

namespace interceptor {

class InferenceEngine {
  public:
    // Loads the checkpoint into a Detector created on the worker thread.
    static Result<std::unique_ptr<InferenceEngine>> start(const Checkpoint& checkpoint,
                                                          const DetectorOptions& options = {},
                                                          std::size_t queue_capacity = 4);
    ~InferenceEngine();
    InferenceEngine(const InferenceEngine&) = delete;
    InferenceEngine& operator=(const InferenceEngine&) = delete;

    std::future<Result<std::vector<FrameScore>>> submit(FrameBatch batch);
    void cancel_pending();

    const NetworkConfig& config() const { return config_; }
    const std::string& device_name() const { return device_name_; }
    std::int64_t weight_bytes() const { return weight_bytes_; }

  private:
    struct Job {
        FrameBatch batch;
        std::promise<Result<std::vector<FrameScore>>> result;
    };
    explicit InferenceEngine(std::size_t queue_capacity) : queue_(queue_capacity) {}
    void run(Checkpoint checkpoint, DetectorOptions options, std::promise<Result<Done>> ready);

    // Set once before start() returns, read-only afterwards.
    NetworkConfig config_;
    std::string device_name_;
    std::int64_t weight_bytes_ = 0;

    BoundedQueue<Job> queue_;

    std::thread worker_;
};

}  // namespace interceptor
