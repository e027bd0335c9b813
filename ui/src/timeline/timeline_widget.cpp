#include "timeline/timeline_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <map>

#include "case/case_model.h"

namespace interceptor {

QColor slot_colour(int slot) {
    static const QColor colours[] = {QColor(0, 150, 255), QColor(255, 140, 0), QColor(60, 200, 90),
                                     QColor(220, 70, 200)};
    return colours[static_cast<std::size_t>(slot) % 4];
}

TimelineWidget::TimelineWidget(CaseModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    setMinimumHeight(120);
    setMouseTracking(false);
    repaint_.setSingleShot(true);
    repaint_.setInterval(40);
    connect(&repaint_, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    connect(model_, &CaseModel::analysisChanged, this, qOverload<>(&QWidget::update));
    connect(model_, &CaseModel::frameAdded, this, &TimelineWidget::scheduleUpdate);
    connect(model_, &CaseModel::bookmarksChanged, this, qOverload<>(&QWidget::update));
}

void TimelineWidget::scheduleUpdate() {
    if (!repaint_.isActive()) repaint_.start();
}

void TimelineWidget::setFrameCount(qint64 count) {
    count_ = count;
    first_ = 0;
    last_ = std::max<qint64>(0, count - 1);
    update();
}

void TimelineWidget::setPlayhead(qint64 frame) {
    playhead_ = frame;
    // Keep the playhead in view when zoomed in.
    if (frame < first_ || frame > last_) {
        const qint64 span = last_ - first_;
        first_ = std::clamp<qint64>(frame - span / 2, 0, std::max<qint64>(0, count_ - 1 - span));
        last_ = first_ + span;
    }
    scheduleUpdate();
}

void TimelineWidget::setLoop(std::optional<qint64> a, std::optional<qint64> b) {
    loop_a_ = a;
    loop_b_ = b;
    update();
}

void TimelineWidget::setShowTracks(bool show) {
    show_tracks_ = show;
    update();
}

void TimelineWidget::paintTracks(QPainter& p, int slot, const QRectF& a) {
    // A track's curve joins the frames where its face was scored; each is labelled at its end.
    std::map<int, QPainterPath> curves;
    std::map<int, QPointF> ends;
    std::map<int, qint64> last_seen;
    const auto& frames = model_->frames();
    for (auto it = frames.lower_bound(first_); it != frames.end() && it->first <= last_; ++it) {
        const auto& f = it->second;
        const auto& scores = f.per_checkpoint[static_cast<std::size_t>(slot)].face_scores;
        for (std::size_t i = 0; i < f.faces.size() && i < scores.size(); ++i) {
            if (scores[i].logits.empty()) continue;
            const int track = f.faces[i].track;
            const QPointF pt(xOf(static_cast<double>(it->first)),
                             a.bottom() - scores[i].p_fake * a.height());
            const bool continues = last_seen.count(track) > 0;
            continues ? curves[track].lineTo(pt) : curves[track].moveTo(pt);
            last_seen[track] = it->first;
            ends[track] = pt;
        }
    }
    for (const auto& [track, curve] : curves) {
        const QColor colour = track_colour(slot, track);
        p.setPen(QPen(colour, 1.2));
        p.drawPath(curve);
        p.drawText(ends[track] + QPointF(3, -3), tr("track %1").arg(track));
    }
}

QColor track_colour(int slot, int track) {
    return QColor::fromHsv((slot_colour(slot).hue() + 47 * (track + 1)) % 360, 200, 190);
}

void TimelineWidget::setShowDifference(bool show) {
    show_difference_ = show;
    update();
}

void TimelineWidget::zoomBy(double factor, qint64 around) {
    if (count_ < 2) return;
    const double span =
        std::clamp((last_ - first_) / factor, 10.0, static_cast<double>(count_ - 1));
    const double t = last_ > first_ ? (around - first_) / static_cast<double>(last_ - first_) : 0.5;
    double first = around - t * span;
    first = std::clamp(first, 0.0, static_cast<double>(count_ - 1) - span);
    first_ = static_cast<qint64>(std::llround(first));
    last_ = static_cast<qint64>(std::llround(first + span));
    update();
}

QRectF TimelineWidget::plotArea() const { return QRectF(44, 8, width() - 56, height() - 30); }

double TimelineWidget::xOf(double frame) const {
    const QRectF a = plotArea();
    const double span = std::max<qint64>(1, last_ - first_);
    return a.left() + (frame - first_) / span * a.width();
}

qint64 TimelineWidget::frameAt(double x) const {
    const QRectF a = plotArea();
    const double t = std::clamp((x - a.left()) / a.width(), 0.0, 1.0);
    return std::clamp<qint64>(first_ + std::llround(t * (last_ - first_)), 0,
                              std::max<qint64>(0, count_ - 1));
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.base());
    const QRectF a = plotArea();
    auto yOf = [&](double prob) { return a.bottom() - prob * a.height(); };
    // Axis: probability 0, 0.5, 1 and frame numbers.
    p.setPen(pal.color(QPalette::Text));
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    for (double v : {0.0, 0.5, 1.0}) {
        p.setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
        p.drawLine(QPointF(a.left(), yOf(v)), QPointF(a.right(), yOf(v)));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRectF(0, yOf(v) - 8, a.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'f', 1));
    }
    p.save();
    p.translate(10, a.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-40, -8, 80, 16), Qt::AlignCenter, tr("P(fake)"));
    p.restore();
    if (count_ > 0)
        for (int i = 0; i <= 5; ++i) {
            const qint64 f = first_ + (last_ - first_) * i / 5;
            // The end labels align inwards so they are never cut off.
            const double x = xOf(static_cast<double>(f));
            const QRectF box = i == 0   ? QRectF(x, a.bottom() + 4, 90, 16)
                               : i == 5 ? QRectF(x - 90, a.bottom() + 4, 90, 16)
                                        : QRectF(x - 45, a.bottom() + 4, 90, 16);
            p.drawText(box,
                       (i == 0   ? Qt::AlignLeft
                        : i == 5 ? Qt::AlignRight
                                 : Qt::AlignHCenter) |
                           Qt::AlignVCenter,
                       tr("frame %1").arg(f));
        }
    p.setClipRect(a.adjusted(-2, -2, 2, 2));
    const auto& frames = model_->frames();
    const double column = std::max(1.0, a.width() / std::max<qint64>(1, last_ - first_ + 1));
    // Low-light frames (blue tint) and frames not applicable (grey hatch), under the curves.
    for (auto it = frames.lower_bound(first_); it != frames.end() && it->first <= last_; ++it) {
        const auto& f = it->second;
        const double x = xOf(static_cast<double>(it->first)) - column / 2;
        if (f.light.low_light) p.fillRect(QRectF(x, a.top(), column, 6), QColor(60, 90, 200, 160));
        const bool none = std::none_of(f.per_checkpoint.begin(), f.per_checkpoint.end(),
                                       [](const CheckpointFrameResult& c) { return c.applicable; });
        if (none)
            p.fillRect(QRectF(x, a.bottom() - 6, column, 6),
                       QBrush(QColor(140, 140, 140), Qt::BDiagPattern));
    }
    for (int s = 0; s < model_->slotCount(); ++s) {
        const QColor colour = slot_colour(s);
        const VideoVerdict verdict = model_->verdict(s);
        // Fake segments, shaded in the checkpoint's colour.
        for (const auto& seg : verdict.segments) {
            QColor shade = colour;
            shade.setAlpha(45);
            p.fillRect(
                QRectF(QPointF(xOf(static_cast<double>(seg.first_frame)) - column / 2, a.top()),
                       QPointF(xOf(static_cast<double>(seg.last_frame)) + column / 2, a.bottom())),
                shade);
        }
        p.setPen(QPen(colour, 1, Qt::DashLine));
        p.drawLine(QPointF(a.left(), yOf(model_->threshold(s))),
                   QPointF(a.right(), yOf(model_->threshold(s))));
        QPainterPath curve;
        bool open = false;
        for (auto it = frames.lower_bound(first_); it != frames.end() && it->first <= last_; ++it) {
            const auto& c = it->second.per_checkpoint[static_cast<std::size_t>(s)];
            if (!c.applicable) {
                open = false;  // a gap where the frame could not be scored
                continue;
            }
            const QPointF pt(xOf(static_cast<double>(it->first)), yOf(c.score.p_fake));
            open ? curve.lineTo(pt) : curve.moveTo(pt);
            open = true;
        }
        p.setPen(QPen(colour, 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPath(curve);
        if (show_tracks_) paintTracks(p, s, a);
        // Each checkpoint's verdict so far, top left: never "real" where too little was scored.
        const QString words =
            verdict.fake ? tr("FAKE")
            : verdict.conclusive
                ? tr("real")
                : tr("inconclusive (%1 of %2 frames scored)")
                      .arg(verdict.scored)
                      .arg(verdict.scored + verdict.not_applicable + verdict.damaged);
        const QString label = tr("%1: %2").arg(model_->slotName(s), words);
        const QRectF box(a.left() + 4, a.top() + 2 + 14 * s,
                         p.fontMetrics().horizontalAdvance(label) + 8, 13);
        p.fillRect(box, QColor(255, 255, 255, 210));
        p.setPen(colour.darker(130));
        p.drawText(box, Qt::AlignCenter, label);
    }
    if (show_difference_ && model_->slotCount() > 1) {
        QPainterPath diff;
        bool open = false;
        for (auto it = frames.lower_bound(first_); it != frames.end() && it->first <= last_; ++it) {
            double lo = 1, hi = 0;
            int scored = 0;
            for (const auto& c : it->second.per_checkpoint)
                if (c.applicable) {
                    lo = std::min<double>(lo, c.score.p_fake);
                    hi = std::max<double>(hi, c.score.p_fake);
                    ++scored;
                }
            if (scored < 2) {
                open = false;
                continue;
            }
            const QPointF pt(xOf(static_cast<double>(it->first)), yOf(hi - lo));
            open ? diff.lineTo(pt) : diff.moveTo(pt);
            open = true;
        }
        p.setPen(QPen(pal.color(QPalette::Text), 1.2, Qt::DotLine));
        p.drawPath(diff);
    }
    for (const auto& b : model_->bookmarks()) {
        const double x = xOf(static_cast<double>(b.frame));
        const QColor c = b.status == BookmarkStatus::Warning ? QColor(220, 50, 50)
                         : b.status == BookmarkStatus::Check ? QColor(230, 170, 0)
                                                             : QColor(40, 170, 60);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPolygon(
            QPolygonF({QPointF(x - 5, a.top()), QPointF(x + 5, a.top()), QPointF(x, a.top() + 8)}));
    }
    for (const auto& mark : {loop_a_, loop_b_})
        if (mark) {
            p.setPen(QPen(QColor(150, 80, 220), 2));
            p.drawLine(QPointF(xOf(static_cast<double>(*mark)), a.top()),
                       QPointF(xOf(static_cast<double>(*mark)), a.bottom()));
        }
    p.setPen(QPen(pal.color(QPalette::Highlight), 2));
    p.drawLine(QPointF(xOf(static_cast<double>(playhead_)), a.top()),
               QPointF(xOf(static_cast<double>(playhead_)), a.bottom()));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && count_ > 0)
        Q_EMIT seekRequested(frameAt(event->position().x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if ((event->buttons() & Qt::LeftButton) && count_ > 0)
        Q_EMIT seekRequested(frameAt(event->position().x()));
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ShiftModifier) {
        const qint64 span = last_ - first_;
        const qint64 shift = static_cast<qint64>(-steps * std::max<qint64>(1, span / 10));
        first_ = std::clamp<qint64>(first_ + shift, 0, std::max<qint64>(0, count_ - 1 - span));
        last_ = first_ + span;
        update();
    } else if (steps != 0) {
        zoomBy(std::pow(1.5, steps), frameAt(event->position().x()));
    }
    event->accept();
}

}  // namespace interceptor
