#include "player/frame_source.h"

#include <QMetaObject>

#include "core/media/video_decoder.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

ShownFrame to_shown(const DecodedFrame& f) {
    ShownFrame s;
    s.index = f.index;
    s.pts = f.pts;
    s.seconds = f.seconds;
    s.timecode = QString::fromStdString(f.timecode());
    s.pixel_sha256 = QString::fromStdString(f.pixel_sha256());
    s.damage = QString::fromStdString(f.damage);
    const cv::Mat pixels = f.bgr.isContinuous() ? f.bgr : f.bgr.clone();
    // The frame's own bytes, as BGR; rgbSwapped() makes the RGB copy the painter wants.
    QImage bgr(pixels.data, pixels.cols, pixels.rows, static_cast<qsizetype>(pixels.step),
               QImage::Format_BGR888);
    s.image = bgr.convertToFormat(QImage::Format_RGB888);
    return s;
}

}  // namespace

FrameSource::FrameSource(QObject* parent) : QObject(parent), worker_([this] { work(); }) {}

FrameSource::~FrameSource() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void FrameSource::open(const QString& path) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_open_ = path;
        pending_frame_.reset();
        pending_close_ = false;
    }
    wake_.notify_all();
}

void FrameSource::request(qint64 index) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_frame_ = index;
    }
    wake_.notify_all();
}

void FrameSource::close() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_open_.reset();
        pending_frame_.reset();
        pending_close_ = true;
    }
    wake_.notify_all();
}

void FrameSource::work() {
    std::unique_ptr<VideoDecoder> decoder;
    for (;;) {
        std::optional<QString> to_open;
        std::optional<qint64> to_show;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] {
                return stop_ || pending_open_ || pending_frame_ || pending_close_;
            });
            if (stop_) return;
            if (pending_close_) {
                pending_close_ = false;
                decoder.reset();
                continue;
            }
            std::swap(to_open, pending_open_);
            if (!to_open) std::swap(to_show, pending_frame_);
        }
        if (to_open) {
            decoder.reset();
            auto made = VideoDecoder::open(to_open->toStdString());
            if (!made) {
                const QString message = QString::fromStdString(made.error());
                QMetaObject::invokeMethod(
                    this, [this, message] { Q_EMIT openFailed(message); }, Qt::QueuedConnection);
                continue;
            }
            decoder = std::move(*made);
            const MediaInfo info = decoder->info();
            QMetaObject::invokeMethod(
                this, [this, info] { Q_EMIT opened(info); }, Qt::QueuedConnection);
            continue;
        }
        if (!decoder || !to_show) continue;
        auto frame = decoder->frame(*to_show);
        if (!frame) {
            const QString message = QString::fromStdString(frame.error());
            const qint64 index = *to_show;
            QMetaObject::invokeMethod(
                this, [this, index, message] { Q_EMIT frameFailed(index, message); },
                Qt::QueuedConnection);
            continue;
        }
        const ShownFrame shown = to_shown(*frame);
        QMetaObject::invokeMethod(
            this, [this, shown] { Q_EMIT frameReady(shown); }, Qt::QueuedConnection);
    }
}

}  // namespace interceptor
