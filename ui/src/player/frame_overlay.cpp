#include "player/frame_overlay.h"

#include "case/case_model.h"
#include "core/analysis/face_crop.h"
#include "core/analysis/frame_attribution.h"
#include "player/heatmap_image.h"
#include "timeline/timeline_widget.h"

namespace interceptor {

QTransform to_qtransform(const cv::Matx23d& m) {
    return QTransform(m(0, 0), m(1, 0), m(0, 1), m(1, 1), m(0, 2), m(1, 2));
}

FrameOverlay frame_overlay(const CaseModel& model, qint64 frame, int slot, bool heatmap) {
    FrameOverlay o;
    const FrameResult* r = model.frame(frame);
    if (!r) return o;
    o.analysed = true;
    o.low_light = r->light.low_light;
    o.mean_luma = r->light.mean_luma;
    for (int s = 0; s < model.slotCount(); ++s) {
        if (slot >= 0 && s != slot) continue;
        const auto& c = r->per_checkpoint[static_cast<std::size_t>(s)];
        SlotOverlay shown;
        shown.name = model.slotName(s);
        shown.threshold = model.threshold(s);
        shown.colour = slot_colour(s);
        if (c.applicable) shown.p_fake = c.score.p_fake;
        shown.reason = QString::fromStdString(c.reason);
        if (c.face) shown.face = QRect(c.face->x, c.face->y, c.face->width, c.face->height);
        o.slots.push_back(shown);
    }
    for (std::size_t f = 0; f < r->faces.size(); ++f) {
        FaceOverlay face;
        const auto& box = r->faces[f].box;
        face.box = QRectF(box.x, box.y, box.width, box.height);
        face.track = r->faces[f].track;
        for (int s = 0; s < model.slotCount(); ++s) {
            if (slot >= 0 && s != slot) continue;
            const auto& scores = r->per_checkpoint[static_cast<std::size_t>(s)].face_scores;
            if (f >= scores.size() || scores[f].logits.empty()) continue;
            if (!face.p_fake || scores[f].p_fake > *face.p_fake) {
                face.p_fake = scores[f].p_fake;
                face.flagged = scores[f].p_fake >= model.threshold(s);
            }
        }
        o.faces.push_back(face);
    }
    const int heatmap_slot = slot >= 0 ? slot : 0;
    if (heatmap && model.slotCount() > 0) {
        o.heatmap = heatmap_image(model.heatmap(frame, heatmap_slot));
        o.heatmap_of = model.slotName(heatmap_slot);
        const Profile profile = model.analysis().spec.checkpoints[heatmap_slot].profile;
        const auto face = scored_face(*r, static_cast<std::size_t>(heatmap_slot));
        if (!o.heatmap.isNull() && is_face_profile(profile) && face) {
            // The face the heatmap was computed on: with its landmarks where stored.
            auto m =
                crop_to_frame(*face, profile, cv::Size(model.media().width, model.media().height),
                              o.heatmap.width());
            if (m) o.heatmap_place = to_qtransform(*m);
        }
    }
    return o;
}

}  // namespace interceptor
