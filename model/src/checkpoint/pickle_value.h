#pragma once
// The values a checkpoint pickle can hold, as plain data: what the safe
// unpickler builds and the pickler writes. Tensors are references into the
// zip records ("archive/data/<key>"), not loaded bytes. No LibTorch here.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace interceptor {

enum class StorageType {
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool
};

int element_size(StorageType t);
const char* storage_class_name(StorageType t);  // "FloatStorage", ...
const char* storage_type_name(StorageType t);   // "float32", ...

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct TensorRef {
    std::string storage_key;  // record name under "<archive>/data/"
    StorageType type = StorageType::Float32;
    std::int64_t storage_numel = 0;
    std::int64_t offset = 0;  // in elements
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
};

struct PickleValue {
    enum class Type {
        None,
        Bool,
        Int,
        Float,
        String,
        Bytes,
        List,
        Tuple,
        Dict,
        Global,       // a permitted class or function, by "module.name"
        StorageType,  // torch.FloatStorage & co.
        Storage,      // a persistent storage reference
        Tensor,
        NumpyDtype,
        NumpyArray,  // an ndarray made by _reconstruct, until BUILD gives it its data (a List)
    };
    Type type = Type::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;              // String, Bytes, Global name, NumpyDtype code ("<f8")
    std::vector<PickleRef> items;  // List, Tuple
    std::vector<std::pair<PickleRef, PickleRef>> entries;  // Dict, in order
    TensorRef tensor;                                      // Storage, Tensor, StorageType
    int depth = 0;                                         // nesting depth below this value
    bool nested = false;  // already placed inside another container

    static PickleRef make(Type t) {
        auto v = std::make_shared<PickleValue>();
        v->type = t;
        return v;
    }
    bool is_string() const { return type == Type::String; }
    // Dict lookup by string key; nullptr when absent or not a dict.
    const PickleValue* get(const std::string& key) const;
};

}  // namespace interceptor
