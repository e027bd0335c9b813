// Loading maps a checkpoint's tensors instead of copying them: what that
// promises (the values, their lifetime, letting the pages go) and where the
// network gets weights of its own.
// LibTorch first: Debian's defines glog's CHECK, which Catch's must replace.
#include <torch/types.h>

#include "checkpoint/checkpoint_state.h"
#include "checkpoint/state_loader.h"
#include "network/interceptor_net.h"

#include <catch2/catch.hpp>

#include "interceptor/model/inference/detector.h"
#include "support/temp_dir.h"

using namespace interceptor;
using interceptor::test::TempDir;

namespace {

bool in_map(const Checkpoint& c, const torch::Tensor& t) {
    return c.state().file && c.state().file->contains(t.data_ptr());
}

bool same_values(const Checkpoint& a, const Checkpoint& b) {
    for (const auto& [key, tensor] : a.state().tensors) {
        const torch::Tensor* other = b.state().find(key);
        if (!other || !torch::equal(tensor, *other)) return false;
    }
    return a.state().tensors.size() == b.state().tensors.size();
}

FrameBatch ramp(int size) {
    FrameBatch batch{2, size, std::vector<float>(2 * 3 * size * size)};
    for (std::size_t i = 0; i < batch.pixels.size(); ++i)
        batch.pixels[i] = static_cast<float>(i % 97) / 48.0f - 1.0f;
    return batch;
}

}  // namespace

TEST_CASE("a saved checkpoint's tensors are read in place from the file, with their values",
          "[checkpoint][mapping]") {
    TempDir dir;
    const auto fresh = Checkpoint::fresh(NetworkConfig::small(), 11);
    REQUIRE(fresh.save(dir.file("small.pt")).ok());
    auto loaded = Checkpoint::load(dir.file("small.pt"));
    REQUIRE(loaded.ok());
    for (const auto& [key, tensor] : loaded->state().tensors) {
        INFO(key);
        CHECK((tensor.numel() == 0 || in_map(*loaded, tensor)));
    }
    CHECK(same_values(*loaded, fresh));

    // Letting the pages go loses nothing: they are read from the file again.
    loaded->state().release_pages();
    CHECK(same_values(*loaded, fresh));

    // A tensor keeps the map alive after the checkpoint is gone.
    const auto key = loaded->state().tensors.front().first;
    torch::Tensor kept = loaded->state().tensors.front().second;
    loaded = Error{"released"};
    CHECK(torch::equal(kept, *fresh.state().find(key)));
}

TEST_CASE("a network loaded to train or run for long gets weights of its own, not the file's",
          "[checkpoint][mapping]") {
    TempDir dir;
    const auto config = NetworkConfig::small();
    REQUIRE(Checkpoint::fresh(config, 12).save(dir.file("small.pt")).ok());
    auto loaded = Checkpoint::load(dir.file("small.pt"));
    REQUIRE(loaded.ok());

    InterceptorNet copied(config), shared(config);
    REQUIRE(load_state(*copied, config.describe(), *loaded, StateMemory::Copy).empty());
    REQUIRE(load_state(*shared, config.describe(), *loaded, StateMemory::Share).empty());
    int copied_in_map = 0, shared_in_map = 0;
    for (const auto& p : copied->parameters()) copied_in_map += in_map(*loaded, p);
    for (const auto& p : shared->parameters()) shared_in_map += in_map(*loaded, p);
    CHECK(copied_in_map == 0);
    CHECK(shared_in_map == static_cast<int>(shared->parameters().size()));
    for (const auto& item : copied->named_parameters())
        CHECK(torch::equal(item.value(), *loaded->state().find(item.key())));
}

TEST_CASE("detectors score alike from a mapped checkpoint and after it is gone",
          "[checkpoint][mapping]") {
    TempDir dir;
    const auto fresh = Checkpoint::fresh(NetworkConfig::small(), 13);
    REQUIRE(fresh.save(dir.file("small.pt")).ok());
    const auto batch = ramp(fresh.resolve_config()->input_size);
    for (bool folded : {true, false}) {
        INFO((folded ? "folded" : "plain"));
        DetectorOptions options;
        options.folded = folded;
        options.heatmap_size = 0;
        auto in_memory = Detector::create(fresh, options);
        REQUIRE(in_memory.ok());
        auto expected = (*in_memory)->score(batch);
        REQUIRE(expected.ok());

        auto loaded = Checkpoint::load(dir.file("small.pt"));
        REQUIRE(loaded.ok());
        auto from_file = Detector::create(*loaded, options);
        REQUIRE(from_file.ok());
        loaded = Error{"released"};  // the detector holds what it needs
        auto scores = (*from_file)->score(batch);
        REQUIRE(scores.ok());
        for (std::size_t i = 0; i < scores->size(); ++i)
            for (std::size_t k = 0; k < (*scores)[i].logits.size(); ++k)
                CHECK((*scores)[i].logits[k] == Approx((*expected)[i].logits[k]).margin(1e-5));
    }
}
