// The safe unpickler: reads what torch.save writes, refuses everything else
// by name, and fails cleanly on damage.
#include <catch2/catch.hpp>

#include "checkpoint/pickler.h"
#include "checkpoint/unpickler.h"

using namespace interceptor;
using Type = PickleValue::Type;
using namespace std::string_literals;  // embedded NUL bytes survive

namespace {

Result<PickleRef> run(const std::string& bytes) {
    return unpickle(ByteView{reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

std::string error_of(const std::string& bytes) {
    auto r = run(bytes);
    return r.ok() ? std::string("(accepted)") : r.error();
}

}  // namespace

TEST_CASE("globals outside the allowed set are refused by name", "[unpickler][hostile]") {
    // pickle.dumps of os.system('id') style payloads, protocol 2.
    CHECK_THAT(error_of("\x80\x02"
                        "cos\nsystem\nX\x02\x00\x00\x00"
                        "idR."s),
               Catch::Contains("'os.system'") && Catch::Contains("refused"));
    CHECK_THAT(error_of("\x80\x02"
                        "cbuiltins\neval\nX\x01\x00\x00\x00"
                        "1\x85R."s),
               Catch::Contains("'builtins.eval'"));
    CHECK_THAT(error_of("\x80\x02"
                        "csubprocess\nPopen\n."),
               Catch::Contains("'subprocess.Popen'"));
    // STACK_GLOBAL (protocol 4) is checked the same way.
    CHECK_THAT(error_of("\x80\x04\x8c\x02os\x8c\x06system\x93."), Catch::Contains("'os.system'"));
    // torch globals that are not storages or rebuild functions are refused too.
    CHECK_THAT(error_of("\x80\x02"
                        "ctorch\nload\n."),
               Catch::Contains("'torch.load'"));
}

TEST_CASE("damaged pickles fail with a reason, never a crash", "[unpickler]") {
    CHECK_THAT(error_of(""), Catch::Contains("without a STOP"));
    CHECK_THAT(error_of("\x80\x02}"), Catch::Contains("without a STOP"));
    CHECK_THAT(error_of("\x80\x02X\xff\xff\xff\x7f"
                        "abc."s),
               Catch::Contains("longer than the file"));
    CHECK_THAT(error_of("\x80\x02h\x05."), Catch::Contains("never stored"));
    CHECK_THAT(error_of("\x80\x02"
                        "0."),
               Catch::Contains("empty stack"));
    CHECK_THAT(error_of("\x80\x02\xff."), Catch::Contains("opcode 0xff"));
    CHECK_THAT(error_of("\x80\x02"
                        "cos\nsys"),
               Catch::Contains("truncated"));
    CHECK_THAT(error_of("\x80\x02NN."), Catch::Contains("2 values"));
}

TEST_CASE("nesting and self-reference are bounded", "[unpickler][hostile]") {
    std::string deep = "\x80\x02";
    for (int i = 0; i < 1000; ++i) deep += "]";  // 1000 empty lists...
    for (int i = 0; i < 999; ++i) deep += "a";   // ...each appended into the one before
    deep += ".";
    CHECK_THAT(error_of(deep), Catch::Contains("deeper than"));
    // A list appended into itself through the memo.
    CHECK_THAT(error_of("\x80\x02]q\x00h\x00"
                        "a."s),
               Catch::Contains("inside itself"));
}

TEST_CASE("what the pickler writes, the unpickler reads", "[unpickler][pickler]") {
    Pickler p;
    p.begin_dict();
    p.string("epoch");
    p.integer(70000);
    p.string("negative");
    p.integer(-5);
    p.string("flag");
    p.boolean(true);
    p.string("nothing");
    p.none();
    p.string("state");
    p.begin_ordered_dict();
    p.string("w");
    TensorRef t;
    t.storage_key = "0";
    t.storage_numel = 6;
    t.sizes = {2, 3};
    t.strides = {3, 1};
    p.tensor(t);
    p.end_dict();
    p.end_dict();
    auto value = run(p.finish());
    INFO(value.error());
    REQUIRE(value.ok());
    const PickleValue& root = **value;
    CHECK(root.get("epoch")->integer == 70000);
    CHECK(root.get("negative")->integer == -5);
    CHECK(root.get("flag")->boolean);
    CHECK(root.get("nothing")->type == Type::None);
    const PickleValue* w = root.get("state")->get("w");
    REQUIRE(w);
    CHECK(w->type == Type::Tensor);
    CHECK(w->tensor.storage_key == "0");
    CHECK(w->tensor.sizes == std::vector<std::int64_t>{2, 3});
    CHECK(w->tensor.strides == std::vector<std::int64_t>{3, 1});
}

TEST_CASE("numpy scalars decode to numbers", "[unpickler]") {
    // pickle.dumps(np.float64(0.725), protocol=2), as torch.save writes it.
    const std::string pickled(
        "\x80\x02\x63\x6e\x75\x6d\x70\x79\x2e\x63\x6f\x72\x65\x2e\x6d\x75\x6c\x74\x69\x61\x72\x72"
        "\x61\x79"
        "\x0a\x73\x63\x61\x6c\x61\x72\x0a\x71\x00\x63\x6e\x75\x6d\x70\x79\x0a\x64\x74\x79\x70\x65"
        "\x0a\x71"
        "\x01\x58\x02\x00\x00\x00\x66\x38\x71\x02\x89\x88\x87\x71\x03\x52\x71\x04\x28\x4b\x03\x58"
        "\x01\x00"
        "\x00\x00\x3c\x71\x05\x4e\x4e\x4e\x4a\xff\xff\xff\xff\x4a\xff\xff\xff\xff\x4b\x00\x74\x71"
        "\x06\x62"
        "\x63\x5f\x63\x6f\x64\x65\x63\x73\x0a\x65\x6e\x63\x6f\x64\x65\x0a\x71\x07\x58\x09\x00\x00"
        "\x00\x33"
        "\x33\x33\x33\x33\x33\xc3\xa7\x3f\x71\x08\x58\x06\x00\x00\x00\x6c\x61\x74\x69\x6e\x31\x71"
        "\x09\x86"
        "\x71\x0a\x52\x71\x0b\x86\x71\x0c\x52\x71\x0d\x2e",
        156);
    auto value = run(pickled);
    INFO(value.error());
    REQUIRE(value.ok());
    CHECK((*value)->type == Type::Float);
    CHECK((*value)->real == 0.725);
}
