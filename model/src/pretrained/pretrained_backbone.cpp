// pretrained_checkpoint: a new network with the backbone read from a TFLite file.
#include "interceptor/model/pretrained/pretrained_backbone.h"

#include <torch/utils.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "checkpoint/state_loader.h"
#include "network/interceptor_net.h"
#include "pretrained/mobilenet_v2_import.h"

namespace interceptor {

Result<Checkpoint> pretrained_checkpoint(const NetworkConfig& config,
                                         const std::string& tflite_path, std::uint64_t seed) {
    if (config.backbone != Backbone::MobileNetV2)
        return Error{"pretrained weights are for a MobileNetV2 backbone (the mobile preset), not " +
                     config.describe()};
    if (auto problem = config.validate(); !problem.empty()) return Error{problem};
    auto file = read_mobilenet_v2_tflite_file(tflite_path);
    if (!file) return Error{file.error()};
    torch::manual_seed(seed);
    InterceptorNet net(config);
    load_mobilenet_v2(*net->mobilenet, file->weights);
    nlohmann::json provenance{
        {"initialisation", "pretrained backbone, the rest random"},
        {"seed", seed},
        {"backbone_weights",
         {{"file", std::filesystem::path(tflite_path).filename().string()},
          {"sha256", file->sha256},
          {"release", file->release->file},
          {"source", file->release->source},
          {"licence", file->release->licence},
          {"conversion",
           "uint8 dequantised; BatchNorm folded in the file, identity BatchNorm after each "
           "convolution; TensorFlow SAME padding on stride-2 convolutions"}}}};
    return initial_checkpoint(*net, config, provenance.dump());
}

}  // namespace interceptor
