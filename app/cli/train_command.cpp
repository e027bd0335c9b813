// train: one stage from the command line, or a stage plan (JSON) where each
// stage starts from the previous stage's best checkpoint.
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/local_ranks.h"
#include "cli/training_options.h"
#include "core/media/decoded_frame.h"
#include "interceptor/model/training/trainer.h"
#include "interceptor/model/training/training_group.h"

namespace interceptor::cli {
namespace {

const char* kUsage =
    "usage: interceptor-cli train --data DATASET --out DIR [--layout L] [--config "
    "small|seed|mobile]\n"
    "                             [--profile face_crop|face_aligned|face_tight|whole_frame]\n      "
    "                       [--frames N]\n"
    "                             [--self-blend | --fakes sbi,xray,parts,swap] [--landmarks "
    "5|68] [--degrade]\n"
    "                             [--no-augment] [--no-dropout]\n"
    "                             [--epochs E] [--steps S] [--batch B] [--lr X] [--weight-decay "
    "X]\n"
    "                             [--loss cross_entropy|focal|weighted_cross_entropy] [--sampling "
    "weighted|balanced|paired]\n"
    "                             [--restart-epochs R] [--from CHECKPOINT] [--stage NAME] "
    "[--val-fraction F]\n"
    "                             [--seed N] [--cache DIR] [--threads T] [--preview N]\n"
    "                             [--quiet] [--distributed | --nproc N] [--collective-timeout S]\n"
    "                             [--batch-norm synchronised|per-rank]\n"
    "       interceptor-cli train --plan PLAN.json --out DIR [--cache DIR] [--quiet] [...]\n"
    "  Trains on the dataset's train split and validates on its val split after every\n"
    "  epoch (videos of one identity or source stay on one side; official test lists are\n"
    "  never used). Writes DIR/<stage>_best.pt (best validation AUC) and <stage>_last.pt,\n"
    "  Python-compatible with provenance and a threshold calibrated on validation, and\n"
    "  DIR/<stage>_log.csv. Run again to resume an interrupted stage where it stopped.\n"
    "  --self-blend  add a self-blended fake made from every real frame (train on genuine\n"
    "                footage only); the same as --fakes sbi\n"
    "  --fakes LIST  add a generated fake made from every real frame, its kind drawn from\n"
    "                LIST: sbi (self-blend), xray (another person's face blended through the\n"
    "                face's hull), parts (another person's eyes, nose or mouth), swap\n"
    "                (another person's face warped onto the face's 68 landmarks); all but\n"
    "                sbi need --profile face_aligned or face_tight\n"
    "  --landmarks 68  masks follow each face's own 68 landmarks (dlib's predictor, Debian's\n"
    "                libdlib-data) instead of the template's five; swap needs it\n"
    "  --degrade     augmentation also lowers resolution, blurs and compresses with H.264,\n"
    "                real and fake alike\n"
    "  --preview N   write the first N training images of the first epoch, as the network\n"
    "                sees them, to DIR/preview/NNNN-real.png and NNNN-fake.png, and stop\n"
    "  --no-augment  flips only (no rotation, colour, JPEG or low-light augmentation)\n"
    "  --no-dropout  train without the network's dropout and stochastic depth: a short run\n"
    "                on a CPU learns several times faster; the saved network is the same\n"
    "  --distributed this process is one rank of a data-parallel group, as PyTorch's launchers\n"
    "                and Slurm describe it in the environment (RANK, WORLD_SIZE, LOCAL_RANK,\n"
    "                LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT; or SLURM_PROCID, SLURM_NTASKS,\n"
    "                SLURM_LOCALID with MASTER_ADDR). --batch is the global batch, shared\n"
    "                equally; gradients are averaged, BatchNorm statistics are the global\n"
    "                batch's; rank 0 writes the files (DIR must be the same folder for all)\n"
    "  --nproc N     start N ranks on this machine (over the loopback interface) and wait\n"
    "  --collective-timeout S  how long a rank waits for the others (rendezvous, every\n"
    "                exchange) before it stops with an error naming the lost rank (300)\n"
    "  --batch-norm per-rank  each rank's BatchNorm statistics from its own share of the\n"
    "                batch: no exchange per layer (faster; noisier with small shares)\n"
    "  A plan is {\"config\": \"small\", \"profile\": ..., \"frames\": N, \"seed\": N, "
    "\"stages\":\n"
    "  [{\"name\": ..., \"data\": ..., \"layout\": ..., \"epochs\": ..., \"learning_rate\": ...,\n"
    "  \"weight_decay\": ..., \"loss\": ..., \"batch_size\": ..., \"steps_per_epoch\": ...,\n"
    "  \"sampling\": ..., \"fakes\": \"sbi,xray\", \"landmarks\": 5|68, \"degrade\": "
    "true|false,\n  \"dropout\": true|false}, "
    "...]}; each stage "
    "starts\n"
    "  from the one before.\n";

struct Stage {
    StagePlan plan;
    DataChoice data;
};

std::vector<Stage> stages_from_plan(const nlohmann::json& j, const DataChoice& defaults) {
    std::vector<Stage> stages;
    int number = 0;
    for (const auto& s : j.at("stages")) {
        Stage st;
        st.data = defaults;
        st.data.root = s.at("data").get<std::string>();
        st.data.layout = s.value("layout", "auto");
        if (j.contains("profile"))
            st.data.profile = parsed_or_throw(parse_profile(j["profile"].get<std::string>()));
        st.data.frames = j.value("frames", defaults.frames);
        st.data.seed = j.value("seed", defaults.seed);
        st.data.fakes = fakes_of_stage(s);
        st.data.augment = s.value("augment", true);
        st.data.degrade = s.value("degrade", false);
        st.data.dense_landmarks = s.value("landmarks", 5) == 68;
        auto& p = st.plan;
        p.number = ++number;
        p.name = s.value("name", "stage" + std::to_string(number));
        p.dataset = st.data.root;
        p.data_options = data_options_json(st.data);
        p.epochs = s.value("epochs", p.epochs);
        p.steps_per_epoch = s.value("steps_per_epoch", p.steps_per_epoch);
        p.batch_size = s.value("batch_size", p.batch_size);
        p.learning_rate = s.value("learning_rate", p.learning_rate);
        p.weight_decay = s.value("weight_decay", p.weight_decay);
        if (s.contains("loss")) p.loss = parsed_or_throw(parse_loss(s["loss"].get<std::string>()));
        if (s.contains("sampling"))
            p.sampling = parsed_or_throw(parse_sampling(s["sampling"].get<std::string>()));
        p.restart_epochs = s.value("restart_epochs", p.restart_epochs);
        p.dropout = s.value("dropout", p.dropout);
        stages.push_back(st);
    }
    return stages;
}

// --preview: what the trainer would draw first, each image as the network is given it.
int write_preview(TrainingData& data, const std::string& out_dir, int count, std::uint64_t seed) {
    const std::filesystem::path dir = std::filesystem::path(out_dir) / "preview";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const int n = std::min<int>(count, static_cast<int>(data.train_size()));
    for (int i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "%04d-%s.png", i, data.train_label(i) ? "fake" : "real");
        if (!cv::imwrite((dir / name).string(), data.train_image(i, seed + i))) {
            std::cerr << "interceptor-cli: cannot write " << (dir / name).string() << "\n";
            return kExitFailure;
        }
    }
    std::printf("%d training images in %s\n", n, dir.string().c_str());
    return kExitOk;
}

}  // namespace

