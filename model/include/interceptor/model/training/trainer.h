#pragma once
// Trains one stage of the progressive plan on the network the checkpoint
// format describes: AdamW, cosine annealing with warm restarts (per step),
// cross-entropy, focal or class-weighted cross-entropy, class-balanced
// sampling (weighted with replacement, as the seed did, or balanced
// batches). After every epoch it validates (frame and video AUC from
// probabilities), calibrates the threshold on the validation split, and
// writes the stage's "last" checkpoint and, when the validation AUC
// improved, its "best" one, in the Python-compatible format with full
// provenance, plus a CSV line. A stage resumes from its "last" checkpoint
// (and the optimiser state beside it) with the same result as a run that
// was never interrupted, even one killed while writing (see stage_files.h):
// the sample order depends only on seed and epoch.
// Mixed precision is used on CUDA. Runs on the calling thread. With a TrainingGroup the
// same stage runs data-parallel over several processes (TrainOptions::group).
#include <opencv2/core/mat.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interceptor/model/inference/profile.h"
#include "interceptor/model/network/network_config.h"
#include "interceptor/model/result.h"

namespace interceptor {

class TrainingGroup;

// The samples of a stage, supplied by the caller (sampling, caching, self-blending
// and augmentation belong to the data side). Images are 8-bit BGR at the input size.
class TrainingData {
  public:
    virtual ~TrainingData() = default;
    virtual std::size_t train_size() const = 0;
    virtual int train_label(std::size_t i) const = 0;  // 0 real, 1 fake
    // Training sample i, augmented; the same seed gives the same image.
    virtual cv::Mat train_image(std::size_t i, std::uint64_t seed) = 0;
    virtual std::size_t val_size() const = 0;
    virtual int val_label(std::size_t i) const = 0;
    virtual cv::Mat val_image(std::size_t i) = 0;
    virtual std::string val_video(std::size_t i) const = 0;  // frames of one video share it
    // The fake made from training sample i, when i is a real frame with one (self-blending).
    virtual std::optional<std::size_t> twin(std::size_t) const { return std::nullopt; }
};

// How a batch's loss is computed.
enum class Loss { CrossEntropy, WeightedCrossEntropy, Focal };
// How a batch is drawn: by class weight, alternating real and fake, or each real frame beside
// its own self-blended twin.
enum class Sampling { Weighted, Balanced, Paired };
// The names plans, the CLI and provenance use ("cross_entropy", "weighted_cross_entropy",
// "focal"; "weighted", "balanced", "paired"), and their inverses, whose error names the
// allowed ones.
const char* loss_name(Loss loss);
Result<Loss> parse_loss(const std::string& name);
const char* sampling_name(Sampling sampling);
Result<Sampling> parse_sampling(const std::string& name);

struct StagePlan {
    std::string name = "stage1";  // names the files: <name>_best.pt, <name>_last.pt
    int number = 1;               // recorded as the checkpoint's current_stage
    std::string dataset;          // what it trains on, for the provenance
    // How its samples were made (a JSON object), for the provenance.
    std::string data_options = "{}";
    int epochs = 1;
    int steps_per_epoch = 0;  // 0: one pass over the training samples
    int batch_size = 8;
    double learning_rate = 1e-4, weight_decay = 1e-2;
    Loss loss = Loss::CrossEntropy;
    double focal_alpha = 0.25, focal_gamma = 2.0;
    int restart_epochs = 1;  // cosine annealing restarts every this many epochs
    Sampling sampling = Sampling::Weighted;
    // Dropout, attention dropout and stochastic depth as the network defines them. Off, a
    // short CPU run learns several times faster (the saved network is the same shape).
    bool dropout = true;
};

struct TrainProgress {
    int epoch = 0, epochs = 0;
    std::int64_t step = 0, steps = 0;
    double loss = 0, samples_per_second = 0, seconds_left = 0;
};

struct EpochSummary {
    int epoch = 0;
    double train_loss = 0, val_loss = 0, val_auc_frame = 0, val_auc_video = 0, threshold = 0.5,
           seconds = 0;
};

struct TrainOptions {
    // <stage>_best.pt, <stage>_last.pt, <stage>_epoch<N>.optim, <stage>_log.csv.
    std::string output_dir;
    std::uint64_t seed = 1;
    NetworkConfig config;  // for a fresh start
    Profile preprocessing = Profile::FaceCrop;
    std::string start_from;  // the previous stage's best checkpoint ("": fresh, seeded)
    bool resume = true;      // continue from this stage's last checkpoint when present
    int threads = 0;         // CPU threads; 0: every core
    std::function<void(const TrainProgress&)> on_progress;
    // Stops after the current step; the last epoch done is kept.
    const std::atomic<bool>* cancel = nullptr;
    // Data-parallel training with the other ranks of this group (training_group.h): each
    // takes plan.batch_size / world_size of every global batch, gradients are averaged,
    // validation is shared out and its scores gathered, and rank 0 alone writes the files.
    // Null: this process alone.
    std::shared_ptr<TrainingGroup> group;
    // With a group: BatchNorm statistics of the global batch (as one process would compute
    // them; small per-rank batches give noisy statistics otherwise), or of each rank's share
    // (no exchange per layer: faster, as PyTorch's DistributedDataParallel does by default).
    bool synchronise_batch_norm = true;
};

struct StageOutcome {
    std::string best_path, last_path;
    int best_epoch = 0;
    double best_auc = 0;  // video level: what "best" is judged by
    // Frame level: breaks ties (with few validation videos, many epochs reach 1.0)
    double best_auc_frame = 0;
    bool cancelled = false;
    // This run's and, when resumed, the earlier ones from the log.
    std::vector<EpochSummary> epochs;
};

Result<StageOutcome> train_stage(const StagePlan& plan, TrainingData& data,
                                 const TrainOptions& options);

}  // namespace interceptor
