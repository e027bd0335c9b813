#include "core/media/media_files.h"

#include <algorithm>

namespace interceptor {
namespace {

bool has_extension(const std::filesystem::path& path, const std::vector<std::string>& known) {
    std::string ext = path.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return std::find(known.begin(), known.end(), ext) != known.end();
}

}  // namespace

const std::vector<std::string>& video_extensions() {
    static const std::vector<std::string> known = {".mp4", ".mov", ".m4v",  ".mkv", ".webm",
                                                   ".avi", ".mpg", ".mpeg", ".ts",  ".mts",
                                                   ".wmv", ".flv", ".3gp",  ".gif"};
    return known;
}

const std::vector<std::string>& image_extensions() {
    static const std::vector<std::string> known = {".png", ".jpg", ".jpeg", ".bmp"};
    return known;
}

bool is_video_file(const std::filesystem::path& path) {
    return has_extension(path, video_extensions());
}

bool is_image_file(const std::filesystem::path& path) {
    return has_extension(path, image_extensions());
}

}  // namespace interceptor
