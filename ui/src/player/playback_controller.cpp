#include "player/playback_controller.h"

#include <algorithm>

#include "core/media/media_info.h"

namespace interceptor {

const std::vector<double>& PlaybackController::speeds() {
    static const std::vector<double> all = {0.25, 0.5, 1.0, 2.0, 4.0};
    return all;
}

PlaybackController::PlaybackController(QObject* parent) : QObject(parent) {
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &PlaybackController::tick);
    connect(&source_, &FrameSource::opened, this, [this](const MediaInfo& media) {
        media_ = media;
        Q_EMIT opened(media);
        seek(0);
    });
    connect(&source_, &FrameSource::openFailed, this, &PlaybackController::openFailed);
    connect(&source_, &FrameSource::frameReady, this, &PlaybackController::onFrame);
    connect(&source_, &FrameSource::frameFailed, this, [this](qint64 index, const QString& e) {
        wanted_ = -1;
        Q_EMIT frameFailed(index, e);
    });
}

void PlaybackController::open(const QString& path) {
    close();
    source_.open(path);
}

void PlaybackController::close() {
    timer_.stop();
    source_.close();
    media_ = {};
    shown_ = {};
    wanted_ = -1;
    clearLoop();
    Q_EMIT closed();
}

double PlaybackController::frameRate() const { return frame_rate(media_); }

void PlaybackController::seek(qint64 frame) {
    if (frameCount() <= 0) return;
    wanted_ = std::clamp<qint64>(frame, 0, frameCount() - 1);
    source_.request(wanted_);
}

void PlaybackController::step(qint64 delta) {
    const qint64 from = wanted_ >= 0 ? wanted_ : shown_.index;
    seek(std::max<qint64>(0, from) + delta);
}

int PlaybackController::interval() const {
    return static_cast<int>(std::max(1.0, 1000.0 / (frameRate() * speed_)));
}

void PlaybackController::togglePlay() {
    if (timer_.isActive())
        timer_.stop();
    else if (frameCount() > 0)
        timer_.start(interval());
}

void PlaybackController::pause() { timer_.stop(); }

void PlaybackController::setSpeed(double factor) {
    speed_ = factor;
    if (timer_.isActive()) timer_.setInterval(interval());
}

void PlaybackController::setLoopStart() {
    if (shown_.index < 0) return;
    loop_a_ = shown_.index;
    Q_EMIT loopChanged(loop_a_, loop_b_);
}

void PlaybackController::setLoopEnd() {
    if (shown_.index < 0) return;
    loop_b_ = shown_.index;
    Q_EMIT loopChanged(loop_a_, loop_b_);
}

void PlaybackController::clearLoop() {
    loop_a_.reset();
    loop_b_.reset();
    Q_EMIT loopChanged(loop_a_, loop_b_);
}

void PlaybackController::setLooping(bool on) { looping_ = on; }

void PlaybackController::tick() {
    if (wanted_ >= 0 && wanted_ != shown_.index) return;  // still decoding: no pile-up
    qint64 next = shown_.index + 1;
    if (looping_ && loop_a_ && loop_b_ && next > std::max(*loop_a_, *loop_b_))
        next = std::min(*loop_a_, *loop_b_);
    if (next >= frameCount()) {
        timer_.stop();
        return;
    }
    seek(next);
}

void PlaybackController::onFrame(const ShownFrame& frame) {
    if (frame.index >= frameCount()) return;  // a late frame of a clip since closed
    shown_ = frame;
    if (wanted_ == frame.index) wanted_ = -1;
    Q_EMIT frameShown(frame);
}

}  // namespace interceptor
