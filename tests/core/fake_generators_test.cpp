// The generated fakes (sbi, xray, parts): each differs from its real only
// inside its mask, repeats with its seed, and its masks follow the landmarks;
// the image-folder layouts that training on face sets reads.
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

#include "core/analysis/face_crop.h"
#include "core/training/dataset.h"
#include "core/training/fake_generators.h"
#include "core/training/frame_samples.h"
#include "support/fake_checks.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;

namespace {

cv::Mat smooth_noise(int size, int seed) {
    cv::Mat image(size, size, CV_8UC3);
    cv::RNG(seed).fill(image, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(image, image, cv::Size(0, 0), 2.5);
    cv::normalize(image, image, 0, 255, cv::NORM_MINMAX);
    return image;
}

// A donor of another texture altogether (8 px squares), so that a paste shows.
cv::Mat squares(int size) {
    cv::Mat image(size, size, CV_8UC3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            image.at<cv::Vec3b>(y, x) =
                ((x / 8 + y / 8) % 2) ? cv::Vec3b(230, 200, 40) : cv::Vec3b(20, 60, 210);
    return image;
}

bool inside(const cv::Mat& mask, const cv::Point2f& p) {
    return mask.at<float>(cvRound(p.y), cvRound(p.x)) > 0.5f;
}

}  // namespace

TEST_CASE("each kind of generated fake differs from its real only inside its mask",
          "[training][fakes]") {
    const int size = 128;
    const cv::Mat target = smooth_noise(size, 1), donor = squares(size);
    for (const Profile profile : {Profile::FaceAligned, Profile::FaceTight})
        for (const FakeKind kind : {FakeKind::SelfBlend, FakeKind::OtherFace, FakeKind::OtherParts})
            for (unsigned seed = 0; seed < 12; ++seed) {  // covers alpha and Poisson blending
                INFO(profile_name(profile) << " " << fake_kind_name(kind) << " seed " << seed);
                const auto landmarks = aligned_template(size, profile);
                check_fake_changes_only_its_mask(kind, target, donor, landmarks, landmarks, seed,
                                                 2);
            }
}

TEST_CASE("the blending masks follow the landmarks", "[training][fakes]") {
    const int size = 160;
    const auto p = aligned_template(size, Profile::FaceAligned);
    const cv::Mat hull = face_hull_mask(cv::Size(size, size), p, 1.0);
    for (const auto& point : p) CHECK(inside(hull, point));
    CHECK_FALSE(inside(hull, cv::Point2f(2, 2)));
    CHECK_FALSE(inside(hull, cv::Point2f(size - 3, size - 3)));
    const cv::Mat eye = face_parts_mask(cv::Size(size, size), p, 1u);
    CHECK(inside(eye, p[0]));
    CHECK_FALSE(inside(eye, p[1]));
    CHECK_FALSE(inside(eye, (p[3] + p[4]) * 0.5f));
    const cv::Mat mouth = face_parts_mask(cv::Size(size, size), p, 8u);
    CHECK(inside(mouth, (p[3] + p[4]) * 0.5f));
    CHECK_FALSE(inside(mouth, p[0]));
    CHECK_FALSE(inside(mouth, p[2]));
    CHECK(cv::countNonZero(face_parts_mask(cv::Size(size, size), p, 15u)) >
          cv::countNonZero(eye) + cv::countNonZero(mouth));
}

TEST_CASE("kinds of fake are named, and those with a donor need an aligned profile",
          "[training][fakes]") {
    auto kinds = parse_fake_kinds("sbi,xray,parts");
    REQUIRE(kinds.ok());
    CHECK(kinds->size() == 3);
    auto bad = parse_fake_kinds("sbi,faceswap");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error(),
               Catch::Contains("faceswap") && Catch::Contains("sbi, xray, parts, swap"));
    SampleOptions options;
    options.profile = Profile::FaceCrop;
    options.fakes = {FakeKind::OtherFace};
    auto samples = FrameSamples::build({}, options, nullptr);
    REQUIRE_FALSE(samples.ok());
    CHECK_THAT(samples.error(), Catch::Contains("xray") && Catch::Contains("face_tight"));
}

TEST_CASE("face image folders are datasets: genuine faces alone, or real/ and fake/",
          "[training][dataset]") {
    TempDir dir;
    const cv::Mat face = smooth_noise(64, 3);
    std::filesystem::create_directories(dir.path() / "faces" / "more");
    cv::imwrite(dir.file("faces/a.jpg"), face);
    cv::imwrite(dir.file("faces/b.png"), face);
    cv::imwrite(dir.file("faces/more/c.bmp"), face);
    auto genuine = read_dataset(dir.file("faces"));  // detected: images at the top
    REQUIRE(genuine.ok());
    REQUIRE(genuine->size() == 3);
    for (const auto& item : *genuine) {
        CHECK(item.label == 0);
        CHECK(item.group == item.path);  // each image its own person
    }
    std::filesystem::create_directories(dir.path() / "set" / "real");
    std::filesystem::create_directories(dir.path() / "set" / "fake");
    cv::imwrite(dir.file("set/real/r.jpg"), face);
    cv::imwrite(dir.file("set/fake/f.jpg"), face);
    auto labelled = read_dataset(dir.file("set"), DatasetLayout::Folders);
    REQUIRE(labelled.ok());
    REQUIRE(labelled->size() == 2);
    CHECK(labelled->at(0).label + labelled->at(1).label == 1);
    auto empty = read_dataset(dir.file("set/real"), DatasetLayout::Folders);
    REQUIRE_FALSE(empty.ok());
    CHECK_THAT(empty.error(), Catch::Contains("no videos or images under real/ or fake/"));
}
