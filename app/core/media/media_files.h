#pragma once
// Which files are videos or frame images, by extension (case-insensitive):
// one list for the CLI's folder search and the dataset readers. Thread-safe.
#include <filesystem>

namespace interceptor {

bool is_video_file(const std::filesystem::path& path);
bool is_image_file(const std::filesystem::path& path);  // PNG, JPEG, BMP

}  // namespace interceptor
