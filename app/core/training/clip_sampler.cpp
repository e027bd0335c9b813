#include "core/training/clip_sampler.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/analysis/frame_selection.h"
#include "core/media/media_files.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/io/atomic_file.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'I', 'C', 'S', 'A', 'M', 'P', '0', '1'};

void keep(SampledClip& clip, Preprocessor& pre, const cv::Mat& bgr, std::int64_t index, int size) {
    cv::Mat picture;
    if (!pre.sample(bgr, size, picture).applicable) {
        ++clip.not_applicable;
        return;
    }
    clip.frames.push_back(picture);
    clip.indices.push_back(index);
}

std::vector<fs::path> images_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (is_image_file(e.path())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

Result<SampledClip> sample_clip(const std::string& path, int count, Preprocessor& pre, int size) {
    SampledClip clip;
    const FrameSelection evenly{FrameSelection::Mode::Evenly, count};
    if (fs::is_directory(path)) {
        const auto images = images_in(path);
        if (images.empty()) return Error{path + ": no frame images in the folder"};
        for (auto i : evenly.frames(static_cast<std::int64_t>(images.size()))) {
            cv::Mat bgr =
                cv::imread(images[static_cast<std::size_t>(i)].string(), cv::IMREAD_COLOR);
            if (!bgr.empty()) keep(clip, pre, bgr, i, size);
        }
    } else {
        auto decoder = VideoDecoder::open(path, DecoderOptions::forward_only());
        if (!decoder) return Error{decoder.error()};
        for (auto i : evenly.frames((*decoder)->frame_count()))
            // A frame decoded with errors is no sample of anything.
            if (auto frame = (*decoder)->frame(i); frame && frame->damage.empty())
                keep(clip, pre, frame->bgr, i, size);
    }
    if (clip.frames.empty())
        return Error{path + (clip.not_applicable > 0 ? ": no frame had a face"
                                                     : ": no frame could be decoded")};
    return clip;
}

Result<SampledClip> SampleCache::get(const std::string& path, int count, Preprocessor& pre,
                                     int size) {
    std::error_code ec;
    const auto bytes = fs::is_directory(path) ? 0 : fs::file_size(path, ec);
    const auto time = fs::last_write_time(path, ec).time_since_epoch().count();
    const std::string key_text = path + "|" + std::to_string(bytes) + "|" + std::to_string(time) +
                                 "|" + profile_name(pre.profile()) + "|" +
                                 pre.detector_description() + "|" + std::to_string(size) + "|" +
                                 std::to_string(count);
    const fs::path file =
        fs::path(directory_) / (sha256_hex(key_text.data(), key_text.size()) + ".samples");
    if (std::ifstream in{file, std::ios::binary}) {
        char magic[8];
        std::int64_t n = 0, s = 0, not_applicable = 0;
        in.read(magic, 8)
            .read(reinterpret_cast<char*>(&n), 8)
            .read(reinterpret_cast<char*>(&s), 8)
            .read(reinterpret_cast<char*>(&not_applicable), 8);
        if (in && std::memcmp(magic, kMagic, 8) == 0 && s == size && n > 0 && n <= count) {
            SampledClip clip;
            clip.indices.resize(static_cast<std::size_t>(n));
            in.read(reinterpret_cast<char*>(clip.indices.data()), n * 8);
            for (std::int64_t i = 0; i < n && in; ++i) {
                cv::Mat m(size, size, CV_8UC3);
                in.read(reinterpret_cast<char*>(m.data),
                        static_cast<std::streamsize>(m.total() * 3));
                clip.frames.push_back(m);
            }
            clip.not_applicable = static_cast<std::size_t>(not_applicable);
            if (in) {
                ++hits_;
                return clip;
            }
        }
        // A short or foreign file is sampled again and replaced.
    }
    auto clip = sample_clip(path, count, pre, size);
    if (!clip) return clip;
    fs::create_directories(directory_, ec);
    std::ostringstream out;
    const std::int64_t n = static_cast<std::int64_t>(clip->frames.size()), s = size,
                       not_applicable = static_cast<std::int64_t>(clip->not_applicable);
    out.write(kMagic, 8)
        .write(reinterpret_cast<const char*>(&n), 8)
        .write(reinterpret_cast<const char*>(&s), 8)
        .write(reinterpret_cast<const char*>(&not_applicable), 8);
    out.write(reinterpret_cast<const char*>(clip->indices.data()), n * 8);
    for (const auto& m : clip->frames)
        out.write(reinterpret_cast<const char*>(m.data),
                  static_cast<std::streamsize>(m.total() * 3));
    // The cache is an optimisation: a full disk costs speed, not the sample.
    AtomicFile::write_whole(file.string(), out.str());
    return clip;
}

}  // namespace interceptor
