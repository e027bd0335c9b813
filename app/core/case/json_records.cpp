#include "core/case/json_records.h"

#include "core/media/decoded_frame.h"

namespace interceptor {

Json checkpoint_metadata_json(const CheckpointMetadata& m) {
    Json j;
    j["path"] = m.path;
    j["sha256"] = m.sha256;
    j["file_size"] = m.file_size;
    j["format"] = m.format;
    j["tensors"] = m.tensor_count;
    j["parameters"] = m.parameter_count;
    if (m.epoch) j["epoch"] = *m.epoch;
    if (m.stage) j["stage"] = *m.stage;
    j["model_type"] = m.model_type;
    j["timestamp"] = m.timestamp;
    const Json own = Json::parse(interceptor_metadata_json(m));
    for (const auto& [key, value] : own.items()) j[key] = value;
    j["other"] = Json::parse(m.extra_json.empty() ? "{}" : m.extra_json, nullptr, false);
    return j;
}

// Every MediaInfo field by name, written and read by the same list.
template <typename Visit>
void media_fields(Visit&& visit, MediaInfo& m) {
    visit("path", m.path);
    visit("container", m.container);
    visit("container_long", m.container_long);
    visit("video_codec", m.video_codec);
    visit("video_profile", m.video_profile);
    visit("pixel_format", m.pixel_format);
    visit("bit_depth", m.bit_depth);
    visit("coded_width", m.coded_width);
    visit("coded_height", m.coded_height);
    visit("width", m.width);
    visit("height", m.height);
    visit("rotation", m.rotation);
    visit("nominal_fps", m.nominal_fps);
    visit("measured_fps", m.measured_fps);
    visit("variable_frame_rate", m.variable_frame_rate);
    visit("frame_count", m.frame_count);
    visit("duration_seconds", m.duration_seconds);
    visit("bit_rate", m.bit_rate);
    visit("file_size", m.file_size);
    visit("creation_time", m.creation_time);
    visit("encoder", m.encoder);
    visit("has_audio", m.has_audio);
    visit("audio_codec", m.audio_codec);
}

Json media_info_json(const MediaInfo& m) {
    Json j;
    MediaInfo copy = m;
    media_fields([&](const char* name, const auto& value) { j[name] = value; }, copy);
    return j;
}

MediaInfo media_info_from_json(const Json& j) {
    MediaInfo m;
    media_fields(
        [&](const char* name, auto& value) {
            if (j.contains(name)) j.at(name).get_to(value);
        },
        m);
    return m;
}

Json checkpoint_description_json(const CheckpointSummary& c) {
    return {
        {"name", c.name},
        {"path", c.path},
        {"sha256", c.sha256},
        {"profile", profile_name(c.profile)},
        {"device", c.device},
        {"architecture", c.architecture},
        {"metadata", Json::parse(c.metadata_json.empty() ? "{}" : c.metadata_json, nullptr, false)},
        {"threshold", c.threshold},
        {"threshold_source", c.threshold_source}};
}

Result<CheckpointSummary> checkpoint_description_from_json(const Json& j) {
    CheckpointSummary c;
    c.name = j.value("name", "");
    c.path = j.value("path", "");
    c.sha256 = j.value("sha256", "");
    auto profile = parse_profile(j.value("profile", ""));
    if (!profile) return Error{c.name + ": " + profile.error()};
    c.profile = *profile;
    c.device = j.value("device", "");
    c.architecture = j.value("architecture", "");
    const Json metadata = j.contains("metadata") ? j["metadata"] : Json::object();
    c.metadata_json = metadata.dump();
    // The checkpoint's own threshold is read from its recorded metadata (cases of every version
    // have it), so that decide_threshold can judge it again with the analysis's threshold.
    if (metadata.is_object() && metadata.contains("threshold") && metadata["threshold"].is_number())
        c.calibrated_threshold = metadata["threshold"].get<double>();
    if (metadata.is_object()) c.calibrated_source = metadata.value("threshold_source", "");
    c.threshold = j.value("threshold", 0.5);
    c.threshold_source = j.value("threshold_source", "");
    return c;
}

Json verdict_json(const VideoVerdict& v) {
    Json segments = Json::array();
    for (const auto& s : v.segments)
        segments.push_back({{"first_frame", s.first_frame},
                            {"last_frame", s.last_frame},
                            {"start", format_timecode(s.start_seconds)},
                            {"end", format_timecode(s.end_seconds)},
                            {"peak", s.peak},
                            {"track", s.track >= 0 ? Json(s.track) : Json(nullptr)}});
    return {{"verdict", v.label()},
            {"inconclusive_reason", v.inconclusive_reason},
            {"clip_flagged", v.clip_flagged},
            {"rule", v.rule()},
            {"confident", v.confident},
            {"mean", v.mean},
            {"max", v.max},
            {"scored", v.scored},
            {"flagged", v.flagged},
            {"share_flagged", v.share_flagged},
            {"not_applicable", v.not_applicable},
            {"damaged", v.damaged},
            {"segments", segments}};
}

Json verdict_rules_json(const VerdictRules& r) {
    return {{"min_scored_frames", r.evidence.min_frames},
            {"min_scored_share", r.evidence.min_share},
            {"smooth_frames", r.segments.smooth_frames},
            {"hysteresis", r.segments.hysteresis},
            {"min_run_seconds", r.segments.min_run_seconds},
            {"bridge_seconds", r.segments.bridge_seconds},
            {"min_segment_seconds", r.segments.min_seconds}};
}

Json face_settings_json(const FaceDetectorSettings& s) {
    return {{"detector", face_detector_name(s.kind)}, {"score_threshold", s.score_threshold},
            {"nms_threshold", s.nms_threshold},       {"min_face", s.min_face},
            {"detect_size", s.detect_size},           {"model_file", s.model_file}};
}

Result<FaceDetectorSettings> face_settings_from_json(const Json& j) {
    FaceDetectorSettings s;
    auto kind = parse_face_detector(j.value("detector", face_detector_name(s.kind)));
    if (!kind) return Error{kind.error()};
    s.kind = *kind;
    s.score_threshold = j.value("score_threshold", s.score_threshold);
    s.nms_threshold = j.value("nms_threshold", s.nms_threshold);
    s.min_face = j.value("min_face", s.min_face);
    s.detect_size = j.value("detect_size", s.detect_size);
    s.model_file = j.value("model_file", s.model_file);
    return s;
}

Json faces_json(const FrameResult& r) {
    Json faces = Json::array();
    for (std::size_t f = 0; f < r.faces.size(); ++f) {
        const auto& face = r.faces[f];
        Json landmarks = Json::array();
        for (const auto& p : face.landmarks) landmarks.push_back({p.x, p.y});
        Json scores = Json::array();
        for (const auto& c : r.per_checkpoint)
            scores.push_back(f < c.face_scores.size() && !c.face_scores[f].logits.empty()
                                 ? Json(c.face_scores[f].p_fake)
                                 : Json(nullptr));
        faces.push_back({{"track", face.track},
                         {"box", {face.box.x, face.box.y, face.box.width, face.box.height}},
                         {"landmarks", landmarks},
                         {"detector_score", face.score},
                         {"p_fake", scores}});
    }
    return faces;
}

Json track_verdicts_json(const CheckpointSummary& c) {
    Json tracks = Json::array();
    for (const auto& t : c.tracks) {
        Json v = verdict_json(t.verdict);
        v["track"] = t.track;
        tracks.push_back(std::move(v));
    }
    return tracks;
}

VerdictRules verdict_rules_from_json(const Json& j) {
    VerdictRules r;
    r.evidence.min_frames = j.value("min_scored_frames", r.evidence.min_frames);
    r.evidence.min_share = j.value("min_scored_share", r.evidence.min_share);
    r.segments.smooth_frames = j.value("smooth_frames", r.segments.smooth_frames);
    r.segments.hysteresis = j.value("hysteresis", r.segments.hysteresis);
    r.segments.min_run_seconds = j.value("min_run_seconds", r.segments.min_run_seconds);
    r.segments.bridge_seconds = j.value("bridge_seconds", r.segments.bridge_seconds);
    r.segments.min_seconds = j.value("min_segment_seconds", r.segments.min_seconds);
    return r;
}

}  // namespace interceptor
