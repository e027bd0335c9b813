// Every bad checkpoint file gets a one-line error naming the file and the
// problem; nothing crashes and nothing runs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/io/atomic_file.h"
#include "io/zip_writer.h"
#include "support/python_reference.h"
#include "support/temp_dir.h"

using namespace interceptor;
using interceptor::test::TempDir;
using namespace std::string_literals;

namespace {

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// A torch.save-shaped archive around the given pickle bytes.
void write_archive(const std::string& path, const std::string& pickle) {
    AtomicFile file(path);
    REQUIRE(file.open().ok());
    ZipWriter zip(file);
    REQUIRE(zip.add("archive/data.pkl", pickle.data(), pickle.size()).ok());
    REQUIRE(zip.add("archive/version", "3\n", 2).ok());
    REQUIRE(zip.finish().ok());
    REQUIRE(file.commit().ok());
}

std::string load_error(const std::string& path) {
    auto r = Checkpoint::load(path);
    return r.ok() ? std::string("(loaded)") : r.error();
}

}  // namespace

TEST_CASE("missing, empty, directory and non-checkpoint files", "[checkpoint][errors]") {
    TempDir dir;
    CHECK(load_error(dir.file("absent.pt")) == dir.file("absent.pt") + ": no such file");
    write_file(dir.file("empty.pt"), "");
    CHECK_THAT(load_error(dir.file("empty.pt")), Catch::Contains("empty.pt: file is empty"));
    CHECK_THAT(load_error(dir.path().string()), Catch::Contains("is a directory"));
    write_file(dir.file("notes.txt"), "these are not weights\n");
    CHECK_THAT(load_error(dir.file("notes.txt")), Catch::Contains("not a PyTorch checkpoint"));
    write_file(dir.file("legacy.pt"), "\x80\x02\x8a\x0a");
    CHECK_THAT(load_error(dir.file("legacy.pt")), Catch::Contains("legacy"));
}

TEST_CASE("unreadable files say so", "[checkpoint][errors]") {
    if (::geteuid() == 0) {
        WARN("running as root: permission checks do not apply, skipped");
        return;
    }
    TempDir dir;
    write_file(dir.file("locked.pt"), "x");
    std::filesystem::permissions(dir.file("locked.pt"), std::filesystem::perms::none);
    CHECK_THAT(load_error(dir.file("locked.pt")), Catch::Contains("permission denied"));
}

TEST_CASE("a pickle naming a dangerous global is refused before anything runs",
          "[checkpoint][hostile]") {
    TempDir dir;
    const std::string marker = dir.file("pwned");
    const std::string command = "touch " + marker;
    std::string pickle =
        "\x80\x02"
        "cos\nsystem\nX";
    for (int i = 0; i < 4; ++i) pickle += static_cast<char>((command.size() >> (8 * i)) & 0xFF);
    pickle += command + "\x85R.";
    write_archive(dir.file("evil.pt"), pickle);
    auto error = load_error(dir.file("evil.pt"));
    CHECK_THAT(error, Catch::Contains("evil.pt") && Catch::Contains("'os.system'"));
    CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("pickles that are not state dicts are explained", "[checkpoint][errors]") {
    TempDir dir;
    write_archive(dir.file("list.pt"), "\x80\x02].");
    CHECK_THAT(load_error(dir.file("list.pt")), Catch::Contains("holds a list"));
    write_archive(dir.file("dict.pt"), std::string("\x80\x02}(X\x04\x00\x00\x00"
                                                   "noteK\x01u.",
                                                   17));
    CHECK_THAT(load_error(dir.file("dict.pt")),
               Catch::Contains("neither model_state_dict nor tensors (keys: note)"));
}

TEST_CASE("tensors pointing outside their storage are refused", "[checkpoint][hostile]") {
    TempDir dir;
    auto fresh = Checkpoint::fresh(NetworkConfig::small(), 3);
    // A good file first; then the same with a storage record cut short.
    REQUIRE(fresh.save(dir.file("good.pt")).ok());
    REQUIRE(Checkpoint::load(dir.file("good.pt")).ok());

    // {'w': _rebuild_tensor_v2(storage(float, key '0', numel 256), 0, (256,), (1,), False,
    // OrderedDict())}
    const std::string pickle =
        "\x80\x02}(X\x01\x00\x00\x00"
        "w"
        "ctorch._utils\n_rebuild_tensor_v2\n("
        "(X\x07\x00\x00\x00"
        "storagectorch\nFloatStorage\nX\x01\x00\x00\x00"
        "0"
        "X\x03\x00\x00\x00"
        "cpuM\x00\x01t"
        "QK\x00(M\x00\x01t(K\x01t\x89"
        "ccollections\nOrderedDict\n)RtRu."s;
    AtomicFile file(dir.file("short.pt"));
    REQUIRE(file.open().ok());
    ZipWriter zip(file);
    REQUIRE(zip.add("archive/data.pkl", pickle.data(), pickle.size()).ok());
    std::string storage(16, '\0');  // 4 floats, not 256
    REQUIRE(zip.add("archive/data/0", storage.data(), storage.size()).ok());
    REQUIRE(zip.finish().ok());
    REQUIRE(file.commit().ok());
    CHECK_THAT(load_error(dir.file("short.pt")), Catch::Contains("shorter than it declares"));
}

TEST_CASE("truncated and bit-flipped checkpoints fail with a reason", "[checkpoint][errors]") {
    TempDir dir;
    auto fresh = Checkpoint::fresh(NetworkConfig::small(), 4);
    REQUIRE(fresh.save(dir.file("good.pt")).ok());
    std::ifstream in(dir.file("good.pt"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (double fraction : {0.1, 0.5, 0.999}) {
        write_file(dir.file("cut.pt"),
                   bytes.substr(0, static_cast<std::size_t>(bytes.size() * fraction)));
        CHECK_THAT(load_error(dir.file("cut.pt")), Catch::Contains("cut.pt: truncated"));
    }
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x40;  // inside some tensor's data
    write_file(dir.file("flipped.pt"), flipped);
    CHECK_THAT(load_error(dir.file("flipped.pt")), Catch::Contains("CRC"));
}

TEST_CASE("NumPy arrays of numbers in metrics are read as data, arrays of objects refused",
          "[checkpoint][numpy]") {
    TempDir dir;
    const auto expected =
        interceptor::test::python_reference("make_numpy_checkpoints.py '" + dir.file("") + "'");
    auto loaded = Checkpoint::load(dir.file("numpy_metrics.pt"));
    INFO(loaded.error());
    REQUIRE(loaded.ok());
    const auto& m = loaded->metadata().metrics;
    CHECK(m.at("auc") == 0.75);
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c)
            CHECK(m.at("confusion[" + std::to_string(r) + "][" + std::to_string(c) + "]") ==
                  expected["confusion"][r][c].get<double>());
    CHECK(m.at("curve[2]") == expected["curve"][2].get<double>());
    CHECK(m.at("best") == 7);  // a 0-d array is its number
    CHECK(loaded->keys().size() == 1);

    auto objects = Checkpoint::load(dir.file("numpy_objects.pt"));
    REQUIRE_FALSE(objects.ok());
    CHECK_THAT(objects.error(),
               Catch::Contains("numpy array of Python objects") && Catch::Contains("refused"));
}
