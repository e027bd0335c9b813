#include "core/analysis/shipped_models.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace interceptor {
namespace fs = std::filesystem;
namespace {

constexpr double kDefaultCiplabAuc = 0.75, kDefaultRealSwapAuc = 0.5;

std::string figure(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

}  // namespace

std::string shipped_model_file(const std::string& name) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> places;
    if (!ec) places.push_back(exe.parent_path() / "../share/interceptor/models" / name);
    places.push_back(fs::path(INTERCEPTOR_SOURCE_RESOURCES_DIR) / "models" / name);
    for (const auto& p : places)
        if (fs::exists(p, ec)) return fs::weakly_canonical(p, ec).string();
    return "";
}

bool ShippedDetector::is_default() const {
    return ciplab_samples > 0 && real_swap_videos > 0 && ciplab_auc >= kDefaultCiplabAuc &&
           real_swap_auc > kDefaultRealSwapAuc;
}

std::string ShippedDetector::status() const {
    if (is_default()) return "default";
    std::string why;
    if (!(ciplab_samples > 0 && ciplab_auc >= kDefaultCiplabAuc))
        why += "ciplab-val AUC " + figure(ciplab_auc) + " (" + std::to_string(ciplab_samples) +
               " portraits) is below " + figure(kDefaultCiplabAuc);
    if (!(real_swap_videos > 0 && real_swap_auc > kDefaultRealSwapAuc))
        why += std::string(why.empty() ? "" : "; ") + "real-swap video AUC " +
               figure(real_swap_auc) + " (" + std::to_string(real_swap_videos) +
               " videos) is not above " + figure(kDefaultRealSwapAuc);
    return "experimental: " + why;
}

Result<std::vector<ShippedDetector>> read_detector_manifest(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error{path + ": cannot read the detector manifest"};
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || !j.contains("detectors") || !j["detectors"].is_array())
        return Error{path + ": not a detector manifest (a JSON object with a \"detectors\" list)"};
    std::vector<ShippedDetector> out;
    try {
        for (const auto& d : j["detectors"]) {
            ShippedDetector s;
            s.name = d.at("name").get<std::string>();
            s.path = (fs::path(path).parent_path() / d.at("file").get<std::string>()).string();
            s.sha256 = d.at("sha256").get<std::string>();
            s.ciplab_auc = d.at("ciplab_val_auc").get<double>();
            s.ciplab_samples = d.at("ciplab_val_samples").get<int>();
            s.real_swap_auc = d.at("real_swap_video_auc").get<double>();
            s.real_swap_videos = d.at("real_swap_videos").get<int>();
            s.provenance = (fs::path(path).parent_path() / d.value("provenance", "")).string();
            out.push_back(std::move(s));
        }
    } catch (const std::exception& e) {
        return Error{path + ": a detector entry is incomplete (" + e.what() + ")"};
    }
    return out;
}

Result<std::vector<ShippedDetector>> shipped_detectors() {
    const std::string manifest = shipped_model_file("detectors.json");
    if (manifest.empty()) return std::vector<ShippedDetector>{};
    return read_detector_manifest(manifest);
}

std::optional<ShippedDetector> default_detector(const std::vector<ShippedDetector>& detectors) {
    for (const auto& d : detectors)
        if (d.is_default()) return d;
    return std::nullopt;
}

}  // namespace interceptor
