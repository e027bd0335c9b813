// Where the network looks (Grad-CAM, attribution.h and frame_attribution.h): on faces
// self-blended in the test, the demo checkpoint that detects such blends puts more of its
// attribution inside the blend mask than outside it; the map is placed on the face it explains;
// the report draws it for its top frames and says why not when the checkpoint file changed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <random>

#include "core/analysis/face_crop.h"
#include "core/analysis/face_detector.h"
#include "core/analysis/frame_attribution.h"
#include "core/media/video_decoder.h"
#include "core/training/fake_generators.h"
#include "interceptor/model/inference/preprocess.h"
#include "support/shell.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

const std::string kDemo = std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/";

std::unique_ptr<Attributor> demo_attributor(const std::string& file = "demo-stage2.pt") {
    auto checkpoint = Checkpoint::load(kDemo + file);
    REQUIRE(checkpoint.ok());
    auto made = Attributor::create(*checkpoint, DevicePreference::Cpu);
    INFO(made.error());
    REQUIRE(made.ok());
    return std::move(*made);
}

// Genuine frames of the demo clip (it is manipulated from frame 75 on) with their largest face.
std::vector<std::pair<cv::Mat, Face>> genuine_faces(int count) {
    auto decoder = VideoDecoder::open(kDemo + "demo-clip.mp4");
    REQUIRE(decoder.ok());
    auto detector = make_face_detector({});
    REQUIRE(detector.ok());
    std::vector<std::pair<cv::Mat, Face>> out;
    for (int i = 0; i < count; ++i) {
        auto frame = (*decoder)->frame(i * 70 / count);
        REQUIRE(frame.ok());
        auto faces = (*detector)->detect(frame->bgr);
        REQUIRE_FALSE(faces.empty());
        out.emplace_back(frame->bgr, faces.front());
    }
    return out;
}

double mean_where(const cv::Mat& map, const cv::Mat& mask) { return cv::mean(map, mask)[0]; }

}  // namespace

TEST_CASE("attribution lies inside the blend mask of self-blended faces", "[attribution]") {
    // Half a face blended, the left half or the right: a map that only favours the middle of the
    // picture (where faces are) cannot tell the two halves apart, an attribution of the blend can.
    auto attributor = demo_attributor();
    const int size = attributor->config().input_size;
    const Profile profile = Profile::FaceCrop;  // what the demo checkpoints record
    std::mt19937 random(11);
    FrameBatch batch{0, size, {}};
    std::vector<cv::Mat> blended, untouched;
    int sample = 0;
    for (const auto& [bgr, face] : genuine_faces(12)) {
        auto crop = face_crop(bgr, face, profile, size);
        REQUIRE(crop.ok());
        for (int side = 0; side < 2; ++side, ++sample) {
            auto fake = generate_fake(FakeKind::SelfBlend, *crop, {}, {}, {}, random);
            cv::Mat half = cv::Mat::zeros(size, size, CV_32F);
            half(cv::Rect(side * size / 2, 0, size / 2, size)).setTo(1.0f);
            cv::Mat mask = fake.mask.mul(half), weight, picture;
            cv::merge(std::vector<cv::Mat>(3, mask), weight);
            cv::Mat fake_f, crop_f;
            fake.image.convertTo(fake_f, CV_32FC3);
            crop->convertTo(crop_f, CV_32FC3);
            cv::Mat mixed = fake_f.mul(weight) + crop_f.mul(cv::Scalar::all(1) - weight);
            mixed.convertTo(picture, CV_8UC3);
            append_whole_frame(picture, batch);
            cv::Mat mirrored;
            cv::flip(mask, mirrored, 1);
            blended.push_back(mask > 0.5f);
            untouched.push_back(mirrored > 0.5f);
        }
    }
    auto explained = attributor->explain(batch);
    INFO(explained.error());
    REQUIRE(explained.ok());
    REQUIRE(explained->size() == blended.size());
    double p = 0, inside = 0, outside = 0;
    int more_inside = 0;
    for (std::size_t i = 0; i < blended.size(); ++i) {
        const auto& a = (*explained)[i];
        REQUIRE(a.map.rows == size);
        REQUIRE(a.map.type() == CV_32F);
        CHECK(a.grid == size / 32);
        double lo = 0, hi = 0;
        cv::minMaxLoc(a.map, &lo, &hi);
        CHECK(lo >= 0);
        CHECK(hi <= 1.0 + 1e-6);
        p += a.p_fake;
        const double in = mean_where(a.map, blended[i]), out = mean_where(a.map, untouched[i]);
        inside += in;
        outside += out;
        more_inside += in > out ? 1 : 0;
    }
    const double n = static_cast<double>(blended.size());
    INFO("mean P(fake) " << p / n << ", attribution in the blended half " << inside / n
                         << ", in the other " << outside / n << ", more inside in " << more_inside
                         << " of " << n);
    REQUIRE(p / n > 0.5);  // the checkpoint detects these blends
    CHECK(inside / n > outside / n);
}

