#pragma once
// Finds faces in a frame. The interface lets a better detector replace the
// default one (OpenCV's Haar cascade from Debian's opencv-data). Detectors
// are not thread-safe: one per thread.
#include <opencv2/core/types.hpp>

#include <memory>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace cv {
class Mat;
}

namespace interceptor {

class FaceDetector {
  public:
    virtual ~FaceDetector() = default;
    // Faces in the frame, largest first.
    virtual std::vector<cv::Rect> detect(const cv::Mat& bgr) = 0;
    virtual std::string name() const = 0;  // for reports: which detector, which model file
};

// OpenCV's frontal-face Haar cascade; `cascade` empty: Debian's default file.
Result<std::unique_ptr<FaceDetector>> make_haar_face_detector(const std::string& cascade = "");

}  // namespace interceptor
