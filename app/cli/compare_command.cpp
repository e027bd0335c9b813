// compare: two or more checkpoints on one clip.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "cli/analysis_options.h"
#include "cli/case_run.h"
#include "cli/commands.h"
#include "core/analysis/checkpoint_comparison.h"
#include "core/media/decoded_frame.h"

namespace interceptor::cli {
namespace {

const char* kUsage =
    "usage: interceptor-cli compare CLIP --checkpoint A --checkpoint B [--checkpoint C ...]\n"
    "                               [--name NAME ...] [--all | --every N | --evenly N]\n"
    "                               [--threshold P] [--batch N] [--top K] [--case-dir DIR]\n"
    "                               [--json] [--quiet]\n"
    "  Runs every checkpoint on the same frames in one pass and shows, per checkpoint,\n"
    "  its video-level figures and verdict; per pair, how often their verdicts agree,\n"
    "  the correlation of their probabilities and their mean difference; and the K\n"
    "  frames where they disagree most (default 10). Results are kept in the clip's\n"
    "  case, as with analyze.\n";

}  // namespace

int compare_command(const std::vector<std::string>& args) {
    std::set<std::string> flags = kAnalysisFlags, valued = kAnalysisValuedOptions;
    flags.insert({"--quiet", "--help", "--json"});
    valued.insert("--top");
    Arguments a(args, flags, valued);
    if (a.has("--help")) return print_help(kUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (a.positional().size() != 1) return usage("compare takes one CLIP");
    if (a.values("--checkpoint").size() < 2)
        return usage("compare needs at least two --checkpoint");
    auto read = read_analysis_settings(a);
    if (!read) return usage(read.error());
    AnalysisSettings settings = *read;
    auto loaded = load_slots(a);
    if (!loaded) {
        std::cerr << "interceptor-cli: " << loaded.error() << "\n";
        return kExitFailure;
    }
    const std::vector<DetectorSlot> slots = std::move(*loaded);

    ProgressDisplay progress(a.has("--quiet"));
    const std::string case_dir =
        a.has("--case-dir") ? a.value("--case-dir") : CaseStore::default_directory();
    auto outcome = run_case(a.positional()[0], slots, settings, case_dir, progress);
    if (!outcome) {
        std::cerr << "interceptor-cli: " << outcome.error() << "\n";
        return kExitFailure;
    }
    std::vector<ComparisonFrame> frames;
    for (const auto& r : outcome->frames) {
        ComparisonFrame f{r.frame, r.seconds, {}};
        for (const auto& c : r.per_checkpoint)
            f.p_fake.push_back(c.applicable ? std::optional<double>(c.score.p_fake) : std::nullopt);
        frames.push_back(std::move(f));
    }
    std::vector<double> thresholds;
    for (const auto& c : outcome->checkpoints) thresholds.push_back(c.threshold);
    const auto comparison =
        compare_checkpoints(frames, thresholds, static_cast<std::size_t>(a.integer("--top", 10)));

    if (a.has("--json")) {
        nlohmann::ordered_json j{{"clip", a.positional()[0]},
                                 {"selection", outcome->analysis.spec.selection}};
        for (const auto& c : outcome->checkpoints)
            j["checkpoints"].push_back({{"name", c.name},
                                        {"sha256", c.sha256},
                                        {"threshold", c.threshold},
                                        {"verdict", c.verdict.label()},
                                        {"confident", c.verdict.confident},
                                        {"mean", c.verdict.mean},
                                        {"share_flagged", c.verdict.share_flagged},
                                        {"scored", c.verdict.scored}});
        for (const auto& p : comparison.pairs)
            j["pairs"].push_back({{"a", slots[p.a].name},
                                  {"b", slots[p.b].name},
                                  {"frames", p.frames},
                                  {"agreement", p.agreement},
                                  {"correlation", p.correlation},
                                  {"mean_abs_difference", p.mean_abs_difference}});
        for (const auto& d : comparison.largest)
            j["largest_disagreements"].push_back({{"frame", d.frame},
                                                  {"timecode", format_timecode(d.seconds)},
                                                  {"spread", d.spread}});
        std::cout << j.dump(1) << "\n";
        return kExitOk;
    }
    std::printf("%s (%s)\n\n%-12s %-12s %9s %7s %9s %9s\n", a.positional()[0].c_str(),
                outcome->analysis.spec.selection.c_str(), "checkpoint", "", "confident", "mean",
                "flagged", "threshold");
    for (const auto& c : outcome->checkpoints)
        std::printf("%-12s %-12s %9.3f %7.3f %8.0f%% %9.3f\n", c.name.c_str(),
                    c.verdict.fake ? "FAKE" : c.verdict.label(), c.verdict.confident,
                    c.verdict.mean, 100 * c.verdict.share_flagged, c.threshold);
    std::printf("\n%-25s %7s %10s %12s %9s\n", "pair", "frames", "agreement", "correlation",
                "mean |d|");
    for (const auto& p : comparison.pairs)
        std::printf("%-25s %7zu %9.0f%% %12.3f %9.3f\n",
                    (slots[p.a].name + " / " + slots[p.b].name).c_str(), p.frames,
                    100 * p.agreement, p.correlation, p.mean_abs_difference);
    std::printf("\nlargest disagreements:\n");
    for (const auto& d : comparison.largest)
        std::printf("  frame %-7lld %s  spread %.3f\n", static_cast<long long>(d.frame),
                    format_timecode(d.seconds).c_str(), d.spread);
    return kExitOk;
}

}  // namespace interceptor::cli
