#pragma once
// Renders pickle values as JSON for display and reports: numbers, strings,
// lists and dicts as themselves, tensors as "tensor float32 [48, 3, 3, 3]".
// Bounded: at most max_nodes values are rendered, the rest becomes "...".
#include <nlohmann/json.hpp>

#include "checkpoint/pickle_value.h"

namespace interceptor {

nlohmann::json pickle_to_json(const PickleValue& value, int max_nodes = 20000);

}  // namespace interceptor
