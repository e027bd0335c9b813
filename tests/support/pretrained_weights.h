#pragma once
// Where the tests find the pretrained weights and their test image
// (../shared/data/weights) and the genuine faces to train on
// (../shared/data/faces/utkface); absent on some machines: tests skip with a message.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace interceptor::test {

inline std::string shared_weights(const std::string& name) {
    return std::string(INTERCEPTOR_SOURCE_DIR) + "/../shared/data/weights/" + name;
}

inline std::string mobilenet_v2_tflite() {
    return shared_weights("mobilenet_v2_1.0_224_quant.tflite");
}

inline std::string utkface_dir() {
    return std::string(INTERCEPTOR_SOURCE_DIR) + "/../shared/data/faces/utkface";
}

inline bool have_mobilenet_v2_tflite() {
    return std::filesystem::is_regular_file(mobilenet_v2_tflite());
}

inline std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

}  // namespace interceptor::test
