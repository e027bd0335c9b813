// libFuzzer target: read_mobilenet_v2_tflite, the reader of the pretrained
// backbone's .tflite file (FlatBuffers identifier and Verifier, then every
// tensor's type, shape, quantisation and buffer), on arbitrary bytes. It must
// read the weights or say why, and never read outside the input.
#include <cstddef>
#include <cstdint>

#include "pretrained/mobilenet_v2_tflite.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (auto weights = interceptor::read_mobilenet_v2_tflite(data, size))
        (void)weights->convs.size();
    return 0;
}
