// The zip layer on hand-made archives: good ones read back, hostile ones
// (path climbing, duplicates, bombs, truncation) are refused cleanly.
#include <zlib.h>
#include <catch2/catch.hpp>

#include "io/zip_reader.h"

using namespace interceptor;

namespace {

struct Entry {
    std::string name, data;
    bool deflate = false;
    std::uint64_t declared_size = 0;  // 0: the real size
};

void put(std::string& s, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i, v >>= 8)
        s += static_cast<char>(v & 0xFF);  // zero beyond 8 bytes
}

std::string raw_deflate(const std::string& data) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, data.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string make_zip(const std::vector<Entry>& entries) {
    std::string body, dir;
    for (const auto& e : entries) {
        std::string payload = e.deflate ? raw_deflate(e.data) : e.data;
        auto crc = crc32(0, reinterpret_cast<const Bytef*>(e.data.data()),
                         static_cast<uInt>(e.data.size()));
        std::uint64_t size = e.declared_size ? e.declared_size : e.data.size();
        std::uint64_t offset = body.size();
        std::string common;
        put(common, 20, 2);
        put(common, 0, 2);
        put(common, e.deflate ? 8 : 0, 2);
        put(common, 0, 4);  // time, date
        put(common, crc, 4);
        put(common, payload.size(), 4);
        put(common, size, 4);
        put(common, e.name.size(), 2);
        put(common, 0, 2);
        put(body, 0x04034b50, 4);
        body += common + e.name + payload;
        put(dir, 0x02014b50, 4);
        put(dir, 20, 2);
        dir += common;
        put(dir, 0, 2 + 2 + 2 + 4);
        put(dir, offset, 4);
        dir += e.name;
    }
    std::string zip = body + dir;
    put(zip, 0x06054b50, 4);
    put(zip, 0, 4);
    put(zip, entries.size(), 2);
    put(zip, entries.size(), 2);
    put(zip, dir.size(), 4);
    put(zip, body.size(), 4);
    put(zip, 0, 2);
    return zip;
}

ByteView view(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST_CASE("stored and deflated entries read back", "[zip]") {
    std::string text(10000, 'x');
    auto zip = make_zip({{"a/data.pkl", "hello"}, {"a/big", text, true}});
    auto reader = ZipReader::open(view(zip));
    INFO(reader.error());
    REQUIRE(reader.ok());
    REQUIRE(reader->entries().size() == 2);
    auto hello = reader->view(*reader->find("a/data.pkl"));
    REQUIRE(hello.ok());
    CHECK(hello->str(0, hello->size) == "hello");
    auto big = reader->read(*reader->find("a/big"), 1 << 20);
    REQUIRE(big.ok());
    CHECK(std::string(big->begin(), big->end()) == text);
    CHECK_FALSE(reader->view(*reader->find("a/big")).ok());  // compressed: no in-place view
}

TEST_CASE("entry names that climb out or are absolute are refused", "[zip][hostile]") {
    for (std::string name : {"../evil.pt", "a/../../evil", "/etc/passwd", "C:\\x.pt", "a\\..\\b"}) {
        auto r = ZipReader::open(view(make_zip({{name, "x"}})));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error(), Catch::Contains("absolute or climbs out"));
    }
    CHECK(ZipReader::open(view(make_zip({{"a/..b/c", "x"}})))
              .ok());  // ".." only as a whole component
}

TEST_CASE("duplicate entries are refused", "[zip][hostile]") {
    auto r = ZipReader::open(view(make_zip({{"a/data.pkl", "x"}, {"a/data.pkl", "y"}})));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("twice"));
}

TEST_CASE("a zip bomb costs no more than it declares, and lies are caught", "[zip][hostile]") {
    std::string zeros(8 << 20, '\0');
    auto zip = make_zip({{"bomb.pt", zeros, true}});
    auto reader = ZipReader::open(view(zip));
    REQUIRE(reader.ok());
    auto refused = reader->read(reader->entries()[0], 1 << 20);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::Contains("more than the"));

    // Declares 1 KiB but inflates to 8 MiB: inflation stops at the declared size.
    auto liar = make_zip({{"liar.pt", zeros, true, 1024}});
    auto liar_reader = ZipReader::open(view(liar));
    REQUIRE(liar_reader.ok());
    auto r = liar_reader->read(liar_reader->entries()[0], 1 << 20);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("corrupt or truncated"));

    // Declares 3 GiB from a few dozen compressed bytes: more than deflate can produce,
    // refused before anything is allocated (the checkpoint fuzzer's out-of-memory finding).
    auto boaster = make_zip({{"boast.pt", std::string(1000, 'x'), true, 3ull << 30}});
    auto boaster_reader = ZipReader::open(view(boaster));
    REQUIRE(boaster_reader.ok());
    auto b = boaster_reader->read(boaster_reader->entries()[0], 64ull << 30);
    REQUIRE_FALSE(b.ok());
    CHECK_THAT(b.error(), Catch::Contains("more than deflate can produce"));
}

TEST_CASE("truncated and corrupted archives fail with a reason", "[zip]") {
    auto zip =
        make_zip({{"a/data.pkl", std::string(1000, 'p')}, {"a/data/0", std::string(4000, 'q')}});
    for (std::size_t cut : {std::size_t(10), zip.size() / 2, zip.size() - 5}) {
        auto r = ZipReader::open(view(zip.substr(0, cut)));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error(), Catch::Contains("zip"));
    }
    std::string flipped = zip;
    flipped[100] ^= 0x55;  // inside the first entry's data
    auto reader = ZipReader::open(view(flipped));
    REQUIRE(reader.ok());
    auto r = reader->view(reader->entries()[0]);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error(), Catch::Contains("CRC"));
}
