// libFuzzer target: the zip layer under checkpoints. Every entry of an
// archive it accepts is read back (with a 1 MiB ceiling, as callers pass
// one): lies in sizes, offsets, CRCs, names and deflate streams must end in
// an error, never in a read outside the input or an allocation it did not
// bound.
#include <cstddef>
#include <cstdint>

#include "io/zip_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto zip = interceptor::ZipReader::open(interceptor::ByteView{data, size});
    if (!zip) return 0;
    for (const auto& entry : zip->entries()) {
        (void)zip->view(entry);
        (void)zip->read(entry, 1 << 20);
    }
    return 0;
}
