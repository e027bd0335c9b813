#include "io/zip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <set>

namespace interceptor {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::size_t kMaxEntries = 1 << 20;

bool unsafe_name(const std::string& name) {
    if (name.empty() || name[0] == '/' || name[0] == '\\') return true;
    if (name.size() > 1 && name[1] == ':') return true;  // C:\...
    if (name.find('\0') != std::string::npos) return true;
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find_first_of("/\\", start);
        if (end == std::string::npos) end = name.size();
        if (name.compare(start, end - start, "..") == 0 && end - start == 2) return true;
        start = end + 1;
    }
    return false;
}

// Zip64 extended information: the fields that were 0xFFFFFFFF in the
// header follow in this order, each 8 bytes.
bool apply_zip64_extra(ByteView extra, ZipEntry& e, bool need_uncompressed, bool need_compressed,
                       bool need_offset) {
    std::size_t at = 0;
    while (extra.has(at, 4)) {
        std::uint16_t id = extra.u16(at), len = extra.u16(at + 2);
        if (!extra.has(at + 4, len)) return false;
        if (id == 0x0001) {
            ByteView field = extra.sub(at + 4, len);
            std::size_t f = 0;
            auto take = [&](std::uint64_t& out) {
                if (!field.has(f, 8)) return false;
                out = field.u64(f);
                f += 8;
                return true;
            };
            if (need_uncompressed && !take(e.uncompressed_size)) return false;
            if (need_compressed && !take(e.compressed_size)) return false;
            if (need_offset && !take(e.local_header_offset)) return false;
            return true;
        }
        at += 4 + len;
    }
    return !(need_uncompressed || need_compressed || need_offset);
}

std::uint32_t crc_of(ByteView bytes) {
    uLong crc = crc32(0, nullptr, 0);
    for (std::size_t done = 0; done < bytes.size;) {
        auto n = static_cast<uInt>(std::min<std::size_t>(1u << 30, bytes.size - done));
        crc = crc32(crc, bytes.data + done, n);
        done += n;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

bool ZipReader::looks_like_zip(ByteView bytes) {
    return bytes.has(0, 4) && (bytes.u32(0) == kLocalHeader || bytes.u32(0) == kEndOfDirectory);
}

Result<ZipReader> ZipReader::open(ByteView archive) {
    if (archive.size < 22) return Error{"too short to be a zip archive"};
    // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
    std::size_t lowest = archive.size > 65557 ? archive.size - 65557 : 0;
    std::size_t eocd = archive.size - 22;
    for (;; --eocd) {
        if (archive.u32(eocd) == kEndOfDirectory) break;
        if (eocd == lowest) {
            return Error{"truncated or not a zip archive (end of central directory not found)"};
        }
    }
    std::uint64_t count = archive.u16(eocd + 10);
    std::uint64_t dir_size = archive.u32(eocd + 12);
    std::uint64_t dir_offset = archive.u32(eocd + 16);
    if (eocd >= 20 && archive.u32(eocd - 20) == kZip64Locator) {
        std::uint64_t at = archive.u64(eocd - 20 + 8);
        if (!archive.has(at, 56) || archive.u32(at) != kZip64EndOfDirectory)
            return Error{"corrupt zip64 end of central directory"};
        count = archive.u64(at + 32);
        dir_size = archive.u64(at + 40);
        dir_offset = archive.u64(at + 48);
    }
    if (!archive.has(dir_offset, dir_size))
        return Error{"truncated zip archive (central directory lies past the end of the file)"};
    if (count > kMaxEntries) return Error{"zip archive declares too many entries"};

    ZipReader reader;
    reader.archive_ = archive;
    std::set<std::string> names;
    ByteView dir = archive.sub(dir_offset, dir_size);
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (!dir.has(at, 46) || dir.u32(at) != kCentralHeader)
            return Error{"corrupt zip central directory (entry " + std::to_string(i) + ")"};
        ZipEntry e;
        e.method = dir.u16(at + 10);
        e.crc32 = dir.u32(at + 16);
        e.compressed_size = dir.u32(at + 20);
        e.uncompressed_size = dir.u32(at + 24);
        std::size_t name_len = dir.u16(at + 28), extra_len = dir.u16(at + 30),
                    comment_len = dir.u16(at + 32);
        e.local_header_offset = dir.u32(at + 42);
        if (!dir.has(at + 46, name_len + extra_len + comment_len))
            return Error{"corrupt zip central directory (entry " + std::to_string(i) + ")"};
        e.name = dir.str(at + 46, name_len);
        bool big_u = e.uncompressed_size == 0xFFFFFFFF, big_c = e.compressed_size == 0xFFFFFFFF,
             big_o = e.local_header_offset == 0xFFFFFFFF;
        if ((big_u || big_c || big_o) &&
            !apply_zip64_extra(dir.sub(at + 46 + name_len, extra_len), e, big_u, big_c, big_o))
            return Error{"corrupt zip64 fields for entry '" + e.name + "'"};
        if (unsafe_name(e.name))
            return Error{"zip entry name '" + e.name + "' is absolute or climbs out with '..'"};
        if (!names.insert(e.name).second)
            return Error{"zip archive holds the entry '" + e.name + "' twice"};
        if (!archive.has(e.local_header_offset, 30) ||
            !archive.has(e.local_header_offset + 30, e.compressed_size))
            return Error{"truncated zip archive (entry '" + e.name + "' lies past the end)"};
        reader.entries_.push_back(std::move(e));
        at += 46 + name_len + extra_len + comment_len;
    }
    return reader;
}

const ZipEntry* ZipReader::find(const std::string& name) const {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const ZipEntry& e) { return e.name == name; });
    return it == entries_.end() ? nullptr : &*it;
}

