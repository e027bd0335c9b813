#include "core/training/dense_landmarks.h"

#include <dlib/array2d.h>
#include <dlib/image_processing/shape_predictor.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace interceptor {

struct DenseLandmarks::Model {
    dlib::shape_predictor predictor;
};

DenseLandmarks::DenseLandmarks(std::unique_ptr<Model> model) : model_(std::move(model)) {}
DenseLandmarks::~DenseLandmarks() = default;

std::string DenseLandmarks::default_model_path() {
    return "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
}

Result<std::shared_ptr<const DenseLandmarks>> DenseLandmarks::load(const std::string& path) {
    const std::string what = "68-point landmark model " + path;
    if (!std::filesystem::is_regular_file(path))
        return Error{what + " is absent (Debian's libdlib-data installs it)"};
    auto model = std::make_unique<Model>();
    try {
        std::ifstream in(path, std::ios::binary);
        dlib::deserialize(model->predictor, in);
    } catch (const std::exception& e) {
        return Error{what + " is not a dlib shape predictor: " + e.what()};
    }
    if (model->predictor.num_parts() != kDenseLandmarkCount)
        return Error{what + " predicts " + std::to_string(model->predictor.num_parts()) +
                     " points, not 68"};
    return std::shared_ptr<const DenseLandmarks>(new DenseLandmarks(std::move(model)));
}

std::vector<cv::Point2f> DenseLandmarks::locate(const cv::Mat& crop,
                                                const std::vector<cv::Point2f>& five) const {
    cv::Mat grey;
    cv::cvtColor(crop, grey, cv::COLOR_BGR2GRAY);
    dlib::array2d<unsigned char> image(grey.rows, grey.cols);
    for (int y = 0; y < grey.rows; ++y)
        std::copy_n(grey.ptr<unsigned char>(y), grey.cols, &image[y][0]);
    // The first box from the five points: square, about the width of the cheeks (2.3 eye
    // distances), centred a little below the middle of the eyes and mouth, where a frontal
    // face detector's box (which the model was trained on) lies.
    const cv::Point2f eyes = (five[0] + five[1]) * 0.5f, mouth = (five[3] + five[4]) * 0.5f;
    const double d = std::max(1.0, cv::norm(five[1] - five[0]));
    cv::Point2f centre = (eyes + mouth) * 0.5f;
    centre.y += static_cast<float>(0.1 * d);
    double half = 1.15 * d;
    std::vector<cv::Point2f> points(kDenseLandmarkCount);
    // Twice: the second box is the one the first answer's jaw and brows span.
    for (int pass = 0; pass < 2; ++pass) {
        const dlib::rectangle box(std::lround(centre.x - half), std::lround(centre.y - half),
                                  std::lround(centre.x + half), std::lround(centre.y + half));
        const dlib::full_object_detection shape = model_->predictor(image, box);
        for (int i = 0; i < kDenseLandmarkCount; ++i)
            points[i] = cv::Point2f(static_cast<float>(shape.part(i).x()),
                                    static_cast<float>(shape.part(i).y()));
        const cv::Rect2f outline = cv::boundingRect(
            std::vector<cv::Point2f>(points.begin(), points.begin() + 27));  // jaw and brows
        centre = (outline.tl() + outline.br()) * 0.5f;
        half = 0.5 * std::max(outline.width, outline.height);
    }
    return points;
}

}  // namespace interceptor
