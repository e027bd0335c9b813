#include "core/analysis/preprocessor.h"

#include <opencv2/imgproc.hpp>

#include "core/analysis/face_crop.h"

namespace interceptor {

Result<Done> check_detector_for(Profile profile, const FaceDetector* detector) {
    if (!is_face_profile(profile)) return Done{};
    if (!detector)
        return Error{std::string("the ") + profile_name(profile) +
                     " profile needs a face detector"};
    if (is_aligned_profile(profile) && !detector->has_landmarks())
        return Error{std::string("the ") + profile_name(profile) +
                     " profile needs face landmarks, which the " +
                     std::string(face_detector_name(detector->settings().kind)) +
                     " detector does not give (use the yunet detector)"};
    return Done{};
}

Result<std::unique_ptr<Preprocessor>> Preprocessor::create(Profile profile,
                                                           std::unique_ptr<FaceDetector> detector) {
    if (auto ok = check_detector_for(profile, detector.get()); !ok) return Error{ok.error()};
    if (!is_face_profile(profile)) detector.reset();
    return std::unique_ptr<Preprocessor>(new Preprocessor(profile, std::move(detector)));
}

Preparation Preprocessor::sample(const cv::Mat& bgr, int size, cv::Mat& out) {
    Preparation p;
    if (!detector_) {
        cv::resize(bgr, out, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        return p;
    }
    auto faces = detector_->detect(bgr);
    if (faces.empty()) {
        p.applicable = false;
        p.reason = "no face found";
        return p;
    }
    auto crop = face_crop(bgr, faces.front(), profile_, size);
    if (!crop) {
        p.applicable = false;
        p.reason = crop.error();
        return p;
    }
    out = *crop;
    p.face = faces.front();
    return p;
}

}  // namespace interceptor
