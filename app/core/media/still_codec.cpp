#include "core/media/still_codec.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace interceptor {
namespace {

struct CodecFree {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFree {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFree>;
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

// Converts between packed BGR and the frame's format with libswscale (exact sizes, no scaling).
bool convert(const uint8_t* const* src, const int* src_stride, AVPixelFormat from,
             uint8_t* const* dst, const int* dst_stride, AVPixelFormat to, int width, int height) {
    SwsContext* sws = sws_getContext(width, height, from, width, height, to,
                                     SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr,
                                     nullptr, nullptr);
    if (!sws) return false;
    sws_scale(sws, src, src_stride, 0, height, dst, dst_stride);
    sws_freeContext(sws);
    return true;
}

Result<std::vector<uint8_t>> encode(const cv::Mat& bgr, int crf) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return Error{"this FFmpeg has no libx264 encoder"};
    CodecPtr c(avcodec_alloc_context3(codec));
    c->width = bgr.cols;
    c->height = bgr.rows;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = {1, 25};
    c->gop_size = 1;
    c->max_b_frames = 0;
    c->thread_count = 1;  // the trainer's workers run in parallel already
    av_opt_set(c->priv_data, "preset", "veryfast", 0);
    av_opt_set(c->priv_data, "crf", std::to_string(crf).c_str(), 0);
    if (avcodec_open2(c.get(), codec, nullptr) < 0) return Error{"libx264 did not open"};
    FramePtr frame(av_frame_alloc());
    frame->format = c->pix_fmt;
    frame->width = c->width;
    frame->height = c->height;
    if (av_frame_get_buffer(frame.get(), 0) < 0) return Error{"no memory for an H.264 frame"};
    const uint8_t* src[1] = {bgr.data};
    const int stride[1] = {static_cast<int>(bgr.step)};
    if (!convert(src, stride, AV_PIX_FMT_BGR24, frame->data, frame->linesize, AV_PIX_FMT_YUV420P,
                 bgr.cols, bgr.rows))
        return Error{"no conversion to 4:2:0"};
    std::vector<uint8_t> stream;
    PacketPtr packet(av_packet_alloc());
    for (AVFrame* f : {frame.get(), static_cast<AVFrame*>(nullptr)}) {  // the frame, then flush
        if (avcodec_send_frame(c.get(), f) < 0) return Error{"libx264 refused the frame"};
        while (avcodec_receive_packet(c.get(), packet.get()) == 0) {
            stream.insert(stream.end(), packet->data, packet->data + packet->size);
            av_packet_unref(packet.get());
        }
    }
    if (stream.empty()) return Error{"libx264 wrote no packet"};
    return stream;
}

Result<cv::Mat> decode(std::vector<uint8_t> stream, const cv::Size& size) {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (!codec) return Error{"this FFmpeg has no H.264 decoder"};
    CodecPtr c(avcodec_alloc_context3(codec));
    c->thread_count = 1;
    if (avcodec_open2(c.get(), codec, nullptr) < 0) return Error{"the H.264 decoder did not open"};
    const std::size_t payload = stream.size();
    stream.resize(payload + AV_INPUT_BUFFER_PADDING_SIZE, 0);
    PacketPtr packet(av_packet_alloc());
    packet->data = stream.data();
    packet->size = static_cast<int>(payload);
    FramePtr frame(av_frame_alloc());
    bool decoded = false;
    for (AVPacket* p : {packet.get(), static_cast<AVPacket*>(nullptr)}) {
        if (avcodec_send_packet(c.get(), p) < 0) return Error{"the H.264 stream did not decode"};
        if (avcodec_receive_frame(c.get(), frame.get()) == 0) {
            decoded = true;
            break;
        }
    }
    if (!decoded || frame->width != size.width || frame->height != size.height)
        return Error{"the H.264 stream gave no frame of its size"};
    cv::Mat out(size, CV_8UC3);
    uint8_t* dst[1] = {out.data};
    const int stride[1] = {static_cast<int>(out.step)};
    if (!convert(frame->data, frame->linesize, static_cast<AVPixelFormat>(frame->format), dst,
                 stride, AV_PIX_FMT_BGR24, size.width, size.height))
        return Error{"no conversion from 4:2:0"};
    return out;
}

}  // namespace

Result<cv::Mat> h264_round_trip(const cv::Mat& bgr, int crf) {
    av_log_set_level(AV_LOG_QUIET);  // libx264 reports every encoder it opens
    cv::Mat even;
    cv::copyMakeBorder(bgr, even, 0, bgr.rows % 2, 0, bgr.cols % 2, cv::BORDER_REPLICATE);
    auto stream = encode(even, crf);
    if (!stream) return Error{"H.264 round trip: " + stream.error()};
    auto decoded = decode(std::move(*stream), even.size());
    if (!decoded) return Error{"H.264 round trip: " + decoded.error()};
    return cv::Mat((*decoded)(cv::Rect(0, 0, bgr.cols, bgr.rows))).clone();
}

}  // namespace interceptor
