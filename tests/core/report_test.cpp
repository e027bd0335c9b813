// The forensic report end to end through interceptor-cli: a case analysed
// with two checkpoints is exported; pdftotext shows every required item with
// the right values and right page numbers; the printed command reproduces the
// per-frame scores; two exports differ only in time and identifier; a changed
// evidence file is refused, or printed on page 1 when told to proceed. The
// pages rendered with pdftoppm are kept as artefacts. An export killed at
// any moment leaves every file complete: the old one or the new one.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/case/case_store.h"
#include "core/media/component_versions.h"
#include "interceptor/model/io/digest.h"
#include "support/cli_process.h"
#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

std::string without_spaces(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
            s.end());
    return s;
}

// A clip analysed with two checkpoints into a case in dir/cases.
void analyse_two(const TempDir& dir, const std::string& clip) {
    const auto fixture = ParityFixture::load("small");
    int status = 0;
    run(cli() + " analyze '" + clip + "' --checkpoint '" + fixture.file("_training.pt") +
            "' --name 'Stage 1' --checkpoint '" + fixture.file("_bare.pt") +
            "' --name 'Stage 2' --every 5 --case-dir '" + dir.file("cases") + "' --quiet",
        &status);
    REQUIRE((status == 0 || status == 3));
}

std::string export_report(const TempDir& dir, const std::string& clip, const std::string& name,
                          const std::string& extra, int* status) {
    return run(cli() + " report '" + clip + "' --case-dir '" + dir.file("cases") + "' --out '" +
                   dir.file(name + ".pdf") + "' --json '" + dir.file(name + ".json") + "' --csv '" +
                   dir.file(name + ".csv") +
                   "' --case-id 2026-0042 --item-id EV-7 --examiner 'A. Examiner' --organisation "
                   "'Forensic Lab' "
                   "--notes 'Received on a USB stick.' " +
                   extra + " 2>&1",
               status);
}

// A report's printed "repeat the analysis" command, run in a fresh folder: the JSON it writes.
nlohmann::json run_repeat_command(const std::string& command) {
    TempDir again;
    int status = -1;
    run("cd '" + again.path().string() + "' && " + cli() +
            command.substr(std::string("interceptor-cli").size()) + " --quiet",
        &status);
    REQUIRE((status == 0 || status == 3));
    return nlohmann::json::parse(read(again.file("repeat.json")));
}

}  // namespace