Result<ByteView> ZipReader::payload(const ZipEntry& e) const {
    std::uint64_t at = e.local_header_offset;
    if (!archive_.has(at, 30) || archive_.u32(at) != kLocalHeader)
        return Error{"corrupt zip local header for '" + e.name + "'"};
    std::uint64_t start = at + 30 + archive_.u16(at + 26) + archive_.u16(at + 28);
    if (!archive_.has(start, e.compressed_size))
        return Error{"truncated zip archive ('" + e.name + "' is cut off)"};
    return archive_.sub(start, e.compressed_size);
}

Result<ByteView> ZipReader::view(const ZipEntry& e) const {
    if (e.method != 0) return Error{"zip entry '" + e.name + "' is compressed"};
    if (e.compressed_size != e.uncompressed_size)
        return Error{"zip entry '" + e.name + "' has inconsistent sizes"};
    auto bytes = payload(e);
    if (bytes && crc_of(*bytes) != e.crc32)
        return Error{"zip entry '" + e.name + "' fails its CRC check (corrupt)"};
    return bytes;
}

Result<std::vector<std::uint8_t>> ZipReader::read(const ZipEntry& e,
                                                  std::uint64_t max_bytes) const {
    if (e.uncompressed_size > max_bytes)
        return Error{"zip entry '" + e.name + "' declares " + std::to_string(e.uncompressed_size) +
                     " bytes, more than the " + std::to_string(max_bytes) + " allowed"};
    auto raw = payload(e);
    if (!raw) return Error{raw.error()};
    std::vector<std::uint8_t> out;
    if (e.method == 0) {
        if (e.compressed_size != e.uncompressed_size)
            return Error{"zip entry '" + e.name + "' has inconsistent sizes"};
        out.assign(raw->data, raw->data + raw->size);
    } else if (e.method == 8) {
        // Deflate cannot expand its input more than 1032 to 1 (a 258-byte match
        // per 2 bits); a larger declaration is a lie, refused before any memory is
        // reserved for it. (Found by the checkpoint fuzzer: 511 bytes declaring 4 GiB.)
        constexpr std::uint64_t kMaxDeflateRatio = 1032;
        if (e.uncompressed_size > raw->size * kMaxDeflateRatio + 64)
            return Error{"zip entry '" + e.name + "' declares " +
                         std::to_string(e.uncompressed_size) + " bytes from " +
                         std::to_string(raw->size) +
                         " compressed bytes, more than deflate can produce (corrupt or hostile)"};
        out.resize(e.uncompressed_size);
        z_stream z{};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return Error{"zlib could not start"};
        std::uint64_t in_done = 0, out_done = 0;
        int rc = Z_OK;
        // zlib counts in 32-bit chunks; feed it at most 1 GiB at a time.
        constexpr std::uint64_t kChunk = 1u << 30;
        while (rc == Z_OK) {
            z.next_in = const_cast<Bytef*>(raw->data + in_done);
            z.avail_in = static_cast<uInt>(std::min(kChunk, raw->size - in_done));
            z.next_out = out.data() + out_done;
            z.avail_out = static_cast<uInt>(std::min(kChunk, out.size() - out_done));
            uInt in_before = z.avail_in, out_before = z.avail_out;
            rc = inflate(&z, Z_NO_FLUSH);
            in_done += in_before - z.avail_in;
            out_done += out_before - z.avail_out;
            if (rc == Z_OK && in_before == z.avail_in && out_before == z.avail_out) {
                rc = Z_BUF_ERROR;  // no progress: input ended or output is full
            }
        }
        inflateEnd(&z);
        if (rc != Z_STREAM_END || out_done != e.uncompressed_size)
            return Error{"zip entry '" + e.name + "' is corrupt or truncated (inflate failed)"};
    } else {
        return Error{"zip entry '" + e.name + "' uses unsupported compression method " +
                     std::to_string(e.method)};
    }
    if (crc_of(ByteView{out.data(), out.size()}) != e.crc32)
        return Error{"zip entry '" + e.name + "' fails its CRC check (corrupt)"};
    return out;
}

}  // namespace interceptor
