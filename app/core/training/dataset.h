#pragma once
// The videos of a training or evaluation dataset, read from the layouts the
// datasets are distributed in, each with its label, its split when the
// dataset fixes one, and its group: the identity or source video it shares
// with others (a fake and its original have the same group, so a split never
// puts them on different sides). Reading lists files; it decodes nothing.
// Pure functions; thread-safe.
#include <string>
#include <vector>

#include "interceptor/model/result.h"

namespace interceptor {

enum class DatasetLayout {
    Auto,           // detected from the folder's contents
    FaceForensics,  // original_sequences/, manipulated_sequences/<method>/<compression>/videos,
                    // splits/*.json
    CelebDF,        // Celeb-real/, YouTube-real/, Celeb-synthesis/, List_of_testing_videos.txt
    WildDeepfake,   // real_train/, real_test/, fake_train/, fake_test/ (videos, or folders of
                    // frames)
    Dfdc,           // dfdc_train_part_*/metadata.json (label, split, original)
    Csv,            // a CSV file: path,label[,split][,group]
    Folders,        // real/ and fake/ (any depth), videos or images
    Images,         // genuine faces only: every image (or video) under the folder, each its
                    // own person (UTKFace and other face-image sets, for generated fakes)
};

struct VideoItem {
    std::string path;   // a video file, or a folder of frame images (WildDeepfake)
    int label = 0;      // 0 real, 1 fake
    std::string split;  // "train", "val", "test", or "" (not fixed by the dataset)
    std::string group;  // identity or source; never split across sides
    std::string dataset;
};

std::string layout_name(DatasetLayout layout);
// "auto", "ffpp", "celebdf", "wilddeepfake", "dfdc", "csv", "folders", "images".
Result<DatasetLayout> parse_layout(const std::string& name);

// root: the dataset's folder (a file for Csv). Fails with a message naming
// what is missing when the layout does not fit.
Result<std::vector<VideoItem>> read_dataset(const std::string& root,
                                            DatasetLayout layout = DatasetLayout::Auto);

}  // namespace interceptor
