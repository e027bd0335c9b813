// info: stream metadata and hashes of a clip.
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/io/digest.h"

namespace interceptor::cli {

int info_command(const std::vector<std::string>& args) {
    static const char* usage =
        "usage: interceptor-cli info CLIP... [--json]\n"
        "  Stream metadata (container, codec, geometry, frame rate, frame count, duration,\n"
        "  tags) and the SHA-256 and MD5 of each clip. Clips are opened read-only.\n";
    Arguments a(args, {"--json", "--help"}, {});
    if (a.has("--help")) return print_help(usage);
    if (!a.error().empty()) return usage_error(a.error(), usage);
    if (a.positional().empty()) return usage_error("info takes at least one CLIP", usage);
    int status = kExitOk;
    auto all = nlohmann::ordered_json::array();
    for (const auto& path : a.positional()) {
        auto decoder = VideoDecoder::open(path);
        auto digest = decoder ? digest_file(path) : Result<FileDigest>(Error{decoder.error()});
        if (!digest) {
            std::cerr << "interceptor-cli: " << digest.error() << "\n";
            status = kExitFailure;
            continue;
        }
        const MediaInfo& m = (*decoder)->info();
        nlohmann::ordered_json j{{"path", path},
                                 {"sha256", digest->sha256},
                                 {"md5", digest->md5},
                                 {"size", digest->size},
                                 {"container", m.container},
                                 {"video_codec", m.video_codec},
                                 {"profile", m.video_profile},
                                 {"pixel_format", m.pixel_format},
                                 {"bit_depth", m.bit_depth},
                                 {"width", m.width},
                                 {"height", m.height},
                                 {"rotation", m.rotation},
                                 {"nominal_fps", m.nominal_fps},
                                 {"measured_fps", m.measured_fps},
                                 {"variable_frame_rate", m.variable_frame_rate},
                                 {"frames", m.frame_count},
                                 {"duration_seconds", m.duration_seconds},
                                 {"bit_rate", m.bit_rate},
                                 {"creation_time", m.creation_time},
                                 {"encoder", m.encoder},
                                 {"audio_codec", m.audio_codec}};
        if (a.has("--json")) {
            all.push_back(j);
            continue;
        }
        std::cout << path << "\n";
        for (const auto& [key, value] : j.items()) {
            if (key == "path" || (value.is_string() && value.get<std::string>().empty())) continue;
            std::cout << "  " << std::left << std::setw(20) << key
                      << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
        }
    }
    if (a.has("--json"))
        std::cout << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                  << "\n";
    return status;
}

}  // namespace interceptor::cli
