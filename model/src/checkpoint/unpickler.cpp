#include "checkpoint/unpickler.h"

#include <cstring>
#include <functional>
#include <map>
#include <unordered_map>

namespace interceptor {
namespace {

using Type = PickleValue::Type;
constexpr int kMaxDepth = 200;
constexpr std::size_t kMaxStack = 1u << 24;
constexpr std::size_t kMaxMemo = 1u << 24;
constexpr int kMaxTensorDims = 16;
// NumPy arrays in metrics (a confusion matrix, a curve) are small; a larger one is refused
// rather than turned into a million pickle values.
constexpr std::int64_t kMaxArrayElements = 1 << 20;

const std::map<std::string, StorageType>& storage_classes() {
    static const std::map<std::string, StorageType> m = {
        {"FloatStorage", StorageType::Float32}, {"DoubleStorage", StorageType::Float64},
        {"HalfStorage", StorageType::Float16},  {"BFloat16Storage", StorageType::BFloat16},
        {"LongStorage", StorageType::Int64},    {"IntStorage", StorageType::Int32},
        {"ShortStorage", StorageType::Int16},   {"CharStorage", StorageType::Int8},
        {"ByteStorage", StorageType::UInt8},    {"BoolStorage", StorageType::Bool}};
    return m;
}

class Unpickler {
  public:
    explicit Unpickler(ByteView in) : in_(in) {}

    Result<PickleRef> run() {
        try {
            while (true) {
                if (pos_ >= in_.size) fail("pickle ends without a STOP opcode (truncated)");
                std::uint8_t op = in_.data[pos_++];
                if (op == '.') break;
                step(op);
            }
            if (stack_.size() != 1)
                fail("pickle leaves " + std::to_string(stack_.size()) +
                     " values on its stack instead of one");
            return stack_.back();
        } catch (const Failure& f) {
            return Error{f.message};
        }
    }

  private:
    struct Failure {
        std::string message;
    };
    [[noreturn]] void fail(const std::string& message) { throw Failure{message}; }

    // --- reading the opcode stream
    ByteView take(std::size_t n) {
        if (!in_.has(pos_, n)) fail("pickle is truncated (an opcode's argument runs past the end)");
        ByteView v = in_.sub(pos_, n);
        pos_ += n;
        return v;
    }
    std::uint64_t uint(std::size_t n) {
        ByteView v = take(n);
        std::uint64_t x = 0;
        for (std::size_t i = 0; i < n; ++i) x |= std::uint64_t(v.data[i]) << (8 * i);
        return x;
    }
    std::string line() {
        std::size_t end = pos_;
        while (end < in_.size && in_.data[end] != '\n') ++end;
        if (end >= in_.size) fail("pickle is truncated inside a GLOBAL name");
        std::string s = in_.str(pos_, end - pos_);
        pos_ = end + 1;
        return s;
    }

    // --- the stack
    void push(PickleRef v) {
        if (stack_.size() >= kMaxStack) fail("pickle stack grows beyond the limit");
        stack_.push_back(std::move(v));
    }
    PickleRef pop() {
        if (stack_.size() <= floor()) fail("pickle pops from an empty stack (corrupt)");
        auto v = stack_.back();
        stack_.pop_back();
        return v;
    }
    PickleRef& top() {
        if (stack_.size() <= floor()) fail("pickle reads an empty stack (corrupt)");
        return stack_.back();
    }
    std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    std::vector<PickleRef> pop_mark() {
        if (marks_.empty()) fail("pickle has no MARK where one is needed (corrupt)");
        std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<PickleRef> items(stack_.begin() + mark, stack_.end());
        stack_.resize(mark);
        return items;
    }