int train_command(const std::vector<std::string>& args) {
    std::set<std::string> flags = kDataFlags, valued = kDataValuedOptions;
    flags.insert({"--quiet", "--help", "--no-dropout", "--distributed"});
    valued.insert({"--out", "--plan", "--config", "--epochs", "--steps", "--batch", "--lr",
                   "--weight-decay", "--loss", "--sampling", "--restart-epochs", "--from",
                   "--stage", "--threads", "--preview", "--nproc", "--collective-timeout",
                   "--batch-norm"});
    Arguments a(args, flags, valued);
    if (a.has("--help")) return print_help(kUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (!a.has("--out")) return usage("train needs --out DIR");
    if (a.has("--plan") == a.has("--data")) return usage("train needs either --data or --plan");
    const int timeout = a.integer("--collective-timeout", 300);
    if (timeout < 1) return usage("--collective-timeout needs a number of seconds");
    const std::string batch_norm = a.value("--batch-norm", "synchronised");
    if (batch_norm != "synchronised" && batch_norm != "per-rank")
        return usage("--batch-norm is synchronised or per-rank, not " + batch_norm);
    if (a.has("--nproc")) {
        const int ranks = a.integer("--nproc", 0);
        if (ranks < 1) return usage("--nproc needs a number of ranks of at least 1");
        if (a.has("--distributed"))
            return usage("--nproc starts the ranks: leave out --distributed");
        std::vector<std::string> rest;
        for (std::size_t i = 0; i < args.size(); ++i)
            if (args[i] == "--nproc")
                ++i;  // and its value
            else
                rest.push_back(args[i]);
        return run_local_ranks(ranks, rest, 10);
    }
    std::shared_ptr<TrainingGroup> group;
    if (a.has("--distributed")) {
        auto environment = group_environment_of_process();
        if (!environment) return usage("--distributed: " + environment.error());
        auto joined = TrainingGroup::join(*environment, std::chrono::seconds(timeout));
        if (!joined) {
            std::cerr << "interceptor-cli: " << joined.error() << "\n";
            return kExitFailure;
        }
        group = *joined;
    }
    // The other ranks work silently: rank 0 speaks for the group (errors still reach stderr).
    const bool quiet = a.has("--quiet") || (group && group->rank() != 0);
    DataChoice defaults;
    std::vector<Stage> stages;
    NetworkConfig config;
    try {
        config = parsed_or_throw(NetworkConfig::preset(a.value("--config", "small")));
        defaults = read_data_choice(a);
        if (a.has("--plan")) {
            std::ifstream in(a.value("--plan"));
            if (!in) return usage(a.value("--plan") + ": cannot read the plan");
            const auto plan = nlohmann::json::parse(in);
            config = parsed_or_throw(NetworkConfig::preset(plan.value("config", "small")));
            stages = stages_from_plan(plan, defaults);
        } else {
            Stage st;
            st.data = defaults;
            auto& p = st.plan;
            p.name = a.value("--stage", "stage1");
            p.dataset = defaults.root;
            p.data_options = data_options_json(defaults);
            p.epochs = a.integer("--epochs", 1);
            p.steps_per_epoch = a.integer("--steps", 0);
            p.batch_size = a.integer("--batch", 8);
            p.learning_rate = std::stod(a.value("--lr", "1e-4"));
            p.weight_decay = std::stod(a.value("--weight-decay", "1e-2"));
            if (a.has("--loss")) p.loss = parsed_or_throw(parse_loss(a.value("--loss")));
            if (a.has("--sampling"))
                p.sampling = parsed_or_throw(parse_sampling(a.value("--sampling")));
            p.restart_epochs = a.integer("--restart-epochs", 1);
            p.dropout = !a.has("--no-dropout");
            stages.push_back(st);
        }
    } catch (const std::exception& e) {
        return usage(std::string("the options or the plan could not be read: ") + e.what());
    }

    std::string previous_best = a.value("--from");
    const bool terminal = isatty(fileno(stderr));
    for (const auto& stage : stages) {
        auto samples = load_samples(stage.data, config.input_size, "", quiet);
        if (!samples) {
            std::cerr << "interceptor-cli: " << samples.error() << "\n";
            return kExitFailure;
        }
        if (a.has("--preview"))
            return write_preview(**samples, a.value("--out"), a.integer("--preview", 16),
                                 stage.data.seed);
        TrainOptions options;
        options.output_dir = a.value("--out");
        options.seed = stage.data.seed;
        options.config = config;
        options.preprocessing = stage.data.profile;
        options.start_from = previous_best;
        options.threads = a.integer("--threads", 0);
        options.group = group;
        options.synchronise_batch_norm = batch_norm == "synchronised";
        if (!quiet)
            options.on_progress = [&](const TrainProgress& p) {
                if (!terminal && p.step != p.steps)
                    return;  // a line per epoch when not on a terminal
                std::fprintf(
                    stderr, "%s%s epoch %d/%d step %lld/%lld loss %.4f %.1f samples/s %s left%s",
                    terminal ? "\r" : "", stage.plan.name.c_str(), p.epoch, p.epochs,
                    static_cast<long long>(p.step), static_cast<long long>(p.steps), p.loss,
                    p.samples_per_second, format_timecode(p.seconds_left).substr(0, 8).c_str(),
                    terminal ? "   " : "\n");
            };
        auto outcome = train_stage(stage.plan, **samples, options);
        if (!quiet && terminal) std::fprintf(stderr, "\n");
        if (!outcome) {
            std::cerr << "interceptor-cli: " << outcome.error() << "\n";
            return kExitFailure;
        }
        if (group && group->rank() != 0) {
            previous_best = outcome->best_path;
            continue;
        }
        for (const auto& e : outcome->epochs)
            std::printf(
                "%s epoch %d: train loss %.4f, val loss %.4f, val AUC %.4f (frames %.4f), "
                "threshold %.3f, %.0f s\n",
                stage.plan.name.c_str(), e.epoch, e.train_loss, e.val_loss, e.val_auc_video,
                e.val_auc_frame, e.threshold, e.seconds);
        std::printf("%s: best epoch %d (val AUC %.4f) -> %s\n", stage.plan.name.c_str(),
                    outcome->best_epoch, outcome->best_auc, outcome->best_path.c_str());
        previous_best = outcome->best_path;
    }
    return kExitOk;
}

}  // namespace interceptor::cli
