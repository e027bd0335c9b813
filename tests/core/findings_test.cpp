// What an investigator is told: no verdict without evidence (the CLI line, JSON, report text
// and exit code of a clip where no face was found, and of one where one frame of eight could
// be scored), the demo clip's one manipulated segment, standard output that is only JSON with
// --json -, folders of photographs, stills of every format, and frames the decoder concealed
// errors in (damaged, never scored).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support/clips.h"
#include "support/parity_fixture.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor::test;

namespace {

const std::string kDemo = std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/";

std::string analyse(const TempDir& dir, const std::string& inputs, const std::string& extra,
                    int* status) {
    return run(cli() + " analyze " + inputs + " --checkpoint '" + kDemo +
                   "demo-stage2.pt' --name S2 --case-dir '" + dir.file("cases") + "' --quiet " +
                   extra,
               status);
}

}  // namespace

TEST_CASE("a clip where no face was found is inconclusive everywhere, never real", "[findings]") {
    TempDir dir;
    const std::string clip = "'" + generated_clip("noface.mp4") + "'";
    int status = -1;
    const std::string line =
        analyse(dir, clip, "--evenly 8 --json '" + dir.file("a.json") + "'", &status);
    INFO(line);
    CHECK(status == 4);
    CHECK(line.find("inconclusive") != std::string::npos);
    CHECK(line.find(" real ") == std::string::npos);
    const auto j = nlohmann::json::parse(read(dir.file("a.json")));
    const auto& c = j[0]["checkpoints"][0];
    CHECK(c["verdict"] == "inconclusive");
    CHECK(c["scored"] == 0);
    CHECK(c["not_applicable"] == 8);
    CHECK(c["inconclusive_reason"].get<std::string>().find("0 of 8 selected frames") == 0);

    run(cli() + " report " + clip + " --case-dir '" + dir.file("cases") + "' --out '" +
            dir.file("r.pdf") + "' --quiet",
        &status);
    REQUIRE(status == 0);
    const std::string text = run("pdftotext '" + dir.file("r.pdf") + "' -");
    CHECK(text.find("Checkpoint \"S2\": INCONCLUSIVE") != std::string::npos);
    CHECK(text.find("Checkpoint \"S2\": not flagged") == std::string::npos);
    CHECK(text.find("No finding") != std::string::npos);
}

TEST_CASE("one frame of eight scored gives no verdict", "[findings]") {
    // The demo clip's first frame, then seven frames of a test pattern: one face in eight.
    TempDir dir;
    const std::string clip = dir.file("one-face.mp4");
    const std::string make =
        "ffmpeg -hide_banner -loglevel error -y -i '" + kDemo +
        "demo-clip.mp4' -f lavfi -i testsrc2=size=640x480:rate=25:duration=0.28 -filter_complex "
        "\"[0:v]trim=end_frame=1,scale=640:480,setsar=1[a];[1:v]setsar=1[b];[a][b]concat=n=2:v=1\" "
        "-c:v libx264 -g 1 '" +
        clip + "'";
    REQUIRE(std::system(make.c_str()) == 0);
    int status = -1;
    const std::string said = analyse(dir, "'" + clip + "'", "--all --json -", &status);
    INFO(said);
    const auto j = nlohmann::json::parse(said);  // --json -: nothing but JSON on stdout
    const auto& c = j[0]["checkpoints"][0];
    CHECK(j[0]["frames"].size() == 8);
    CHECK(c["scored"] == 1);
    CHECK(c["verdict"] == "inconclusive");
    CHECK(status == 4);
}

TEST_CASE("the demo clip's manipulation is one segment covering its stretch", "[findings]") {
    TempDir dir;
    int status = -1;
    const std::string said =
        analyse(dir, "'" + kDemo + "demo-clip.mp4'", "--all --json -", &status);
    const auto j = nlohmann::json::parse(said);
    const auto& c = j[0]["checkpoints"][0];
    CHECK(c["verdict"] == "fake");
    CHECK(status == 3);
    REQUIRE(c["segments"].size() == 1);
    // The demo was manipulated from 3.0 s to 6.5 s (frames 75-162 at 25 frames/s).
    const double start = c["segments"][0]["first_frame"].get<double>() / 25;
    const double end = (c["segments"][0]["last_frame"].get<double>() + 1) / 25;
    const double overlap = std::max(0.0, std::min(end, 6.5) - std::max(start, 3.0));
    const double iou = overlap / (std::max(end, 6.5) - std::min(start, 3.0));
    INFO("segment " << start << " - " << end << " s, IoU " << iou);
    CHECK(iou >= 0.8);
}

TEST_CASE("folders yield their photographs, and an empty folder is an error", "[findings]") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("photos/more"));
    std::filesystem::copy_file(generated_clip("still-444.jpg"), dir.file("photos/a.jpg"));
    std::filesystem::copy_file(generated_clip("still.png"), dir.file("photos/more/b.png"));
    int status = -1;
    const std::string said =
        analyse(dir, "'" + dir.file("photos") + "'", "--all --json -", &status);
    const auto j = nlohmann::json::parse(said);
    REQUIRE(j.size() == 2);
    for (const auto& clip : j) {
        INFO(clip["clip"]);
        CHECK(clip["frames"][0]["decoded"] == true);  // a JPEG photograph decodes
        CHECK(clip["checkpoints"][0]["damaged"] == 0);
    }
    std::filesystem::create_directories(dir.file("empty"));
    const std::string error = run(cli() + " analyze '" + dir.file("empty") + "' --checkpoint '" +
                                      kDemo + "demo-stage2.pt' --quiet 2>&1",
                                  &status);
    CHECK(status == 1);
    CHECK(error.find("holds no video or image to analyse") != std::string::npos);
}

TEST_CASE("a frame decoded with concealed errors is damaged, never scored", "[findings]") {
    TempDir dir;
    const auto fixture = ParityFixture::load("small");  // whole frames: every clean frame scores
    int status = -1;
    const std::string out =
        run(cli() + " analyze '" + generated_clip("damaged.mp4") + "' --checkpoint '" +
                fixture.file("_training.pt") + "' --name W --all --case-dir '" + dir.file("cases") +
                "' --quiet --json -",
            &status);
    INFO(out);
    const auto j = nlohmann::json::parse(out);
    const auto& c = j[0]["checkpoints"][0];
    std::size_t undecoded = 0, concealed = 0;
    for (const auto& f : j[0]["frames"]) {
        if (f["decoded"] == true) continue;
        ++undecoded;
        const auto& k = f["checkpoints"][0];
        CHECK(k["applicable"] == false);
        CHECK_FALSE(k.contains("p_fake"));
        concealed +=
            k["reason"].get<std::string>().rfind("frame decoded with errors", 0) == 0 ? 1 : 0;
    }
    CHECK(concealed >= 1);
    CHECK(c["damaged"] == undecoded);
    CHECK(c["scored"] == 75 - undecoded);
    CHECK(j[0]["damaged_frames"].size() == undecoded);
}
