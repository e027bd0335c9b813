#include "player/video_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "player/heatmap_image.h"

namespace interceptor {
namespace {

void badge(QPainter& p, QPointF at, const QString& text, const QColor& fill) {
    QFont f = p.font();
    f.setBold(true);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const QRectF box(at, QSizeF(fm.horizontalAdvance(text) + 14, fm.height() + 6));
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(box, 4, 4);
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, text);
}

}  // namespace

VideoView::VideoView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 160);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void VideoView::setImage(const QImage& image) {
    const bool new_size = image.size() != image_.size();
    image_ = image;
    message_.clear();
    if (new_size && !fit_) centre_ = QPointF(image.width() / 2.0, image.height() / 2.0);
    update();
}

void VideoView::setOverlay(const FrameOverlay& overlay) {
    overlay_ = overlay;
    update();
}

void VideoView::setOptions(const OverlayOptions& options) {
    options_ = options;
    update();
}

void VideoView::setTitle(const QString& title) {
    title_ = title;
    update();
}

void VideoView::clear(const QString& message) {
    image_ = {};
    overlay_ = {};
    message_ = message;
    update();
}

double VideoView::zoom() const {
    if (image_.isNull()) return 1;
    return frameRect().width() / image_.width();
}

void VideoView::zoomToFit() {
    fit_ = true;
    update();
}

void VideoView::zoomActualSize() { zoomBy(1.0 / zoom(), QPointF(width() / 2.0, height() / 2.0)); }

void VideoView::zoomBy(double factor, QPointF anchor) {
    if (image_.isNull()) return;
    const QRectF before = frameRect();
    const double old_scale = before.width() / image_.width();
    const double new_scale = std::clamp(old_scale * factor, 0.05, 32.0);
    // Keep the frame point under the anchor where it is.
    const QPointF under = (anchor - before.topLeft()) / old_scale;
    fit_ = false;
    scale_ = new_scale;
    centre_ = under + (QPointF(width() / 2.0, height() / 2.0) - anchor) / new_scale;
    update();
}

QRectF VideoView::frameRect() const {
    if (image_.isNull()) return {};
    if (fit_) {
        const double s = std::min(width() / static_cast<double>(image_.width()),
                                  height() / static_cast<double>(image_.height()));
        const QSizeF size(image_.width() * s, image_.height() * s);
        return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
    }
    const QSizeF size(image_.width() * scale_, image_.height() * scale_);
    return QRectF(QPointF(width() / 2.0, height() / 2.0) - centre_ * scale_, size);
}

void VideoView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(24, 24, 28));
    if (image_.isNull()) {
        p.setPen(QColor(200, 200, 200));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const QRectF target = frameRect();
    // Below 1:1 smoothing shows the frame faithfully; at 1:1 and above, pixels stay square.
    p.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < image_.width());
    p.drawImage(target, image_);
    paintOverlay(p, target);
}

