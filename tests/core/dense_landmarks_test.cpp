// The 68 landmarks (dense_landmarks.h) on the demo clip's real face, the masks made from them,
// the warped swap (its warp carries the donor's landmarks onto the target's; its fake differs
// from the real only inside its mask) and the errors of a missing or foreign model.
#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <random>

#include "core/analysis/face_crop.h"
#include "core/analysis/face_detector.h"
#include "core/media/video_decoder.h"
#include "core/training/dense_landmarks.h"
#include "core/training/fake_generators.h"
#include "core/training/frame_samples.h"
#include "support/fake_checks.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

constexpr int kSize = 160;
const Profile kProfile = Profile::FaceAligned;

std::shared_ptr<const DenseLandmarks> model() {
    static auto loaded = DenseLandmarks::load(DenseLandmarks::default_model_path());
    INFO(loaded.error());
    REQUIRE(loaded.ok());
    return *loaded;
}

// The aligned crop of the demo clip's face in frame `index` (genuine before frame 75).
cv::Mat demo_face(int index) {
    auto decoder =
        VideoDecoder::open(std::string(INTERCEPTOR_SOURCE_DIR) + "/resources/demo/demo-clip.mp4");
    REQUIRE(decoder.ok());
    auto detector = make_face_detector({});
    REQUIRE(detector.ok());
    auto frame = (*decoder)->frame(index);
    REQUIRE(frame.ok());
    auto faces = (*detector)->detect(frame->bgr);
    REQUIRE_FALSE(faces.empty());
    auto crop = face_crop(frame->bgr, faces.front(), kProfile, kSize);
    REQUIRE(crop.ok());
    return *crop;
}

cv::Point2f mean_of(const std::vector<cv::Point2f>& p, int first, int count) {
    cv::Point2f sum(0, 0);
    for (int i = first; i < first + count; ++i) sum += p[i];
    return sum / count;
}

bool inside(const cv::Mat& mask, const cv::Point2f& p) {
    return mask.at<float>(cvRound(p.y), cvRound(p.x)) > 0.5f;
}

}  // namespace

TEST_CASE("68 landmarks are found where the aligned face's features are", "[training][dense]") {
    const cv::Mat crop = demo_face(10);
    const auto five = aligned_template(kSize, kProfile);
    const auto p = model()->locate(crop, five);
    REQUIRE(p.size() == 68);
    // The crop was aligned by the detector's five points, so the 68's eyes, nose tip and mouth
    // corners land near the template's: within a quarter of the eye distance (8 px here). Not
    // on them: the alignment is the least-squares fit of one similarity, and this face's mouth
    // is narrower than the template's (measured: 6.5 px off at the corners, 4.5 at an eye).
    const double d = cv::norm(five[1] - five[0]), near = 0.25 * d;
    CHECK(cv::norm(mean_of(p, 36, 6) - five[0]) < near);
    CHECK(cv::norm(mean_of(p, 42, 6) - five[1]) < near);
    CHECK(cv::norm(p[30] - five[2]) < near);
    CHECK(cv::norm(p[48] - five[3]) < near);
    CHECK(cv::norm(p[54] - five[4]) < near);
    // The jaw runs from beside one eye, under the mouth, to beside the other.
    CHECK(p[0].x < five[0].x);
    CHECK(p[16].x > five[1].x);
    CHECK(p[8].y > five[3].y + 0.3 * d);
}

TEST_CASE("masks from 68 landmarks follow the face's own outline and features",
          "[training][dense][fakes]") {
    const auto p = model()->locate(demo_face(10), aligned_template(kSize, kProfile));
    const cv::Size size(kSize, kSize);
    const cv::Mat hull = face_hull_mask(size, p, 1.0);
    for (int i = 27; i < 68; ++i) CHECK(inside(hull, p[i]));  // nose, eyes, lips
    CHECK_FALSE(inside(hull, cv::Point2f(2, 2)));
    const cv::Mat first_eye = face_parts_mask(size, p, 1u), mouth = face_parts_mask(size, p, 8u);
    for (int i = 36; i < 42; ++i) CHECK(inside(first_eye, p[i]));
    for (int i = 42; i < 48; ++i) CHECK_FALSE(inside(first_eye, p[i]));
    for (int i = 48; i < 60; ++i) CHECK(inside(mouth, p[i]));
    CHECK_FALSE(inside(mouth, mean_of(p, 36, 6)));
    CHECK_FALSE(inside(mouth, p[27]));  // the top of the nose
}

