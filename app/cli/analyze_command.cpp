// analyze: one or more clips (or folders of clips) with one or more checkpoints.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/analysis_options.h"
#include "cli/arguments.h"
#include "cli/case_run.h"
#include "cli/clip_shard.h"
#include "cli/commands.h"
#include "cli/face_options.h"
#include "core/case/json_records.h"
#include "core/media/media_files.h"

namespace interceptor::cli {
namespace {

const char* kUsage =
    "usage: interceptor-cli analyze CLIP|FOLDER... --checkpoint FILE [--checkpoint FILE ...]\n"
    "                               [--name NAME ...] [--all | --every N | --evenly N]\n"
    "                               [--threshold P] [--batch N] [--case-dir DIR]\n"
    "                               [--json FILE|-] [--csv FILE] [--shard K/N] [--quiet]\n"
    "                               [--face-detector yunet|haar] [--face-score S] ...\n"
    "  Scores the selected frames of each clip with every checkpoint in one pass and\n"
    "  prints a verdict per checkpoint: fake, real, or inconclusive where too few frames\n"
    "  could be scored (no face, damaged frames). Folders are searched for videos and\n"
    "  images; a clip that fails is reported and skipped, the rest go on.\n"
    "  Without --checkpoint: the shipped default detector, if one meets the default rule\n"
    "  (AUC >= 0.75 on hand-made composites, > 0.5 on real face swaps; README), else an\n"
    "  error that names the shipped experimental ones and why they are not the default.\n"
    "  Results go into the clip's case file as they come (in --case-dir, default\n"
    "  $INTERCEPTOR_CASE_DIR or ~/.local/share/interceptor/cases, named by the clip's\n"
    "  SHA-256): the same analysis again reads them back instead of recomputing, and\n"
    "  an interrupted one resumes where it stopped.\n"
    "  --name NAME     a name per checkpoint, in order (default: its file name, with the stage\n"
    "                  it records: Stage 2 (stage2_best))\n"
    "  --all           every frame;  --every N: every Nth frame;  --evenly N: N evenly\n"
    "                  spaced frames (default: --evenly 32)\n"
    "  --threshold P   decision threshold for every checkpoint (default: each checkpoint's\n"
    "                  calibrated threshold, else 0.5)\n"
    "  --json FILE     everything (evidence hashes, metadata, per-frame results) as JSON; - for\n"
    "                  stdout (the summary lines then go to stderr)\n"
    "  --csv FILE      per-frame results, one row per face (or frame) and checkpoint\n"
    "  --shard K/N     only part K (from 1) of N of the clips, chosen by a hash of each clip's\n"
    "                  path relative to its folder: N jobs with K = 1..N cover a collection\n"
    "                  once (each writing its own cases; `summary` merges them)\n"
    "  Face-based checkpoints score every face found; a frame's P(fake) is its most\n"
    "  suspicious face's, and faces are linked across frames into tracks (one per\n"
    "  person), each with its own verdict.\n"
    "exit codes: 0 every clip judged and none fake, 3 some clip judged fake by some checkpoint,\n"
    "            4 none fake but some clip inconclusive for some checkpoint,\n"
    "            1 a clip or checkpoint failed, 2 usage error\n";

constexpr int kExitFakeFound = 3;
constexpr int kExitInconclusive = 4;

// Each input, or for a folder every video and image in it (sorted); a folder with nothing to
// analyse is an error that names it. With a shard, only the clips whose key (the path relative
// to its folder, or as given) falls in it.
Result<std::vector<std::string>> expand(const std::vector<std::string>& inputs,
                                        const std::optional<Shard>& shard) {
    std::vector<std::string> clips;
    auto take = [&](const std::string& path, const std::string& key) {
        if (!shard || in_shard(key, *shard)) clips.push_back(path);
    };
    for (const auto& in : inputs) {
        if (!std::filesystem::is_directory(in)) {
            take(in, in);
            continue;
        }
        std::vector<std::filesystem::path> found;
        for (const auto& e : std::filesystem::recursive_directory_iterator(in))
            if (e.is_regular_file() && (is_video_file(e.path()) || is_image_file(e.path())))
                found.push_back(e.path());
        if (found.empty()) return Error{in + ": the folder holds no video or image to analyse"};
        std::sort(found.begin(), found.end());
        for (const auto& f : found)
            take(f.string(), std::filesystem::relative(f, in).generic_string());
    }
    return clips;
}

Json frame_json(const FrameResult& r, const std::vector<DetectorSlot>& slots) {
    Json j{{"frame", r.frame},
           {"pts", r.pts},
           {"seconds", r.seconds},
           {"timecode", r.timecode},
           {"decoded", r.decoded},
           {"pixel_sha256", r.pixel_sha256},
           {"light",
            {{"mean_luma", r.light.mean_luma},
             {"p5_luma", r.light.p5_luma},
             {"p95_luma", r.light.p95_luma},
             {"noise_sigma", r.light.noise_sigma},
             {"low_light", r.light.low_light}}}};
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const auto& c = r.per_checkpoint[s];
        Json k{{"checkpoint", slots[s].name}, {"applicable", c.applicable}};
        if (c.applicable) {
            k["p_fake"] = c.score.p_fake;
            k["logits"] = c.score.logits;
        } else {
            k["reason"] = c.reason;
        }
        if (c.face) k["face"] = {c.face->x, c.face->y, c.face->width, c.face->height};
        if (c.face_index >= 0) k["face_index"] = c.face_index;
        j["checkpoints"].push_back(k);
    }
    j["faces"] = faces_json(r);
    return j;
}

// One row per face and checkpoint (the frame's own row, face empty, where no face was scored:
// the whole frame, or nothing found).
void csv_rows(std::ostream& out, const std::string& clip, const FrameResult& r,
              const std::vector<DetectorSlot>& slots) {
    auto row = [&](std::size_t s, const std::string& face, const std::string& track, bool scored,
                   const std::string& reason, float p, const std::vector<float>& logits) {
        out << '"' << clip << "\"," << r.frame << ',' << r.pts << ',' << r.seconds << ','
            << r.timecode << ',' << r.pixel_sha256 << ",\"" << slots[s].name << "\"," << face << ','
            << track << ',' << (scored ? 1 : 0) << ",\"" << reason << "\",";
        if (scored && logits.size() == 2)
            out << p << ',' << logits[0] << ',' << logits[1];
        else
            out << ",,";
        out << ',' << r.light.mean_luma << ',' << r.light.noise_sigma << ','
            << (r.light.low_light ? 1 : 0) << '\n';
    };
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const auto& c = r.per_checkpoint[s];
        if (c.face_scores.empty()) {
            row(s, "", "", c.applicable, c.reason, c.score.p_fake, c.score.logits);
            continue;
        }
        for (std::size_t f = 0; f < c.face_scores.size() && f < r.faces.size(); ++f) {
            const auto& fs = c.face_scores[f];
            row(s, std::to_string(f), std::to_string(r.faces[f].track), !fs.logits.empty(),
                fs.logits.empty() ? "not cropped" : "", fs.p_fake, fs.logits);
        }
    }
}