void VideoView::paintFaces(QPainter& p, const QRectF& target) {
    const double s = target.width() / image_.width();
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    const QFontMetricsF fm(font);
    for (const auto& face : overlay_.faces) {
        const QColor colour = face.flagged ? QColor(230, 40, 40) : QColor(60, 220, 120);
        const QRectF box(target.left() + face.box.x() * s, target.top() + face.box.y() * s,
                         face.box.width() * s, face.box.height() * s);
        p.setPen(QPen(colour, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box);
        const QString label =
            tr("track %1").arg(face.track) +
            (face.p_fake ? tr("  P %1").arg(*face.p_fake, 0, 'f', 3) : tr("  not scored"));
        // Below the box: the probability badges sit at the top of the view.
        const QRectF tag(box.left(), box.bottom() + 2, fm.horizontalAdvance(label) + 8,
                         fm.height() + 4);
        p.fillRect(tag, QColor(0, 0, 0, 190));
        p.setPen(colour);
        p.drawText(tag, Qt::AlignCenter, label);
    }
}

void VideoView::paintOverlay(QPainter& p, const QRectF& target) {
    const double s = target.width() / image_.width();
    if (options_.attribution) {
        paintMap(p, target, overlay_.attribution, overlay_.attribution_place);
        if (!overlay_.attribution_caption.isEmpty()) paintLegend(p, true);
    } else if (options_.heatmap && !overlay_.heatmap.isNull()) {
        paintMap(p, target, overlay_.heatmap, overlay_.heatmap_place);
        paintLegend(p, false);
    }
    if (options_.face) paintFaces(p, target);
    if (options_.face && overlay_.faces.empty())  // a case from before faces were stored
        for (const auto& slot : overlay_.slots)
            if (slot.face) {
                p.setPen(QPen(slot.colour, 2));
                p.setBrush(Qt::NoBrush);
                const QRect& f = *slot.face;
                p.drawRect(QRectF(target.left() + f.x() * s, target.top() + f.y() * s,
                                  f.width() * s, f.height() * s));
            }
    if (options_.probability) {
        QFont font = p.font();
        font.setPointSizeF(font.pointSizeF() * 1.1);
        font.setBold(true);
        p.setFont(font);
        const QFontMetricsF fm(font);
        double y = 8;
        for (const auto& slot : overlay_.slots) {
            QString text = slot.name + ": ";
            if (slot.p_fake)
                text += tr("P(fake) %1%2")
                            .arg(*slot.p_fake, 0, 'f', 3)
                            .arg(*slot.p_fake >= slot.threshold ? tr("  FLAGGED") : "");
            else
                text += overlay_.analysed ? tr("not applicable") : tr("not analysed");
            const QRectF box(8, y, fm.horizontalAdvance(text) + 24, fm.height() + 8);
            p.setPen(Qt::NoPen);
            p.setBrush(slot.p_fake && *slot.p_fake >= slot.threshold ? QColor(170, 30, 30, 220)
                                                                     : QColor(0, 0, 0, 170));
            p.drawRoundedRect(box, 4, 4);
            p.fillRect(QRectF(box.left(), box.top(), 5, box.height()), slot.colour);
            p.setPen(Qt::white);
            p.drawText(box.adjusted(6, 0, 0, 0), Qt::AlignCenter, text);
            y += box.height() + 4;
        }
    }
    if (options_.badges) {
        double y = height() - 64;
        if (overlay_.low_light) {
            badge(p, QPointF(8, y),
                  tr("LOW LIGHT (mean luma %1)").arg(overlay_.mean_luma, 0, 'f', 0),
                  QColor(40, 70, 160, 230));
            y -= 28;
        }
        for (const auto& slot : overlay_.slots)
            if (overlay_.analysed && !slot.p_fake) {
                badge(p, QPointF(8, y), tr("NOT APPLICABLE: %1").arg(slot.reason),
                      QColor(120, 90, 0, 230));
                break;
            }
    }
    if (!title_.isEmpty()) {
        QFont f = p.font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(rect().adjusted(0, 6, -10, 0), Qt::AlignTop | Qt::AlignRight, title_);
    }
}

void VideoView::paintMap(QPainter& p, const QRectF& target, const QImage& map,
                         const std::optional<QTransform>& place) {
    if (map.isNull()) return;
    const double s = target.width() / image_.width();
    p.save();
    p.setOpacity(options_.opacity);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    if (place) {
        // Map pixels -> frame pixels -> widget pixels.
        p.setTransform(*place * QTransform(s, 0, 0, s, target.left(), target.top()), true);
        p.drawImage(QPointF(0, 0), map);
    } else {
        p.drawImage(target, map);
    }
    p.restore();
}

void VideoView::paintLegend(QPainter& p, bool attribution) {
    const bool ramp = attribution ? !overlay_.attribution.isNull() : true;
    const QString caption = attribution ? overlay_.attribution_caption
                                        : tr("luminance activation, %1").arg(overlay_.heatmap_of);
    const int w = std::min(attribution ? 360 : 200, width() / 2);
    const QRect bar(width() - w - 12, height() - 24, w, 10);
    QFont f = p.font();
    f.setBold(false);
    f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.85));
    p.setFont(f);
    const int line = QFontMetrics(f).height();
    // A dark plate keeps the labels readable over any frame.
    p.fillRect(QRect(bar.left() - 6, bar.top() - line - 4, w + 12, bar.height() + 2 * line + 8),
               QColor(0, 0, 0, 150));
    p.setPen(QColor(235, 235, 235));
    p.drawText(QRect(bar.left(), bar.top() - line - 2, w, line), Qt::AlignHCenter,
               QFontMetrics(f).elidedText(caption, Qt::ElideRight, w));
    if (!ramp) return;
    p.drawImage(bar,
                heatmap_scale(w, attribution ? MapColours::Attribution : MapColours::Luminance));
    p.drawText(QRect(bar.left(), bar.bottom() + 2, w, line), Qt::AlignLeft, tr("low"));
    p.drawText(QRect(bar.left(), bar.bottom() + 2, w, line), Qt::AlignRight,
               attribution ? tr("raises P(fake) most") : tr("high"));
}

void VideoView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0) zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void VideoView::mousePressEvent(QMouseEvent* event) {
    drag_from_ = event->pos();
    setFocus();
}

void VideoView::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) || image_.isNull()) return;
    if (fit_) {
        scale_ = zoom();
        centre_ = QPointF(image_.width() / 2.0, image_.height() / 2.0);
        fit_ = false;
    }
    centre_ -= QPointF(event->pos() - drag_from_) / scale_;
    drag_from_ = event->pos();
    update();
}

void VideoView::mouseDoubleClickEvent(QMouseEvent*) { fit_ ? zoomActualSize() : zoomToFit(); }

}  // namespace interceptor
