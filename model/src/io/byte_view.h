#pragma once
// A non-owning view of bytes with bounds-checked little-endian reads, for
// parsing untrusted files (zip headers, pickles) without reading past the end.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace interceptor {

struct ByteView {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;

    bool has(std::size_t offset, std::size_t count) const {
        return offset <= size && count <= size - offset;
    }
    // Callers check has() first; these never read out of bounds when they do.
    std::uint16_t u16(std::size_t at) const { return data[at] | (data[at + 1] << 8); }
    std::uint32_t u32(std::size_t at) const {
        return std::uint32_t(u16(at)) | (std::uint32_t(u16(at + 2)) << 16);
    }
    std::uint64_t u64(std::size_t at) const {
        return std::uint64_t(u32(at)) | (std::uint64_t(u32(at + 4)) << 32);
    }
    ByteView sub(std::size_t offset, std::size_t count) const { return {data + offset, count}; }
    std::string str(std::size_t offset, std::size_t count) const {
        return std::string(reinterpret_cast<const char*>(data + offset), count);
    }
};

}  // namespace interceptor