// "track 1" for the summary line, or nothing where no track raised the finding.
std::string raised_by(const CheckpointSummary& c) {
    return c.raised_by_track >= 0 ? "  raised by track " + std::to_string(c.raised_by_track) : "";
}

}  // namespace

int analyze_command(const std::vector<std::string>& args) {
    std::set<std::string> flags = kAnalysisFlags, valued = kAnalysisValuedOptions;
    flags.insert({"--quiet", "--help"});
    valued.insert({"--json", "--csv", "--shard"});
    Arguments a(args, flags, valued);
    static const std::string help = std::string(kUsage) + kFaceOptionsHelp;
    if (a.has("--help")) return print_help(help.c_str());
    auto usage = [](const std::string& problem) { return usage_error(problem, help.c_str()); };
    if (!a.error().empty()) return usage(a.error());
    if (a.positional().empty()) return usage("analyze needs at least one CLIP or FOLDER");
    auto read = read_analysis_settings(a);
    if (!read) return usage(read.error());
    AnalysisSettings settings = *read;
    std::optional<Shard> shard;
    if (a.has("--shard")) {
        auto parsed = parse_shard(a.value("--shard"));
        if (!parsed) return usage(parsed.error());
        shard = *parsed;
    }
    const bool quiet = a.has("--quiet");
    ProgressDisplay progress(quiet);
    auto loaded = load_slots(a);
    if (!loaded) {
        std::cerr << "interceptor-cli: " << loaded.error() << "\n";
        return kExitFailure;
    }
    if (loaded->empty()) {
        auto shipped = shipped_default_slot();
        if (!shipped) return usage(shipped.error());
        std::cerr << "no --checkpoint: using the shipped default detector \"" << shipped->name
                  << "\"\n";
        loaded->push_back(std::move(*shipped));
    }
    const std::vector<DetectorSlot> slots = std::move(*loaded);

    // Rows are appended clip by clip as each finishes, so a long batch that is stopped keeps
    // what it did; the JSON, one document, is written whole at the end.
    std::ofstream csv;
    if (a.has("--csv")) {
        csv.open(a.value("--csv"));
        if (!csv) {
            std::cerr << "interceptor-cli: " << a.value("--csv") << ": cannot write\n";
            return kExitFailure;
        }
        csv << "clip,frame,pts,seconds,timecode,frame_sha256,checkpoint,face,track,applicable,"
               "reason,p_fake,logit_real,logit_fake,mean_luma,noise_sigma,low_light\n";
    }
    auto clips = expand(a.positional(), shard);
    if (!clips) {
        std::cerr << "interceptor-cli: " << clips.error() << "\n";
        return kExitFailure;
    }
    if (shard && !quiet)
        std::cerr << "shard " << shard->index << "/" << shard->count << ": " << clips->size()
                  << " clips\n";
    // With the JSON on standard output, the summary goes to standard error.
    FILE* summary = a.value("--json") == "-" ? stderr : stdout;
    Json report = Json::array();
    int status = kExitOk;
    bool fake_found = false, inconclusive = false;
    const std::string case_dir =
        a.has("--case-dir") ? a.value("--case-dir") : CaseStore::default_directory();
    for (const auto& clip : *clips) {
        if (!quiet) std::cerr << clip << "\n";
        auto run = run_case(clip, slots, settings, case_dir, progress);
        if (!run) {
            std::cerr << "interceptor-cli: " << run.error() << " (skipped)\n";
            status = kExitFailure;
            continue;
        }
        if (!quiet)
            std::cerr << "case " << run->store->file() << ": " << run->resumed_frames
                      << " frames from the case, "
                      << run->frames.size() - static_cast<std::size_t>(run->resumed_frames)
                      << " computed now\n";
        Json frames = Json::array();
        std::vector<std::int64_t> damaged;
        for (const auto& r : run->frames) {
            if (a.has("--json")) frames.push_back(frame_json(r, slots));
            if (csv.is_open()) csv_rows(csv, clip, r, slots);
            if (!r.decoded) damaged.push_back(r.frame);
        }
        const auto media = run->store->media();
        Json entry{{"clip", clip},
                   {"sha256", run->evidence.sha256},
                   {"md5", run->evidence.md5},
                   {"size", run->evidence.size},
                   {"case", run->store->file()},
                   {"analysis", run->analysis.id},
                   {"frames_from_case", run->resumed_frames},
                   {"frames_in_clip", media.frame_count},
                   {"selection", run->analysis.spec.selection},
                   {"face_detector", run->analysis.spec.face_detector},
                   {"damaged_frames", damaged}};
        for (const auto& c : run->checkpoints) {
            const auto& v = c.verdict;
            fake_found = fake_found || v.fake;
            inconclusive = inconclusive || !v.conclusive;
            std::fprintf(summary,
                         "%s  %-10s %-12s  confident %.3f  mean %.3f  max %.3f  flagged %zu/%zu "
                         "(%.0f %%)  threshold %.3f  not applicable %zu  damaged %zu  segments "
                         "%zu  tracks %zu%s\n",
                         clip.c_str(), c.name.c_str(), v.fake ? "FAKE" : v.label(), v.confident,
                         v.mean, v.max, v.flagged, v.scored, 100 * v.share_flagged, c.threshold,
                         v.not_applicable, v.damaged, v.segments.size(), c.tracks.size(),
                         raised_by(c).c_str());
            Json k = checkpoint_description_json(c);
            k.erase("metadata");
            k.update(verdict_json(v));
            k["raised_by_track"] = c.raised_by_track >= 0 ? Json(c.raised_by_track) : Json(nullptr);
            k["tracks"] = track_verdicts_json(c);
            entry["checkpoints"].push_back(k);
        }
        entry["frames"] = std::move(frames);
        report.push_back(std::move(entry));
    }
    if (a.has("--json")) {
        const std::string text = report.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
        if (a.value("--json") == "-") {
            std::cout << text;
        } else if (!write_output(a.value("--json"), text)) {
            return kExitFailure;
        }
    }
    if (status != kExitOk) return status;
    if (fake_found) return kExitFakeFound;
    return inconclusive ? kExitInconclusive : kExitOk;
}

}  // namespace interceptor::cli
