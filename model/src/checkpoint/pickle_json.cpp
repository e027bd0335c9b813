#include "checkpoint/pickle_json.h"

#include <cmath>

namespace interceptor {
namespace {

using Type = PickleValue::Type;

std::string describe_tensor(const TensorRef& t) {
    std::string s = std::string("tensor ") + storage_type_name(t.type) + " [";
    for (std::size_t i = 0; i < t.sizes.size(); ++i)
        s += (i ? ", " : "") + std::to_string(t.sizes[i]);
    return s + "]";
}

std::string key_text(const PickleValue& k) {
    switch (k.type) {
        case Type::String:
            return k.text;
        case Type::Int:
            return std::to_string(k.integer);
        case Type::Float:
            return std::to_string(k.real);
        case Type::Bool:
            return k.boolean ? "True" : "False";
        case Type::None:
            return "None";
        default:
            return "<key>";
    }
}

nlohmann::json convert(const PickleValue& v, int& budget) {
    if (--budget < 0) return "...";
    switch (v.type) {
        case Type::None:
            return nullptr;
        case Type::Bool:
            return v.boolean;
        case Type::Int:
            return v.integer;
        case Type::Float:
            return std::isfinite(v.real) ? nlohmann::json(v.real) : nlohmann::json(nullptr);
        case Type::String:
            return v.text;
        case Type::Bytes:
            return "<" + std::to_string(v.text.size()) + " bytes>";
        case Type::List:
        case Type::Tuple: {
            auto a = nlohmann::json::array();
            for (const auto& item : v.items) a.push_back(convert(*item, budget));
            return a;
        }
        case Type::Dict: {
            auto o = nlohmann::json::object();
            for (const auto& [k, val] : v.entries) o[key_text(*k)] = convert(*val, budget);
            return o;
        }
        case Type::Tensor:
            return describe_tensor(v.tensor);
        default:
            return "<" + v.text + ">";
    }
}

}  // namespace

nlohmann::json pickle_to_json(const PickleValue& value, int max_nodes) {
    int budget = max_nodes;
    return convert(value, budget);
}

}  // namespace interceptor
