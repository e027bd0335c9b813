// The training data side: tiny datasets in every supported layout built from
// generated clips, split rules (groups never straddle sides, official test
// lists stay test), frame sampling and its cache, a corrupt clip, and the
// self-blended fakes and augmentation.
#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/training/augment.h"
#include "core/training/clip_sampler.h"
#include "core/training/dataset.h"
#include "core/training/dataset_split.h"
#include "core/training/frame_samples.h"
#include "core/training/self_blend.h"
#include "support/clips.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;
namespace fs = std::filesystem;

namespace {

// A copy of a small generated clip at root/relative.
void clip_at(const fs::path& root, const std::string& relative) {
    fs::create_directories((root / relative).parent_path());
    fs::copy_file(generated_clip("h264.mp4"), root / relative,
                  fs::copy_options::overwrite_existing);
}

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

std::map<std::string, VideoItem> by_name(const std::vector<VideoItem>& items) {
    std::map<std::string, VideoItem> out;
    for (const auto& i : items) out[fs::path(i.path).filename().string()] = i;
    return out;
}

}  // namespace

TEST_CASE("FaceForensics++: labels, pairs tied together, official test split",
          "[training][dataset]") {
    TempDir dir;
    const fs::path root = dir.path() / "ffpp";
    for (const char* id : {"000", "001", "002", "003"})
        clip_at(root, std::string("original_sequences/youtube/c23/videos/") + id + ".mp4");
    clip_at(root, "manipulated_sequences/Deepfakes/c23/videos/000_001.mp4");
    clip_at(root, "manipulated_sequences/FaceSwap/c23/videos/002_003.mp4");
    write(root / "splits/test.json", R"([["002", "003"]])");
    auto items = read_dataset(root.string());
    INFO(items.error());
    REQUIRE(items.ok());
    REQUIRE(items->size() == 6);
    auto named = by_name(*items);
    CHECK(named["000_001.mp4"].label == 1);
    CHECK(named["000.mp4"].label == 0);
    // Target and source identities together.
    CHECK(named["000_001.mp4"].group == named["001.mp4"].group);
    CHECK(named["000.mp4"].group == named["001.mp4"].group);
    CHECK(named["002.mp4"].group != named["000.mp4"].group);
    CHECK(named["002_003.mp4"].split == "test");
    CHECK(named["003.mp4"].split == "test");
    CHECK(named["000.mp4"].split.empty());
}

TEST_CASE("Celeb-DF v2: the testing list is the test split, swapped identities share a group",
          "[training][dataset]") {
    TempDir dir;
    const fs::path root = dir.path() / "celeb";
    for (const char* f :
         {"Celeb-real/id0_0000.mp4", "Celeb-real/id1_0000.mp4", "YouTube-real/00000.mp4",
          "Celeb-synthesis/id0_id1_0000.mp4", "Celeb-synthesis/id2_id3_0000.mp4"})
        clip_at(root, f);
    write(root / "List_of_testing_videos.txt",
          "1 YouTube-real/00000.mp4\n0 Celeb-synthesis/id2_id3_0000.mp4\n");
    auto items = read_dataset(root.string(), DatasetLayout::CelebDF);
    REQUIRE(items.ok());
    auto named = by_name(*items);
    CHECK(named["id0_id1_0000.mp4"].label == 1);
    CHECK(named["00000.mp4"].label == 0);
    CHECK(named["00000.mp4"].split == "test");
    CHECK(named["id2_id3_0000.mp4"].split == "test");
    CHECK(named["id0_0000.mp4"].group == named["id1_0000.mp4"].group);
    CHECK(named["id0_0000.mp4"].group == named["id0_id1_0000.mp4"].group);
}

