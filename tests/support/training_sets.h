#pragma once
// Small training sets made of the generated clips, for tests of the trainer's mechanics.
#include <fstream>
#include <string>

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

}  // namespace interceptor::test
