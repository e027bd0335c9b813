#pragma once
// Reads the central directory of a zip archive held in memory (a mapped
// file) and hands out entry contents: stored entries as views into the
// archive, deflated ones inflated into a buffer. Built for untrusted input:
// every offset is bounds-checked, names with ".." or absolute paths and
// duplicate names are refused, and inflation stops at the declared size and
// checks the CRC, so a zip bomb costs no more memory than it claims.
// Handles zip64. Not thread-safe; the archive bytes must outlive the reader.
#include <cstdint>
#include <string>
#include <vector>

#include "interceptor/model/result.h"
#include "io/byte_view.h"

namespace interceptor {

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflated
    std::uint32_t crc32 = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t uncompressed_size = 0;
    std::uint64_t local_header_offset = 0;
};

class ZipReader {
  public:
    // Fails with a message when the bytes are not a readable zip archive.
    static Result<ZipReader> open(ByteView archive);
    static bool looks_like_zip(ByteView bytes);  // starts with a local file header

    const std::vector<ZipEntry>& entries() const { return entries_; }
    const ZipEntry* find(const std::string& name) const;

    // A stored entry's bytes, in place (no copy). Fails for compressed entries.
    Result<ByteView> view(const ZipEntry& entry) const;
    // Any entry's bytes, inflating if needed, refusing more than max_bytes.
    Result<std::vector<std::uint8_t>> read(const ZipEntry& entry, std::uint64_t max_bytes) const;

  private:
    Result<ByteView> payload(const ZipEntry& entry) const;
    ByteView archive_;
    std::vector<ZipEntry> entries_;
};

}  // namespace interceptor
