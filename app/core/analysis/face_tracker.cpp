#include "core/analysis/face_tracker.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace interceptor {
namespace {

// Mean landmark distance relative to the box size; boxes alone when either has no landmarks.
double landmark_distance(const Face& a, const Face& b) {
    if (a.landmarks.empty() || a.landmarks.size() != b.landmarks.size()) return 0;
    double sum = 0;
    for (std::size_t i = 0; i < a.landmarks.size(); ++i) {
        const cv::Point2f d = a.landmarks[i] - b.landmarks[i];
        sum += std::hypot(d.x, d.y);
    }
    const double side = std::max(1.0f, std::max(a.box.width, a.box.height));
    return sum / a.landmarks.size() / side;
}

}  // namespace

double box_iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0;
}

void FaceTracker::assign(std::vector<Face>& faces, double seconds) {
    live_.erase(
        std::remove_if(live_.begin(), live_.end(),
                       [&](const Live& t) { return seconds - t.seconds > rule_.max_gap_seconds; }),
        live_.end());
    // Candidate pairs, best first: overlap rounded to 0.05 (near-equal overlaps are ties), then
    // the landmark distance, then the order of the faces and tracks (deterministic).
    std::vector<std::tuple<double, double, std::size_t, std::size_t>> pairs;
    for (std::size_t f = 0; f < faces.size(); ++f)
        for (std::size_t t = 0; t < live_.size(); ++t) {
            const double iou = box_iou(faces[f].box, live_[t].last.box);
            if (iou >= rule_.min_iou)
                pairs.emplace_back(-std::round(iou * 20) / 20,
                                   landmark_distance(faces[f], live_[t].last), f, t);
        }
    std::sort(pairs.begin(), pairs.end());
    std::vector<bool> face_done(faces.size()), track_done(live_.size());
    for (const auto& [neg_iou, distance, f, t] : pairs) {
        if (face_done[f] || track_done[t]) continue;
        face_done[f] = track_done[t] = true;
        faces[f].track = live_[t].id;
    }
    for (std::size_t f = 0; f < faces.size(); ++f)
        if (!face_done[f]) {
            faces[f].track = next_++;
            live_.push_back({faces[f].track, faces[f], seconds});
        }
    for (auto& t : live_)
        for (const auto& face : faces)
            if (face.track == t.id) {
                t.last = face;
                t.seconds = seconds;
            }
}

}  // namespace interceptor
