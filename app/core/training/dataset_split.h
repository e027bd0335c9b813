#pragma once
// Puts every video of a dataset on one side: train, val or test. Splits the
// dataset fixes (official lists, DFDC metadata, a CSV column) are kept; a
// video without one follows any fixed split of its group (test first, then
// val), so an identity or source never straddles sides; the remaining groups
// go to val with the given probability, by a hash of the group name and the
// seed (the same seed gives the same split). Pure; thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "core/training/dataset.h"

namespace interceptor {

struct SplitCounts {
    std::size_t train_real = 0, train_fake = 0, val_real = 0, val_fake = 0, test_real = 0,
                test_fake = 0;
    std::string describe() const;  // "train 10 real / 52 fake, val ..., test ..."
};

SplitCounts assign_splits(std::vector<VideoItem>& items, double val_fraction, std::uint64_t seed);

}  // namespace interceptor
