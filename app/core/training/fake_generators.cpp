#include "core/training/fake_generators.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <array>
#include <cmath>
#include <sstream>

#include "core/training/self_blend.h"
#include "interceptor/model/named_choice.h"

namespace interceptor {
namespace {

double uniform(std::mt19937& r, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(r);
}

// The face's frame from its landmarks: the eyes' midpoint, the inter-ocular distance, the unit
// vector along the eye line and the one towards the mouth.
struct FaceFrame {
    cv::Point2f eyes, mouth, along, down;
    float eye_distance = 0;
    cv::Point2f at(const cv::Point2f& origin, double u, double v) const {
        return origin + along * static_cast<float>(u * eye_distance) +
               down * static_cast<float>(v * eye_distance);
    }
};

// The five points of the face detector from 68: the eyes' centres, the nose tip, the mouth's
// corners.
std::vector<cv::Point2f> five_of(const std::vector<cv::Point2f>& p) {
    if (p.size() != 68) return p;
    auto centre = [&](int first, int count) {
        cv::Point2f sum(0, 0);
        for (int i = first; i < first + count; ++i) sum += p[i];
        return sum / count;
    };
    return {centre(36, 6), centre(42, 6), p[30], p[48], p[54]};
}

// The integer polygon of points [first, first + count) of the landmarks, scaled about centre.
std::vector<cv::Point> polygon(const std::vector<cv::Point2f>& p, int first, int count,
                               const cv::Point2f& centre, double scale) {
    std::vector<cv::Point> points;
    for (int i = first; i < first + count; ++i) {
        const cv::Point2f q = centre + (p[i] - centre) * static_cast<float>(scale);
        points.emplace_back(cvRound(q.x), cvRound(q.y));
    }
    return points;
}

FaceFrame face_frame(const std::vector<cv::Point2f>& landmarks) {
    const std::vector<cv::Point2f> p = five_of(landmarks);
    FaceFrame f;
    f.eyes = (p[0] + p[1]) * 0.5f;
    f.mouth = (p[3] + p[4]) * 0.5f;
    const cv::Point2f eye_line = p[1] - p[0];
    f.eye_distance = std::max(1.0f, static_cast<float>(cv::norm(eye_line)));
    f.along = eye_line / f.eye_distance;
    f.down = cv::Point2f(-f.along.y, f.along.x);
    if (f.down.dot(f.mouth - f.eyes) < 0) f.down = -f.down;
    return f;
}

double angle_of(const cv::Point2f& v) { return std::atan2(v.y, v.x) * 180.0 / M_PI; }

// Zero on a 2-pixel frame: Poisson blending needs the mask inside the image.
cv::Mat off_the_border(cv::Mat mask) {
    const int b = 2;
    mask.rowRange(0, b).setTo(0);
    mask.rowRange(mask.rows - b, mask.rows).setTo(0);
    mask.colRange(0, b).setTo(0);
    mask.colRange(mask.cols - b, mask.cols).setTo(0);
    return mask;
}

// The donor's colours moved onto the target's inside the mask: per channel mean and spread in
// Lab (Reinhard's transfer), as Face X-ray colour-corrects its source face.
cv::Mat colour_matched(const cv::Mat& donor, const cv::Mat& target, const cv::Mat& hard) {
    cv::Mat inside;
    hard.convertTo(inside, CV_8U, 255);
    if (cv::countNonZero(inside) < 16) return donor.clone();
    cv::Mat d, t;
    cv::cvtColor(donor, d, cv::COLOR_BGR2Lab);
    cv::cvtColor(target, t, cv::COLOR_BGR2Lab);
    cv::Scalar dm, ds, tm, ts;
    cv::meanStdDev(d, dm, ds, inside);
    cv::meanStdDev(t, tm, ts, inside);
    cv::Mat f;
    d.convertTo(f, CV_32FC3);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (int c = 0; c < 3; ++c) ch[c] = (ch[c] - dm[c]) * (ts[c] / std::max(1.0, ds[c])) + tm[c];
    cv::merge(ch, f);
    f.convertTo(d, CV_8UC3);
    cv::Mat out;
    cv::cvtColor(d, out, cv::COLOR_Lab2BGR);
    return out;
}

// A generated face is often softer than the footage it is pasted into: half the time, the
// donor loses detail by a round trip through a smaller size.
cv::Mat maybe_softer(const cv::Mat& image, std::mt19937& r) {
    if (r() % 2) return image;
    const double s = uniform(r, 0.45, 0.85);
    cv::Mat small, out;
    cv::resize(image, small, cv::Size(), s, s, cv::INTER_AREA);
    cv::resize(small, out, image.size(), 0, 0, cv::INTER_LINEAR);
    return out;
}

GeneratedFake pasted(const cv::Mat& target, const cv::Mat& donor, cv::Mat hard, std::mt19937& r) {
    hard = off_the_border(hard);
    const cv::Mat source = maybe_softer(colour_matched(donor, target, hard), r);
    if (r() % 4 == 0 && cv::countNonZero(hard) > 16) {  // Poisson blending
        cv::Mat inside;
        hard.convertTo(inside, CV_8U, 255);
        const cv::Rect box = cv::boundingRect(inside);
        const cv::Point centre(box.x + box.width / 2, box.y + box.height / 2);
        cv::Mat cloned, out = target.clone();
        cv::seamlessClone(source, target, inside, centre, cloned, cv::NORMAL_CLONE);
        cloned.copyTo(out, inside);  // seamlessClone also nudges a few pixels around the mask
        return {out, hard};
    }
    const cv::Mat mask = soften_mask(hard, r);
    return {blend_through(source, target, mask), mask};
}

}  // namespace

const char* fake_kind_name(FakeKind kind) {
    switch (kind) {
        case FakeKind::OtherFace:
            return "xray";
        case FakeKind::OtherParts:
            return "parts";
        case FakeKind::WarpedSwap:
            return "swap";
        case FakeKind::SelfBlend:
            break;
    }
    return "sbi";
}

Result<std::vector<FakeKind>> parse_fake_kinds(const std::string& list) {
    static const FakeKind all[] = {FakeKind::SelfBlend, FakeKind::OtherFace, FakeKind::OtherParts,
                                   FakeKind::WarpedSwap};
    std::vector<FakeKind> kinds;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) {
        auto kind = parse_named(name, all, fake_kind_name, "kind of fake");
        if (!kind) return Error{kind.error()};
        kinds.push_back(*kind);
    }
    if (kinds.empty()) return Error{"no kind of fake named (allowed: sbi, xray, parts, swap)"};
    return kinds;
}

