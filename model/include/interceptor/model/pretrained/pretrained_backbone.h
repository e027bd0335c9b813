#pragma once
// A new network whose backbone starts from ImageNet-trained weights rather
// than at random: the mobile preset's MobileNetV2 from a TensorFlow Lite file
// (mobilenet_v2_1.0_224_quant.tflite, ../shared/data/weights/README.md says
// where it comes from). The file is untrusted input: checked, never run.
#include <cstdint>
#include <string>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/network/network_config.h"
#include "interceptor/model/result.h"

namespace interceptor {

// A checkpoint of `config` (its backbone must be MobileNetV2): the backbone
// from the file, everything else (low-light module, projection, attention,
// classifier) initialised at random from `seed` as Checkpoint::fresh does.
// Its provenance records the file's name, SHA-256, source and licence. An
// error names the file and what is wrong with it (missing, not TFLite,
// damaged, not MobileNetV2 1.0, not a known release).
Result<Checkpoint> pretrained_checkpoint(const NetworkConfig& config,
                                         const std::string& tflite_path, std::uint64_t seed);

}  // namespace interceptor
