#include "core/training/dataset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/media/media_files.h"

namespace interceptor {
namespace fs = std::filesystem;
namespace {

// Video files (and, when asked, images) under a folder, sorted (any depth).
std::vector<fs::path> videos_under(const fs::path& dir, bool images = false) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && (is_video_file(e.path()) || (images && is_image_file(e.path()))))
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Groups joined through shared members (union-find over strings): a fake
// made from identities A and B ties every video of A to every video of B.
class Groups {
  public:
    std::string find(const std::string& x) {
        auto it = parent_.find(x);
        if (it == parent_.end()) return parent_[x] = x;
        if (it->second == x) return x;
        return it->second = find(it->second);
    }
    void join(const std::string& a, const std::string& b) {
        const auto ra = find(a), rb = find(b);
        if (ra != rb) parent_[std::max(ra, rb)] = std::min(ra, rb);
    }

  private:
    std::map<std::string, std::string> parent_;
};

// FaceForensics++: originals are NNN.mp4, fakes TTT_SSS.mp4 (target, source).
Result<std::vector<VideoItem>> read_faceforensics(const fs::path& root) {
    std::vector<VideoItem> items;
    // Identity -> split, from splits/{train,val,test}.json.
    std::map<std::string, std::string> official;
    for (const char* split : {"train", "val", "test"}) {
        std::ifstream in(root / "splits" / (std::string(split) + ".json"));
        if (!in) continue;
        const auto pairs = nlohmann::json::parse(in, nullptr, false);
        if (!pairs.is_array())
            return Error{(root / "splits" / split).string() + ".json: not a JSON list of pairs"};
        for (const auto& pair : pairs)
            for (const auto& id : pair) official[id.get<std::string>()] = split;
    }
    Groups groups;
    for (const auto& v : videos_under(root / "original_sequences"))
        items.push_back({v.string(), 0, "", v.stem().string(), "FaceForensics++"});
    const std::regex pair_name(R"((\d+)_(\d+))");
    for (const auto& v : videos_under(root / "manipulated_sequences")) {
        std::smatch m;
        const std::string stem = v.stem().string();
        if (!std::regex_match(stem, m, pair_name)) continue;  // e.g. masks, not videos of faces
        groups.join(m[1], m[2]);
        items.push_back({v.string(), 1, "", m[1], "FaceForensics++"});
    }
    if (items.empty())
        return Error{root.string() +
                     ": no videos under original_sequences/ or manipulated_sequences/"};
    for (auto& item : items) {
        if (auto it = official.find(item.group); it != official.end()) item.split = it->second;
        item.group = "ffpp:" + groups.find(item.group);
    }
    return items;
}

// Celeb-DF v2: Celeb-real/idX_NNNN, YouTube-real/NNNNN, Celeb-synthesis/idA_idB_NNNN;
// List_of_testing_videos.txt lines "<1 real | 0 fake> <folder>/<file>".
Result<std::vector<VideoItem>> read_celebdf(const fs::path& root) {
    std::set<std::string> testing;
    if (std::ifstream list(root / "List_of_testing_videos.txt"); list) {
        std::string label, rel;
        while (list >> label >> rel) testing.insert(rel);
    }
    std::vector<VideoItem> items;
    Groups groups;
    const std::regex celeb_real(R"((id\d+)_\d+)"), synthesis(R"((id\d+)_(id\d+)_\d+)");
    auto add = [&](const char* folder, int label) {
        for (const auto& v : videos_under(root / folder)) {
            const std::string stem = v.stem().string(),
                              rel = std::string(folder) + "/" + v.filename().string();
            std::smatch m;
            std::string group = "yt:" + stem;
            if (label == 1 && std::regex_match(stem, m, synthesis)) {
                groups.join(m[1], m[2]);
                group = m[1];
            } else if (label == 0 && std::regex_match(stem, m, celeb_real)) {
                group = m[1];
            }
            items.push_back(
                {v.string(), label, testing.count(rel) ? "test" : "", group, "Celeb-DF v2"});
        }
    };
    add("Celeb-real", 0);
    add("YouTube-real", 0);
    add("Celeb-synthesis", 1);
    if (items.empty())
        return Error{root.string() +
                     ": no videos under Celeb-real/, YouTube-real/ or Celeb-synthesis/"};
    for (auto& item : items) item.group = "celebdf:" + groups.find(item.group);
    return items;
}

// WildDeepfake: {real,fake}_{train,test}/ holding videos or folders of frame images (one per clip).
Result<std::vector<VideoItem>> read_wilddeepfake(const fs::path& root) {
    std::vector<VideoItem> items;
    for (const auto& [folder, label, split] :
         std::vector<std::tuple<std::string, int, std::string>>{{"real_train", 0, "train"},
                                                                {"real_test", 0, "test"},
                                                                {"fake_train", 1, "train"},
                                                                {"fake_test", 1, "test"}}) {
        const fs::path dir = root / folder;
        if (!fs::is_directory(dir)) continue;
        std::vector<fs::path> clips;
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (e.is_regular_file() && is_video_file(e.path())) clips.push_back(e.path());
            if (e.is_directory() &&
                std::any_of(fs::directory_iterator(e.path()), fs::directory_iterator(),
                            [](const fs::directory_entry& f) { return is_image_file(f.path()); }))
                clips.push_back(e.path());
        }
        std::sort(clips.begin(), clips.end());
        for (const auto& c : clips)
            // Clips are cut from source videos: the first level below the split folder names the
            // source.
            items.push_back({c.string(), label, split,
                             "wild:" + fs::relative(c, dir).begin()->string(), "WildDeepfake"});
    }
    if (items.empty())
        return Error{root.string() +
                     ": no clips under real_train/, real_test/, fake_train/ or fake_test/"};
    return items;
}

