#pragma once
// The fuzz targets whose code under test opens a path (the checkpoint loader,
// the decoder) get their input written to one scratch file per process, in
// $TMPDIR (run-fuzzers.sh points it at /dev/shm).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace interceptor::fuzz {

// Writes the input to the scratch file named by `suffix` and returns its path ("" if it cannot).
inline std::string write_scratch(const std::string& suffix, const std::uint8_t* data,
                                 std::size_t size) {
    const char* dir = std::getenv("TMPDIR");
    const std::string path =
        std::string(dir ? dir : "/tmp") + "/interceptor-fuzz-" + std::to_string(getpid()) + suffix;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return {};
    if (size > 0) std::fwrite(data, 1, size, f);  // an empty input may come as a null pointer
    std::fclose(f);
    return path;
}

}  // namespace interceptor::fuzz
