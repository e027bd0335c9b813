// checkpoint, init-checkpoint and score-image.
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <iomanip>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/case/json_records.h"
#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/detector.h"
#include "interceptor/model/inference/heatmap.h"
#include "interceptor/model/inference/preprocess.h"
#include "interceptor/model/pretrained/pretrained_backbone.h"

namespace interceptor::cli {
namespace {

using nlohmann::json;

bool wants_help(const std::vector<std::string>& args, const char* usage) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::cout << usage;
            return true;
        }
    return false;
}

void print_metadata(const CheckpointMetadata& m, const NetworkConfig& config, bool recorded) {
    auto line = [](const char* label, const std::string& value) {
        if (!value.empty()) std::cout << std::left << std::setw(22) << label << value << "\n";
    };
    line("file", m.path);
    line("sha256", m.sha256);
    line("size", std::to_string(m.file_size) + " bytes");
    line("format", m.format);
    line("architecture", config.describe() + (recorded ? "" : " (read off the tensor shapes)"));
    line("tensors", std::to_string(m.tensor_count) + " (" + std::to_string(m.parameter_count) +
                        " parameters)");
    if (m.epoch) line("epoch", std::to_string(*m.epoch));
    if (m.stage) line("stage", std::to_string(*m.stage));
    line("model type", m.model_type);
    line("timestamp", m.timestamp);
    line("preprocessing", m.preprocessing ? profile_name(*m.preprocessing)
                                          : "not recorded (the seed's whole_frame assumed)");
    if (m.threshold)
        line("threshold", std::to_string(*m.threshold) + " (" + m.threshold_source + ")");
    if (m.temperature)
        line("temperature", std::to_string(*m.temperature) + " (" + m.temperature_source + ")");
    for (const auto& [name, value] : m.metrics)
        line(("metric " + name).c_str(), std::to_string(value));
    if (m.provenance_json != "{}") line("provenance", m.provenance_json);
    if (m.extra_json != "{}") line("other entries", m.extra_json);
}

}  // namespace

int checkpoint_command(const std::vector<std::string>& args) {
    static const char* usage =
        "usage: interceptor-cli checkpoint FILE [--json] [--no-verify] [--float16 OUT]\n"
        "  Shows what a checkpoint holds (metadata, SHA-256, architecture) and loads it\n"
        "  into the network to prove it fits exactly. Runs no code from the file.\n"
        "  --json         machine-readable output\n"
        "  --no-verify    skip building the network\n"
        "  --float16 OUT  also write a copy with its float tensors in half precision (half\n"
        "                 the size, for shipping; scores move by about 1e-3)\n";
    if (wants_help(args, usage)) return kExitOk;
    Arguments a(args, {"--json", "--no-verify"}, {"--float16"});
    if (!a.error().empty()) return usage_error(a.error(), usage);
    if (a.positional().size() != 1) return usage_error("checkpoint takes one FILE", usage);

    auto checkpoint = Checkpoint::load(a.positional()[0]);
    if (!checkpoint) {
        std::cerr << "interceptor-cli: " << checkpoint.error() << "\n";
        return kExitFailure;
    }
    auto config = checkpoint->resolve_config();
    if (!config) {
        std::cerr << "interceptor-cli: " << config.error() << "\n";
        return kExitFailure;
    }
    std::string device;
    std::int64_t folded_bytes = 0;
    if (!a.has("--no-verify")) {
        auto detector = Detector::create(*checkpoint, *config);
        if (!detector) {
            std::cerr << "interceptor-cli: " << detector.error() << "\n";
            return kExitFailure;
        }
        device = (*detector)->device_name();
        folded_bytes = (*detector)->weight_bytes();
    }
    if (a.has("--float16")) {
        auto saved = checkpoint->in_half_precision().save(a.value("--float16"));
        if (!saved) {
            std::cerr << "interceptor-cli: " << saved.error() << "\n";
            return kExitFailure;
        }
        std::cerr << "half-precision copy written to " << a.value("--float16") << " (SHA-256 "
                  << *saved << ")\n";
    }
    const auto& m = checkpoint->metadata();
    if (a.has("--json")) {
        Json j = checkpoint_metadata_json(m);
        j["architecture"] = json::parse(config->to_json());
        if (!device.empty())
            j["verified"] = {{"device", device}, {"folded_weight_bytes", folded_bytes}};
        std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
        print_metadata(m, *config, m.config.has_value());
        if (!device.empty())
            std::cout << std::left << std::setw(22) << "verified"
                      << "loads exactly; " << folded_bytes / 1000000
                      << " MB of weights after folding, on " << device << "\n";
    }
    return kExitOk;
}

