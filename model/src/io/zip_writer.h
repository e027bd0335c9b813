#pragma once
// Writes an uncompressed zip archive the way torch.save lays out its
// checkpoints: each record's data aligned to 64 bytes, CRC-32 set, written
// through an AtomicFile. Archives over 4 GiB (zip64) are refused. Not thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "interceptor/model/io/atomic_file.h"

namespace interceptor {

class ZipWriter {
  public:
    explicit ZipWriter(AtomicFile& out) : out_(out) {}
    Result<Done> add(const std::string& name, const void* data, std::size_t size);
    Result<Done> finish();  // central directory and end record

  private:
    struct Record {
        std::string name;
        std::uint32_t crc, size, offset;
    };
    AtomicFile& out_;
    std::vector<Record> records_;
};

}  // namespace interceptor
