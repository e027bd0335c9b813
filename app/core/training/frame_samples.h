#pragma once
// A dataset's frames as a trainer's TrainingData: N frames per video from
// the sample cache (whole frame or face crop), the real and fake videos of
// the train and val splits, and optionally a self-blended fake made from
// every real frame (made afresh for each training draw, fixed for
// validation). Training images are augmented; validation images are not.
// A video that cannot be read is logged and skipped. Not thread-safe.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/training/augment.h"
#include "core/training/clip_sampler.h"
#include "core/training/dataset.h"
#include "interceptor/model/training/trainer.h"

namespace interceptor {

struct SampleOptions {
    int frames_per_video = 8;
    int input_size = 128;
    Profile profile = Profile::FaceCrop;
    FaceDetectorSettings faces;   // for the face profiles
    bool self_blend = true;       // add a self-blended fake for every real frame
    bool augment = true;          // augment training images (flip only when false)
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
    // "train 96 frames (48 real, 48 self-blended) from 6 videos; val ..."
    std::string describe() const;

  private:
    struct Sample {
        cv::Mat pixels;  // the real or fake frame as sampled
        int label = 0;
        bool blend = false;  // made into a self-blended fake when drawn
        std::string video;
    };
    std::vector<Sample> train_, val_;
    std::size_t train_videos_ = 0, val_videos_ = 0, skipped_ = 0;
    AugmentOptions augment_;
};

}  // namespace interceptor
