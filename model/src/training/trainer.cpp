#include "interceptor/model/training/trainer.h"

#include <torch/cuda.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/dropout.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "checkpoint/state_loader.h"
#include "inference/torch_device.h"
#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/preprocess.h"
#include "interceptor/model/metrics/metrics.h"
#include "interceptor/version.h"
#include "network/efficientnet.h"
#include "network/interceptor_net.h"
#include "network/single_token_attention.h"
#include "training/group_collectives.h"
#include "training/stage_files.h"

namespace interceptor {
namespace fs = std::filesystem;
namespace F = torch::nn::functional;
namespace {

using Clock = std::chrono::steady_clock;

// Where this process stands: rank r of `world` takes positions [r * share, (r + 1) * share)
// of every global batch. One process: rank 0 of 1, the whole batch.
struct Place {
    TrainingGroup* group = nullptr;
    int rank = 0, world = 1;
    bool writes() const { return rank == 0; }  // rank 0 alone writes the stage's files
};

// Dropout, attention dropout and stochastic depth off, for StagePlan::dropout = false.
void without_dropout(torch::nn::Module& net) {
    for (auto& module : net.modules()) {
        if (auto* d = module->as<torch::nn::DropoutImpl>()) d->options.p(0.0);
        if (auto* a = module->as<SingleTokenAttentionImpl>()) a->dropout = 0.0;
        if (auto* b = module->as<MBConvImpl>()) b->drop_prob = 0.0;
    }
}

// A pretrained MobileNetV2 comes with its BatchNorm folded into the convolutions (identity
// statistics); batch statistics of small CPU batches would replace the ImageNet features' scale
// at the first step. So its BatchNorm layers run on their stored statistics while the rest
// trains (their affine parameters still learn); the low-light module's, trained from scratch,
// keep batch statistics.
void keep_backbone_statistics(InterceptorNet& net) {
    if (net->config.backbone != Backbone::MobileNetV2) return;
    for (auto& module : net->mobilenet->modules())
        if (auto* bn = module->as<BatchNormImpl>()) bn->eval();
}

// A seed for one sample of one step, so that an epoch's images depend only on (seed, epoch).
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2));
    h ^= h >> 31;
    return h * 0xBF58476D1CE4E5B9ULL;
}

torch::Tensor to_tensor(const FrameBatch& batch, const torch::Device& device) {
    return torch::from_blob(const_cast<float*>(batch.pixels.data()),
                            {batch.count, 3, batch.size, batch.size})
        .clone()
        .to(device);
}

// The sample indices of one epoch: weighted with replacement (each class
// equally likely overall, as the seed's WeightedRandomSampler) or balanced
// batches (half real, half fake).
std::vector<std::size_t> draw(const StagePlan& plan, TrainingData& data, std::size_t count,
                              std::mt19937_64& random) {
    std::vector<std::size_t> reals, fakes;
    for (std::size_t i = 0; i < data.train_size(); ++i)
        (data.train_label(i) == 1 ? fakes : reals).push_back(i);
    std::vector<std::size_t> out;
    if (reals.empty() || fakes.empty()) {  // one class only: plain shuffling with replacement
        std::uniform_int_distribution<std::size_t> any(0, data.train_size() - 1);
        for (std::size_t k = 0; k < count; ++k) out.push_back(any(random));
        return out;
    }
    if (plan.sampling == Sampling::Paired) {
        // A real frame and the fake made from it side by side: the only difference in the pair is
        // the blend.
        std::vector<std::size_t> with_twin;
        for (auto r : reals)
            if (data.twin(r)) with_twin.push_back(r);
        if (!with_twin.empty()) {
            std::uniform_int_distribution<std::size_t> pick(0, with_twin.size() - 1);
            while (out.size() < count) {
                const auto r = with_twin[pick(random)];
                out.push_back(r);
                if (out.size() < count) out.push_back(*data.twin(r));
            }
            return out;
        }
    }
    std::uniform_int_distribution<std::size_t> real(0, reals.size() - 1), fake(0, fakes.size() - 1);
    std::bernoulli_distribution coin(0.5);
    for (std::size_t k = 0; k < count; ++k) {
        const bool take_fake = plan.sampling == Sampling::Balanced ? (k % 2 == 1) : coin(random);
        out.push_back(take_fake ? fakes[fake(random)] : reals[real(random)]);
    }
    return out;
}

