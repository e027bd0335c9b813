#include "checkpoint/pickle_value.h"

namespace interceptor {

int element_size(StorageType t) {
    switch (t) {
        case StorageType::Float64:
        case StorageType::Int64:
            return 8;
        case StorageType::Float32:
        case StorageType::Int32:
            return 4;
        case StorageType::Float16:
        case StorageType::BFloat16:
        case StorageType::Int16:
            return 2;
        default:
            return 1;
    }
}

const char* storage_class_name(StorageType t) {
    switch (t) {
        case StorageType::Float32:
            return "FloatStorage";
        case StorageType::Float64:
            return "DoubleStorage";
        case StorageType::Float16:
            return "HalfStorage";
        case StorageType::BFloat16:
            return "BFloat16Storage";
        case StorageType::Int64:
            return "LongStorage";
        case StorageType::Int32:
            return "IntStorage";
        case StorageType::Int16:
            return "ShortStorage";
        case StorageType::Int8:
            return "CharStorage";
        case StorageType::UInt8:
            return "ByteStorage";
        case StorageType::Bool:
            return "BoolStorage";
    }
    return "";
}

const char* storage_type_name(StorageType t) {
    switch (t) {
        case StorageType::Float32:
            return "float32";
        case StorageType::Float64:
            return "float64";
        case StorageType::Float16:
            return "float16";
        case StorageType::BFloat16:
            return "bfloat16";
        case StorageType::Int64:
            return "int64";
        case StorageType::Int32:
            return "int32";
        case StorageType::Int16:
            return "int16";
        case StorageType::Int8:
            return "int8";
        case StorageType::UInt8:
            return "uint8";
        case StorageType::Bool:
            return "bool";
    }
    return "";
}

const PickleValue* PickleValue::get(const std::string& key) const {
    if (type != Type::Dict) return nullptr;
    for (const auto& [k, v] : entries)
        if (k->type == Type::String && k->text == key) return v.get();
    return nullptr;
}

}  // namespace interceptor
