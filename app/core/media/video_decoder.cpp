#include "core/media/video_decoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <opencv2/core.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>

#include "core/media/frame_index.h"

namespace interceptor {
namespace {

// An MP4/MOV file begins with an 'ftyp' box: a file that does and still cannot be opened has
// lost its index (the moov box, written last by most recorders).
bool starts_like_mp4(const std::string& path) {
    char head[8] = {};
    std::ifstream in(path, std::ios::binary);
    return in.read(head, sizeof head) && std::memcmp(head + 4, "ftyp", 4) == 0;
}

using Clock = std::chrono::steady_clock;
constexpr auto kCallBudget = std::chrono::seconds(20);  // longest any one FFmpeg call may block

std::string av_error(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

std::string tag(AVDictionary* dict, const char* key) {
    AVDictionaryEntry* e = av_dict_get(dict, key, nullptr, 0);
    return e ? e->value : "";
}

// Degrees clockwise to turn the stored picture upright (as ffmpeg's autorotate).
int display_rotation(const AVStream* stream) {
    const auto* matrix = reinterpret_cast<const int32_t*>(
        av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
    if (!matrix) return 0;
    double theta = -av_display_rotation_get(matrix);
    theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
    int r = static_cast<int>(std::lround(theta / 90.0)) * 90 % 360;
    return r < 0 ? r + 360 : r;
}

// What the decoder says went wrong in a frame it produced anyway ("" when nothing did), as
// ffmpeg's own -xerror check reads it: the error flags, or the frame marked corrupt.
std::string damage_of(const AVFrame* f) {
    std::string what;
    auto add = [&what](const char* problem) {
        what += (what.empty() ? "" : ", ") + std::string(problem);
    };
    if (f->decode_error_flags & FF_DECODE_ERROR_INVALID_BITSTREAM) add("invalid bitstream");
    if (f->decode_error_flags & FF_DECODE_ERROR_MISSING_REFERENCE) add("missing reference frame");
    if (f->decode_error_flags & FF_DECODE_ERROR_CONCEALMENT_ACTIVE) add("errors concealed");
    if (f->decode_error_flags & FF_DECODE_ERROR_DECODE_SLICES) add("slices lost");
    if (what.empty() && (f->decode_error_flags != 0 || (f->flags & AV_FRAME_FLAG_CORRUPT)))
        add("marked corrupt");
    if (what.empty()) return what;
    return "decoded with errors (" + what + "): parts of the picture are the decoder's guesses";
}

}  // namespace

struct VideoDecoder::Impl {
    std::string path;
    DecoderOptions options;
    MediaInfo info;
    AVFormatContext* format = nullptr;
    AVCodecContext* codec = nullptr;
    SwsContext* sws = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* decoded = nullptr;
    int stream = -1;
    AVRational time_base{1, 1};
    std::int64_t start_pts = 0;
    bool synthetic_timestamps = false;  // the file has none: frames numbered in decode order
    // Packets without presentation times (AVI): the decoder's own timestamps
    // may be shifted (packed B-frames), so frames are counted from the
    // keyframe a seek landed on instead of matched by timestamp.
    bool count_outputs = false;
    // ...and when such a stream also reorders frames (MPEG-4 ASP with packed
    // B-frames), what comes out first after a seek is not the keyframe's own
    // frame: seeks there restart from the beginning (the frame cache keeps
    // stepping back cheap).
    bool seek_by_rewind = false;
    std::unique_ptr<FrameIndex> index;

    Clock::time_point deadline{};
    bool at_eof = false;               // demuxer exhausted, decoder being drained
    std::int64_t last_output = -1;     // index of the last frame the decoder produced
    std::int64_t skip_before_pts = 0;  // packets before this pts may skip non-reference frames
    std::int64_t last_returned = -1;
    std::int64_t decoded_count = 0;
    std::set<std::int64_t> damaged;
    bool careful = false;     // decoding on one thread, since damage was met
    bool damage_met = false;  // a packet failed to decode, or a frame never came out

    std::map<std::int64_t, DecodedFrame> cache;
    std::deque<std::int64_t> cache_order;
    std::size_t cache_bytes = 0;

    ~Impl() {
        sws_freeContext(sws);
        av_frame_free(&decoded);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
    }

    static int interrupt(void* opaque) {
        auto* self = static_cast<Impl*>(opaque);
        return self->deadline != Clock::time_point{} && Clock::now() > self->deadline;
    }
    void arm() { deadline = Clock::now() + kCallBudget; }

    Result<Done> open_format() {
        format = avformat_alloc_context();
        format->interrupt_callback = {&Impl::interrupt, this};
        arm();
        int rc = avformat_open_input(&format, path.c_str(), nullptr, nullptr);
        if (rc < 0 && starts_like_mp4(path))
            return Error{path +
                         ": the file is incomplete: it begins as an MP4/MOV, but its "
                         "index (the moov box) is missing, as when a recording is cut "
                         "short; it cannot be read without it (" +
                         av_error(rc) + ")"};
        if (rc < 0) return Error{path + ": not a video FFmpeg can read (" + av_error(rc) + ")"};
        arm();
        rc = avformat_find_stream_info(format, nullptr);
        if (rc < 0) return Error{path + ": cannot read the stream layout (" + av_error(rc) + ")"};
        stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        if (stream < 0 || (format->streams[stream]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            bool audio = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
            return Error{path + ": has no video stream" + (audio ? " (audio only)" : "")};
        }
        return Done{};
    }

    Result<Done> open_codec() {
        const AVCodecParameters* par = format->streams[stream]->codecpar;
        const AVCodec* decoder = avcodec_find_decoder(par->codec_id);
        if (!decoder)
            return Error{path + ": this FFmpeg has no decoder for " +
                         avcodec_get_name(par->codec_id)};
        codec = avcodec_alloc_context3(decoder);
        avcodec_parameters_to_context(codec, par);
        // Frame threads are fast, but FFmpeg conceals errors (and flags the frames it
        // concealed, damage_of) only on one thread, and a damaged stream decodes to other pixels
        // with another thread count. So frames are decoded on every core until the first sign of
        // damage, then on one thread (careful): a frame comes out only after its own packet
        // decoded, so no frame returned before that sign depended on the damage.
        codec->thread_count = careful ? 1 : 0;
        int rc = avcodec_open2(codec, decoder, nullptr);
        if (rc < 0)
            return Error{path + ": cannot start the " + decoder->name + " decoder (" +
                         av_error(rc) + ")"};
        return Done{};
    }

    // One pass over the packets: the frame index, then back to the start.
    Result<Done> build_index() {
        std::vector<FrameIndex::Entry> entries;
        bool missing_timestamps = false;
        while (true) {
            arm();
            int rc = av_read_frame(format, packet);
            if (rc == AVERROR_EOF) break;
            if (rc < 0) {
                if (rc == AVERROR_EXIT) return Error{path + ": reading the file took too long"};
                break;  // damaged tail: index what was read
            }
            if (packet->stream_index == stream && !(packet->flags & AV_PKT_FLAG_DISCARD)) {
                std::int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
                if (packet->pts == AV_NOPTS_VALUE) count_outputs = true;
                if (pts == AV_NOPTS_VALUE) missing_timestamps = true;
                entries.push_back({pts, (packet->flags & AV_PKT_FLAG_KEY) != 0});
            }
            av_packet_unref(packet);
        }
        if (entries.empty()) return Error{path + ": the video stream holds no frames"};
        synthetic_timestamps = missing_timestamps;
        seek_by_rewind = synthetic_timestamps ||
                         (count_outputs && format->streams[stream]->codecpar->video_delay > 0);
        if (missing_timestamps) {
            // Number frames in file order; seeking then restarts from the beginning.
            for (std::size_t i = 0; i < entries.size(); ++i)
                entries[i] = {static_cast<std::int64_t>(i), i == 0};
        }
        index = std::make_unique<FrameIndex>(std::move(entries));
        start_pts = (*index)[0].pts;
        return rewind();
    }

    Result<Done> rewind() {
        avcodec_flush_buffers(codec);
        at_eof = false;
        last_output = -1;
        arm();
        // A still image is reopened: FFmpeg's image2 demuxer reports success seeking back in a
        // single JPEG and then ends the stream without a packet.
        if (synthetic_timestamps || index->size() == 1 ||
            av_seek_frame(format, stream, (*index)[0].pts, AVSEEK_FLAG_BACKWARD) < 0) {
            // No timestamps to seek by, a still, or a demuxer that cannot seek: reopen.
            avcodec_free_context(&codec);
            avformat_close_input(&format);
            if (auto r = open_format(); !r) return r;
            return open_codec();
        }
        return Done{};
    }

    void describe(std::int64_t file_size) {
        const AVStream* s = format->streams[stream];
        const AVCodecParameters* par = s->codecpar;
        info.path = path;
        info.container = format->iformat->name;
        info.container_long = format->iformat->long_name ? format->iformat->long_name : "";
        info.video_codec = avcodec_get_name(par->codec_id);
        if (const char* p = avcodec_profile_name(par->codec_id, par->profile))
            info.video_profile = p;
        const auto pix = static_cast<AVPixelFormat>(par->format);
        if (const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(pix)) {
            info.pixel_format = d->name;
            info.bit_depth = d->comp[0].depth;
        }
        info.coded_width = par->width;
        info.coded_height = par->height;
        info.rotation = display_rotation(s);
        bool sideways = info.rotation == 90 || info.rotation == 270;
        info.width = sideways ? par->height : par->width;
        info.height = sideways ? par->width : par->height;
        if (s->avg_frame_rate.num > 0 && s->avg_frame_rate.den > 0)
            info.nominal_fps = av_q2d(s->avg_frame_rate);
        else if (s->r_frame_rate.num > 0 && s->r_frame_rate.den > 0)
            info.nominal_fps = av_q2d(s->r_frame_rate);
        info.frame_count = index->size();
        const std::int64_t n = index->size();
        double min_step = 0, max_step = 0;
        for (std::int64_t i = 1; i < n; ++i) {
            double step = static_cast<double>((*index)[i].pts - (*index)[i - 1].pts);
            if (i == 1 || step < min_step) min_step = step;
            if (i == 1 || step > max_step) max_step = step;
        }
        if (n > 1) {
            double span = ((*index)[n - 1].pts - start_pts) * av_q2d(time_base);
            info.measured_fps = span > 0 ? (n - 1) / span : 0;
            info.duration_seconds = span + (info.measured_fps > 0 ? 1.0 / info.measured_fps : 0);
            info.variable_frame_rate = min_step > 0 && max_step > min_step * 1.01;
        } else if (format->duration > 0) {
            info.duration_seconds = format->duration / static_cast<double>(AV_TIME_BASE);
        }
        info.bit_rate = format->bit_rate;
        info.file_size = file_size;
        info.creation_time = tag(format->metadata, "creation_time");
        info.encoder = tag(format->metadata, "encoder");
        if (info.encoder.empty()) info.encoder = tag(s->metadata, "encoder");
        int audio = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        info.has_audio = audio >= 0;
        if (info.has_audio)
            info.audio_codec = avcodec_get_name(format->streams[audio]->codecpar->codec_id);
    }

    // The decoder's next frame in presentation order, or an error at the end.
    enum class Step { Frame, End, Failed };
    Step receive(std::string* problem) {
        while (true) {
            int rc = avcodec_receive_frame(codec, decoded);
            if (rc == 0) return Step::Frame;
            if (rc == AVERROR_EOF) return Step::End;
            if (rc != AVERROR(EAGAIN)) {
                *problem = av_error(rc);
                return Step::Failed;
            }
            if (at_eof) return Step::End;
            arm();
            rc = av_read_frame(format, packet);
            if (rc < 0) {
                if (rc == AVERROR_EXIT) {
                    *problem = "reading the file took too long";
                    return Step::Failed;
                }
                at_eof = true;
                avcodec_send_packet(codec, nullptr);  // drain what is buffered
                continue;
            }
            if (packet->stream_index == stream) {
                // On the way to a seek target, frames no other frame refers to
                // need not be decoded at all.
                const bool before_window =
                    packet->pts != AV_NOPTS_VALUE && packet->pts < skip_before_pts;
                codec->skip_frame =
                    before_window && !count_outputs ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
                // Damaged packets are skipped; the frames they held will be missing.
                const int sent = avcodec_send_packet(codec, packet);
                if (sent < 0 && sent != AVERROR(EAGAIN)) damage_met = true;
            }
            av_packet_unref(packet);
        }
    }

    std::int64_t index_of(const AVFrame* f) const {
        if (count_outputs) return last_output + 1;
        std::int64_t pts = f->best_effort_timestamp;
        std::int64_t i = pts == AV_NOPTS_VALUE ? -1 : index->find(pts);
        return i >= 0 ? i : last_output + 1;  // no usable timestamp: the next in order
    }

    DecodedFrame convert(std::int64_t i) {
        const int w = decoded->width, h = decoded->height;
        const auto pix = static_cast<AVPixelFormat>(decoded->format);
        // Same size in and out: only chroma is interpolated. SWS_BILINEAR keeps
        // libswscale on its SIMD paths (bicubic with full chroma
        // interpolation ran at a sixth of the speed on 1080p).
        sws = sws_getCachedContext(sws, w, h, pix, w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr,
                                   nullptr, nullptr);
        // Honour the stream's colour matrix and range, as players do.
        const int* coefficients =
            sws_getCoefficients(decoded->colorspace == AVCOL_SPC_UNSPECIFIED
                                    ? (h >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601)
                                    : decoded->colorspace);
        sws_setColorspaceDetails(sws, coefficients, decoded->color_range == AVCOL_RANGE_JPEG,
                                 coefficients, 1, 0, 1 << 16, 1 << 16);
        // libswscale's SIMD stores run past the end of a row whose width in
        // bytes is not a multiple of its vector size (valgrind caught it
        // writing 6 bytes past a 410-pixel-wide frame): rows are padded to 32
        // pixels and a spare row is kept below the last.
        const int padded_width = (w + 31) / 32 * 32;
        cv::Mat buffer(h + 1, padded_width, CV_8UC3);
        uint8_t* planes[4] = {buffer.data, nullptr, nullptr, nullptr};
        int strides[4] = {static_cast<int>(buffer.step[0]), 0, 0, 0};
        sws_scale(sws, decoded->data, decoded->linesize, 0, h, planes, strides);
        const cv::Mat view = buffer(cv::Rect(0, 0, w, h));
        // Consumers expect continuous pixels.
        const cv::Mat bgr = view.isContinuous() ? view : view.clone();
        DecodedFrame frame;
        frame.index = i;
        frame.pts = (*index)[i].pts;
        frame.seconds = (frame.pts - start_pts) * av_q2d(time_base);
        if (info.rotation == 90)
            cv::rotate(bgr, frame.bgr, cv::ROTATE_90_CLOCKWISE);
        else if (info.rotation == 180)
            cv::rotate(bgr, frame.bgr, cv::ROTATE_180);
        else if (info.rotation == 270)
            cv::rotate(bgr, frame.bgr, cv::ROTATE_90_COUNTERCLOCKWISE);
        else
            frame.bgr = bgr;
        return frame;
    }

    void remember(const DecodedFrame& f) {
        if (options.cache_bytes == 0 || cache.count(f.index)) return;
        cache[f.index] = f;
        cache_order.push_back(f.index);
        cache_bytes += f.bgr.total() * f.bgr.elemSize();
        while (cache_bytes > options.cache_bytes && !cache_order.empty()) {
            auto oldest = cache.find(cache_order.front());
            cache_bytes -= oldest->second.bgr.total() * oldest->second.bgr.elemSize();
            cache.erase(oldest);
            cache_order.pop_front();
        }
    }

    // Decodes forward until frame `target` comes out. Frames on the way are
    // cached (they make stepping back cheap). `started_late` is set when the
    // first frame produced was already past the target (decoding began too
    // late, as after a seek into an open GOP); a target skipped after earlier
    // frames came out is damaged, and retrying from further back won't help.
    Result<DecodedFrame> decode_until(std::int64_t target, bool* started_late) {
        *started_late = false;
        bool first = true;
        const std::int64_t window = options.step_back_window;
        skip_before_pts = (*index)[std::max<std::int64_t>(0, target - window)].pts;
        std::string problem;
        while (true) {
            Step step = receive(&problem);
            if (step == Step::Failed) {
                damage_met = true;
                return Error{"decoding failed (" + problem + ")"};
            }
            if (step == Step::End) return Error{"the stream ended before it"};
            std::int64_t i = index_of(decoded);
            last_output = i;
            ++decoded_count;
            const bool first_output = first;
            first = false;
            if (i < target - window) {  // far before the target: not worth converting
                av_frame_unref(decoded);
                continue;
            }
            DecodedFrame f = convert(i);
            f.damage = damage_of(decoded);
            av_frame_unref(decoded);
            // A damaged frame on the way is not kept: reached as a target of its own, it is
            // decoded from its own keyframe (the way here may have lacked its references).
            if (f.damage.empty() || i == target) remember(f);
            if (i == target) return f;
            if (i > target) {
                *started_late = first_output;
                damage_met = damage_met || !first_output;
                return Error{"it was skipped by the decoder (damaged data)"};
            }
        }
    }

    Result<DecodedFrame> read(std::int64_t target) {
        auto f = read_once(target);
        if (careful || !damage_met) return f;
        // The first damage in the file: from here on one thread, and nothing decoded so far
        // near the damage is trusted from the cache.
        careful = true;
        cache.clear();
        cache_order.clear();
        cache_bytes = 0;
        avcodec_free_context(&codec);
        if (auto r = open_codec(); !r) return Error{r.error()};
        last_output = -1;  // so the next read seeks
        return read_once(target);
    }

    Result<DecodedFrame> read_once(std::int64_t target) {
        if (auto hit = cache.find(target); hit != cache.end()) return hit->second;
        const std::int64_t key = index->keyframe_before(target);
        // Decoding on is as good as seeking when no keyframe lies between.
        bool forward = last_output >= 0 && target > last_output && key <= last_output + 1;
        for (std::int64_t seek_key = key;;) {
            if (!forward) {
                if (auto r = seek(seek_key); !r) return Error{r.error()};
            }
            bool started_late = false;
            auto f = decode_until(target, &started_late);
            if (f || !started_late || seek_key == 0) return f;
            // Open GOP: the target needs an earlier keyframe.
            seek_key = index->keyframe_before(seek_key - 1);
            forward = false;
        }
    }

    Result<Done> seek(std::int64_t key) {
        if (key == 0 || seek_by_rewind) return rewind();
        avcodec_flush_buffers(codec);
        at_eof = false;
        arm();
        if (av_seek_frame(format, stream, (*index)[key].pts, AVSEEK_FLAG_BACKWARD) < 0)
            return rewind();
        last_output = key - 1;
        return Done{};
    }
};

VideoDecoder::VideoDecoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoDecoder::~VideoDecoder() = default;

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(const std::string& path,
                                                         const DecoderOptions& options) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error{path + ": no such file"};
    if (S_ISDIR(st.st_mode)) return Error{path + ": is a directory, not a video file"};
    if (!S_ISREG(st.st_mode)) return Error{path + ": is not a regular file"};
    if (::access(path.c_str(), R_OK) != 0)
        return Error{path + ": permission denied (cannot read the file)"};
    if (st.st_size == 0) return Error{path + ": file is empty (0 bytes)"};
    av_log_set_level(AV_LOG_QUIET);

    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->options = options;
    if (auto r = impl->open_format(); !r) return Error{r.error()};
    if (auto r = impl->open_codec(); !r) return Error{r.error()};
    impl->packet = av_packet_alloc();
    impl->decoded = av_frame_alloc();
    impl->time_base = impl->format->streams[impl->stream]->time_base;
    if (auto r = impl->build_index(); !r) return Error{r.error()};
    impl->describe(st.st_size);
    return std::unique_ptr<VideoDecoder>(new VideoDecoder(std::move(impl)));
}

const MediaInfo& VideoDecoder::info() const { return impl_->info; }
std::int64_t VideoDecoder::frame_count() const { return impl_->index->size(); }
const std::set<std::int64_t>& VideoDecoder::damaged_frames() const { return impl_->damaged; }
std::int64_t VideoDecoder::frames_decoded() const { return impl_->decoded_count; }

Result<DecodedFrame> VideoDecoder::frame(std::int64_t i) {
    if (i < 0 || i >= frame_count())
        return Error{"frame " + std::to_string(i) + " is outside the clip (0.." +
                     std::to_string(frame_count() - 1) + ")"};
    auto f = impl_->read(i);
    if (!f) {
        impl_->damaged.insert(i);
        return Error{impl_->path + ": frame " + std::to_string(i) +
                     " could not be decoded: " + f.error()};
    }
    if (!f->damage.empty()) impl_->damaged.insert(i);
    impl_->last_returned = i;
    return f;
}

Result<DecodedFrame> VideoDecoder::next() { return frame(impl_->last_returned + 1); }

}  // namespace interceptor