TEST_CASE("the report holds every item, numbers its pages and repeats its analysis", "[report]") {
    TempDir dir;
    const std::string clip = generated_clip("long.mp4");
    const std::string before = file_state(clip);
    analyse_two(dir, clip);
    int status = 0;
    const std::string said = export_report(dir, clip, "report", "", &status);
    INFO(said);
    REQUIRE(status == 0);
    const std::string text = run("pdftotext '" + dir.file("report.pdf") + "' -");
    const std::string flat = without_spaces(text);
    const auto facts = nlohmann::json::parse(read(dir.file("report.json")));
    const auto evidence = digest_file(clip);

    // Case, evidence, hashes of the exported files.
    for (const char* item :
         {"2026-0042", "EV-7", "A. Examiner", "Forensic Lab", "Received on a USB stick."})
        CHECK(text.find(item) != std::string::npos);
    CHECK(text.find(evidence->sha256) != std::string::npos);
    CHECK(text.find(evidence->md5) != std::string::npos);
    CHECK(text.find("unchanged") != std::string::npos);
    CHECK(text.find(sha256_hex(read(dir.file("report.json")).data(),
                               read(dir.file("report.json")).size())) != std::string::npos);
    CHECK(text.find(sha256_hex(read(dir.file("report.csv")).data(),
                               read(dir.file("report.csv")).size())) != std::string::npos);
    // Stream metadata and frame counts.
    CHECK(text.find("100 (every 5th frame) of 500 in the clip") != std::string::npos);
    CHECK(text.find("h264") != std::string::npos);
    CHECK(text.find("320 x 240 stored") != std::string::npos);
    // Method: checkpoints, threshold origin, versions.
    for (const auto& c : facts["checkpoints"]) {
        CHECK(text.find(c["sha256"].get<std::string>()) != std::string::npos);
        CHECK(text.find("Checkpoint \"" + c["name"].get<std::string>() + "\"") !=
              std::string::npos);
        // Every fake segment with its timecodes.
        for (const auto& s : c["segments"])
            CHECK(flat.find(without_spaces(std::to_string(s["first_frame"].get<long>()) +
                                           std::to_string(s["last_frame"].get<long>()) +
                                           s["start"].get<std::string>() +
                                           s["end"].get<std::string>())) != std::string::npos);
    }
    CHECK(text.find("default 0.5") != std::string::npos);
    for (const auto& v : component_versions())
        CHECK(flat.find(without_spaces(v.name + " " + v.version)) != std::string::npos);
    for (const char* section :
         {"1. Case", "2. Evidence", "3. Method", "4. Results", "5. Comparison of checkpoints",
          "6. Bookmarks", "7. Limitations", "never proof", "does not prove the clip genuine",
          "inconclusive one says nothing", "Highest-scoring frames"})
        CHECK(flat.find(without_spaces(section)) != std::string::npos);  // lines may wrap
    // Every page says "Page k of N", with the right N.
    const int pages =
        std::stoi(run("pdfinfo '" + dir.file("report.pdf") + "' | awk '/^Pages:/ {print $2}'"));
    REQUIRE(pages >= 3);
    for (int k = 1; k <= pages; ++k) {
        const std::string page = run("pdftotext -f " + std::to_string(k) + " -l " +
                                     std::to_string(k) + " '" + dir.file("report.pdf") + "' -");
        CHECK(page.find("Page " + std::to_string(k) + " of " + std::to_string(pages)) !=
              std::string::npos);
        CHECK(page.find("Report " + facts["report_id"].get<std::string>()) != std::string::npos);
        CHECK(page.find("Case 2026-0042") != std::string::npos);
    }
    // The pages as pictures, kept for people to look at.
    const std::string artefacts = std::string(INTERCEPTOR_ARTEFACTS) + "/report";
    std::filesystem::create_directories(artefacts);
    REQUIRE(std::system(
                ("pdftoppm -r 70 -png '" + dir.file("report.pdf") + "' '" + artefacts + "/page'")
                    .c_str()) == 0);
    std::filesystem::copy_file(dir.file("report.pdf"), artefacts + "/report.pdf",
                               std::filesystem::copy_options::overwrite_existing);

    // The printed command, run again in a fresh folder, gives the same per-frame scores.
    const std::string command = facts["reproduce"].get<std::string>();
    CHECK(flat.find(without_spaces(command)) != std::string::npos);
    REQUIRE(command.rfind("interceptor-cli ", 0) == 0);
    const auto repeat = run_repeat_command(command);
    CHECK(repeat[0]["frames_from_case"] == 0);
    std::map<std::pair<long, std::string>, double> stored;
    std::istringstream csv(read(dir.file("report.csv")));
    std::string line;
    std::getline(csv, line);
    while (std::getline(csv, line)) {
        std::smatch m;
        REQUIRE(std::regex_search(line, m,
                                  std::regex(R"re(^(\d+),[^"]*"([^"]+)",1,"[^"]*",([^,]+),)re")));
        stored[{std::stol(m[1]), m[2]}] = std::stod(m[3]);
    }
    REQUIRE(stored.size() == 200);
    std::size_t compared = 0;
    for (const auto& f : repeat[0]["frames"])
        for (const auto& c : f["checkpoints"]) {
            CHECK(c["p_fake"].get<double>() ==
                  Approx(stored.at({f["frame"].get<long>(), c["checkpoint"].get<std::string>()}))
                      .margin(1e-5));
            ++compared;
        }
    CHECK(compared == 200);
    CHECK(file_state(clip) == before);
}

