#include "interceptor/model/inference/profile.h"

#include "interceptor/model/named_choice.h"

namespace interceptor {

const char* profile_name(Profile profile) {
    switch (profile) {
        case Profile::FaceCrop:
            return "face_crop";
        case Profile::FaceAligned:
            return "face_aligned";
        case Profile::FaceTight:
            return "face_tight";
        case Profile::WholeFrame:
            break;
    }
    return "whole_frame";
}

Result<Profile> parse_profile(const std::string& name) {
    static const Profile all[] = {Profile::WholeFrame, Profile::FaceCrop, Profile::FaceAligned,
                                  Profile::FaceTight};
    return parse_named(name, all, profile_name, "preprocessing profile");
}

}  // namespace interceptor
