#pragma once
// Decodes one video file with FFmpeg, frame-exactly: frame N (0-based, in
// presentation order) is the same pixels whether reached by playing,
// stepping or seeking. An index of frames and keyframes is built once when
// the file is opened (by reading packets, not decoding), so a seek decodes
// from the nearest keyframe, never from the start. The file is opened
// read-only and never written. Damage in the middle of a file makes the
// affected frames fail with a message, or come out marked as damaged where
// the decoder concealed the errors, while the rest decode; every FFmpeg
// call is bounded in time. Not thread-safe: one decoder per thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "core/media/decoded_frame.h"
#include "core/media/media_info.h"
#include "interceptor/model/result.h"

namespace interceptor {

// How much a decoder keeps for going back. The defaults suit a player (stepping back is
// instant within the cache); a reader that only goes forward, as analysis does, keeps nothing:
// its memory stays flat however long the clip, and frames before a target are not converted.
struct DecoderOptions {
    std::size_t cache_bytes = std::size_t{256} << 20;  // recently decoded frames kept
    std::int64_t step_back_window = 8;  // frames before a seek target converted and cached
    static DecoderOptions forward_only() { return {0, 0}; }
};

class VideoDecoder {
  public:
    static Result<std::unique_ptr<VideoDecoder>> open(const std::string& path,
                                                      const DecoderOptions& options = {});
    ~VideoDecoder();
    VideoDecoder(const VideoDecoder&) = delete;
    VideoDecoder& operator=(const VideoDecoder&) = delete;

    const MediaInfo& info() const;
    std::int64_t frame_count() const;

    Result<DecodedFrame> frame(std::int64_t index);  // any frame, exactly
    Result<DecodedFrame> next();                     // the frame after the last one returned

    // Frames found damaged so far: they failed to decode, or decoded with errors (their
    // DecodedFrame::damage says which).
    const std::set<std::int64_t>& damaged_frames() const;
    // Frames the decoder has produced since opening (for tests and statistics).
    std::int64_t frames_decoded() const;

  private:
    struct Impl;
    explicit VideoDecoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace interceptor
