// libFuzzer target: Interceptor's restricted unpickler on arbitrary bytes.
// Whatever the input, it must return a value or an error: no crash, no
// unbounded memory or time, and never a global outside the allowed set.
#include <cstddef>
#include <cstdint>

#include "checkpoint/pickle_json.h"
#include "checkpoint/unpickler.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto value = interceptor::unpickle(interceptor::ByteView{data, size});
    if (value) (void)interceptor::pickle_to_json(**value);  // walk what was built
    return 0;
}
