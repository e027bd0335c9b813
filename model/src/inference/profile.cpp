#include "interceptor/model/inference/profile.h"

#include "interceptor/model/named_choice.h"

namespace interceptor {

const char* profile_name(Profile profile) {
    return profile == Profile::FaceCrop ? "face_crop" : "whole_frame";
}

Result<Profile> parse_profile(const std::string& name) {
    static const Profile all[] = {Profile::WholeFrame, Profile::FaceCrop};
    return parse_named(name, all, profile_name, "preprocessing profile");
}

}  // namespace interceptor