// This rank's share of step `step`'s global batch of the epoch's sample order, augmented with
// seeds drawn from `seed` and the sample's place in the global batch (so the images do not
// depend on how many ranks share it); the labels go to `labels`.
FrameBatch training_batch(const StagePlan& plan, TrainingData& data,
                          const std::vector<std::size_t>& order, std::int64_t step, int batch_size,
                          const Place& place, int input_size, std::uint64_t seed,
                          std::vector<std::int64_t>* labels) {
    FrameBatch batch;
    batch.size = input_size;
    const int share = batch_size / place.world;
    for (int k = place.rank * share; k < (place.rank + 1) * share; ++k) {
        const std::size_t i = order[static_cast<std::size_t>(step * batch_size + k)];
        // A pair shares its augmentation, so that only the blend tells its halves apart.
        const int slot = plan.sampling == Sampling::Paired ? k / 2 : k;
        append_whole_frame(
            data.train_image(i, mix(seed, static_cast<std::uint64_t>(step * batch_size + slot))),
            batch);
        labels->push_back(data.train_label(i));
    }
    return batch;
}

// `weight_total`: with several ranks, the class weights summed over the whole global batch;
// the weighted mean then divides by it (times the ranks, as their gradients are averaged), so
// that it is the global batch's weighted mean, not the mean of the ranks' ones.
torch::Tensor stage_loss(const StagePlan& plan, const torch::Tensor& logits,
                         const torch::Tensor& labels, const torch::Tensor& class_weights,
                         const Place& place, double weight_total) {
    if (plan.loss == Loss::WeightedCrossEntropy && place.world > 1)
        return F::cross_entropy(
                   logits, labels,
                   F::CrossEntropyFuncOptions().weight(class_weights).reduction(torch::kSum)) *
               (place.world / weight_total);
    if (plan.loss == Loss::WeightedCrossEntropy)
        return F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().weight(class_weights));
    if (plan.loss == Loss::Focal) {
        const auto log_p = torch::log_softmax(logits, 1).gather(1, labels.unsqueeze(1)).squeeze(1);
        const auto p = log_p.exp();
        const auto fake = labels.to(torch::kFloat);
        const auto alpha = plan.focal_alpha * fake + (1 - plan.focal_alpha) * (1 - fake);
        return (-alpha * torch::pow(1 - p, plan.focal_gamma) * log_p).mean();
    }
    return F::cross_entropy(logits, labels);
}

struct Validation {
    double loss = 0, auc_frame = 0.5, auc_video = 0.5;
    Calibration calibration;
};