    // --- values
    static PickleRef scalar(Type t) { return PickleValue::make(t); }
    PickleRef integer(std::int64_t x) {
        auto v = scalar(Type::Int);
        v->integer = x;
        return v;
    }
    PickleRef text(Type t, std::string s) {
        auto v = scalar(t);
        v->text = std::move(s);
        return v;
    }
    // Containers may only change before they are nested in another one;
    // torch.save never does otherwise, and it keeps every graph acyclic.
    void adopt(PickleValue& parent, const PickleRef& child) {
        if (child.get() == &parent) fail("pickle puts a container inside itself");
        if (parent.nested) fail("pickle changes a container after nesting it (not a checkpoint)");
        child->nested = true;
        parent.depth = std::max(parent.depth, child->depth + 1);
        if (parent.depth > kMaxDepth)
            fail("pickle nests deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    PickleRef container(Type t, std::vector<PickleRef> items) {
        auto v = scalar(t);
        for (auto& item : items) adopt(*v, item);
        v->items = std::move(items);
        return v;
    }
    void append(const PickleRef& list, PickleRef item) {
        if (list->type != Type::List) fail("pickle appends to something that is not a list");
        adopt(*list, item);
        list->items.push_back(std::move(item));
    }
    void set_item(const PickleRef& dict, PickleRef key, PickleRef value) {
        if (dict->type != Type::Dict) fail("pickle sets an item on something that is not a dict");
        adopt(*dict, key);
        adopt(*dict, value);
        for (auto& entry : dict->entries) {
            if (entry.first->type == Type::String && key->type == Type::String &&
                entry.first->text == key->text) {
                entry.second = std::move(value);
                return;
            }
        }
        dict->entries.emplace_back(std::move(key), std::move(value));
    }

    void step(std::uint8_t op) {
        switch (op) {
            case 0x80:
                take(1);
                break;  // PROTO
            case 0x95:
                take(8);
                break;  // FRAME
            case '(':
                marks_.push_back(stack_.size());
                break;
            case '0':
                pop();
                break;  // POP
            case '1':
                pop_mark();
                break;  // POP_MARK
            case '2':
                push(top());
                break;  // DUP
            case 'N':
                push(scalar(Type::None));
                break;
            case 0x88:    // NEWTRUE
            case 0x89: {  // NEWFALSE
                auto v = scalar(Type::Bool);
                v->boolean = op == 0x88;
                push(v);
                break;
            }
            case 'J':
                push(integer(static_cast<std::int32_t>(uint(4))));
                break;  // BININT
            case 'K':
                push(integer(uint(1)));
                break;  // BININT1
            case 'M':
                push(integer(uint(2)));
                break;  // BININT2
            case 0x8a:
                push(long_integer(uint(1)));
                break;  // LONG1
            case 0x8b:
                push(long_integer(uint(4)));
                break;   // LONG4
            case 'G': {  // BINFLOAT, big endian
                ByteView b = take(8);
                std::uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | b.data[i];
                auto v = scalar(Type::Float);
                std::memcpy(&v->real, &bits, 8);
                push(v);
                break;
            }
            case 'X':
                push(text(Type::String, take_string(uint(4))));
                break;  // BINUNICODE
            case 0x8c:
                push(text(Type::String, take_string(uint(1))));
                break;  // SHORT_BINUNICODE
            case 0x8d:
                push(text(Type::String, take_string(uint(8))));
                break;  // BINUNICODE8
            case 'T':
                push(text(Type::String, take_string(uint(4))));
                break;  // BINSTRING
            case 'U':
                push(text(Type::String, take_string(uint(1))));
                break;  // SHORT_BINSTRING
            case 'B':
                push(text(Type::Bytes, take_string(uint(4))));
                break;  // BINBYTES
            case 'C':
                push(text(Type::Bytes, take_string(uint(1))));
                break;  // SHORT_BINBYTES
            case 0x8e:
                push(text(Type::Bytes, take_string(uint(8))));
                break;  // BINBYTES8
            case ']':
                push(scalar(Type::List));
                break;  // EMPTY_LIST
            case '}':
                push(scalar(Type::Dict));
                break;  // EMPTY_DICT
            case ')':
                push(scalar(Type::Tuple));
                break;  // EMPTY_TUPLE
            case 0x8f:
                push(scalar(Type::List));
                break;  // EMPTY_SET
            case 't':
                push(container(Type::Tuple, pop_mark()));
                break;  // TUPLE
            case 'l':
                push(container(Type::List, pop_mark()));
                break;  // LIST
            case 0x91:
                push(container(Type::List, pop_mark()));
                break;  // FROZENSET
            case 0x85:  // TUPLE1..3
            case 0x86:
            case 0x87: {
                std::size_t n = op - 0x84;
                std::vector<PickleRef> items(n);
                for (std::size_t i = n; i-- > 0;) items[i] = pop();
                push(container(Type::Tuple, std::move(items)));
                break;
            }
            case 'a': {  // APPEND
                auto item = pop();
                append(top(), std::move(item));
                break;
            }
            case 'e':     // APPENDS
            case 0x90: {  // ADDITEMS (sets become lists)
                auto items = pop_mark();
                auto list = top();
                for (auto& item : items) append(list, std::move(item));
                break;
            }
            case 'd': {  // DICT
                auto items = pop_mark();
                auto dict = scalar(Type::Dict);
                set_items(dict, items);
                push(dict);
                break;
            }
            case 's': {  // SETITEM
                auto value = pop();
                auto key = pop();
                set_item(top(), std::move(key), std::move(value));
                break;
            }
            case 'u': {  // SETITEMS
                auto items = pop_mark();
                set_items(top(), items);
                break;
            }
            case 'q':
                memo_put(uint(1));
                break;  // BINPUT
            case 'r':
                memo_put(uint(4));
                break;  // LONG_BINPUT
            case 0x94:
                memo_put(memo_.size());
                break;  // MEMOIZE
            case 'h':
                push(memo_get(uint(1)));
                break;  // BINGET
            case 'j':
                push(memo_get(uint(4)));
                break;   // LONG_BINGET
            case 'c': {  // GLOBAL
                std::string module = line();
                std::string name = line();
                push(global(module, name));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                auto name = pop();
                auto module = pop();
                if (!module->is_string() || !name->is_string())
                    fail("pickle names a global with something that is not a string");
                push(global(module->text, name->text));
                break;
            }
            case 'R': {  // REDUCE
                auto args = pop();
                auto callable = pop();
                push(reduce(*callable, *args));
                break;
            }
            case 'b': {  // BUILD
                auto state = pop();
                build(*top(), *state);
                break;
            }
            case 'Q':
                push(persistent(*pop()));
                break;  // BINPERSID
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                fail(std::string("pickle uses opcode ") + hex + " at byte " +
                     std::to_string(pos_ - 1) + ", which checkpoints never use");
            }
        }
    }

