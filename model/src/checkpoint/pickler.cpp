#include "checkpoint/pickler.h"

#include <stdexcept>

namespace interceptor {

Pickler::Pickler() {
    op(0x80);  // PROTO 2
    op(2);
}

void Pickler::global(const std::string& module, const std::string& name) {
    op('c');
    out_ += module + "\n" + name + "\n";
}

void Pickler::begin_dict() {
    op('}');
    op('(');
}

void Pickler::begin_ordered_dict() {
    global("collections", "OrderedDict");
    op(')');
    op('R');
    op('(');
}

void Pickler::end_dict() { op('u'); }

void Pickler::string(const std::string& s) {
    op('X');
    auto n = static_cast<std::uint32_t>(s.size());
    for (int i = 0; i < 4; ++i) out_ += static_cast<char>((n >> (8 * i)) & 0xFF);
    out_ += s;
}

void Pickler::integer(std::int32_t v) {
    if (v >= 0 && v < 256) {
        op('K');
        out_ += static_cast<char>(v);
    } else if (v >= 0 && v < 65536) {
        op('M');
        out_ += static_cast<char>(v & 0xFF);
        out_ += static_cast<char>(v >> 8);
    } else {
        op('J');
        auto u = static_cast<std::uint32_t>(v);
        for (int i = 0; i < 4; ++i) out_ += static_cast<char>((u >> (8 * i)) & 0xFF);
    }
}

void Pickler::boolean(bool v) { op(v ? 0x88 : 0x89); }
void Pickler::none() { op('N'); }

void Pickler::tuple_of_ints(const std::vector<std::int64_t>& values) {
    op('(');
    for (auto v : values) {
        if (v < 0 || v > 0x7FFFFFFF) throw std::out_of_range("tensor dimension beyond 2^31");
        integer(static_cast<std::int32_t>(v));
    }
    op('t');
}

void Pickler::tensor(const TensorRef& t) {
    global("torch._utils", "_rebuild_tensor_v2");
    op('(');
    // persistent id: ('storage', torch.<Type>Storage, key, location, numel)
    op('(');
    string("storage");
    global("torch", storage_class_name(t.type));
    string(t.storage_key);
    string("cpu");
    if (t.storage_numel > 0x7FFFFFFF)
        throw std::out_of_range("tensor storage beyond 2^31 elements");
    integer(static_cast<std::int32_t>(t.storage_numel));
    op('t');
    op('Q');
    integer(static_cast<std::int32_t>(t.offset));
    tuple_of_ints(t.sizes);
    tuple_of_ints(t.strides);
    boolean(false);                        // requires_grad
    global("collections", "OrderedDict");  // backward hooks: always empty
    op(')');
    op('R');
    op('t');
    op('R');
}

std::string Pickler::finish() {
    op('.');
    return std::move(out_);
}

}  // namespace interceptor
