#pragma once
// What a checkpoint was trained on, so that analysis prepares frames the same
// way: the whole frame resized (the seed's), the face box with a margin, or the
// face aligned by its landmarks, with context or tight (see
// app/core/analysis/face_crop.h). Parsed
// once where a name comes in (the CLI, a plan file, a checkpoint's metadata, a
// case file).
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

enum class Profile { WholeFrame, FaceCrop, FaceAligned, FaceTight };

// "whole_frame", "face_crop", "face_aligned" or "face_tight": the names that files, plans and the
// CLI use.
const char* profile_name(Profile profile);
// The inverse of profile_name; an unknown name is an error that names the allowed ones.
Result<Profile> parse_profile(const std::string& name);
// Whether the profile scores faces (needs a face detector) rather than the whole frame.
inline bool is_face_profile(Profile profile) { return profile != Profile::WholeFrame; }
// Whether the crop is aligned by the five landmarks (face_aligned, face_tight).
inline bool is_aligned_profile(Profile profile) {
    return profile == Profile::FaceAligned || profile == Profile::FaceTight;
}

}  // namespace interceptor
