// summary: the cases of a collection (one folder per shard, or one for all) merged into one
// table, read from the case files without analysing again.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/case/case_store.h"
#include "core/case/json_records.h"
#include "core/media/decoded_frame.h"

namespace interceptor::cli {
namespace {

const char* kUsage =
    "usage: interceptor-cli summary CASE_DIR... [--json FILE|-] [--csv FILE]\n"
    "  One table of the clips whose cases are in the folders given (the .icase files that\n"
    "  analyze --case-dir wrote, such as one folder per --shard): per clip and checkpoint of\n"
    "  its most recent analysis, the verdict (fake, real, inconclusive), the scores, the frames\n"
    "  scored and the segments found. Nothing is analysed again. A clip whose case is in\n"
    "  more than one folder (the same SHA-256) is listed once, from the most recently updated\n"
    "  analysis. A case that cannot be read is reported and left out (exit code 1).\n"
    "  --json FILE  the same as JSON (- for stdout: the table then goes to stderr)\n"
    "  --csv FILE   one row per clip and checkpoint\n";

struct ClipSummary {
    std::string case_file;
    EvidenceRecord evidence;
    StoredAnalysis analysis;
    std::vector<CheckpointSummary> checkpoints;
};

Result<std::optional<ClipSummary>> read_case(const std::string& file) {
    auto store = CaseStore::open_existing(file);
    if (!store) return Error{store.error()};
    auto analyses = (*store)->analyses();
    if (!analyses) return Error{analyses.error()};
    if (analyses->empty()) return std::optional<ClipSummary>();
    const auto latest = std::max_element(analyses->begin(), analyses->end(),
                                         [](const StoredAnalysis& a, const StoredAnalysis& b) {
                                             return a.updated_utc < b.updated_utc;
                                         });
    auto summaries = (*store)->summaries(latest->id);
    if (!summaries) return Error{summaries.error()};
    return std::optional<ClipSummary>(
        ClipSummary{file, (*store)->evidence(), *latest, std::move(*summaries)});
}

std::string segment_list(const VideoVerdict& v) {
    std::string out;
    for (const auto& s : v.segments)
        out += (out.empty() ? "" : " ") + format_timecode(s.start_seconds) + "-" +
               format_timecode(s.end_seconds);
    return out;
}

}  // namespace

int summary_command(const std::vector<std::string>& args) {
    Arguments a(args, {"--help"}, {"--json", "--csv"});
    if (a.has("--help")) return print_help(kUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (a.positional().empty()) return usage("summary needs at least one CASE_DIR");

    int status = kExitOk;
    std::map<std::string, ClipSummary> clips;  // by SHA-256: each clip once
    for (const auto& dir : a.positional()) {
        if (!std::filesystem::is_directory(dir)) {
            std::cerr << "interceptor-cli: " << dir << ": not a folder of cases\n";
            status = kExitFailure;
            continue;
        }
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.is_regular_file() && e.path().extension() == ".icase")
                files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            auto read = read_case(file);
            if (!read) {
                std::cerr << "interceptor-cli: " << read.error() << " (left out)\n";
                status = kExitFailure;
                continue;
            }
            if (!*read) continue;  // a case opened but never analysed
            auto& slot = clips[(*read)->evidence.sha256];
            if (slot.case_file.empty() || slot.analysis.updated_utc < (*read)->analysis.updated_utc)
                slot = std::move(**read);
        }
    }

    const bool json_out = a.value("--json") == "-";
    std::ostream& table = json_out ? std::cerr : std::cout;
    std::map<std::string, std::size_t> counts;
    Json all = Json::array();
    std::ostringstream csv;
    csv << "clip,sha256,case,analysis,checkpoint,verdict,confident,mean,max,scored,flagged,"
           "not_applicable,damaged,segments\n";
    for (const auto& [sha, c] : clips) {
        Json entry{{"clip", c.evidence.path},
                   {"sha256", sha},
                   {"md5", c.evidence.md5},
                   {"case", c.case_file},
                   {"analysis", c.analysis.id},
                   {"status", status_name(c.analysis.status)},
                   {"selection", c.analysis.spec.selection},
                   {"checkpoints", Json::array()}};
        for (const auto& k : c.checkpoints) {
            const auto& v = k.verdict;
            ++counts[v.label()];
            char line[160];
            std::snprintf(line, sizeof line, "  %-12s %-12s confident %.3f  max %.3f  scored %zu",
                          k.name.c_str(), v.label(), v.confident, v.max, v.scored);
            table << c.evidence.path << "  " << sha.substr(0, 12) << line
                  << (v.segments.empty() ? "" : "  segments " + segment_list(v)) << "\n";
            Json j{{"checkpoint", k.name}, {"checkpoint_sha256", k.sha256}};
            j.update(verdict_json(v));
            entry["checkpoints"].push_back(j);
            csv << csv_field(c.evidence.path) << "," << sha << "," << csv_field(c.case_file) << ","
                << c.analysis.id << "," << csv_field(k.name) << "," << v.label() << ","
                << v.confident << "," << v.mean << "," << v.max << "," << v.scored << ","
                << v.flagged << "," << v.not_applicable << "," << v.damaged << ","
                << csv_field(segment_list(v)) << "\n";
        }
        all.push_back(std::move(entry));
    }
    table << clips.size() << " clips;";
    for (const auto& [label, n] : counts) table << " " << n << " " << label;
    table << " (clip and checkpoint pairs)\n";
    if (a.has("--json")) {
        if (json_out)
            std::cout << all.dump(2) << "\n";
        else if (!write_output(a.value("--json"), all.dump(2) + "\n"))
            status = kExitFailure;
    }
    if (a.has("--csv") && !write_output(a.value("--csv"), csv.str())) status = kExitFailure;
    return status;
}

}  // namespace interceptor::cli
