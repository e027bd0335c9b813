#pragma once
// The versions of what produced a result, for the about box, --version and
// the report: Interceptor, LibTorch (and whether CUDA is available), OpenCV
// and FFmpeg. Qt's is added by the layers that use Qt.
#include <string>
#include <vector>

namespace interceptor {

struct ComponentVersion {
    std::string name, version;
};

std::vector<ComponentVersion> component_versions();
std::string component_versions_line();  // "Interceptor 0.1.0, LibTorch 1.13.0 (CPU), ..."

}  // namespace interceptor
