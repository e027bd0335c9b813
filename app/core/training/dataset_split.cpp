#include "core/training/dataset_split.h"

#include <map>

namespace interceptor {
namespace {

// FNV-1a of the text and the seed, as a number in [0, 1).
double unit_hash(const std::string& text, std::uint64_t seed) {
    std::uint64_t h = 1469598103934665603ULL ^ seed;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    // FNV leaves the high bits of short names poorly mixed: finish with splitmix64's avalanche.
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return static_cast<double>(h >> 11) / static_cast<double>(1ULL << 53);
}

int rank(const std::string& split) {
    return split == "test" ? 3 : split == "val" ? 2 : split == "train" ? 1 : 0;
}

}  // namespace

std::string SplitCounts::describe() const {
    auto side = [](const char* name, std::size_t real, std::size_t fake) {
        return std::string(name) + " " + std::to_string(real) + " real / " + std::to_string(fake) +
               " fake";
    };
    return side("train", train_real, train_fake) + ", " + side("val", val_real, val_fake) + ", " +
           side("test", test_real, test_fake);
}

SplitCounts assign_splits(std::vector<VideoItem>& items, double val_fraction, std::uint64_t seed) {
    std::map<std::string, std::string> fixed;  // group -> strongest fixed split among its videos
    for (const auto& item : items)
        if (rank(item.split) > rank(fixed[item.group])) fixed[item.group] = item.split;
    SplitCounts counts;
    for (auto& item : items) {
        if (item.split.empty())
            item.split = !fixed[item.group].empty()                   ? fixed[item.group]
                         : unit_hash(item.group, seed) < val_fraction ? "val"
                                                                      : "train";
        auto [real, fake] = item.split == "test"  ? std::tie(counts.test_real, counts.test_fake)
                            : item.split == "val" ? std::tie(counts.val_real, counts.val_fake)
                                                  : std::tie(counts.train_real, counts.train_fake);
        (item.label == 1 ? fake : real) += 1;
    }
    return counts;
}

}  // namespace interceptor
