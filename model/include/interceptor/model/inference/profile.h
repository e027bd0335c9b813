#pragma once
// What a checkpoint was trained on, so that analysis prepares frames the same
// way: the whole frame resized (the seed's), or the face cut out (see
// app/core/analysis/preprocessor.h). Parsed once where a name comes in (the
// CLI, a plan file, a checkpoint's metadata, a case file).
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

enum class Profile { WholeFrame, FaceCrop };

// "whole_frame" or "face_crop": the names that files, plans and the CLI use.
const char* profile_name(Profile profile);
// The inverse of profile_name; an unknown name is an error that names the allowed ones.
Result<Profile> parse_profile(const std::string& name);

}  // namespace interceptor
