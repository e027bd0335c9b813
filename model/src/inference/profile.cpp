#include "interceptor/model/inference/profile.h"

namespace interceptor {

const char* profile_name(Profile profile) {
    return profile == Profile::FaceCrop ? "face_crop" : "whole_frame";
}

Result<Profile> parse_profile(const std::string& name) {
    for (Profile p : {Profile::WholeFrame, Profile::FaceCrop})
        if (name == profile_name(p)) return p;
    return Error{"unknown preprocessing profile '" + name + "' (allowed: whole_frame, face_crop)"};
}

}  // namespace interceptor