bool needs_donor(FakeKind kind) { return kind != FakeKind::SelfBlend; }
bool needs_dense_landmarks(FakeKind kind) { return kind == FakeKind::WarpedSwap; }

cv::Mat face_hull_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                       double scale) {
    const FaceFrame f = face_frame(landmarks);
    // The face's outline: from 68 points its own jaw and brows; from five, where the 68-point
    // outline lies in inter-ocular units (brows, temples, cheeks, jaw, chin).
    std::vector<cv::Point2f> outline;
    if (landmarks.size() == 68) {
        outline.assign(landmarks.begin(), landmarks.begin() + 27);
    } else {
        const std::vector<std::pair<double, double>> eyes_relative = {
            {-0.95, -0.55}, {-0.45, -0.75}, {0.45, -0.75}, {0.95, -0.55}, {1.1, 0.2}, {-1.1, 0.2}};
        const std::vector<std::pair<double, double>> mouth_relative = {
            {1.0, -0.3}, {0.7, 0.35}, {0.3, 0.6}, {-0.3, 0.6}, {-0.7, 0.35}, {-1.0, -0.3}};
        for (const auto& [u, v] : eyes_relative) outline.push_back(f.at(f.eyes, u, v));
        for (const auto& [u, v] : mouth_relative) outline.push_back(f.at(f.mouth, u, v));
    }
    std::vector<cv::Point> hull;
    cv::convexHull(
        polygon(outline, 0, static_cast<int>(outline.size()), (f.eyes + f.mouth) * 0.5f, scale),
        hull);
    cv::Mat mask = cv::Mat::zeros(size, CV_32F);
    cv::fillConvexPoly(mask, hull, cv::Scalar(1));
    return mask;
}

