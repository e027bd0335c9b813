// libFuzzer target: Checkpoint::load, the whole path a user's .pt file takes
// (zip, unpickler, tensor records, metadata, architecture), on arbitrary
// bytes written to a temporary file. It must load or say why, and run no
// code from the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "interceptor/model/checkpoint.h"

namespace {
std::string scratch_file() {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/interceptor-fuzz-checkpoint-" + std::to_string(getpid()) + ".pt";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = scratch_file();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    auto checkpoint = interceptor::Checkpoint::load(path);
    if (checkpoint) {
        (void)checkpoint->keys();
        (void)checkpoint->resolve_config();
    }
    std::remove(path.c_str());
    return 0;
}