TEST_CASE("an attribution is placed on the face it explains", "[attribution]") {
    auto attributor = demo_attributor();
    const auto faces = genuine_faces(1);
    const auto& [bgr, face] = faces.front();
    auto placed = attribute_frame(*attributor, bgr, Profile::FaceCrop, face);
    INFO(placed.error());
    REQUIRE(placed.ok());
    REQUIRE(placed->place.has_value());
    const double half = attributor->config().input_size / 2.0;
    const cv::Vec3d centre(half, half, 1.0);
    const cv::Vec2d on_frame = *placed->place * centre;
    CHECK(face.box.contains(
        cv::Point2f(static_cast<float>(on_frame[0]), static_cast<float>(on_frame[1]))));
    // The same P(fake) as the crop explained directly.
    FrameBatch batch{0, attributor->config().input_size, {}};
    append_whole_frame(*face_crop(bgr, face, Profile::FaceCrop, batch.size), batch);
    CHECK(attributor->explain(batch)->front().p_fake ==
          Approx(placed->attribution.p_fake).margin(1e-6));

    auto whole = attribute_frame(*attributor, bgr, Profile::WholeFrame, std::nullopt);
    REQUIRE(whole.ok());
    CHECK_FALSE(whole->place.has_value());
    CHECK(attribute_frame(*attributor, bgr, Profile::FaceCrop, std::nullopt).error() ==
          "no face was scored in this frame");
    CHECK(attributor->explain(FrameBatch{1, 64, std::vector<float>(3 * 64 * 64)}).error() ==
          "the pictures to explain are not 128x128 RGB, as the network expects");
}

TEST_CASE("the report draws attribution for its top frames, and says why not", "[attribution]") {
    TempDir dir;
    const std::string checkpoint = dir.file("stage2.pt");
    std::filesystem::copy_file(kDemo + "demo-stage2.pt", checkpoint);
    int status = 0;
    run(cli() + " analyze '" + kDemo + "demo-clip.mp4' --checkpoint '" + checkpoint +
            "' --name S2 --every 25 --case-dir '" + dir.file("cases") + "' --quiet",
        &status);
    REQUIRE(status != 1);
    auto report = [&](const std::string& name) {
        int rc = 0;
        std::string out = run(cli() + " report '" + kDemo + "demo-clip.mp4' --case-dir '" +
                                  dir.file("cases") + "' --out '" + dir.file(name + ".pdf") +
                                  "' --json '" + dir.file(name + ".json") + "' --quiet 2>&1",
                              &rc);
        INFO(out);
        REQUIRE(rc == 0);
        return nlohmann::json::parse(read(dir.file(name + ".json")))["checkpoints"][0];
    };
    const auto drawn = report("drawn");
    CHECK(drawn["attribution"].get<std::string>().rfind("Grad-CAM", 0) == 0);
    CHECK(drawn["attribution"].get<std::string>().find("4 x 4 grid") != std::string::npos);
    REQUIRE(drawn["top_frames"].size() == 4);
    for (const auto& t : drawn["top_frames"]) CHECK(t["attribution_drawn"] == true);
    const std::string text = run("pdftotext -layout '" + dir.file("drawn.pdf") + "' -");
    CHECK(text.find("attribution: Grad-CAM") != std::string::npos);

    // Another file in the checkpoint's place: no map is drawn from it, and the report says why.
    std::filesystem::copy_file(kDemo + "demo-stage1.pt", checkpoint,
                               std::filesystem::copy_options::overwrite_existing);
    const auto changed = report("changed");
    CHECK(changed["attribution"].get<std::string>().find("has changed since the analysis") !=
          std::string::npos);
    for (const auto& t : changed["top_frames"]) CHECK(t["attribution_drawn"] == false);
}
