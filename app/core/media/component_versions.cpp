#include "core/media/component_versions.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}
#include <opencv2/core/version.hpp>

#include "interceptor/model/inference/detector.h"
#include "interceptor/version.h"

namespace interceptor {

std::vector<ComponentVersion> component_versions() {
    return {
        {"Interceptor", INTERCEPTOR_VERSION},
        {"LibTorch", libtorch_version() + (cuda_available() ? " (CUDA available)" : " (CPU only)")},
        {"OpenCV", CV_VERSION},
        {"FFmpeg", std::string(av_version_info()) + " (libavformat " + LIBAVFORMAT_IDENT +
                       ", libavcodec " + LIBAVCODEC_IDENT + ")"}};
}

std::string component_versions_line() {
    std::string line;
    for (const auto& c : component_versions())
        line += (line.empty() ? "" : ", ") + c.name + " " + c.version;
    return line;
}

}  // namespace interceptor
