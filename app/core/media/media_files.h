#pragma once
// Which files are videos or frame images, by extension (case-insensitive):
// the one list for the CLI's folder search, the dataset readers and the
// workstation's open dialog and drops. Thread-safe.
#include <filesystem>
#include <string>
#include <vector>

namespace interceptor {

// Lower case, with the dot (".mp4"), for file dialogs' filters.
const std::vector<std::string>& video_extensions();
const std::vector<std::string>& image_extensions();  // PNG, JPEG, BMP

bool is_video_file(const std::filesystem::path& path);
bool is_image_file(const std::filesystem::path& path);

}  // namespace interceptor
