#pragma once
// SHA-256 and MD5 of bytes and files (OpenSSL). Files are opened read-only
// and streamed, never mapped for writing. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

struct FileDigest {
    std::string sha256;  // lower-case hex
    std::string md5;
    std::uint64_t size = 0;
};

std::string sha256_hex(const void* data, std::size_t size);
Result<FileDigest> digest_file(const std::string& path);

}  // namespace interceptor