// The parts from 68 points: each the hull of its own points (an eye with its brow), grown by
// a fifth of an eye distance so that the paste takes some skin around the feature.
cv::Mat dense_parts_mask(const cv::Size& size, const std::vector<cv::Point2f>& p, unsigned parts) {
    const double d = face_frame(p).eye_distance;
    cv::Mat hard = cv::Mat::zeros(size, CV_8U);
    auto add = [&](std::vector<cv::Point> points) {
        std::vector<cv::Point> hull;
        cv::convexHull(points, hull);
        cv::fillConvexPoly(hard, hull, cv::Scalar(255));
    };
    const cv::Point2f none(0, 0);
    auto eye = [&](int eye_first, int brow_first) {
        auto points = polygon(p, eye_first, 6, none, 1);
        const auto brow = polygon(p, brow_first, 5, none, 1);
        points.insert(points.end(), brow.begin(), brow.end());
        add(points);
    };
    if (parts & 1u) eye(36, 17);
    if (parts & 2u) eye(42, 22);
    if (parts & 4u) add(polygon(p, 27, 9, none, 1));
    if (parts & 8u) add(polygon(p, 48, 12, none, 1));
    const int grow = std::max(1, cvRound(0.2 * d));
    cv::dilate(hard, hard,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
    cv::Mat mask;
    hard.convertTo(mask, CV_32F, 1.0 / 255);
    return mask;
}

cv::Mat face_parts_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                        unsigned parts) {
    if (landmarks.size() == 68) return dense_parts_mask(size, landmarks, parts);
    const std::vector<cv::Point2f> p = five_of(landmarks);
    const FaceFrame f = face_frame(p);
    const double d = f.eye_distance, tilt = angle_of(f.along);
    cv::Mat mask = cv::Mat::zeros(size, CV_32F);
    auto ellipse = [&](const cv::Point2f& centre, double u, double v) {
        cv::ellipse(mask, cv::Point(cvRound(centre.x), cvRound(centre.y)),
                    cv::Size(cvRound(u * d), cvRound(v * d)), tilt, 0, 360, cv::Scalar(1),
                    cv::FILLED);
    };
    // An eye with its brow; the nose from the bridge to below the tip; the mouth and its lips.
    for (int eye = 0; eye < 2; ++eye)
        if (parts & (1u << eye)) ellipse(f.at(p[eye], 0, -0.12), 0.38, 0.3);
    if (parts & 4u) {
        const cv::Point2f bridge_to_tip = p[2] - f.eyes;
        const double length = cv::norm(bridge_to_tip) / d;
        ellipse(f.eyes + bridge_to_tip * 0.6f, 0.24, 0.5 * length + 0.12);
    }
    if (parts & 8u) ellipse(f.at(f.mouth, 0, 0.04), 0.5 * cv::norm(p[4] - p[3]) / d + 0.15, 0.27);
    return mask;
}

