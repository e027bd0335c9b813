// eval: checkpoints measured on one split of a dataset; calibrate: a
// checkpoint's decision threshold (and optionally its temperature) chosen on
// the validation split.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/training_options.h"
#include "core/training/evaluation.h"
#include "interceptor/model/metrics/probability_calibration.h"

namespace interceptor::cli {
namespace {

const char* kEvalUsage =
    "usage: interceptor-cli eval --data DATASET --checkpoint A [--checkpoint B ...] [--name NAME "
    "...]\n"
    "                            [--split test|val|train|all] [--layout L] [--frames N] [--profile "
    "P]\n"
    "                            [--self-blend] [--val-fraction F] [--seed N] [--cache DIR]\n"
    "                            [--json FILE] [--csv FILE] [--roc FILE] [--scores FILE] "
    "[--quiet]\n"
    "  Scores N evenly spaced frames of every video of the split (default test) with each\n"
    "  checkpoint and prints one row per checkpoint: AUC (from probabilities), average\n"
    "  precision, accuracy and balanced accuracy at the checkpoint's stored threshold,\n"
    "  real and fake recall, bias (fake recall minus real recall), F1 and EER, at frame\n"
    "  level and video level (mean of the frames; the confident strategy in JSON/CSV).\n"
    "  --roc FILE  the video-level ROC curve of each checkpoint as CSV\n"
    "  --scores FILE  every video's score by each checkpoint as CSV (checkpoint, video,\n"
    "              label, mean P(fake) of its frames, the confident strategy's), to break\n"
    "              a figure down by kind of sample\n";

const char* kCalibrateUsage =
    "usage: interceptor-cli calibrate CHECKPOINT --data DATASET --out NEW.pt [--rule "
    "balanced|eer]\n"
    "                                 [--temperature] [--split val] [--layout L] [--frames N] "
    "[--profile P]\n"
    "                                 [--self-blend] [--val-fraction F] [--seed N] [--cache DIR] "
    "[--quiet]\n"
    "  Chooses the decision threshold on the validation split (video level: the mean of\n"
    "  each video's frames) by best balanced accuracy or at the equal error rate, and\n"
    "  writes the checkpoint again with it (the application then uses it).\n"
    "  --temperature  first fit a temperature T on the split's frames (least log loss of\n"
    "                 softmax(logits / T)) so that P(fake) can be read as a probability;\n"
    "                 the ranking of frames, and so the AUC, does not change\n";

nlohmann::ordered_json metrics_json(const BinaryMetrics& m) {
    return {{"count", m.count},
            {"reals", m.reals},
            {"fakes", m.fakes},
            {"auc", m.auc},
            {"average_precision", m.average_precision},
            {"threshold", m.threshold},
            {"accuracy", m.accuracy},
            {"balanced_accuracy", m.balanced_accuracy},
            {"real_recall", m.real_recall},
            {"fake_recall", m.fake_recall},
            {"bias", m.bias},
            {"f1", m.f1},
            {"eer", m.eer},
            {"log_loss", m.log_loss},
            {"ece", m.ece},
            {"confusion",
             {{"true_real", m.true_real},
              {"false_fake", m.false_fake},
              {"false_real", m.false_real},
              {"true_fake", m.true_fake}}}};
}

struct Scored {
    Checkpoint checkpoint;
    SplitScores scores;
};

// Loads a checkpoint and scores the split with it, sampling frames with the
// profile the checkpoint records (unless --profile says otherwise).
Result<Scored> load_and_score(const Arguments& a, const std::string& path, const std::string& split,
                              bool quiet) {
    auto checkpoint = Checkpoint::load(path);
    if (!checkpoint) return Error{checkpoint.error()};
    auto config = checkpoint->resolve_config();
    if (!config) return Error{path + ": " + config.error()};
    DataChoice data = read_data_choice(a);
    if (!a.has("--profile") && checkpoint->metadata().preprocessing)
        data.profile = *checkpoint->metadata().preprocessing;
    auto samples = load_samples(data, config->input_size, split, quiet);
    if (!samples) return Error{samples.error()};
    auto scores = score_samples(*checkpoint, **samples);
    if (!scores) return Error{scores.error()};
    return Scored{std::move(*checkpoint), std::move(*scores)};
}

}  // namespace

int eval_command(const std::vector<std::string>& args) {
    std::set<std::string> flags = kDataFlags, valued = kDataValuedOptions;
    flags.insert({"--quiet", "--help"});
    valued.insert({"--checkpoint", "--name", "--json", "--csv", "--roc", "--scores"});
    Arguments a(args, flags, valued);
    if (a.has("--help")) return print_help(kEvalUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kEvalUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (!a.has("--data") || !a.has("--checkpoint"))
        return usage("eval needs --data and at least one --checkpoint");
    const bool quiet = a.has("--quiet");
    const auto paths = a.values("--checkpoint"), names = a.values("--name");
    std::vector<Evaluation> rows;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        auto scored = load_and_score(a, paths[i], a.value("--split", "test"), quiet || i > 0);
        if (!scored) {
            std::cerr << "interceptor-cli: " << scored.error() << "\n";
            return kExitFailure;
        }
        rows.push_back(evaluate(
            i < names.size() ? names[i] : default_checkpoint_name(scored->checkpoint.metadata()),
            scored->checkpoint, std::move(scored->scores)));
    }
    std::printf("%-14s %-6s %6s %6s %6s %6s %6s %7s %7s %6s %6s %6s\n", "checkpoint", "level",
                "AUC", "AP", "acc", "bal", "F1", "real_r", "fake_r", "bias", "EER", "thr");
    for (const auto& r : rows)
        for (const auto& [level, m] :
             {std::pair<const char*, const BinaryMetrics*>{"frame", &r.frame},
              {"video", &r.video_mean}})
            std::printf("%-14s %-6s %6.3f %6.3f %6.3f %6.3f %6.3f %7.3f %7.3f %+6.3f %6.3f %6.3f\n",
                        r.name.c_str(), level, m->auc, m->average_precision, m->accuracy,
                        m->balanced_accuracy, m->f1, m->real_recall, m->fake_recall, m->bias,
                        m->eer, m->threshold);
    if (a.has("--json")) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const auto& r : rows)
            j.push_back({{"name", r.name},
                         {"checkpoint_sha256", r.checkpoint_sha256},
                         {"threshold_source", r.threshold_source},
                         {"temperature", r.temperature},
                         {"frame", metrics_json(r.frame)},
                         {"video_mean", metrics_json(r.video_mean)},
                         {"video_confident", metrics_json(r.video_confident)}});
        if (!write_output(a.value("--json"), j.dump(1) + "\n")) return kExitFailure;
    }
    if (a.has("--csv")) {
        std::ostringstream csv;
        csv << "checkpoint,level,count,auc,average_precision,accuracy,balanced_accuracy,f1,real_"
               "recall,fake_recall,bias,eer,"
               "threshold,log_loss,ece\n";
        for (const auto& r : rows)
            for (const auto& [level, m] :
                 {std::pair<const char*, const BinaryMetrics*>{"frame", &r.frame},
                  {"video_mean", &r.video_mean},
                  {"video_confident", &r.video_confident}})
                csv << r.name << ',' << level << ',' << m->count << ',' << m->auc << ','
                    << m->average_precision << ',' << m->accuracy << ',' << m->balanced_accuracy
                    << ',' << m->f1 << ',' << m->real_recall << ',' << m->fake_recall << ','
                    << m->bias << ',' << m->eer << ',' << m->threshold << ',' << m->log_loss << ','
                    << m->ece << '\n';
        if (!write_output(a.value("--csv"), csv.str())) return kExitFailure;
    }
    if (a.has("--roc")) {
        std::ostringstream roc;
        roc << "checkpoint,threshold,false_positive_rate,true_positive_rate\n";
        for (const auto& r : rows)
            for (const auto& p : r.roc_video)
                roc << r.name << ',' << p.threshold << ',' << p.false_positive_rate << ','
                    << p.true_positive_rate << '\n';
        if (!write_output(a.value("--roc"), roc.str())) return kExitFailure;
    }
    if (a.has("--scores")) {
        std::ostringstream out;
        out << "checkpoint,video,label,mean,confident\n";
        for (const auto& r : rows)
            for (std::size_t v = 0; v < r.scores.videos.size(); ++v)
                out << r.name << ',' << csv_field(r.scores.videos[v]) << ','
                    << r.scores.video_labels[v] << ',' << r.scores.video_mean[v] << ','
                    << r.scores.video_confident[v] << '\n';
        if (!write_output(a.value("--scores"), out.str())) return kExitFailure;
    }
    return kExitOk;
}

