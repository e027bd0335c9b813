#include "core/training/frame_samples.h"

#include <random>
#include <set>

#include "core/analysis/face_crop.h"
#include "core/analysis/face_detector.h"
#include "core/media/still_codec.h"
#include "core/training/dense_landmarks.h"

namespace interceptor {

Result<std::unique_ptr<FrameSamples>> FrameSamples::build(
    const std::vector<VideoItem>& items, const SampleOptions& options,
    const std::function<void(const std::string&)>& log) {
    for (auto kind : options.fakes)
        if (needs_donor(kind) && !is_aligned_profile(options.profile))
            return Error{std::string("the ") + fake_kind_name(kind) +
                         " fakes follow the face's landmarks: they need the face_aligned or "
                         "face_tight profile"};
    for (auto kind : options.fakes)
        if (needs_dense_landmarks(kind) && !options.dense_landmarks)
            return Error{std::string("the ") + fake_kind_name(kind) +
                         " fakes warp one face onto another's 68 landmarks: add --landmarks 68"};
    std::shared_ptr<const DenseLandmarks> dense;
    if (options.dense_landmarks) {
        if (!is_aligned_profile(options.profile))
            return Error{
                "68 landmarks are located in aligned crops: use the face_aligned or "
                "face_tight profile"};
        auto loaded = DenseLandmarks::load(DenseLandmarks::default_model_path());
        if (!loaded) return Error{loaded.error()};
        dense = std::move(*loaded);
    }
    std::unique_ptr<FaceDetector> faces;
    if (is_face_profile(options.profile)) {
        auto made = make_face_detector(options.faces);
        if (!made) return Error{made.error()};
        faces = std::move(*made);
    }
    auto pre = Preprocessor::create(options.profile, std::move(faces));
    if (!pre) return Error{pre.error()};
    SampleCache cache(options.cache_directory);
    std::unique_ptr<FrameSamples> samples(new FrameSamples());
    if (!options.augment) samples->augment_ = {0.5, 0, 0, 0, 0};
    if (options.degrade) {
        samples->augment_.rescale = 0.3;
        samples->augment_.blur = 0.2;
        samples->augment_.video_codec = 0.3;
        if (auto codec = h264_round_trip(cv::Mat(16, 16, CV_8UC3, cv::Scalar::all(128)), 23);
            !codec)
            return Error{"--degrade compresses with H.264: " + codec.error()};
    }
    samples->fakes_ = options.fakes;
    if (is_aligned_profile(options.profile))
        samples->landmarks_ = aligned_template(options.input_size, options.profile);
    for (const auto& item : items) {
        if (item.split != "train" && item.split != "val")
            continue;  // test videos are never trained or validated on
        auto clip =
            options.cache_directory.empty()
                ? sample_clip(item.path, options.frames_per_video, **pre, options.input_size)
                : cache.get(item.path, options.frames_per_video, **pre, options.input_size);
        if (!clip) {
            ++samples->skipped_;
            if (log) log("skipped: " + clip.error());
            continue;
        }
        auto& side = item.split == "train" ? samples->train_ : samples->val_;
        (item.split == "train" ? samples->train_videos_ : samples->val_videos_) += 1;
        auto& donors = item.split == "train" ? samples->train_donors_ : samples->val_donors_;
        for (const auto& frame : clip->frames) {
            std::vector<cv::Point2f> located;
            if (dense && item.label == 0) located = dense->locate(frame, samples->landmarks_);
            if (item.label == 0) donors.push_back(side.size());
            side.push_back({frame, item.label, false, item.path, located});
            if (!options.fakes.empty() && item.label == 0)
                side.push_back({frame, 1, true, item.path + "#generated", std::move(located)});
        }
    }
    return samples;
}

cv::Mat FrameSamples::generated(const std::vector<Sample>& side,
                                const std::vector<std::size_t>& donors, std::size_t i,
                                std::mt19937& random) const {
    // One kind: no draw, so that runs from before the mix repeat.
    const FakeKind kind = fakes_.size() == 1 ? fakes_[0] : fakes_[random() % fakes_.size()];
    const Sample* donor = &side[i];
    if (needs_donor(kind) && !donors.empty())
        for (int attempt = 0; attempt < 8; ++attempt) {  // another person: another video
            const auto& d = side[donors[random() % donors.size()]];
            if (d.video != side[i].video) {
                donor = &d;
                break;
            }
        }
    return generate_fake(kind, side[i].pixels, donor->pixels, landmarks_of(side[i]),
                         landmarks_of(*donor), random)
        .image;
}

const std::vector<cv::Point2f>& FrameSamples::landmarks_of(const Sample& sample) const {
    return sample.landmarks.empty() ? landmarks_ : sample.landmarks;
}

cv::Mat FrameSamples::train_image(std::size_t i, std::uint64_t seed) {
    // Separate streams for the blend and the augmentation: a real frame and
    // its twin drawn with the same seed get the same augmentation.
    std::mt19937 blending(
        static_cast<std::mt19937::result_type>(seed * 0x9E3779B97F4A7C15ULL >> 32));
    std::mt19937 augmenting(static_cast<std::mt19937::result_type>(seed ^ (seed >> 32)));
    const auto& s = train_[i];
    return augment(s.generated ? generated(train_, train_donors_, i, blending) : s.pixels,
                   augmenting, augment_);
}

std::optional<std::size_t> FrameSamples::twin(std::size_t i) const {
    // build() puts every generated twin right after its real frame.
    if (train_[i].generated || train_[i].label != 0 || i + 1 >= train_.size() ||
        !train_[i + 1].generated)
        return std::nullopt;
    return i + 1;
}

cv::Mat FrameSamples::val_image(std::size_t i) {
    if (!val_[i].generated) return val_[i].pixels;
    std::mt19937 random(static_cast<std::mt19937::result_type>(i));  // the same fake every epoch
    return generated(val_, val_donors_, i, random);
}

std::string FrameSamples::describe() const {
    auto side = [](const std::vector<Sample>& v, std::size_t videos) {
        std::size_t real = 0, blended = 0;
        for (const auto& s : v) {
            if (s.generated)
                ++blended;
            else if (s.label == 0)
                ++real;
        }
        return std::to_string(v.size()) + " frames (" + std::to_string(real) + " real, " +
               std::to_string(blended) + " generated, " +
               std::to_string(v.size() - real - blended) + " fake) from " + std::to_string(videos) +
               " videos";
    };
    return "train " + side(train_, train_videos_) + "; val " + side(val_, val_videos_) +
           (skipped_ ? "; " + std::to_string(skipped_) + " videos skipped" : "");
}

}  // namespace interceptor