cv::Mat warped_onto(const cv::Mat& donor, const std::vector<cv::Point2f>& donor_landmarks,
                    const std::vector<cv::Point2f>& target_landmarks) {
    const float w = static_cast<float>(donor.cols - 1), h = static_cast<float>(donor.rows - 1);
    // The crop's frame is pinned, so the warp covers the crop and fades out at its edges.
    const std::vector<cv::Point2f> frame = {{0, 0}, {w / 2, 0}, {w, 0}, {w, h / 2},
                                            {w, h}, {w / 2, h}, {0, h}, {0, h / 2}};
    std::vector<cv::Point2f> from = donor_landmarks, to = target_landmarks;
    from.insert(from.end(), frame.begin(), frame.end());
    to.insert(to.end(), frame.begin(), frame.end());
    // Landmarks may lie beyond a tight crop (the jaw): the triangulation's rectangle holds them.
    cv::Subdiv2D subdivision(cv::Rect(-donor.cols, -donor.rows, 3 * donor.cols, 3 * donor.rows));
    subdivision.insert(to);
    std::vector<cv::Vec6f> triangles;
    subdivision.getTriangleList(triangles);
    // A corner of a triangle is one of the inserted points: the first at its place.
    auto index_of = [&](float x, float y) {
        for (std::size_t i = 0; i < to.size(); ++i)
            if (std::abs(to[i].x - x) < 1e-3f && std::abs(to[i].y - y) < 1e-3f)
                return static_cast<int>(i);
        return -1;
    };
    // Each pixel takes the affine map of its triangle (drawn with its outline too, so that no
    // pixel falls between triangles); one remap then moves the whole picture continuously.
    cv::Mat label(donor.size(), CV_32S, cv::Scalar(-1));
    std::vector<cv::Matx23d> back;  // target pixel -> donor pixel, one per triangle
    for (const auto& t : triangles) {
        std::array<int, 3> index{};
        for (int k = 0; k < 3; ++k) index[k] = index_of(t[2 * k], t[2 * k + 1]);
        if (index[0] < 0 || index[1] < 0 || index[2] < 0) continue;
        const cv::Point2f src[3] = {from[index[0]], from[index[1]], from[index[2]]};
        const cv::Point2f dst[3] = {to[index[0]], to[index[1]], to[index[2]]};
        std::vector<cv::Point> corners;
        for (const auto& q : dst) corners.emplace_back(cvRound(q.x), cvRound(q.y));
        const cv::Scalar id(static_cast<double>(back.size()));
        cv::fillConvexPoly(label, corners, id);
        cv::polylines(label, corners, true, id);
        back.emplace_back(cv::getAffineTransform(dst, src));
    }
    cv::Mat map_x(donor.size(), CV_32F), map_y(donor.size(), CV_32F);
    for (int y = 0; y < donor.rows; ++y)
        for (int x = 0; x < donor.cols; ++x) {
            const int k = label.at<int>(y, x);
            const cv::Vec3d p(x, y, 1);
            const cv::Vec2d q = k < 0 ? cv::Vec2d(x, y) : cv::Vec2d(back[k] * p);
            map_x.at<float>(y, x) = static_cast<float>(q[0]);
            map_y.at<float>(y, x) = static_cast<float>(q[1]);
        }
    cv::Mat out;
    cv::remap(donor, out, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_REFLECT);
    return out;
}

GeneratedFake generate_fake(FakeKind kind, const cv::Mat& target, const cv::Mat& donor,
                            const std::vector<cv::Point2f>& target_landmarks,
                            const std::vector<cv::Point2f>& donor_landmarks, std::mt19937& r) {
    const auto& landmarks = target_landmarks;
    const bool located = landmarks.size() == 5 || landmarks.size() == 68;
    if (kind == FakeKind::WarpedSwap && landmarks.size() == 68 && donor_landmarks.size() == 68)
        return pasted(target, warped_onto(donor, donor_landmarks, landmarks),
                      face_hull_mask(target.size(), landmarks, uniform(r, 0.85, 1.0)), r);
    if (kind == FakeKind::OtherFace && located)
        return pasted(target, donor,
                      face_hull_mask(target.size(), landmarks, uniform(r, 0.8, 1.05)), r);
    if (kind == FakeKind::OtherParts && located) {
        const unsigned parts = 1u + static_cast<unsigned>(r() % 15);  // any non-empty subset
        return pasted(target, donor, face_parts_mask(target.size(), landmarks, parts), r);
    }
    // Self-blending (and the fallback without landmarks): the crop's own altered copy.
    const cv::Mat source = altered_copy(target, r);
    const cv::Mat mask =
        located ? soften_mask(face_hull_mask(target.size(), landmarks, uniform(r, 0.8, 1.05)), r)
                : self_blend_mask(target.cols, r);
    return {blend_through(source, target, mask), mask};
}

}  // namespace interceptor