    std::string take_string(std::uint64_t n) {
        if (n > in_.size) fail("pickle declares a string longer than the file");
        ByteView v = take(static_cast<std::size_t>(n));
        return std::string(reinterpret_cast<const char*>(v.data), v.size);
    }
    PickleRef long_integer(std::uint64_t n) {
        if (n > 8) fail("pickle holds an integer wider than 64 bits");
        ByteView b = take(static_cast<std::size_t>(n));
        std::uint64_t x = 0;
        for (std::size_t i = 0; i < n; ++i) x |= std::uint64_t(b.data[i]) << (8 * i);
        if (n > 0 && n < 8 && (b.data[n - 1] & 0x80)) x |= ~std::uint64_t(0) << (8 * n);
        return integer(static_cast<std::int64_t>(x));
    }
    void set_items(const PickleRef& dict, std::vector<PickleRef>& items) {
        if (items.size() % 2) fail("pickle sets dict items from an odd number of values");
        for (std::size_t i = 0; i < items.size(); i += 2) set_item(dict, items[i], items[i + 1]);
    }
    void memo_put(std::uint64_t index) {
        if (index >= kMaxMemo) fail("pickle memo index is beyond the limit");
        memo_[static_cast<std::uint32_t>(index)] = top();
    }
    PickleRef memo_get(std::uint64_t index) {
        auto it = memo_.find(static_cast<std::uint32_t>(index));
        if (it == memo_.end())
            fail("pickle reads memo entry " + std::to_string(index) +
                 ", which was never stored (corrupt)");
        return it->second;
    }

    PickleRef global(const std::string& module, const std::string& name) {
        std::string full = module + "." + name;
        if (module == "torch") {
            auto it = storage_classes().find(name);
            if (it != storage_classes().end()) {
                auto v = text(Type::StorageType, full);
                v->tensor.type = it->second;
                return v;
            }
        }
        static const char* allowed[] = {"collections.OrderedDict",
                                        "torch._utils._rebuild_tensor_v2",
                                        "torch._utils._rebuild_parameter",
                                        "numpy.core.multiarray.scalar",
                                        "numpy._core.multiarray.scalar",
                                        "numpy.dtype",
                                        "numpy.core.multiarray._reconstruct",
                                        "numpy._core.multiarray._reconstruct",
                                        "numpy.ndarray",
                                        "_codecs.encode"};
        for (const char* a : allowed)
            if (full == a) return text(Type::Global, full);
        fail("checkpoint refers to the Python global '" + full +
             "', which no checkpoint needs; refused without running anything (the file may be "
             "malicious)");
    }

    PickleRef reduce(const PickleValue& callable, const PickleValue& args) {
        if (callable.type != Type::Global)
            fail("pickle calls something that is not a permitted function");
        if (args.type != Type::Tuple) fail("pickle calls " + callable.text + " without a tuple");
        const auto& a = args.items;
        const std::string& f = callable.text;
        if (f == "collections.OrderedDict") {
            if (!a.empty()) fail("OrderedDict with constructor arguments is not supported");
            return scalar(Type::Dict);
        }
        if (f == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(a);
        if (f == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->type != Type::Tensor)
                fail("_rebuild_parameter without a tensor");
            return a[0];
        }
        if (f == "_codecs.encode") return latin1_bytes(a);
        if (f == "numpy.dtype") {
            if (a.empty() || !a[0]->is_string()) fail("numpy.dtype without a type code");
            return text(Type::NumpyDtype, "<" + a[0]->text);
        }
        if (f == "numpy.core.multiarray._reconstruct" ||
            f == "numpy._core.multiarray._reconstruct") {
            if (a.empty() || a[0]->type != Type::Global || a[0]->text != "numpy.ndarray")
                fail("numpy _reconstruct of something other than an ndarray");
            return scalar(Type::NumpyArray);
        }
        if (f == "numpy.ndarray") fail("numpy.ndarray is only accepted through _reconstruct");
        return numpy_scalar(a);  // the only allowed global left
    }