// Every rank scores every world-th validation sample; the scores and losses are then summed
// over the ranks, so each has them all and computes the same metrics.
Validation validate(InterceptorNet& net, TrainingData& data, const NetworkConfig& config,
                    const torch::Device& device, int batch_size, const Place& place) {
    torch::NoGradGuard no_grad;
    net->eval();
    Validation v;
    const std::size_t n = data.val_size();
    std::vector<std::size_t> mine;
    for (std::size_t i = static_cast<std::size_t>(place.rank); i < n;
         i += static_cast<std::size_t>(place.world))
        mine.push_back(i);
    // The scores of the samples at their places, and last the loss summed over them.
    auto found = torch::zeros({static_cast<std::int64_t>(n) + 1}, torch::kDouble);
    auto* out = found.data_ptr<double>();
    for (std::size_t start = 0; start < mine.size();
         start += static_cast<std::size_t>(batch_size)) {
        const std::size_t end = std::min(mine.size(), start + batch_size);
        FrameBatch batch;
        batch.size = config.input_size;
        std::vector<std::int64_t> y;
        for (std::size_t k = start; k < end; ++k) {
            append_whole_frame(data.val_image(mine[k]), batch);
            y.push_back(data.val_label(mine[k]));
        }
        const auto logits =
            net->forward(to_tensor(batch, device)).logits.to(torch::kCPU).to(torch::kFloat);
        const auto target = torch::tensor(y, torch::kLong);
        out[n] +=
            F::cross_entropy(logits, target, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                .item<double>();
        const auto p = torch::softmax(logits, 1).select(1, 1).contiguous();
        for (std::size_t k = start; k < end; ++k)
            out[mine[k]] = p[static_cast<std::int64_t>(k - start)].item<double>();
    }
    if (place.group) sum_over_group(*place.group, found);
    std::vector<double> scores(out, out + n);
    std::vector<int> labels;
    for (std::size_t i = 0; i < n; ++i) labels.push_back(data.val_label(i));
    if (scores.empty()) return v;
    v.loss = out[n] / static_cast<double>(scores.size());
    v.auc_frame = roc_auc(scores, labels);
    // Video level: the mean of each video's frames.
    std::vector<std::string> videos;
    for (std::size_t i = 0; i < scores.size(); ++i) videos.push_back(data.val_video(i));
    const auto by_video = group_by_video(scores, videos, labels);
    v.auc_video = roc_auc(by_video.means(), by_video.labels);
    v.calibration = calibrate_threshold(scores, labels, CalibrationRule::BalancedAccuracy,
                                        "validation split, frame level");
    return v;
}

Result<std::string> save_checkpoint(InterceptorNet& net, const StagePlan& plan,
                                    const TrainOptions& options, const EpochSummary& e,
                                    const Validation& v, const std::string& path,
                                    const std::string& started_from, const Place& place) {
    CheckpointMetadata meta;
    meta.config = net->config;
    meta.model_type = "InterceptorLL";
    meta.epoch = e.epoch;
    meta.stage = plan.number;
    meta.preprocessing = options.preprocessing;
    meta.threshold = v.calibration.threshold;
    meta.threshold_source = v.calibration.source;
    meta.metrics = {{"val_auc", e.val_auc_video},
                    {"val_auc_frame", e.val_auc_frame},
                    {"val_loss", e.val_loss},
                    {"train_loss", e.train_loss}};
    const nlohmann::json provenance = {
        {"trainer", std::string("Interceptor ") + INTERCEPTOR_VERSION},
        {"stage", plan.name},
        {"dataset", plan.dataset},
        {"data_options", nlohmann::json::parse(plan.data_options, nullptr, false)},
        {"split", "train (validated on val)"},
        {"epoch", e.epoch},
        {"epochs", plan.epochs},
        {"seed", options.seed},
        {"loss", loss_name(plan.loss)},
        {"learning_rate", plan.learning_rate},
        {"weight_decay", plan.weight_decay},
        {"batch_size", plan.batch_size},
        {"world_size", place.world},
        {"global_batch", plan.batch_size},
        {"batch_norm", place.world == 1                 ? "one process"
                       : options.synchronise_batch_norm ? "synchronised over the ranks"
                                                        : "per rank"},
        {"sampling", sampling_name(plan.sampling)},
        {"dropout", plan.dropout},
        {"started_from", started_from}};
    meta.provenance_json = provenance.dump();
    meta.extra_json = "{}";
    auto state = export_state(*net);
    meta.parameter_count = state->parameter_count();
    meta.tensor_count = state->tensors.size();
    return Checkpoint(std::move(state), std::move(meta)).save(path);
}

Result<StageOutcome> train_stage_in(const StagePlan& plan, TrainingData& data,
                                    const TrainOptions& options, const Place& place) {
    if (data.train_size() == 0) return Error{plan.name + ": no training samples"};
    if (data.val_size() == 0) return Error{plan.name + ": no validation samples"};
    const int batch_size = std::max(1, plan.batch_size);
    if (batch_size % place.world != 0)
        return Error{plan.name + ": the global batch " + std::to_string(batch_size) +
                     " cannot be shared by " + std::to_string(place.world) +
                     " ranks: make it a multiple of the world size"};
    const int local_ranks = place.group ? place.group->environment().local_world_size : 1;
    if (options.threads > 0)
        at::set_num_threads(options.threads);
    else  // the cores shared by the ranks on this machine
        at::set_num_threads(static_cast<int>(std::max(
            1u, std::thread::hardware_concurrency() / static_cast<unsigned>(local_ranks))));
    // One GPU per rank on its machine.
    const int local_rank = place.group ? place.group->environment().local_rank : 0;
    const torch::Device device =
        torch::cuda::is_available()
            ? torch::Device(torch::kCUDA,
                            static_cast<c10::DeviceIndex>(local_rank % torch::cuda::device_count()))
            : torch::Device(torch::kCPU);
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    const fs::path out = options.output_dir;
    const StageFiles files(out, plan.name);
    if (place.writes()) files.remove_partial_writes();
    if (place.group) barrier(*place.group);  // no rank looks at the folder before it is clean
    StageOutcome outcome;
    outcome.best_path = files.best();
    outcome.last_path = files.last();

    torch::manual_seed(options.seed);
    NetworkConfig config = options.config;
    std::string started_from = "random initialisation, seed " + std::to_string(options.seed);
    int first_epoch = 1;
    std::optional<Checkpoint> initial;
    const bool resuming = options.resume && fs::exists(outcome.last_path);
    const std::string from = resuming ? outcome.last_path : options.start_from;
    if (!from.empty()) {
        auto loaded = Checkpoint::load(from);
        if (!loaded) return Error{loaded.error()};
        auto resolved = loaded->resolve_config();
        if (!resolved) return Error{from + ": " + resolved.error()};
        config = *resolved;
        initial = std::move(*loaded);
        if (!resuming) started_from = from + " (SHA-256 " + initial->metadata().sha256 + ")";
    }
    InterceptorNet net(config);
    if (initial) {
        if (auto problem = load_state(*net, config.describe(), *initial); !problem.empty())
            return Error{problem};
        if (resuming) {
            first_epoch = initial->metadata().epoch.value_or(0) + 1;
            const auto provenance =
                nlohmann::json::parse(initial->metadata().provenance_json, nullptr, false);
            started_from = provenance.is_object() ? provenance.value("started_from", started_from)
                                                  : started_from;
        }
    }
    if (!plan.dropout) without_dropout(*net);
    net->to(device);
    if (place.group) {
        copy_from_first_rank(*place.group, *net);
        if (options.synchronise_batch_norm)
            synchronise_batch_norms(*net, differentiable_group_sum(*place.group));
    }
    torch::optim::AdamW optimiser(
        net->parameters(),
        torch::optim::AdamWOptions(plan.learning_rate).weight_decay(plan.weight_decay));
    if (resuming) {
        if (auto loaded = files.load_optimiser(optimiser, first_epoch - 1); !loaded)
            return Error{loaded.error()};
        if (place.writes()) files.keep_only_optimiser(first_epoch - 1);
        if (fs::exists(outcome.best_path))
            if (auto best = Checkpoint::load(outcome.best_path)) {
                outcome.best_epoch = best->metadata().epoch.value_or(0);
                const auto& m = best->metadata().metrics;
                outcome.best_auc = m.count("val_auc") ? m.at("val_auc") : 0;
                outcome.best_auc_frame = m.count("val_auc_frame") ? m.at("val_auc_frame") : 0;
            }
    }

    if (place.writes()) {
        auto earlier = files.trim_log(first_epoch - 1);
        if (!earlier) return Error{earlier.error()};
        outcome.epochs = std::move(*earlier);
    }

    std::size_t fakes = 0;
    for (std::size_t i = 0; i < data.train_size(); ++i) fakes += data.train_label(i) == 1 ? 1 : 0;
    const double n = static_cast<double>(data.train_size());
    const double weight_of[2] = {n / (2.0 * std::max<double>(1, n - fakes)),
                                 n / (2.0 * std::max<double>(1, fakes))};  // real, fake
    const auto class_weights =
        torch::tensor({weight_of[0], weight_of[1]}, torch::kFloat).to(device);
    const std::int64_t steps =
        plan.steps_per_epoch > 0
            ? plan.steps_per_epoch
            : std::max<std::int64_t>(1, static_cast<std::int64_t>(data.train_size()) / batch_size);
    const std::int64_t restart_steps =
        std::max<std::int64_t>(1, steps * std::max(1, plan.restart_epochs));
    const auto started = Clock::now();
    std::int64_t steps_done_here = 0;
    for (int epoch = first_epoch; epoch <= plan.epochs; ++epoch) {
        const auto epoch_start = Clock::now();
        // Dropout repeats on resume (and differs between ranks; rank 0's is one process's).
        const auto dropout_seed = mix(options.seed, static_cast<std::uint64_t>(epoch));
        torch::manual_seed(place.rank == 0
                               ? dropout_seed
                               : mix(dropout_seed, static_cast<std::uint64_t>(place.rank)));
        std::mt19937_64 random(mix(options.seed + 1, static_cast<std::uint64_t>(epoch)));
        const auto order = draw(plan, data, static_cast<std::size_t>(steps * batch_size), random);
        net->train();
        keep_backbone_statistics(net);
        double loss_sum = 0;
        double lr = plan.learning_rate;
        for (std::int64_t step = 0; step < steps; ++step) {
            if (options.cancel && *options.cancel) {
                outcome.cancelled = true;
                return outcome;  // the epochs finished before are on disk
            }
            // Cosine annealing with warm restarts, per step (eta_min 0).
            const std::int64_t global = (epoch - 1) * steps + step;
            lr = 0.5 * plan.learning_rate *
                 (1 + std::cos(M_PI * static_cast<double>(global % restart_steps) / restart_steps));
            for (auto& group : optimiser.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
            std::vector<std::int64_t> labels;
            const FrameBatch batch =
                training_batch(plan, data, order, step, batch_size, place, config.input_size,
                               mix(options.seed, static_cast<std::uint64_t>(epoch)), &labels);
            double weight_total = 0;  // only the weighted loss over several ranks needs it
            if (plan.loss == Loss::WeightedCrossEntropy && place.world > 1)
                for (int k = 0; k < batch_size; ++k)
                    weight_total += weight_of[data.train_label(
                        order[static_cast<std::size_t>(step * batch_size + k)])];
            const auto target = torch::tensor(labels, torch::kLong).to(device);
            optimiser.zero_grad();
            set_cuda_autocast(device.is_cuda());  // mixed precision on CUDA
            auto logits = net->forward(to_tensor(batch, device)).logits;
            set_cuda_autocast(false);
            auto loss = stage_loss(plan, logits.to(torch::kFloat), target, class_weights, place,
                                   weight_total);
            loss.backward();
            if (place.group) average_gradients(*place.group, *net);
            optimiser.step();
            loss_sum += loss.item<double>();
            ++steps_done_here;
            if (options.on_progress) {
                TrainProgress p;
                p.epoch = epoch;
                p.epochs = plan.epochs;
                p.step = step + 1;
                p.steps = steps;
                p.loss = loss_sum / (step + 1);
                const double seconds =
                    std::chrono::duration<double>(Clock::now() - started).count();
                p.samples_per_second = seconds > 0 ? steps_done_here * batch_size / seconds : 0;
                const double steps_left =
                    static_cast<double>((plan.epochs - epoch) * steps + (steps - step - 1));
                p.seconds_left =
                    p.samples_per_second > 0 ? steps_left * batch_size / p.samples_per_second : 0;
                options.on_progress(p);
            }
        }
        const auto v = validate(net, data, config, device, batch_size, place);
        if (place.group) {  // the training loss of the global batches: the ranks' mean
            auto total = torch::full({1}, loss_sum, torch::kDouble);
            sum_over_group(*place.group, total);
            loss_sum = total.item<double>() / place.world;
        }
        EpochSummary e{epoch,
                       loss_sum / steps,
                       v.loss,
                       v.auc_frame,
                       v.auc_video,
                       v.calibration.threshold,
                       std::chrono::duration<double>(Clock::now() - epoch_start).count()};
        outcome.epochs.push_back(e);
        // In StageFiles' order: the last checkpoint commits the epoch. Every rank keeps the
        // same account (the metrics are the same everywhere); rank 0 alone writes.
        const bool best =
            outcome.best_epoch == 0 || e.val_auc_video > outcome.best_auc ||
            (e.val_auc_video == outcome.best_auc && e.val_auc_frame > outcome.best_auc_frame);
        if (best) {
            outcome.best_auc = e.val_auc_video;
            outcome.best_auc_frame = e.val_auc_frame;
            outcome.best_epoch = epoch;
        }
        if (place.writes()) {
            if (best)
                if (auto saved = save_checkpoint(net, plan, options, e, v, outcome.best_path,
                                                 started_from, place);
                    !saved)
                    return Error{saved.error()};
            if (auto logged = files.append_log(plan.name, e, lr); !logged)
                return Error{logged.error()};
            if (auto saved = files.save_optimiser(optimiser, epoch); !saved)
                return Error{saved.error()};
            if (auto saved = save_checkpoint(net, plan, options, e, v, outcome.last_path,
                                             started_from, place);
                !saved)
                return Error{saved.error()};
            files.keep_only_optimiser(epoch);
        }
        if (place.group) barrier(*place.group);  // the epoch is committed for every rank
    }
    return outcome;
}

}  // namespace

Result<StageOutcome> train_stage(const StagePlan& plan, TrainingData& data,
                                 const TrainOptions& options) {
    if (!options.group) return train_stage_in(plan, data, options, Place{});
    Place place{options.group.get(), options.group->rank(), options.group->world_size()};
    try {
        return train_stage_in(plan, data, options, place);
    } catch (const std::exception& e) {
        return Error{failure_message(*options.group, e)};
    }
}

}  // namespace interceptor
