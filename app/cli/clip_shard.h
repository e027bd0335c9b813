#pragma once
// `analyze FOLDER --shard K/N`: a deterministic share of a collection, so that N workers of a job
// array (Slurm, GNU parallel, a CI matrix) cover every clip exactly once. A clip belongs to the
// shard its key hashes to; the key is its path relative to the folder given (the path as given
// for a clip named directly), so the shares are the same on every machine and wherever the
// collection is mounted. The hash is FNV-1a (64 bits), fixed here rather than std::hash, whose
// values may differ between standard libraries.
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor::cli {

struct Shard {
    int index = 1;  // from 1
    int count = 1;
};

// "K/N" with 1 <= K <= N.
Result<Shard> parse_shard(const std::string& text);
bool in_shard(const std::string& key, const Shard& shard);

}  // namespace interceptor::cli
