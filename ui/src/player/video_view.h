#pragma once
// Paints one frame with zoom (fit, or a factor; 1:1 and above without
// smoothing, so pixels stay pixels), zoom to the cursor (wheel) and pan
// (drag), and the overlays, each of which can be switched off: the fake
// probability per checkpoint, every face box with its track and P(fake), the luminance heatmap
// blended at an adjustable opacity with its colour scale, a low-light badge and a "not applicable"
// badge, and instead of the heatmap when asked for, the attribution map (Grad-CAM) with its
// own colour scale. Knows nothing of decoding or analysis: it is given what to paint.
#include <QImage>
#include <QPointF>
#include <QRect>
#include <QTransform>
#include <QWidget>

#include <optional>
#include <vector>

namespace interceptor {

struct SlotOverlay {
    QString name;
    std::optional<double> p_fake;  // empty: not applicable or not analysed
    double threshold = 0.5;
    QString reason;             // why not applicable
    std::optional<QRect> face;  // in frame pixels
    QColor colour;
};

// One face of the frame: its box, its track and the P(fake) shown beside it (the most
// suspicious over the slots shown; empty: not scored).
struct FaceOverlay {
    QRectF box;  // in frame pixels
    int track = -1;
    std::optional<double> p_fake;
    bool flagged = false;  // at or above the threshold of the slot that gave p_fake
};

struct FrameOverlay {
    bool analysed = false;           // the frame has results
    std::vector<FaceOverlay> faces;  // empty for cases without faces: slots' boxes are drawn
    bool low_light = false;
    double mean_luma = 0;
    std::vector<SlotOverlay> slots;
    QImage heatmap;  // coloured S x S, of the slot chosen for heatmaps (null: none)
    // Where the heatmap lies in the frame (heatmap pixels to frame pixels): the crop of the face
    // it was computed on; empty: the whole frame.
    std::optional<QTransform> heatmap_place;
    QString heatmap_of;
    // The attribution map (Grad-CAM), when asked for: coloured, where it lies in the frame (as
    // heatmap_place), and its caption: what it is, or why there is none.
    QImage attribution;
    std::optional<QTransform> attribution_place;
    QString attribution_caption;
};

struct OverlayOptions {
    bool probability = true, face = true, heatmap = true, badges = true;
    bool attribution = false;  // drawn instead of the heatmap while on (computed on demand)
    double opacity = 0.45;
};

class VideoView : public QWidget {
    Q_OBJECT
  public:
    explicit VideoView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    void setOverlay(const FrameOverlay& overlay);
    void setOptions(const OverlayOptions& options);
    void setTitle(const QString& title);  // drawn top-right (compare panes)
    void clear(const QString& message);

    void zoomToFit();
    void zoomActualSize();  // 1:1
    void zoomBy(double factor, QPointF anchor);
    double zoom() const;  // effective scale of frame pixels to widget pixels

  protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

  private:
    // Every face box with its track number and P(fake) (red when flagged).
    void paintFaces(QPainter& p, const QRectF& target);
    QRectF frameRect() const;  // where the frame lies, in widget coordinates
    void paintOverlay(QPainter& p, const QRectF& target);
    // A map over the frame, or over the crop `place` puts it on, at the overlay's opacity.
    void paintMap(QPainter& p, const QRectF& target, const QImage& map,
                  const std::optional<QTransform>& place);
    // The colour scale of the map shown with its caption (the caption alone when there is no map).
    void paintLegend(QPainter& p, bool attribution);

    QImage image_;
    FrameOverlay overlay_;
    OverlayOptions options_;
    QString title_, message_;
    bool fit_ = true;
    double scale_ = 1;
    QPointF centre_;  // the frame point shown at the widget's centre (when not fitting)
    QPoint drag_from_;
};

}  // namespace interceptor
