#pragma once
// The 68 facial landmarks of the iBUG 300-W scheme (jaw 0-16, brows 17-26,
// nose 27-35, eyes 36-47, lips 48-67) in an aligned face crop, by dlib's
// regression-tree shape predictor (Kazemi and Sullivan, CVPR 2014) and the
// model Debian ships in libdlib-data (CC0). The generators use them where
// five points are too few: masks that follow each face's own jaw, brows,
// eyes, nose and mouth, and the warped swap, which needs matching points on
// two faces. The face is already aligned, so no face detector runs: the
// predictor starts from a box placed by the five template landmarks, then
// from the box of its own first answer. dlib stays inside the .cpp file.
// Loaded once (about 100 MB, a second or two); locate() is thread-safe.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <memory>
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

constexpr int kDenseLandmarkCount = 68;

class DenseLandmarks {
  public:
    // Where Debian's libdlib-data puts the model.
    static std::string default_model_path();
    // Errors name the file and what is wrong (absent, not a shape predictor, not 68 points).
    static Result<std::shared_ptr<const DenseLandmarks>> load(const std::string& path);
    ~DenseLandmarks();

    // crop: 8-bit BGR; five: the crop's five landmarks (eyes, nose tip, mouth corners, the
    // aligned template's order). Returns the 68 points in crop pixels.
    std::vector<cv::Point2f> locate(const cv::Mat& crop,
                                    const std::vector<cv::Point2f>& five) const;

  private:
    struct Model;
    explicit DenseLandmarks(std::unique_ptr<Model> model);
    std::unique_ptr<Model> model_;
};

}  // namespace interceptor
