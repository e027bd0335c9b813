#pragma once
// Small training sets made of the generated clips, for tests of the trainer's mechanics.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "interceptor/model/checkpoint/checkpoint.h"
#include "support/clips.h"
#include "support/temp_dir.h"

namespace interceptor::test {

// Four generated clips in four codecs, two per side, in a CSV dataset written into `dir`.
inline std::string plain_csv(const TempDir& dir) {
    std::ofstream(dir.file("plain.csv")) << "path,label,split,group\n"
                                         << generated_clip("h264.mp4") << ",real,train,a\n"
                                         << generated_clip("vp9.webm") << ",fake,train,b\n"
                                         << generated_clip("mpeg4.avi") << ",real,val,c\n"
                                         << generated_clip("hevc.mkv") << ",fake,val,d\n";
    return dir.file("plain.csv");
}

// `train` on plain_csv(dir), whole frame, 3 frames per clip, seed 5, one thread, cached in
// dir/cache, quiet, with these further arguments.
inline std::vector<std::string> plain_training(const TempDir& dir,
                                               const std::vector<std::string>& more) {
    std::vector<std::string> arguments = {
        "train",    "--data",  plain_csv(dir),    "--profile", "whole_frame",
        "--frames", "3",       "--seed",          "5",         "--threads",
        "1",        "--cache", dir.file("cache"), "--quiet"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return arguments;
}

// A resumed stage's last checkpoint is at `epochs`, with the metrics of the uninterrupted
// run's.
inline void check_ends_alike(const std::string& resumed_last, const std::string& whole_last,
                             int epochs) {
    auto resumed = Checkpoint::load(resumed_last);
    auto whole = Checkpoint::load(whole_last);
    REQUIRE(resumed.ok());
    REQUIRE(whole.ok());
    CHECK(resumed->metadata().epoch == epochs);
    CHECK(resumed->metadata().metrics == whole->metadata().metrics);
}

// The arguments as one shell-quoted string (each in single quotes, a space before each).
inline std::string quoted(const std::vector<std::string>& arguments) {
    std::string line;
    for (const auto& a : arguments) line += " '" + a + "'";
    return line;
}

}  // namespace interceptor::test