// DFDC: every metadata.json maps a file to {label REAL|FAKE, split, original}.
Result<std::vector<VideoItem>> read_dfdc(const fs::path& root) {
    std::vector<fs::path> metadata;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().filename() == "metadata.json")
            metadata.push_back(e.path());
    std::sort(metadata.begin(), metadata.end());
    std::vector<VideoItem> items;
    for (const auto& m : metadata) {
        std::ifstream in(m);
        const auto j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_object()) return Error{m.string() + ": not a JSON object"};
        for (const auto& [file, info] : j.items()) {
            const fs::path video = m.parent_path() / file;
            if (!fs::exists(video)) continue;  // metadata of a chunk not fully unpacked
            const std::string label = info.value("label", "");
            if (label != "REAL" && label != "FAKE")
                return Error{m.string() + ": " + file + ": label must be REAL or FAKE"};
            const std::string original = info.contains("original") && info["original"].is_string()
                                             ? info["original"].get<std::string>()
                                             : file;
            std::string split = info.value("split", "");
            if (split != "train" && split != "val" && split != "test") split.clear();
            items.push_back(
                {video.string(), label == "FAKE" ? 1 : 0, split, "dfdc:" + original, "DFDC"});
        }
    }
    if (items.empty())
        return Error{root.string() + ": no metadata.json with videos present (DFDC chunks)"};
    return items;
}

std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.push_back(std::move(field)), field.clear();
        else if (c != '\r')
            field += c;
    }
    fields.push_back(field);
    return fields;
}

Result<std::vector<VideoItem>> read_csv(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return Error{file.string() + ": cannot read the CSV file"};
    std::vector<VideoItem> items;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto f = csv_fields(line);
        if (number == 1 && f[0] == "path") continue;  // header
        const std::string where = file.string() + ":" + std::to_string(number) + ": ";
        if (f.size() < 2) return Error{where + "expected path,label[,split][,group]"};
        std::string label = f[1];
        std::transform(label.begin(), label.end(), label.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (label != "0" && label != "1" && label != "real" && label != "fake")
            return Error{where + "label \"" + f[1] + "\" is not real, fake, 0 or 1"};
        fs::path path = f[0];
        if (path.is_relative()) path = file.parent_path() / path;
        VideoItem item{path.string(), label == "1" || label == "fake" ? 1 : 0,
                       f.size() > 2 ? f[2] : "", "", "CSV"};
        if (!item.split.empty() && item.split != "train" && item.split != "val" &&
            item.split != "test")
            return Error{where + "split \"" + item.split + "\" is not train, val or test"};
        item.group = f.size() > 3 && !f[3].empty() ? f[3] : item.path;
        items.push_back(std::move(item));
    }
    if (items.empty()) return Error{file.string() + ": no rows"};
    return items;
}