TEST_CASE("the warp carries the donor's landmarks onto the target's", "[training][dense]") {
    const auto donor_points = model()->locate(demo_face(10), aligned_template(kSize, kProfile));
    // The target's face: the donor's points narrower, lower and turned a little.
    std::vector<cv::Point2f> target_points;
    const cv::Matx23f move = cv::getRotationMatrix2D(cv::Point2f(80, 80), 6, 0.9);
    for (const auto& q : donor_points)
        target_points.emplace_back(move(0, 0) * q.x + move(0, 1) * q.y + move(0, 2),
                                   move(1, 0) * q.x + move(1, 1) * q.y + move(1, 2) + 4);
    // A donor that is dark but for a spot at each of its landmarks.
    cv::Mat donor = cv::Mat::zeros(kSize, kSize, CV_8UC3);
    for (const auto& q : donor_points) cv::circle(donor, q, 2, cv::Scalar::all(255), cv::FILLED);
    const cv::Mat warped = warped_onto(donor, donor_points, target_points);
    REQUIRE(warped.size() == donor.size());
    int carried = 0, inside_crop = 0;
    for (int i = 17; i < 68; ++i) {  // the points the crop holds (the jaw may leave it)
        const cv::Point at(cvRound(target_points[i].x), cvRound(target_points[i].y));
        if (!cv::Rect(0, 0, kSize, kSize).contains(at)) continue;
        ++inside_crop;
        carried += warped.at<cv::Vec3b>(at)[0] > 128;
    }
    INFO(carried << " of " << inside_crop << " spots where the target's landmarks are");
    CHECK(carried >= inside_crop - 2);  // spots on a fold between triangles may smear
    // Without the warp most spots would miss: the move is several pixels at the face's edge.
    int unmoved = 0;
    for (int i = 17; i < 68; ++i) {
        const cv::Point at(cvRound(target_points[i].x), cvRound(target_points[i].y));
        unmoved += donor.at<cv::Vec3b>(at)[0] > 128;
    }
    CHECK(unmoved < inside_crop / 2);
}

TEST_CASE("every kind of fake from 68 landmarks differs from its real only inside its mask",
          "[training][dense][fakes]") {
    const cv::Mat target = demo_face(10), donor = demo_face(60);
    const auto five = aligned_template(kSize, kProfile);
    const auto target_points = model()->locate(target, five);
    const auto donor_points = model()->locate(donor, five);
    for (const FakeKind kind :
         {FakeKind::SelfBlend, FakeKind::OtherFace, FakeKind::OtherParts, FakeKind::WarpedSwap})
        for (unsigned seed = 0; seed < 8; ++seed) {  // alpha and Poisson blending
            INFO(fake_kind_name(kind) << " seed " << seed);
            check_fake_changes_only_its_mask(kind, target, donor, target_points, donor_points, seed,
                                             1);
        }
}

TEST_CASE("the swap needs 68 landmarks, and a missing or foreign model is named",
          "[training][dense]") {
    SampleOptions options;
    options.profile = Profile::FaceTight;
    options.fakes = {FakeKind::WarpedSwap};
    auto samples = FrameSamples::build({}, options, nullptr);
    REQUIRE_FALSE(samples.ok());
    CHECK_THAT(samples.error(), Catch::Contains("swap") && Catch::Contains("--landmarks 68"));
    options.fakes = {FakeKind::SelfBlend};
    options.dense_landmarks = true;
    options.profile = Profile::FaceCrop;
    samples = FrameSamples::build({}, options, nullptr);
    REQUIRE_FALSE(samples.ok());
    CHECK_THAT(samples.error(), Catch::Contains("aligned"));

    TempDir dir;
    auto missing = DenseLandmarks::load(dir.file("none.dat"));
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error(), Catch::Contains("none.dat") && Catch::Contains("absent"));
    std::ofstream(dir.file("foreign.dat")) << "not a shape predictor at all";
    auto foreign = DenseLandmarks::load(dir.file("foreign.dat"));
    REQUIRE_FALSE(foreign.ok());
    CHECK_THAT(foreign.error(),
               Catch::Contains("foreign.dat") && Catch::Contains("not a dlib shape predictor"));
}