TEST_CASE("WildDeepfake, DFDC, CSV and plain folders", "[training][dataset]") {
    TempDir dir;
    const fs::path wild = dir.path() / "wild";
    fs::create_directories(wild / "real_train/source7/clip0");
    const cv::Mat frame(64, 64, CV_8UC3, cv::Scalar(40, 90, 160));
    for (int i = 0; i < 5; ++i)
        cv::imwrite(
            (wild / "real_train/source7/clip0" / ("f" + std::to_string(i) + ".png")).string(),
            frame);
    clip_at(wild, "fake_test/source9/clip.mp4");
    auto w = read_dataset(wild.string());
    REQUIRE(w.ok());
    REQUIRE(w->size() == 2);
    CHECK(w->at(0).dataset == "WildDeepfake");
    auto wn = by_name(*w);
    CHECK(wn["clip0"].label == 0);
    CHECK(wn["clip0"].split == "train");
    CHECK(wn["clip.mp4"].split == "test");

    const fs::path dfdc = dir.path() / "dfdc";
    clip_at(dfdc, "dfdc_train_part_0/a.mp4");
    clip_at(dfdc, "dfdc_train_part_0/b.mp4");
    write(
        dfdc / "dfdc_train_part_0/metadata.json",
        R"({"a.mp4": {"label": "REAL", "split": "train"}, "b.mp4": {"label": "FAKE", "split": "train", "original": "a.mp4"},
              "missing.mp4": {"label": "FAKE", "original": "a.mp4"}})");
    auto d = read_dataset(dfdc.string(), DatasetLayout::Dfdc);
    REQUIRE(d.ok());
    REQUIRE(d->size() == 2);  // a listed file that is absent is left out
    CHECK(d->at(0).group == d->at(1).group);
    CHECK(by_name(*d)["b.mp4"].label == 1);

    clip_at(dir.path() / "csv", "x.mp4");
    write(dir.path() / "csv/list.csv",
          "path,label,split,group\nx.mp4,fake,val,person1\n\"x.mp4\",0,,\n");
    auto c = read_dataset((dir.path() / "csv/list.csv").string());
    REQUIRE(c.ok());
    REQUIRE(c->size() == 2);
    CHECK(c->at(0).label == 1);
    CHECK(c->at(0).split == "val");
    CHECK(c->at(0).group == "person1");
    CHECK(fs::path(c->at(1).path).is_absolute());
    write(dir.path() / "csv/bad.csv", "x.mp4,maybe\n");
    auto bad = read_dataset((dir.path() / "csv/bad.csv").string());
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error(), Catch::Contains("bad.csv:1: label \"maybe\""));

    clip_at(dir.path() / "plain", "real/a/one.mp4");
    clip_at(dir.path() / "plain", "fake/two.mp4");
    auto f = read_dataset((dir.path() / "plain").string());
    REQUIRE(f.ok());
    CHECK(by_name(*f)["two.mp4"].label == 1);

    auto none = read_dataset((dir.path() / "nothing").string());
    REQUIRE_FALSE(none.ok());
    CHECK_THAT(none.error(), Catch::Contains("no such dataset"));
}

TEST_CASE("splits keep groups on one side, keep test as test, and repeat with the seed",
          "[training][dataset]") {
    std::vector<VideoItem> items;
    for (int g = 0; g < 200; ++g)
        for (int k = 0; k < 3; ++k)
            items.push_back({"v" + std::to_string(g) + "_" + std::to_string(k), k == 2 ? 1 : 0, "",
                             "g" + std::to_string(g), "t"});
    items[5].split = "test";  // group g1 has an official test video
    auto first = items, second = items;
    const auto counts = assign_splits(first, 0.2, 42);
    assign_splits(second, 0.2, 42);
    std::map<std::string, std::set<std::string>> sides;
    for (const auto& i : first) sides[i.group].insert(i.split);
    for (const auto& [group, s] : sides) CHECK(s.size() == 1);
    CHECK(*sides["g1"].begin() == "test");
    for (std::size_t i = 0; i < first.size(); ++i) CHECK(first[i].split == second[i].split);
    const double val = static_cast<double>(counts.val_real + counts.val_fake) / items.size();
    CHECK(val > 0.1);
    CHECK(val < 0.3);
    CHECK(counts.test_real + counts.test_fake == 3);
}

TEST_CASE("frames are sampled evenly, cached, and a corrupt clip is an error",
          "[training][sampling]") {
    TempDir dir;
    auto pre = Preprocessor::create(Profile::WholeFrame, nullptr);
    REQUIRE(pre.ok());
    auto clip = sample_clip(generated_clip("h264.mp4"), 8, **pre, 64);
    REQUIRE(clip.ok());
    REQUIRE(clip->frames.size() == 8);
    CHECK(clip->indices.front() == 4);  // centres of 8 equal parts of 75 frames
    CHECK(clip->frames[0].size() == cv::Size(64, 64));
    SampleCache cache(dir.file("cache"));
    auto a = cache.get(generated_clip("h264.mp4"), 8, **pre, 64);
    auto b = cache.get(generated_clip("h264.mp4"), 8, **pre, 64);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(cache.hits() == 1);
    CHECK(b->indices == clip->indices);
    for (std::size_t i = 0; i < 8; ++i)
        CHECK(cv::norm(a->frames[i], b->frames[i], cv::NORM_INF) == 0);
    auto broken = cache.get(generated_clip("text.mp4"), 8, **pre, 64);
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.error(), Catch::Contains("text.mp4"));
}

