#pragma once
// The strip under the video: each checkpoint's per-frame P(fake) curve with
// its threshold, shaded fake segments, frames not applicable and low-light
// frames marked, bookmarks, the loop marks and the playhead. In compare mode
// a difference curve (largest minus smallest P(fake)) is drawn too, and on
// request a curve per track (person). Click or
// drag to seek; the wheel zooms around the cursor, Shift+wheel scrolls.
// Follows the case model; repaints at most every 40 ms however fast results
// arrive. Lives on the window's thread.
#include <QTimer>
#include <QWidget>

#include <optional>

class QPainter;

namespace interceptor {

class CaseModel;

class TimelineWidget : public QWidget {
    Q_OBJECT
  public:
    explicit TimelineWidget(CaseModel* model, QWidget* parent = nullptr);

    void setFrameCount(qint64 count);
    void setPlayhead(qint64 frame);
    void setLoop(std::optional<qint64> a, std::optional<qint64> b);
    void setShowDifference(bool show);
    // One curve per track (each person's face) beside each checkpoint's frame curve (the
    // highest over the faces).
    void setShowTracks(bool show);
    QSize sizeHint() const override { return {800, 170}; }

  Q_SIGNALS:
    void seekRequested(qint64 frame);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

  private:
    void scheduleUpdate();
    void paintTracks(QPainter& p, int slot, const QRectF& area);
    void zoomBy(double factor, qint64 around);
    QRectF plotArea() const;
    double xOf(double frame) const;
    qint64 frameAt(double x) const;

    CaseModel* model_;
    QTimer repaint_;
    qint64 count_ = 0, playhead_ = 0, first_ = 0, last_ = 0;
    std::optional<qint64> loop_a_, loop_b_;
    bool show_difference_ = false, show_tracks_ = false;
};

// Colours of the checkpoints, in slot order (shared by overlays and curves).
QColor slot_colour(int slot);
// The colour of one track's curve under a checkpoint.
QColor track_colour(int slot, int track);

}  // namespace interceptor
