#include "core/analysis/frame_attribution.h"

#include "core/analysis/face_crop.h"
#include "interceptor/model/inference/preprocess.h"

namespace interceptor {

std::optional<Face> scored_face(const FrameResult& result, std::size_t slot) {
    if (slot >= result.per_checkpoint.size()) return std::nullopt;
    const auto& c = result.per_checkpoint[slot];
    if (c.face_index >= 0 && static_cast<std::size_t>(c.face_index) < result.faces.size())
        return result.faces[static_cast<std::size_t>(c.face_index)];
    if (!c.face) return std::nullopt;
    Face face;
    face.box = cv::Rect2f(*c.face);
    return face;
}

Result<std::unique_ptr<Attributor>> load_attributor(const CheckpointSummary& summary) {
    auto checkpoint = Checkpoint::load(summary.path);
    if (!checkpoint) return Error{checkpoint.error()};
    if (checkpoint->metadata().sha256 != summary.sha256)
        return Error{summary.path + " has changed since the analysis (SHA-256 " +
                     checkpoint->metadata().sha256.substr(0, 16) + "..., the analysis used " +
                     summary.sha256.substr(0, 16) + "...)"};
    return Attributor::create(*checkpoint);
}

Result<PlacedAttribution> attribute_frame(Attributor& attributor, const cv::Mat& bgr,
                                          Profile profile, const std::optional<Face>& face) {
    const int size = attributor.config().input_size;
    FrameBatch batch{0, size, {}};
    PlacedAttribution out;
    if (is_face_profile(profile)) {
        if (!face) return Error{"no face was scored in this frame"};
        auto crop = face_crop(bgr, *face, profile, size);
        if (!crop) return Error{crop.error()};
        append_whole_frame(*crop, batch);
        auto place = crop_to_frame(*face, profile, bgr.size(), size);
        if (!place) return Error{place.error()};
        out.place = *place;
    } else {
        append_whole_frame(bgr, batch);
    }
    auto explained = attributor.explain(batch);
    if (!explained) return Error{explained.error()};
    out.attribution = std::move(explained->front());
    return out;
}

}  // namespace interceptor