int init_checkpoint_command(const std::vector<std::string>& args) {
    static const char* usage =
        "usage: interceptor-cli init-checkpoint OUT [--config seed|small|mobile] [--seed N]\n"
        "                                       [--backbone-weights FILE]\n"
        "  Writes a freshly initialised, UNTRAINED network in the Python-compatible\n"
        "  format (torch.load(OUT, weights_only=True) reads it). Its scores mean nothing\n"
        "  until it is trained.\n"
        "  --backbone-weights FILE  (with --config mobile) start the MobileNetV2 backbone from\n"
        "                           the ImageNet weights of a TFLite file, e.g.\n"
        "                           mobilenet_v2_1.0_224_quant.tflite; the rest is random\n";
    if (wants_help(args, usage)) return kExitOk;
    Arguments a(args, {}, {"--config", "--seed", "--backbone-weights"});
    if (!a.error().empty()) return usage_error(a.error(), usage);
    if (a.positional().size() != 1) return usage_error("init-checkpoint takes one OUT path", usage);
    auto config = NetworkConfig::preset(a.value("--config", "small"));
    if (!config) return usage_error("--config: " + config.error(), usage);
    const auto seed = static_cast<std::uint64_t>(a.integer("--seed", 0));
    const bool pretrained = a.has("--backbone-weights");
    if (pretrained && config->backbone != Backbone::MobileNetV2)
        return usage_error(
            "--backbone-weights takes a MobileNetV2 TFLite file: use --config mobile", usage);
    auto initial = pretrained ? pretrained_checkpoint(*config, a.value("--backbone-weights"), seed)
                              : Result<Checkpoint>(Checkpoint::fresh(*config, seed));
    if (!initial) {
        std::cerr << "interceptor-cli: " << initial.error() << "\n";
        return kExitFailure;
    }
    initial->metadata().preprocessing = Profile::WholeFrame;
    auto sha = initial->save(a.positional()[0]);
    if (!sha) {
        std::cerr << "interceptor-cli: " << sha.error() << "\n";
        return kExitFailure;
    }
    std::cout << "wrote " << a.positional()[0] << " (" << config->describe()
              << (pretrained
                      ? ", backbone from " + a.value("--backbone-weights") + ", the rest untrained"
                      : ", untrained")
              << ")\n"
              << "sha256 " << *sha << "\n";
    return kExitOk;
}

int score_image_command(const std::vector<std::string>& args) {
    static const char* usage =
        "usage: interceptor-cli score-image CHECKPOINT IMAGE [--heatmap OUT.png] [--json]\n"
        "  Scores one image (whole-frame preprocessing) and prints P(fake) and the logits.\n"
        "  --heatmap OUT.png   also write the low-light luminance heatmap blended over the image\n";
    if (wants_help(args, usage)) return kExitOk;
    Arguments a(args, {"--json"}, {"--heatmap"});
    if (!a.error().empty()) return usage_error(a.error(), usage);
    if (a.positional().size() != 2)
        return usage_error("score-image takes CHECKPOINT and IMAGE", usage);
    const std::string& image_path = a.positional()[1];
    cv::Mat image = cv::imread(image_path, cv::IMREAD_COLOR);
    if (image.empty()) {
        std::cerr << "interceptor-cli: " << image_path << ": cannot be read as an image\n";
        return kExitFailure;
    }
    auto checkpoint = Checkpoint::load(a.positional()[0]);
    if (!checkpoint) {
        std::cerr << "interceptor-cli: " << checkpoint.error() << "\n";
        return kExitFailure;
    }
    auto detector = Detector::create(*checkpoint);
    if (!detector) {
        std::cerr << "interceptor-cli: " << detector.error() << "\n";
        return kExitFailure;
    }
    FrameBatch batch;
    batch.size = (*detector)->config().input_size;
    append_whole_frame(image, batch);
    auto scores = (*detector)->score(batch);
    if (!scores) {
        std::cerr << "interceptor-cli: " << scores.error() << "\n";
        return kExitFailure;
    }
    const FrameScore& s = scores->front();
    if (a.has("--heatmap")) {
        cv::Mat overlay = overlay_heatmap(image, luminance_heatmap(s), 0.5);
        if (!cv::imwrite(a.value("--heatmap"), overlay)) {
            std::cerr << "interceptor-cli: " << a.value("--heatmap")
                      << ": cannot write the heatmap\n";
            return kExitFailure;
        }
    }
    if (a.has("--json")) {
        json j{{"image", image_path},
               {"checkpoint_sha256", checkpoint->metadata().sha256},
               {"p_fake", s.p_fake},
               {"logits", s.logits},
               {"device", (*detector)->device_name()}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << image_path << ": P(fake) = " << std::fixed << std::setprecision(4) << s.p_fake
                  << "  logits [" << s.logits[0] << ", " << s.logits[1] << "]  on "
                  << (*detector)->device_name() << "\n";
        if (a.has("--heatmap")) std::cout << "heatmap written to " << a.value("--heatmap") << "\n";
    }
    return kExitOk;
}

}  // namespace interceptor::cli
