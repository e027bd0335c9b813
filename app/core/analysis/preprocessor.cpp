#include "core/analysis/preprocessor.h"

#include <algorithm>

#include "interceptor/model/inference/preprocess.h"

namespace interceptor {

Result<std::unique_ptr<Preprocessor>> Preprocessor::create(Profile profile, int input_size,
                                                           std::unique_ptr<FaceDetector> detector) {
    if (input_size <= 0) return Error{"input size must be positive"};
    if (profile == Profile::WholeFrame)
        return std::unique_ptr<Preprocessor>(new Preprocessor(profile, nullptr));
    if (!detector) return Error{"the face_crop profile needs a face detector"};
    return std::unique_ptr<Preprocessor>(new Preprocessor(profile, std::move(detector)));
}

cv::Rect Preprocessor::crop_around(const cv::Rect& face, const cv::Size& frame) {
    const int side =
        std::min({static_cast<int>(std::max(face.width, face.height) * (1 + 2 * kFaceMargin)),
                  frame.width, frame.height});
    const int cx = face.x + face.width / 2, cy = face.y + face.height / 2;
    const int x = std::clamp(cx - side / 2, 0, frame.width - side);
    const int y = std::clamp(cy - side / 2, 0, frame.height - side);
    return {x, y, side, side};
}

Preparation Preprocessor::region(const cv::Mat& bgr, cv::Mat& region) {
    Preparation p;
    if (!detector_) {
        region = bgr;
        return p;
    }
    auto faces = detector_->detect(bgr);
    if (faces.empty()) {
        p.applicable = false;
        p.reason = "no face found";
        return p;
    }
    p.face = faces.front();
    region = bgr(crop_around(faces.front(), bgr.size()));
    return p;
}

Preparation Preprocessor::prepare(const cv::Mat& bgr, FrameBatch& batch) {
    cv::Mat part;
    auto p = region(bgr, part);
    if (p.applicable) append_whole_frame(part, batch);
    return p;
}

}  // namespace interceptor
