#include "io/zip_writer.h"

#include <zlib.h>

namespace interceptor {
namespace {

constexpr std::uint64_t kLimit = 0xFFFFFFFFull;
constexpr std::size_t kAlignment = 64;

void put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
}

}  // namespace

Result<Done> ZipWriter::add(const std::string& name, const void* data, std::size_t size) {
    const std::uint64_t offset = out_.written();
    if (offset + size + 30 + name.size() + kAlignment > kLimit)
        return Error{"checkpoint would exceed 4 GiB, which this writer does not support"};
    uLong crc = crc32(0, nullptr, 0);
    for (std::size_t done = 0; done < size;) {
        auto n = static_cast<uInt>(std::min<std::size_t>(1u << 30, size - done));
        crc = crc32(crc, static_cast<const Bytef*>(data) + done, n);
        done += n;
    }
    // An extra field of padding puts the data on a 64-byte boundary, as
    // PyTorch does, so readers may map tensors in place.
    std::size_t header = 30 + name.size() + 4;
    std::size_t padding = (kAlignment - (offset + header) % kAlignment) % kAlignment;
    std::string h;
    put32(h, 0x04034b50);
    put16(h, 20);    // version needed
    put16(h, 0);     // flags
    put16(h, 0);     // stored
    put16(h, 0);     // time
    put16(h, 0x21);  // date: 1980-01-01, fixed so identical content gives identical files
    put32(h, static_cast<std::uint32_t>(crc));
    put32(h, static_cast<std::uint32_t>(size));
    put32(h, static_cast<std::uint32_t>(size));
    put16(h, static_cast<std::uint32_t>(name.size()));
    put16(h, static_cast<std::uint32_t>(4 + padding));
    h += name;
    put16(h, 0x4246);  // "FB", PyTorch's padding field id
    put16(h, static_cast<std::uint32_t>(padding));
    h.append(padding, 'Z');
    if (auto r = out_.write(h.data(), h.size()); !r) return r;
    if (auto r = out_.write(data, size); !r) return r;
    records_.push_back({name, static_cast<std::uint32_t>(crc), static_cast<std::uint32_t>(size),
                        static_cast<std::uint32_t>(offset)});
    return Done{};
}

Result<Done> ZipWriter::finish() {
    const std::uint64_t start = out_.written();
    std::string dir;
    for (const auto& r : records_) {
        put32(dir, 0x02014b50);
        put16(dir, 20);  // made by
        put16(dir, 20);  // needed
        put16(dir, 0);
        put16(dir, 0);
        put16(dir, 0);
        put16(dir, 0x21);
        put32(dir, r.crc);
        put32(dir, r.size);
        put32(dir, r.size);
        put16(dir, static_cast<std::uint32_t>(r.name.size()));
        put16(dir, 0);  // extra
        put16(dir, 0);  // comment
        put16(dir, 0);  // disk
        put16(dir, 0);  // internal attributes
        put32(dir, 0);  // external attributes
        put32(dir, r.offset);
        dir += r.name;
    }
    if (start + dir.size() + 22 > kLimit || records_.size() > 0xFFFF)
        return Error{"checkpoint would exceed the plain zip limits (4 GiB, 65535 records)"};
    const auto dir_size = static_cast<std::uint32_t>(dir.size());
    put32(dir, 0x06054b50);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, static_cast<std::uint32_t>(records_.size()));
    put16(dir, static_cast<std::uint32_t>(records_.size()));
    put32(dir, dir_size);
    put32(dir, static_cast<std::uint32_t>(start));
    put16(dir, 0);
    return out_.write(dir.data(), dir.size());
}

}  // namespace interceptor
