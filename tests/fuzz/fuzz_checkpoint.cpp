// libFuzzer target: Checkpoint::load, the whole path a user's .pt file takes
// (zip, unpickler, tensor records, metadata, architecture), on arbitrary
// bytes written to a temporary file. It must load or say why, and run no
// code from the file.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "scratch_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = interceptor::fuzz::write_scratch("-checkpoint.pt", data, size);
    if (path.empty()) return 0;
    if (auto checkpoint = interceptor::Checkpoint::load(path)) {
        (void)checkpoint->keys();
        (void)checkpoint->resolve_config();
    }
    std::remove(path.c_str());
    return 0;
}