int calibrate_command(const std::vector<std::string>& args) {
    std::set<std::string> flags = kDataFlags, valued = kDataValuedOptions;
    flags.insert({"--quiet", "--help", "--temperature"});
    valued.insert({"--out", "--rule"});
    Arguments a(args, flags, valued);
    if (a.has("--help")) return print_help(kCalibrateUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kCalibrateUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (a.positional().size() != 1 || !a.has("--data") || !a.has("--out"))
        return usage("calibrate takes one CHECKPOINT, --data and --out");
    auto rule = parse_calibration_rule(a.value("--rule", "balanced"));
    if (!rule) return usage(rule.error());
    auto scored = load_and_score(a, a.positional()[0], a.value("--split", "val"), a.has("--quiet"));
    if (!scored) {
        std::cerr << "interceptor-cli: " << scored.error() << "\n";
        return kExitFailure;
    }
    auto& checkpoint = scored->checkpoint;
    const std::string split = a.value("--split", "val") + " split of " + a.value("--data");
    SplitScores scores = scored->scores;
    if (a.has("--temperature")) {
        if (checkpoint.resolve_config()->num_classes != 2) {
            std::cerr << "interceptor-cli: --temperature needs a two-class network\n";
            return kExitFailure;
        }
        const double t = fit_temperature(scores.frame_margins, scores.frame_labels);
        const SplitScores scaled = at_temperature(scores, t);
        char figures[160];
        std::snprintf(figures, sizeof figures,
                      "log loss %.4f -> %.4f, calibration error %.4f -> %.4f",
                      log_loss(scores.frame_scores, scores.frame_labels),
                      log_loss(scaled.frame_scores, scaled.frame_labels),
                      expected_calibration_error(scores.frame_scores, scores.frame_labels),
                      expected_calibration_error(scaled.frame_scores, scaled.frame_labels));
        checkpoint.metadata().temperature = t;
        checkpoint.metadata().temperature_source = split + ", frame level (" +
                                                   std::to_string(scores.frame_margins.size()) +
                                                   " frames): " + figures;
        std::printf("temperature %.6f (%s)\n", t, checkpoint.metadata().temperature_source.c_str());
        if (on_temperature_bound(t))
            std::printf(
                "note: the temperature sits on the search bound (%g to %g): the best fit "
                "lies beyond it, so the probabilities stay poorly calibrated (the "
                "checkpoint is confidently wrong on this split, or the split is too "
                "small)\n",
                kMinTemperature, kMaxTemperature);
        scores = scaled;
    }
    const auto chosen =
        calibrate_threshold(scores.video_mean, scores.video_labels, *rule, split + ", video level");
    checkpoint.metadata().threshold = chosen.threshold;
    checkpoint.metadata().threshold_source = chosen.source;
    auto saved = checkpoint.save(a.value("--out"));
    if (!saved) {
        std::cerr << "interceptor-cli: " << saved.error() << "\n";
        return kExitFailure;
    }
    std::printf("threshold %.6f (%s) written to %s\n", chosen.threshold, chosen.source.c_str(),
                a.value("--out").c_str());
    return kExitOk;
}

}  // namespace interceptor::cli
