#include "report/report_chart.h"

#include <QPainterPath>

#include <algorithm>

#include "report/report_canvas.h"

namespace interceptor {

QColor report_colour(std::size_t slot) {
    static const QColor colours[] = {QColor(0, 105, 190), QColor(215, 110, 0), QColor(40, 150, 70),
                                     QColor(170, 50, 160)};
    return colours[slot % 4];
}

QString report_colour_name(std::size_t slot) {
    static const char* names[] = {"blue", "orange", "green", "purple"};
    return QObject::tr(names[slot % 4]);
}

void draw_probability_chart(QPainter& p, const QRectF& area, const std::vector<FrameResult>& frames,
                            std::int64_t frame_count, const std::vector<ChartSeries>& series) {
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF plot(area.left() + 40, area.top() + 6, area.width() - 50, area.height() - 34);
    const double last = std::max<std::int64_t>(1, frame_count - 1);
    auto x_of = [&](double frame) { return plot.left() + frame / last * plot.width(); };
    auto y_of = [&](double prob) { return plot.bottom() - prob * plot.height(); };
    p.setFont(ReportCanvas::font(7));
    for (const auto& s : series) {
        QColor shade = s.colour;
        shade.setAlpha(50);
        for (const auto& seg : s.segments)
            p.fillRect(QRectF(QPointF(x_of(static_cast<double>(seg.first_frame)), plot.top()),
                              QPointF(std::max(x_of(static_cast<double>(seg.last_frame)),
                                               x_of(static_cast<double>(seg.first_frame)) + 1.5),
                                      plot.bottom())),
                       shade);
    }
    // Axes, grid and tick labels.
    p.setPen(QPen(QColor(200, 200, 200), 0.4, Qt::DotLine));
    for (double v : {0.25, 0.5, 0.75, 1.0})
        p.drawLine(QPointF(plot.left(), y_of(v)), QPointF(plot.right(), y_of(v)));
    p.setPen(QPen(Qt::black, 0.7));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    for (double v : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        p.drawLine(QPointF(plot.left() - 3, y_of(v)), QPointF(plot.left(), y_of(v)));
        p.drawText(QRectF(plot.left() - 30, y_of(v) - 5, 25, 10), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'f', 2));
    }
    for (int i = 0; i <= 5; ++i) {
        const double f = last * i / 5.0;
        p.drawLine(QPointF(x_of(f), plot.bottom()), QPointF(x_of(f), plot.bottom() + 3));
        p.drawText(QRectF(x_of(f) - 30, plot.bottom() + 4, 60, 10), Qt::AlignHCenter | Qt::AlignTop,
                   QString::number(static_cast<long long>(f + 0.5)));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + 14, plot.width(), 10), Qt::AlignHCenter,
               QObject::tr("frame"));
    p.save();
    p.translate(area.left() + 6, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-40, -6, 80, 10), Qt::AlignCenter, QObject::tr("P(fake)"));
    p.restore();
    for (const auto& s : series) {
        p.setPen(QPen(s.colour, 0.8, Qt::DashLine));
        p.drawLine(QPointF(plot.left(), y_of(s.threshold)),
                   QPointF(plot.right(), y_of(s.threshold)));
        QPainterPath curve;
        bool open = false;
        std::size_t points = 0;
        for (const auto& f : frames) {
            const auto& c = f.per_checkpoint[s.slot];
            if (!c.applicable) {
                open = false;
                continue;
            }
            const QPointF pt(x_of(static_cast<double>(f.frame)), y_of(c.score.p_fake));
            open ? curve.lineTo(pt) : curve.moveTo(pt);
            open = true;
            ++points;
        }
        p.setPen(QPen(s.colour, 1.1));
        p.setBrush(Qt::NoBrush);
        p.drawPath(curve);
        if (points < 80) {  // few frames: mark each, so isolated ones show
            p.setBrush(s.colour);
            p.setPen(Qt::NoPen);
            for (const auto& f : frames)
                if (f.per_checkpoint[s.slot].applicable)
                    p.drawEllipse(QPointF(x_of(static_cast<double>(f.frame)),
                                          y_of(f.per_checkpoint[s.slot].score.p_fake)),
                                  1.4, 1.4);
        }
    }
}

}  // namespace interceptor