Result<std::vector<VideoItem>> read_folders(const fs::path& root) {
    std::vector<VideoItem> items;
    for (const auto& [folder, label] :
         std::vector<std::pair<std::string, int>>{{"real", 0}, {"fake", 1}})
        for (const auto& v : videos_under(root / folder, true))
            items.push_back({v.string(), label, "", v.string(), "folders"});
    if (items.empty()) return Error{root.string() + ": no videos or images under real/ or fake/"};
    return items;
}

Result<std::vector<VideoItem>> read_images(const fs::path& root) {
    std::vector<VideoItem> items;
    for (const auto& v : videos_under(root, true))
        items.push_back({v.string(), 0, "", v.string(), "images"});
    if (items.empty()) return Error{root.string() + ": no images or videos under the folder"};
    return items;
}

DatasetLayout detect(const fs::path& root) {
    if (fs::is_regular_file(root)) return DatasetLayout::Csv;
    if (fs::is_directory(root / "original_sequences") ||
        fs::is_directory(root / "manipulated_sequences"))
        return DatasetLayout::FaceForensics;
    if (fs::is_directory(root / "Celeb-synthesis") || fs::is_directory(root / "Celeb-real"))
        return DatasetLayout::CelebDF;
    if (fs::is_directory(root / "real_train") || fs::is_directory(root / "fake_train") ||
        fs::is_directory(root / "fake_test"))
        return DatasetLayout::WildDeepfake;
    if (fs::is_directory(root / "real") || fs::is_directory(root / "fake"))
        return DatasetLayout::Folders;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_regular_file() && is_image_file(e.path())) return DatasetLayout::Images;
    return DatasetLayout::Dfdc;
}

}  // namespace

std::string layout_name(DatasetLayout layout) {
    switch (layout) {
        case DatasetLayout::Auto:
            return "auto";
        case DatasetLayout::FaceForensics:
            return "ffpp";
        case DatasetLayout::CelebDF:
            return "celebdf";
        case DatasetLayout::WildDeepfake:
            return "wilddeepfake";
        case DatasetLayout::Dfdc:
            return "dfdc";
        case DatasetLayout::Csv:
            return "csv";
        case DatasetLayout::Folders:
            return "folders";
        case DatasetLayout::Images:
            return "images";
    }
    return "?";
}

Result<DatasetLayout> parse_layout(const std::string& name) {
    for (auto l : {DatasetLayout::Auto, DatasetLayout::FaceForensics, DatasetLayout::CelebDF,
                   DatasetLayout::WildDeepfake, DatasetLayout::Dfdc, DatasetLayout::Csv,
                   DatasetLayout::Folders, DatasetLayout::Images})
        if (layout_name(l) == name) return l;
    return Error{"unknown dataset layout \"" + name +
                 "\" (auto, ffpp, celebdf, wilddeepfake, dfdc, csv, folders, images)"};
}

Result<std::vector<VideoItem>> read_dataset(const std::string& root, DatasetLayout layout) {
    if (!fs::exists(root)) return Error{root + ": no such dataset folder or file"};
    if (layout == DatasetLayout::Auto) layout = detect(root);
    try {
        switch (layout) {
            case DatasetLayout::FaceForensics:
                return read_faceforensics(root);
            case DatasetLayout::CelebDF:
                return read_celebdf(root);
            case DatasetLayout::WildDeepfake:
                return read_wilddeepfake(root);
            case DatasetLayout::Dfdc:
                return read_dfdc(root);
            case DatasetLayout::Csv:
                return read_csv(root);
            case DatasetLayout::Folders:
                return read_folders(root);
            case DatasetLayout::Images:
                return read_images(root);
            case DatasetLayout::Auto:
                break;
        }
    } catch (const std::exception& e) {  // filesystem errors (permissions) while listing
        return Error{root + ": " + e.what()};
    }
    return Error{root + ": cannot tell the dataset layout"};
}

}  // namespace interceptor
