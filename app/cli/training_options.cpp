#include "cli/training_options.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/face_options.h"
#include "core/case/json_records.h"
#include "core/training/dataset_split.h"

namespace interceptor::cli {

const std::set<std::string> kDataValuedOptions = [] {
    std::set<std::string> options = {"--data",         "--layout",   "--frames", "--profile",
                                     "--val-fraction", "--seed",     "--cache",  "--split",
                                     "--fakes",        "--landmarks"};
    options.insert(face_valued_options().begin(), face_valued_options().end());
    return options;
}();
const std::set<std::string> kDataFlags = {"--self-blend", "--no-augment", "--degrade"};

DataChoice read_data_choice(const Arguments& a) {
    DataChoice c;
    c.root = a.value("--data");
    c.layout = a.value("--layout", c.layout);
    if (a.has("--profile")) c.profile = parsed_or_throw(parse_profile(a.value("--profile")));
    c.cache = a.value("--cache");
    c.frames = a.integer("--frames", c.frames);
    if (a.has("--self-blend")) c.fakes = {FakeKind::SelfBlend};
    if (a.has("--fakes")) c.fakes = parsed_or_throw(parse_fake_kinds(a.value("--fakes")));
    c.augment = !a.has("--no-augment");
    c.degrade = a.has("--degrade");
    const std::string landmarks = a.value("--landmarks", "5");
    if (landmarks != "5" && landmarks != "68")
        throw std::invalid_argument("--landmarks takes 5 or 68, not " + landmarks);
    c.dense_landmarks = landmarks == "68";
    c.val_fraction = std::stod(a.value("--val-fraction", "0.2"));
    c.seed = static_cast<std::uint64_t>(a.integer("--seed", 1));
    c.faces = parsed_or_throw(read_face_settings(a));
    return c;
}

std::vector<FakeKind> fakes_of_stage(const nlohmann::json& stage) {
    if (stage.contains("fakes"))
        return parsed_or_throw(parse_fake_kinds(stage["fakes"].get<std::string>()));
    if (stage.value("self_blend", false)) return {FakeKind::SelfBlend};
    return {};
}

std::string data_options_json(const DataChoice& c) {
    nlohmann::json fakes = nlohmann::json::array();
    for (auto kind : c.fakes) fakes.push_back(fake_kind_name(kind));
    return nlohmann::json{{"layout", c.layout},
                          {"profile", profile_name(c.profile)},
                          {"frames_per_video", c.frames},
                          {"fakes", fakes},
                          {"augment", c.augment},
                          {"degrade", c.degrade},
                          {"landmarks", c.dense_landmarks ? 68 : 5},
                          {"val_fraction", c.val_fraction},
                          {"faces", face_settings_json(c.faces)}}
        .dump();
}

Result<std::unique_ptr<FrameSamples>> load_samples(const DataChoice& c, int input_size,
                                                   const std::string& split, bool quiet) {
    auto layout = parse_layout(c.layout);
    if (!layout) return Error{layout.error()};
    auto items = read_dataset(c.root, *layout);
    if (!items) return Error{items.error()};
    const auto counts = assign_splits(*items, c.val_fraction, c.seed);
    if (!quiet)
        std::cerr << c.root << ": " << items->size() << " videos; " << counts.describe() << "\n";
    if (!split.empty())
        for (auto& item : *items) item.split = split == "all" || item.split == split ? "val" : "";
    SampleOptions options;
    options.frames_per_video = c.frames;
    options.input_size = input_size;
    options.profile = c.profile;
    options.faces = c.faces;
    options.fakes = c.fakes;
    options.augment = c.augment;
    options.degrade = c.degrade;
    options.dense_landmarks = c.dense_landmarks;
    options.cache_directory = c.cache;
    auto samples = FrameSamples::build(*items, options, [quiet](const std::string& line) {
        if (!quiet) std::cerr << "  " << line << "\n";
    });
    if (samples && !quiet) std::cerr << "  " << (*samples)->describe() << "\n";
    return samples;
}

}  // namespace interceptor::cli