TEST_CASE("a self-blended fake changes the face region only and repeats with its seed",
          "[training][sbi]") {
    cv::Mat crop(96, 96, CV_8UC3);
    cv::randu(crop, 0, 255);
    cv::GaussianBlur(crop, crop, cv::Size(7, 7), 0);
    std::mt19937 a(5), b(5);
    const cv::Mat fake = self_blend(crop, a);
    CHECK(cv::norm(fake, self_blend(crop, b), cv::NORM_INF) == 0);
    cv::Mat diff;
    cv::absdiff(fake, crop, diff);
    // Corners lie outside every mask: untouched. The centre is blended.
    CHECK(cv::norm(diff(cv::Rect(0, 0, 8, 8)), cv::NORM_INF) == 0);
    CHECK(cv::norm(diff(cv::Rect(88, 88, 8, 8)), cv::NORM_INF) == 0);
    CHECK(cv::mean(diff(cv::Rect(40, 40, 16, 16)))[0] > 1.0);
    std::mt19937 c(6);
    const cv::Mat mask = self_blend_mask(96, c);
    double lo = 0, hi = 0;
    cv::minMaxLoc(mask, &lo, &hi);
    CHECK(lo == 0);
    CHECK(hi > 0.2);
    CHECK(hi <= 1.0);
}

TEST_CASE("augmentation keeps the size, repeats with its seed, and low light darkens",
          "[training][augment]") {
    cv::Mat image(80, 80, CV_8UC3, cv::Scalar(150, 160, 170));
    std::mt19937 a(9), b(9);
    const cv::Mat x = augment(image, a), y = augment(image, b);
    CHECK(x.size() == image.size());
    CHECK(cv::norm(x, y, cv::NORM_INF) == 0);
    std::mt19937 r(3);
    cv::Mat gray;
    cv::cvtColor(darken(image, 0.4, 2.0, 4, r), gray, cv::COLOR_BGR2GRAY);
    CHECK(cv::mean(gray)[0] < 60);  // the analysis' low-light threshold
}

TEST_CASE("the codec degradation compresses with H.264 when asked, and repeats with its seed",
          "[training][augment][codec]") {
    cv::Mat image(96, 96, CV_8UC3);
    cv::RNG(4).fill(image, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(image, image, cv::Size(0, 0), 2);
    AugmentOptions codec_only{0, 0, 0, 0, 0};
    std::mt19937 off(1);
    CHECK(cv::norm(augment(image, off, codec_only), image, cv::NORM_INF) == 0);  // off: untouched
    codec_only.video_codec = 1;
    std::mt19937 a(5), b(5);
    const cv::Mat x = augment(image, a, codec_only);
    CHECK(cv::norm(x, augment(image, b, codec_only), cv::NORM_INF) == 0);
    CHECK(x.size() == image.size());
    const double psnr = cv::PSNR(x, image);
    INFO("PSNR " << psnr << " dB");
    CHECK(psnr < 99);  // changed
    CHECK(psnr > 20);  // by a codec, not replaced
}

TEST_CASE("every real frame has its self-blended twin, which shares its augmentation",
          "[training][sbi]") {
    TempDir dir;
    std::vector<VideoItem> items = {{generated_clip("h264.mp4"), 0, "train", "a", "t"},
                                    {generated_clip("vp9.webm"), 1, "train", "b", "t"},
                                    {generated_clip("mpeg4.avi"), 0, "val", "c", "t"}};
    SampleOptions options;
    options.frames_per_video = 3;
    options.input_size = 64;
    options.profile = Profile::WholeFrame;
    options.fakes = {FakeKind::SelfBlend};
    options.augment = false;  // flips only: the corners stay outside every blend mask
    auto samples = FrameSamples::build(items, options, {});
    REQUIRE(samples.ok());
    auto& s = **samples;
    REQUIRE(s.train_size() == 9);  // 3 real + 3 twins + 3 fakes
    std::size_t twins = 0;
    for (std::size_t i = 0; i < s.train_size(); ++i)
        if (auto t = s.twin(i)) {
            ++twins;
            CHECK(s.train_label(i) == 0);
            CHECK(s.train_label(*t) == 1);
            // The same seed: the same augmentation, so only the blend differs (the corners are
            // outside every mask).
            const cv::Mat real = s.train_image(i, 77), fake = s.train_image(*t, 77);
            CHECK(cv::norm(real(cv::Rect(0, 0, 4, 4)), fake(cv::Rect(0, 0, 4, 4)), cv::NORM_INF) ==
                  0);
            CHECK(cv::norm(real, fake, cv::NORM_INF) > 0);
        }
    CHECK(twins == 3);
    CHECK(s.val_size() == 6);
}
