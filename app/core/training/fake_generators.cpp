#include "core/training/fake_generators.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

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

FaceFrame face_frame(const std::vector<cv::Point2f>& p) {
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
        case FakeKind::SelfBlend:
            break;
    }
    return "sbi";
}

Result<std::vector<FakeKind>> parse_fake_kinds(const std::string& list) {
    static const FakeKind all[] = {FakeKind::SelfBlend, FakeKind::OtherFace, FakeKind::OtherParts};
    std::vector<FakeKind> kinds;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) {
        auto kind = parse_named(name, all, fake_kind_name, "kind of fake");
        if (!kind) return Error{kind.error()};
        kinds.push_back(*kind);
    }
    if (kinds.empty()) return Error{"no kind of fake named (allowed: sbi, xray, parts)"};
    return kinds;
}

bool needs_donor(FakeKind kind) { return kind != FakeKind::SelfBlend; }

cv::Mat face_hull_mask(const cv::Size& size, const std::vector<cv::Point2f>& landmarks,
                       double scale) {
    const FaceFrame f = face_frame(landmarks);
    // Where the 68-point hull lies in inter-ocular units: brows, temples, cheeks, jaw, chin.
    const std::vector<std::pair<double, double>> eyes_relative = {
        {-0.95, -0.55}, {-0.45, -0.75}, {0.45, -0.75}, {0.95, -0.55}, {1.1, 0.2}, {-1.1, 0.2}};
    const std::vector<std::pair<double, double>> mouth_relative = {
        {1.0, -0.3}, {0.7, 0.35}, {0.3, 0.6}, {-0.3, 0.6}, {-0.7, 0.35}, {-1.0, -0.3}};
    const cv::Point2f centre = (f.eyes + f.mouth) * 0.5f;
    std::vector<cv::Point> points;
    auto add = [&](const cv::Point2f& p) {
        const cv::Point2f q = centre + (p - centre) * static_cast<float>(scale);
        points.emplace_back(cvRound(q.x), cvRound(q.y));
    };
    for (const auto& [u, v] : eyes_relative) add(f.at(f.eyes, u, v));
    for (const auto& [u, v] : mouth_relative) add(f.at(f.mouth, u, v));
    std::vector<cv::Point> hull;
    cv::convexHull(points, hull);
    cv::Mat mask = cv::Mat::zeros(size, CV_32F);
    cv::fillConvexPoly(mask, hull, cv::Scalar(1));
    return mask;
}

cv::Mat face_parts_mask(const cv::Size& size, const std::vector<cv::Point2f>& p, unsigned parts) {
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

GeneratedFake generate_fake(FakeKind kind, const cv::Mat& target, const cv::Mat& donor,
                            const std::vector<cv::Point2f>& landmarks, std::mt19937& r) {
    const bool located = landmarks.size() == 5;
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
