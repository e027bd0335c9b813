#pragma once
// The JSON forms of the records that leave the process or go into a case
// file: checkpoint metadata, stream metadata, checkpoint descriptions. One
// place, so the CLI's output, the case file and the report agree. Pure
// functions; thread-safe.
#include <nlohmann/json.hpp>

#include "core/analysis/analysis_results.h"
#include "core/media/media_info.h"
#include "interceptor/model/checkpoint/checkpoint.h"

namespace interceptor {

using Json = nlohmann::ordered_json;

Json checkpoint_metadata_json(const CheckpointMetadata& m);

Json media_info_json(const MediaInfo& m);
MediaInfo media_info_from_json(const Json& j);

// A checkpoint as used in an analysis, without its verdict.
Json checkpoint_description_json(const CheckpointSummary& c);
// An unknown profile name is an error (a case file from a later version, or damaged).
Result<CheckpointSummary> checkpoint_description_from_json(const Json& j);

// The verdict with its segments (timecodes included), for machine output.
Json verdict_json(const VideoVerdict& v);
// The rules a verdict follows, as recorded in a case.
Json verdict_rules_json(const VerdictRules& rules);
VerdictRules verdict_rules_from_json(const Json& j);

// The face detector's settings, as recorded in a case (an unknown detector name is an error).
Json face_settings_json(const FaceDetectorSettings& s);
Result<FaceDetectorSettings> face_settings_from_json(const Json& j);
// A frame's faces: track, box, landmarks, detector score, P(fake) per checkpoint (null: not
// scored by it).
Json faces_json(const FrameResult& r);
// Each track's verdict, with its number.
Json track_verdicts_json(const CheckpointSummary& c);

}  // namespace interceptor
