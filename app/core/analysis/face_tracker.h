#pragma once
// Links the faces of successive analysed frames into tracks, one per person,
// so each person in a clip gets a number, a P(fake) curve and a verdict of
// their own. A face continues the track whose last box it overlaps most (IoU
// at least min_iou); among near-equal overlaps the closer landmarks win. A
// track not seen for longer than max_gap_seconds ends, and a face that
// continues no track starts a new one. Greedy, in order of overlap: enough for
// the few faces of an interview, and the same input always gives the same
// tracks. Not thread-safe.
#include <cstdint>
#include <vector>

#include "core/analysis/face_detector.h"

namespace interceptor {

struct TrackRule {
    double min_iou = 0.3;
    double max_gap_seconds = 1.5;
};

class FaceTracker {
  public:
    explicit FaceTracker(TrackRule rule = {}, int first_track = 0)
        : rule_(rule), next_(first_track) {}
    // Sets each face's track. Frames must come in increasing time.
    void assign(std::vector<Face>& faces, double seconds);

  private:
    struct Live {
        int id;
        Face last;
        double seconds;
    };
    TrackRule rule_;
    int next_;
    std::vector<Live> live_;
};

double box_iou(const cv::Rect2f& a, const cv::Rect2f& b);

}  // namespace interceptor
