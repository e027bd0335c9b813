#pragma once
// A dataset's frames as a trainer's TrainingData: N frames per video from
// the sample cache (whole frame or face crop), the real and fake videos of
// the train and val splits, and optionally a generated fake made from every
// real frame (fake_generators.h: of a kind drawn from the mix, with a donor
// face from another video of the same side; made afresh for each training
// draw, fixed for validation). Training images are augmented; validation
// images are not.
// A video that cannot be read is logged and skipped. Not thread-safe.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/training/augment.h"
#include "core/training/clip_sampler.h"
#include "core/training/dataset.h"
#include "core/training/fake_generators.h"
#include "interceptor/model/training/trainer.h"

namespace interceptor {

struct SampleOptions {
    int frames_per_video = 8;
    int input_size = 128;
    Profile profile = Profile::FaceCrop;
    FaceDetectorSettings faces;  // for the face profiles
    // A generated fake for every real frame, its kind drawn from these; none when empty. The
    // kinds with a donor need the face_aligned profile (their masks follow the landmarks).
    std::vector<FakeKind> fakes = {FakeKind::SelfBlend};
    bool augment = true;   // augment training images (flip only when false)
    bool degrade = false;  // augmentation also rescales, blurs and H.264-compresses (both classes)
    // The generated fakes follow each face's 68 landmarks (dense_landmarks.h) instead of the five
    // of the aligned template; the warped swap needs them. Aligned profiles only.
    bool dense_landmarks = false;
    std::string cache_directory;  // "" : no cache
};

class FrameSamples : public TrainingData {
  public:
    // items: with splits assigned; log receives one line per skipped video.
    static Result<std::unique_ptr<FrameSamples>> build(
        const std::vector<VideoItem>& items, const SampleOptions& options,
        const std::function<void(const std::string&)>& log);

    std::size_t train_size() const override { return train_.size(); }
    int train_label(std::size_t i) const override { return train_[i].label; }
    cv::Mat train_image(std::size_t i, std::uint64_t seed) override;
    std::size_t val_size() const override { return val_.size(); }
    int val_label(std::size_t i) const override { return val_[i].label; }
    cv::Mat val_image(std::size_t i) override;
    std::string val_video(std::size_t i) const override { return val_[i].video; }
    std::optional<std::size_t> twin(std::size_t i) const override;
    // "train 96 frames (48 real, 48 generated, 0 fake) from 6 videos; val ..."
    std::string describe() const;

  private:
    struct Sample {
        cv::Mat pixels;  // the real or fake frame as sampled
        int label = 0;
        bool generated = false;  // made into a generated fake when drawn
        std::string video;
        std::vector<cv::Point2f> landmarks;  // its own 68 (dense_landmarks), else empty
    };
    // The generated fake of side[i], drawn with this generator.
    cv::Mat generated(const std::vector<Sample>& side, const std::vector<std::size_t>& donors,
                      std::size_t i, std::mt19937& random) const;
    std::vector<Sample> train_, val_;
    std::vector<std::size_t> train_donors_, val_donors_;  // the real frames of each side
    std::vector<FakeKind> fakes_;
    std::vector<cv::Point2f> landmarks_;  // where the five landmarks lie in an aligned crop
    // A sample's landmarks for its generated fake: its own 68 where located, else the template's.
    const std::vector<cv::Point2f>& landmarks_of(const Sample& sample) const;
    std::size_t train_videos_ = 0, val_videos_ = 0, skipped_ = 0;
    AugmentOptions augment_;
};

}  // namespace interceptor
