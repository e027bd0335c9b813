// report: the forensic PDF (and JSON, CSV) of a clip's stored analysis.
#include <QGuiApplication>

#include <filesystem>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/case/case_store.h"
#include "report/pdf_report.h"

namespace interceptor::cli {
namespace {

const char* kUsage =
    "usage: interceptor-cli report (CLIP | --case FILE) --out REPORT.pdf [--analysis ID] "
    "[--case-dir DIR]\n"
    "                              [--case-id ID] [--item-id ID] [--examiner NAME] [--organisation "
    "NAME]\n"
    "                              [--notes TEXT] [--json FILE] [--csv FILE] "
    "[--proceed-despite-mismatch] [--no-attribution] [--quiet]\n"
    "  Writes the report of the clip's stored analysis (the most recent unless --analysis\n"
    "  is given) from its case, without analysing again. The evidence is hashed again\n"
    "  first: if it no longer matches its intake, no report is written unless\n"
    "  --proceed-despite-mismatch is given, and then the mismatch is printed on page 1.\n"
    "  The case details given are saved in the case for later reports.\n"
    "  --case FILE  the case file itself (needed when the clip has changed or moved)\n"
    "  The top frames carry Grad-CAM attribution maps: each checkpoint file is loaded again\n"
    "  and must still match the SHA-256 the analysis recorded (--no-attribution: none).\n"
    "  --json FILE  the same facts as JSON;  --csv FILE  the per-frame results (the PDF names "
    "their SHA-256)\n";

}  // namespace

int report_command(const std::vector<std::string>& args) {
    Arguments a(args, {"--proceed-despite-mismatch", "--no-attribution", "--quiet", "--help"},
                {"--out", "--case", "--analysis", "--case-dir", "--case-id", "--item-id",
                 "--examiner", "--organisation", "--notes", "--json", "--csv"});
    if (a.has("--help")) return print_help(kUsage);
    auto usage = [](const std::string& problem) { return usage_error(problem, kUsage); };
    if (!a.error().empty()) return usage(a.error());
    if (!a.has("--out")) return usage("report needs --out REPORT.pdf");
    if (a.positional().size() + (a.has("--case") ? 1 : 0) != 1)
        return usage("report takes one CLIP or --case FILE");
    auto fail = [](const std::string& message) {
        std::cerr << "interceptor-cli: " << message << "\n";
        return kExitFailure;
    };
    std::string case_file = a.has("--case") ? a.value("--case") : "";
    if (case_file.empty()) {
        auto evidence = take_evidence(a.positional()[0]);
        if (!evidence) return fail(evidence.error());
        const std::string dir =
            a.has("--case-dir") ? a.value("--case-dir") : CaseStore::default_directory();
        case_file = CaseStore::file_for(dir, *evidence);
        if (!std::filesystem::exists(case_file))
            return fail(a.positional()[0] + ": no case for this clip in " + dir +
                        " (analyse it first, or give --case)");
    }
    auto store = CaseStore::open_existing(case_file);
    if (!store) return fail(store.error());

    GatherOptions options;
    options.analysis_id = a.integer("--analysis", 0);
    options.proceed_on_mismatch = a.has("--proceed-despite-mismatch");
    options.attribution = !a.has("--no-attribution");
    const std::vector<std::pair<const char*, std::string*>> details = {
        {"case_id", &options.details.case_id},
        {"item_id", &options.details.item_id},
        {"examiner", &options.details.examiner},
        {"organisation", &options.details.organisation},
        {"notes", &options.details.notes}};
    for (const auto& [key, field] : details) {
        std::string flag = std::string("--") + key;
        for (auto& ch : flag) ch = ch == '_' ? '-' : ch;
        if (!a.has(flag)) continue;
        *field = a.value(flag);
        if (auto saved = (*store)->set_detail(key, *field); !saved) return fail(saved.error());
    }
    auto data = gather_report(**store, options);
    if (!data) return fail(data.error());
    // Fonts and painting need a GUI application; offscreen needs no display.
    int argc = 3;
    char name[] = "interceptor-cli", platform[] = "-platform", offscreen[] = "offscreen";
    char* argv[] = {name, platform, offscreen, nullptr};
    QGuiApplication app(argc, argv);
    auto written = write_report(*data, {a.value("--out"), a.has("--json") ? a.value("--json") : "",
                                        a.has("--csv") ? a.value("--csv") : ""});
    if (!written) return fail(written.error());
    if (!a.has("--quiet")) {
        std::cout << "report " << data->report_id << " written to " << a.value("--out") << "\n";
        if (!data->recheck.unchanged)
            std::cout << "WARNING: evidence mismatch printed on page 1: "
                      << data->recheck.difference << "\n";
    }
    return kExitOk;
}

}  // namespace interceptor::cli
