#include "core/analysis/face_crop.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace interceptor {
namespace {

// ArcFace's five points in a 112 x 112 crop, in YuNet's landmark order.
constexpr double kArcFace[kFaceLandmarks][2] = {{38.2946, 51.6963},
                                                {73.5318, 51.5014},
                                                {56.0252, 71.7366},
                                                {41.5493, 92.3655},
                                                {70.7299, 92.2041}};
// The point of the template that lands on the crop's centre: between the eyes and the mouth.
constexpr double kCentre[2] = {56.0, 66.0};

}  // namespace

cv::Rect box_crop_region(const cv::Rect& face, const cv::Size& frame) {
    const int side =
        std::min({static_cast<int>(std::max(face.width, face.height) * (1 + 2 * kFaceMargin)),
                  frame.width, frame.height});
    const int cx = face.x + face.width / 2, cy = face.y + face.height / 2;
    const int x = std::clamp(cx - side / 2, 0, frame.width - side);
    const int y = std::clamp(cy - side / 2, 0, frame.height - side);
    return {x, y, side, side};
}

std::vector<cv::Point2f> aligned_template(int size, Profile profile) {
    std::vector<cv::Point2f> points;
    const double unit = size / 112.0;
    const double spread = profile == Profile::FaceTight ? kTightScale : kAlignedScale;
    for (const auto& p : kArcFace)
        points.emplace_back(static_cast<float>(size / 2.0 + (p[0] - kCentre[0]) * spread * unit),
                            static_cast<float>(size / 2.0 + (p[1] - kCentre[1]) * spread * unit));
    return points;
}

cv::Matx23d aligned_transform(const std::vector<cv::Point2f>& from, int size, Profile profile) {
    // Closed-form least squares for q = [a -b; b a] p + t (Umeyama without reflection): the
    // same five points always give the same transform, unlike a RANSAC estimate.
    const auto to = aligned_template(size, profile);
    cv::Point2d mp, mq;
    for (std::size_t i = 0; i < from.size(); ++i) {
        mp += cv::Point2d(from[i]);
        mq += cv::Point2d(to[i]);
    }
    mp *= 1.0 / from.size();
    mq *= 1.0 / from.size();
    double dot = 0, cross = 0, norm = 0;
    for (std::size_t i = 0; i < from.size(); ++i) {
        const cv::Point2d p = cv::Point2d(from[i]) - mp, q = cv::Point2d(to[i]) - mq;
        dot += p.x * q.x + p.y * q.y;
        cross += p.x * q.y - p.y * q.x;
        norm += p.x * p.x + p.y * p.y;
    }
    const double a = norm > 0 ? dot / norm : 1, b = norm > 0 ? cross / norm : 0;
    return {a, -b, mq.x - (a * mp.x - b * mp.y), b, a, mq.y - (b * mp.x + a * mp.y)};
}

Result<cv::Mat> face_crop(const cv::Mat& bgr, const Face& face, Profile profile, int size) {
    cv::Mat out;
    if (profile == Profile::FaceCrop) {
        cv::resize(bgr(box_crop_region(face.pixel_box(), bgr.size())), out, cv::Size(size, size), 0,
                   0, cv::INTER_AREA);
        return out;
    }
    if (!is_aligned_profile(profile)) return Error{"the whole-frame profile has no face crop"};
    if (face.landmarks.size() != static_cast<std::size_t>(kFaceLandmarks))
        return Error{
            "an aligned crop needs the five face landmarks (the Haar detector gives none)"};
    const cv::Matx23d m = aligned_transform(face.landmarks, size, profile);
    const double scale = std::hypot(m(0, 0), m(1, 0));
    // Shrinking by warpAffine alone would alias (it samples bilinearly). So: cut out the part of
    // the frame the crop covers, shrink it by the transform's scale with area averaging, and warp
    // what is left (a rotation and shift) from that.
    cv::Matx23d inverse;
    cv::invertAffineTransform(m, inverse);
    std::vector<cv::Point2d> corners;
    for (const cv::Point2d c :
         {cv::Point2d(0, 0), cv::Point2d(size, 0), cv::Point2d(0, size), cv::Point2d(size, size)})
        corners.emplace_back(inverse * cv::Vec3d(c.x, c.y, 1));
    const cv::Rect covered =
        cv::boundingRect(std::vector<cv::Point>(corners.begin(), corners.end()));
    const cv::Rect region =
        (covered + cv::Size(2, 2) - cv::Point(1, 1)) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (region.empty()) return Error{"the face lies outside the frame"};
    const double shrink = std::min(1.0, scale);
    cv::Mat part;
    if (shrink < 1.0)
        cv::resize(bgr(region), part, cv::Size(), shrink, shrink, cv::INTER_AREA);
    else
        part = bgr(region);
    // Pixel q of part samples the frame at region.tl + (q + 0.5) * s - 0.5 (resize's pixel
    // centres, s its step per axis); composing that with m maps part to crop.
    const double sx = static_cast<double>(region.width) / part.cols,
                 sy = static_cast<double>(region.height) / part.rows;
    const double ox = region.x + 0.5 * (sx - 1), oy = region.y + 0.5 * (sy - 1);
    const cv::Matx23d from_part(m(0, 0) * sx, m(0, 1) * sy, m(0, 0) * ox + m(0, 1) * oy + m(0, 2),
                                m(1, 0) * sx, m(1, 1) * sy, m(1, 0) * ox + m(1, 1) * oy + m(1, 2));
    cv::warpAffine(part, out, cv::Mat(from_part), cv::Size(size, size), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    return out;
}

Result<cv::Matx23d> crop_to_frame(const Face& face, Profile profile, const cv::Size& frame,
                                  int size) {
    if (profile == Profile::FaceCrop) {
        const cv::Rect r = box_crop_region(face.pixel_box(), frame);
        const double s = static_cast<double>(r.width) / size;
        return cv::Matx23d(s, 0, r.x, 0, s, r.y);
    }
    if (!is_aligned_profile(profile)) return Error{"the whole-frame profile has no face crop"};
    if (face.landmarks.size() != static_cast<std::size_t>(kFaceLandmarks))
        return Error{
            "an aligned crop needs the five face landmarks (the Haar detector gives none)"};
    cv::Matx23d inverse;
    cv::invertAffineTransform(aligned_transform(face.landmarks, size, profile), inverse);
    return inverse;
}

std::string describe_crop(Profile profile) {
    switch (profile) {
        case Profile::FaceCrop:
            return "face crop (the detected face squared with a 25 % margin, resized)";
        case Profile::FaceAligned:
            return "aligned face (the five landmarks moved onto ArcFace's template at 0.65 of its "
                   "spread by a similarity transform)";
        case Profile::FaceTight:
            return "tight aligned face, brows to chin (the five landmarks moved onto ArcFace's "
                   "template at 1.4 times its spread by a similarity transform)";
        case Profile::WholeFrame:
            break;
    }
    return "whole frame (resized to the input size)";
}

}  // namespace interceptor
