#pragma once
// The clip on screen and its playback: opens the clip in a FrameSource
// (decoding on a thread of its own), knows its frame count and frame rate,
// which frame is shown and which was last asked for, and plays at a chosen
// speed, looping between the A and B marks when asked. Playback never piles
// up requests: a tick waits while the last frame is still being decoded.
// Lives on the window's thread; not thread-safe.
#include <QObject>
#include <QTimer>

#include <optional>
#include <vector>

#include "core/media/media_info.h"
#include "player/frame_source.h"
#include "player/ui_types.h"

namespace interceptor {

class PlaybackController : public QObject {
    Q_OBJECT
  public:
    // The speeds offered, as factors of the frame rate; 1x is at kNormalSpeed.
    static const std::vector<double>& speeds();
    static constexpr int kNormalSpeed = 2;

    explicit PlaybackController(QObject* parent = nullptr);

    void open(const QString& path);  // shows the first frame once open
    void close();
    void seek(qint64 frame);  // clamped to the clip; ignored while none is open
    void step(qint64 delta);  // from the frame last asked for, so fast steps add up
    void togglePlay();
    void pause();
    void setSpeed(double factor);
    void setLoopStart();  // A, at the frame shown
    void setLoopEnd();    // B, at the frame shown
    void clearLoop();
    void setLooping(bool on);  // play from A again after B

    qint64 currentFrame() const { return shown_.index; }  // -1: none shown
    const ShownFrame& shownFrame() const { return shown_; }
    qint64 frameCount() const { return media_.frame_count; }
    double frameRate() const;
    bool playing() const { return timer_.isActive(); }

  Q_SIGNALS:
    void opened(const interceptor::MediaInfo& media);
    void openFailed(const QString& message);
    void frameShown(const interceptor::ShownFrame& frame);
    void frameFailed(qint64 index, const QString& message);
    void loopChanged(std::optional<qint64> a, std::optional<qint64> b);
    void closed();

  private:
    void onFrame(const ShownFrame& frame);
    void tick();
    int interval() const;  // ms between frames at the chosen speed

    FrameSource source_;
    QTimer timer_;
    MediaInfo media_;  // of the open clip (empty while none is open)
    ShownFrame shown_;
    qint64 wanted_ = -1;  // the frame last asked of the source, until it is shown
    double speed_ = 1;
    bool looping_ = false;
    std::optional<qint64> loop_a_, loop_b_;
};

}  // namespace interceptor
