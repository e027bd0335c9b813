#pragma once
// The files make_parity_fixture.py writes for one configuration: inputs,
// the logits PyTorch computed, the configuration and the checkpoint paths.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "interceptor/model/inference/detector.h"

namespace interceptor::test {

inline std::vector<float> read_floats(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    REQUIRE(in.good());
    std::vector<float> v(static_cast<std::size_t>(in.tellg()) / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()),
            static_cast<std::streamsize>(v.size() * sizeof(float)));
    return v;
}

struct ParityFixture {
    std::string prefix;  // e.g. <build>/fixtures/parity/seed
    NetworkConfig config;
    int batch = 0;
    std::size_t keys = 0;
    std::int64_t parameters = 0;
    std::vector<float> inputs, logits;

    static ParityFixture load(const std::string& name) {
        ParityFixture f;
        f.prefix = std::string(INTERCEPTOR_FIXTURES) + "/parity/" + name;
        std::ifstream in(f.prefix + ".json");
        REQUIRE(in.good());
        auto j = nlohmann::json::parse(in);
        std::string error;
        REQUIRE(NetworkConfig::from_json(j["config"].dump(), &f.config, &error));
        f.batch = j["batch"];
        f.keys = j["state_dict_keys"];
        f.parameters = j["parameters"];
        f.inputs = read_floats(f.prefix + "_inputs.f32");
        f.logits = read_floats(f.prefix + "_logits.f32");
        return f;
    }

    std::string file(const std::string& suffix) const { return prefix + suffix; }

    Checkpoint checkpoint(const std::string& suffix) const {
        auto loaded = Checkpoint::load(file(suffix));
        INFO(loaded.error());
        REQUIRE(loaded.ok());
        return *loaded;
    }

    std::unique_ptr<Detector> detector(const std::string& suffix,
                                       const DetectorOptions& options = {}) const {
        auto created = Detector::create(checkpoint(suffix), options);
        INFO(created.error());
        REQUIRE(created.ok());
        return std::move(*created);
    }

    FrameBatch frames() const { return FrameBatch{batch, config.input_size, inputs}; }

    // Largest |c++ - python| / max(1, |python|) over all logits.
    double scaled_error(const std::vector<FrameScore>& scores) const {
        double worst = 0;
        const std::size_t classes = logits.size() / batch;
        for (std::size_t i = 0; i < scores.size(); ++i)
            for (std::size_t k = 0; k < classes; ++k) {
                double expected = logits[i * classes + k];
                double diff = std::abs(scores[i].logits.at(k) - expected);
                worst = std::max(worst, diff / std::max(1.0, std::abs(expected)));
            }
        return worst;
    }
};

}  // namespace interceptor::test
