#pragma once
// Where the media tests find their clips: the generated ones (tests/core/
// make_clips.sh, run as a CTest fixture) and the real face clips in
// ../shared/data/clips (absent on some machines: tests skip with a message).
#include <filesystem>
#include <string>

#include "core/media/decoded_frame.h"
#include "interceptor/model/io/digest.h"

namespace interceptor::test {

inline std::string generated_clip(const std::string& name) {
    return std::string(INTERCEPTOR_FIXTURES) + "/clips/" + name;
}

inline std::string real_clips_dir() {
    return std::string(INTERCEPTOR_SOURCE_DIR) + "/../shared/data/clips";
}

inline bool have_real_clips() { return std::filesystem::is_directory(real_clips_dir()); }

// Size and modification time of a file, to show a test left the evidence untouched.
inline std::string file_state(const std::string& path) {
    auto digest = digest_file(path);
    auto time = std::filesystem::last_write_time(path).time_since_epoch().count();
    return (digest ? digest->sha256 : "?") + "/" +
           std::to_string(std::filesystem::file_size(path)) + "/" + std::to_string(time);
}

}  // namespace interceptor::test
