#include "core/media/media_files.h"

#include <set>
#include <string>

namespace interceptor {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

bool is_video_file(const std::filesystem::path& path) {
    static const std::set<std::string> known = {".mp4", ".mov", ".m4v",  ".mkv", ".webm",
                                                ".avi", ".mpg", ".mpeg", ".ts",  ".mts",
                                                ".wmv", ".flv", ".3gp",  ".gif"};
    return known.count(lower_extension(path)) > 0;
}

bool is_image_file(const std::filesystem::path& path) {
    static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".bmp"};
    return known.count(lower_extension(path)) > 0;
}

}  // namespace interceptor