    PickleRef rebuild_tensor(const std::vector<PickleRef>& a) {
        if (a.size() < 4 || a[0]->type != Type::Storage || a[1]->type != Type::Int ||
            a[2]->type != Type::Tuple || a[3]->type != Type::Tuple)
            fail("_rebuild_tensor_v2 with unexpected arguments");
        auto v = scalar(Type::Tensor);
        v->tensor = a[0]->tensor;
        v->tensor.offset = a[1]->integer;
        if (a[2]->items.size() > kMaxTensorDims || a[2]->items.size() != a[3]->items.size())
            fail("tensor with " + std::to_string(a[2]->items.size()) + " sizes and " +
                 std::to_string(a[3]->items.size()) + " strides");
        for (std::size_t i = 0; i < a[2]->items.size(); ++i) {
            if (a[2]->items[i]->type != Type::Int || a[3]->items[i]->type != Type::Int)
                fail("tensor size or stride is not an integer");
            v->tensor.sizes.push_back(a[2]->items[i]->integer);
            v->tensor.strides.push_back(a[3]->items[i]->integer);
        }
        return v;
    }

    PickleRef latin1_bytes(const std::vector<PickleRef>& a) {
        if (a.size() != 2 || !a[0]->is_string() || !a[1]->is_string() || a[1]->text != "latin1")
            fail("_codecs.encode is only accepted as encode(str, 'latin1')");
        // The pickle string is UTF-8; every code point is below 256.
        std::string out;
        const std::string& s = a[0]->text;
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                out += static_cast<char>(c);
            } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size() && c <= 0xC3) {
                out += static_cast<char>(((c & 0x1F) << 6) | (s[++i] & 0x3F));
            } else {
                fail("_codecs.encode argument is not latin-1 text");
            }
        }
        return text(Type::Bytes, out);
    }

    PickleRef numpy_scalar(const std::vector<PickleRef>& a) {
        if (a.size() != 2 || a[0]->type != Type::NumpyDtype || a[1]->type != Type::Bytes)
            fail("numpy scalar with unexpected arguments");
        const std::string& code = a[0]->text;  // byte order + kind + size, e.g. "<f8"
        const std::string& raw = a[1]->text;
        if (static_cast<int>(raw.size()) != numpy_item_size(code, "scalar"))
            fail("numpy scalar has the wrong number of bytes");
        return numpy_number(code, raw.data());
    }

    // The bytes of one element of a plain numeric dtype ("<f8": little-endian, float, 8 bytes);
    // any other dtype is refused.
    int numpy_item_size(const std::string& code, const char* what) {
        static const std::string kinds = "fiub";
        const int size = code.size() >= 3 ? std::atoi(code.c_str() + 2) : 0;
        if (code.size() < 3 || code[0] == '>' || kinds.find(code[1]) == std::string::npos ||
            size < 1 || size > 8)
            fail(std::string("numpy ") + what + " of type '" + code +
                 "' is not supported (only plain numbers are read)");
        return size;
    }

    // One number of a plain numeric dtype from its little-endian bytes.
    PickleRef numpy_number(const std::string& code, const char* raw) {
        const char kind = code[1];
        const int size = std::atoi(code.c_str() + 2);
        std::uint64_t bits = 0;
        for (int i = 0; i < size; ++i) bits |= std::uint64_t(std::uint8_t(raw[i])) << (8 * i);
        if (kind == 'f' && size == 8) {
            auto v = scalar(Type::Float);
            std::memcpy(&v->real, &bits, 8);
            return v;
        }
        if (kind == 'f' && size == 4) {
            float f;
            auto b32 = static_cast<std::uint32_t>(bits);
            std::memcpy(&f, &b32, 4);
            auto v = scalar(Type::Float);
            v->real = f;
            return v;
        }
        if ((kind == 'i' || kind == 'u') && size >= 1 && size <= 8) {
            if (kind == 'i' && size < 8 && (bits >> (8 * size - 1)) & 1)
                bits |= ~std::uint64_t(0) << (8 * size);
            return integer(static_cast<std::int64_t>(bits));
        }
        if (kind == 'b' && size == 1) {
            auto v = scalar(Type::Bool);
            v->boolean = bits != 0;
            return v;
        }
        fail("numpy scalar of type '" + code + "' is not supported");
    }

    // An ndarray's state: (version, shape, dtype, Fortran order, data). Plain numbers become
    // nested lists (data, never code); arrays of Python objects are refused.
    void build_array(PickleValue& target, const PickleValue& state) {
        const auto& s = state.items;
        if (state.type != Type::Tuple || s.size() != 5 || s[1]->type != Type::Tuple ||
            s[2]->type != Type::NumpyDtype)
            fail("numpy array with an unexpected state");
        if (s[4]->type != Type::Bytes)
            fail(
                "numpy array of Python objects (dtype object) is refused: only plain numbers "
                "are read, and objects could run code when loaded in Python");
        const int item = numpy_item_size(s[2]->text, "array");
        std::vector<std::int64_t> shape;
        std::int64_t count = 1;
        for (const auto& d : s[1]->items) {
            if (d->type != Type::Int || d->integer < 0) fail("numpy array with a bad shape");
            shape.push_back(d->integer);
            count *= d->integer;
            if (count > kMaxArrayElements) fail("numpy array larger than the limit");
        }
        if (shape.size() > kMaxTensorDims) fail("numpy array with too many dimensions");
        if (s[3]->type == Type::Bool && s[3]->boolean && shape.size() > 1)
            fail("Fortran-ordered numpy array is not supported");
        const std::string& raw = s[4]->text;
        if (raw.size() != static_cast<std::size_t>(count * item))
            fail("numpy array has the wrong number of bytes");
        std::size_t at = 0;
        // Nested lists in C order: the outer dimension first.
        std::function<PickleRef(std::size_t)> nest = [&](std::size_t dim) -> PickleRef {
            if (dim == shape.size()) {
                auto v = numpy_number(s[2]->text, raw.data() + at);
                at += static_cast<std::size_t>(item);
                return v;
            }
            std::vector<PickleRef> items;
            for (std::int64_t i = 0; i < shape[dim]; ++i) items.push_back(nest(dim + 1));
            return container(Type::List, std::move(items));
        };
        if (shape.empty()) {  // a 0-d array is its one number
            const auto number = nest(0);
            target.type = number->type;
            target.integer = number->integer;
            target.real = number->real;
            target.boolean = number->boolean;
            return;
        }
        std::vector<PickleRef> items;
        for (std::int64_t i = 0; i < shape[0]; ++i) items.push_back(nest(1));
        target.type = Type::List;
        for (auto& i : items) adopt(target, i);
        target.items = std::move(items);
    }

    void build(PickleValue& target, const PickleValue& state) {
        if (target.type == Type::Dict) return;  // OrderedDict._metadata: not needed
        if (target.type == Type::NumpyArray) return build_array(target, state);
        if (target.type == Type::NumpyDtype) {
            // state = (version, byte order, ...): keep the byte order
            if (state.type == Type::Tuple && state.items.size() > 1 &&
                state.items[1]->is_string() && !state.items[1]->text.empty()) {
                char order = state.items[1]->text[0];
                target.text[0] = order == '>' ? '>' : '<';
            }
            return;
        }
        if (target.type == Type::Tensor) return;  // tensor attributes: none we need
        fail("pickle sets the state of a value that has none");
    }

    PickleRef persistent(const PickleValue& pid) {
        const auto& a = pid.items;
        if (pid.type != Type::Tuple || a.size() != 5 || !a[0]->is_string() ||
            a[0]->text != "storage" || a[1]->type != Type::StorageType || !a[2]->is_string() ||
            a[4]->type != Type::Int)
            fail("pickle refers to a persistent object that is not a tensor storage");
        if (a[4]->integer < 0) fail("tensor storage with a negative size");
        const std::string& key = a[2]->text;
        if (key.empty() || key.find_first_of("/\\") != std::string::npos || key == "..")
            fail("tensor storage key '" + key + "' is not a plain record name");
        auto v = scalar(Type::Storage);
        v->tensor.type = a[1]->tensor.type;
        v->tensor.storage_key = key;
        v->tensor.storage_numel = a[4]->integer;
        return v;
    }

    ByteView in_;
    std::size_t pos_ = 0;
    std::vector<PickleRef> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint32_t, PickleRef> memo_;
};

}  // namespace

Result<PickleRef> unpickle(ByteView pickle) { return Unpickler(pickle).run(); }

}  // namespace interceptor
