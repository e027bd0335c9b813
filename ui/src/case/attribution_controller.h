#pragma once
// The attribution map (Grad-CAM, core/analysis/frame_attribution.h) of the frame on screen for
// one checkpoint of the analysis shown, computed on a thread of its own, so the window never
// waits on the network (a map of the seed network takes about 0.27 s on this 2-core CPU,
// attribution_benchmark). Only
// the newest request is worked on; older ones are dropped. The checkpoint is loaded on the first
// request (and must still match the SHA-256 the analysis recorded), then kept for later frames.
// What arrives is kept for the overlay, with a caption: what the map is, or why there is none.
// Use from the thread that owns it; destroying it waits for the frame being explained.
#include <QImage>
#include <QObject>
#include <QString>
#include <QTransform>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/analysis/frame_attribution.h"
#include "player/ui_types.h"
#include "player/video_view.h"

namespace interceptor {

class CaseModel;

class AttributionController : public QObject {
    Q_OBJECT
  public:
    explicit AttributionController(QObject* parent = nullptr);
    ~AttributionController() override;

    // Asks for the map of the frame shown, for the checkpoint in `slot` of the model's analysis;
    // a frame that cannot be explained (not analysed, nothing scored, other pixels than the ones
    // analysed) gets its reason at once.
    void explain(const CaseModel& model, const ShownFrame& frame, int slot);
    // What is known of the map of `frame`, into the overlay (nothing when it is of another frame).
    void addTo(FrameOverlay& overlay, qint64 frame) const;
    // For tests and scripts: whether the map of `frame` is drawn, and the caption last given.
    bool mapShown(qint64 frame) const { return shown_.frame == frame && !shown_.map.isNull(); }
    const QString& caption() const { return shown_.caption; }

  Q_SIGNALS:
    void changed();  // a map, or the reason there is none, arrived

  private:
    struct Request {
        qint64 frame = -1;
        CheckpointSummary checkpoint;  // as the analysis recorded it
        cv::Mat bgr;                   // the frame's pixels, as decoded
        std::optional<Face> face;      // the face scored (face profiles)
    };
    struct Shown {
        qint64 frame = -1;
        QImage map;
        std::optional<QTransform> place;
        QString caption;
    };
    void show(Shown shown);
    void work();

    Shown shown_;       // owner's thread only
    std::mutex mutex_;  // guards pending_ and stop_
    std::condition_variable wake_;
    std::optional<Request> pending_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace interceptor
