// MobileNetV2 weights read from a .tflite file on disk, accepted only from a known release.
#include <filesystem>

#include "interceptor/model/io/digest.h"
#include "io/mapped_file.h"
#include "pretrained/mobilenet_v2_tflite.h"

namespace interceptor {

namespace {
const KnownTfliteRelease kReleases[] = {
    {"7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776",
     "mobilenet_v2_1.0_224_quant.tflite", "google-coral/test_data, commit 104342d2", "Apache-2.0"},
};
}  // namespace

const KnownTfliteRelease* known_tflite_release(const std::string& sha256) {
    for (const auto& r : kReleases)
        if (sha256 == r.sha256) return &r;
    return nullptr;
}

Result<MobileNetV2File> read_mobilenet_v2_tflite_file(const std::string& path) {
    if (!std::filesystem::exists(path)) return Error{path + ": no such file"};
    if (!std::filesystem::is_regular_file(path)) return Error{path + ": is not a regular file"};
    auto mapped = MappedFile::open(path);
    if (!mapped) return Error{mapped.error()};
    auto weights = read_mobilenet_v2_tflite(mapped->data(), mapped->size());
    if (!weights) return Error{path + ": " + weights.error()};
    MobileNetV2File file;
    file.sha256 = sha256_hex(mapped->data(), mapped->size());
    file.release = known_tflite_release(file.sha256);
    if (!file.release) {
        std::string known;
        for (const auto& r : kReleases)
            known += (known.empty() ? "" : ", ") + std::string(r.file) + " of " + r.source +
                     " (SHA-256 " + r.sha256 + ")";
        return Error{path + ": has the structure of MobileNetV2 1.0, but its SHA-256 " +
                     file.sha256 + " is not that of a known release (" + known +
                     "): its weights may be damaged, and a TFLite file has no checksum of its "
                     "own to tell"};
    }
    file.weights = std::move(*weights);
    return file;
}

}  // namespace interceptor