TEST_CASE("two exports of a case differ only in their creation time and report identifier",
          "[report]") {
    TempDir dir;
    const std::string clip = generated_clip("h264.mp4");
    analyse_two(dir, clip);
    int status = 0;
    export_report(dir, clip, "first", "", &status);
    REQUIRE(status == 0);
    export_report(dir, clip, "second", "", &status);
    REQUIRE(status == 0);
    // Both reports' identifiers and creation times are masked in both texts:
    // the analysis may have been updated in the very second the first report was written.
    std::vector<std::string> varying;
    for (const char* name : {"first", "second"}) {
        const auto facts = nlohmann::json::parse(read(dir.file(std::string(name) + ".json")));
        for (const char* key : {"report_id", "created_utc", "created_local"})
            varying.push_back(facts[key].get<std::string>());
    }
    auto masked = [&](const std::string& name) {
        std::string text = run("pdftotext '" + dir.file(name + ".pdf") + "' -");
        for (const auto& value : varying)
            for (auto at = text.find(value); at != std::string::npos; at = text.find(value))
                text.replace(at, value.size(), "<masked>");
        // The PDF names the JSON's hash, and the JSON holds the id and time.
        return std::regex_replace(text, std::regex("[0-9a-f]{64}"), "<hash>");
    };
    const std::string a = masked("first"), b = masked("second");
    CHECK(a.find("<masked>") != std::string::npos);
    CHECK(a == b);
    CHECK(read(dir.file("first.csv")) == read(dir.file("second.csv")));
}

TEST_CASE("a changed evidence file stops the report unless told to proceed", "[report]") {
    TempDir dir;
    const std::string clip = dir.file("evidence.mp4");
    std::filesystem::copy_file(generated_clip("h264.mp4"), clip);
    analyse_two(dir, clip);
    const std::string case_file = [&] {
        for (const auto& e : std::filesystem::directory_iterator(dir.file("cases")))
            if (e.path().extension() == ".icase") return e.path().string();
        return std::string();
    }();
    REQUIRE(!case_file.empty());
    {
        std::fstream f(clip, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(2000);
        const char byte = static_cast<char>(f.get() ^ 0x20);
        f.seekp(2000);
        f.put(byte);
    }
    int status = 0;
    const std::string refused =
        run(cli() + " report --case '" + case_file + "' --out '" + dir.file("r.pdf") + "' 2>&1",
            &status);
    CHECK(status == 1);
    CHECK(refused.find("no longer matches its intake") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("r.pdf")));
    run(cli() + " report --case '" + case_file + "' --out '" + dir.file("r.pdf") +
            "' --proceed-despite-mismatch",
        &status);
    CHECK(status == 0);
    const std::string first_page = run("pdftotext -l 1 '" + dir.file("r.pdf") + "' -");
    CHECK(first_page.find("EVIDENCE MISMATCH") != std::string::npos);
    CHECK(first_page.find("SHA-256 differs") != std::string::npos);
}

TEST_CASE("kill -9 during a report export leaves each file complete or as it was",
          "[report][kill]") {
    TempDir dir;
    const std::string clip = generated_clip("long.mp4");
    analyse_two(dir, clip);
    int status = 0;
    export_report(dir, clip, "report", "", &status);
    REQUIRE(status == 0);
    const std::string csv = read(dir.file("report.csv"));
    REQUIRE(!csv.empty());
    const std::vector<std::string> arguments = {"report",     clip,
                                                "--case-dir", dir.file("cases"),
                                                "--out",      dir.file("report.pdf"),
                                                "--json",     dir.file("report.json"),
                                                "--csv",      dir.file("report.csv")};
    // Kills spread over an export's life, from start-up to the last write.
    int killed = 0;
    for (int delay_ms : {30, 100, 200, 300, 400, 500, 650, 800, 1000, 1300, 1700, 2200}) {
        CliProcess export_run(arguments);
        REQUIRE(export_run.started());
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        const bool was_running = export_run.running();
        if (was_running && export_run.kill_now()) ++killed;
        INFO("killed after " << delay_ms << " ms: " << was_running);
        const std::string pdf = read(dir.file("report.pdf"));
        CHECK(pdf.rfind("%PDF-", 0) == 0);
        CHECK(pdf.find("%%EOF", pdf.size() > 8 ? pdf.size() - 8 : 0) != std::string::npos);
        CHECK(nlohmann::json::parse(read(dir.file("report.json")), nullptr, false).is_object());
        CHECK(read(dir.file("report.csv")) == csv);
        run("pdfinfo '" + dir.file("report.pdf") + "' >/dev/null 2>&1", &status);
        CHECK(status == 0);
    }
    INFO("exports killed while running: " << killed);
    CHECK(killed >= 3);
}

TEST_CASE(
    "a case file of schema 1 is upgraded, its analysis found again and reported exactly as before",
    "[report][case][upgrade]") {
    // tests/core/fixtures/case-v1: the demo clip's case as Interceptor wrote it before schema 2,
    // with that version's per-frame CSV and the demo checkpoints of that time (they have been
    // retrained since; tests/core/fixtures/make-case-v1.sh says how).
    const std::string fixtures =
        std::string(INTERCEPTOR_SOURCE_DIR) + "/tests/core/fixtures/case-v1";
    const std::string demo = std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/";
    const std::string clip = demo + "demo-clip.mp4";
    TempDir dir;
    auto evidence = take_evidence(clip);
    REQUIRE(evidence.ok());
    std::filesystem::create_directories(dir.file("cases"));
    const std::string case_file = CaseStore::file_for(dir.file("cases"), *evidence);
    std::filesystem::copy_file(fixtures + "/demo-clip.icase", case_file);

    int status = -1;
    const std::string said = export_report(dir, clip, "upgraded", "", &status);
    INFO(said);
    REQUIRE(status == 0);
    CHECK(read(dir.file("upgraded.csv")) == read(fixtures + "/report-frames.csv"));

    auto store = CaseStore::open_existing(case_file);
    REQUIRE(store.ok());
    auto history = (*store)->history();
    REQUIRE(history.ok());
    REQUIRE(history->size() == 1);
    CHECK(history->front().event.find("upgraded from schema 1 to 3") == 0);
    auto analyses = (*store)->analyses();
    REQUIRE(analyses.ok());
    REQUIRE(analyses->size() == 1);
    const auto stored = analyses->front();
    store->reset();

    // The same analysis asked for again (its faces were Haar's) is found under its new key:
    // nothing is recomputed.
    run(cli() + " analyze '" + clip + "' --checkpoint '" + fixtures +
            "/demo-stage1.pt' --checkpoint '" + fixtures +
            "/demo-stage2.pt' --every 25 --face-detector haar --case-dir '" + dir.file("cases") +
            "' --json '" + dir.file("again.json") + "' --quiet",
        &status);
    REQUIRE((status == 0 || status == 3));
    const auto again = nlohmann::json::parse(read(dir.file("again.json")));
    CHECK(again[0]["frames_from_case"] == stored.frames_stored);
    CHECK(stored.frames_stored == stored.total_frames);
}

TEST_CASE("the repeat command carries the face detector's settings", "[report]") {
    TempDir dir;
    const std::string demo = std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/";
    int status = -1;
    const std::string first = run(cli() + " analyze '" + demo + "demo-clip.mp4' --checkpoint '" +
                                      demo + "demo-stage2.pt' --name S2 --evenly 4 --face-score " +
                                      "0.8 --face-nms 0.25 --min-face 0.05 --case-dir '" +
                                      dir.file("cases") + "' --quiet --json -",
                                  &status);
    REQUIRE((status == 0 || status == 3));
    run(cli() + " report '" + demo + "demo-clip.mp4' --case-dir '" + dir.file("cases") +
            "' --out '" + dir.file("r.pdf") + "' --json '" + dir.file("r.json") +
            "' --no-attribution --quiet",
        &status);
    REQUIRE(status == 0);
    const std::string command =
        nlohmann::json::parse(read(dir.file("r.json")))["reproduce"].get<std::string>();
    INFO(command);
    CHECK(command.find("--face-score '0.8'") != std::string::npos);
    CHECK(command.find("--face-nms '0.25'") != std::string::npos);
    CHECK(command.find("--min-face '0.05'") != std::string::npos);
    CHECK(command.find("--face-detector") == std::string::npos);  // the default is left out
    // Run again in a fresh folder, it finds faces with the same settings.
    const auto repeat = run_repeat_command(command);
    CHECK(repeat[0]["face_detector"] == nlohmann::json::parse(first)[0]["face_detector"]);
    CHECK(repeat[0]["frames_from_case"] == 0);
}
