#pragma once
// The per-frame P(fake) chart of the report, drawn as vectors: one curve per
// checkpoint given, its threshold as a dashed line, its fake segments shaded
// (when one checkpoint is drawn), labelled axes (frame, P(fake)) with ticks.
#include <QColor>
#include <QPainter>

#include <vector>

#include "core/analysis/analysis_job.h"

namespace interceptor {

struct ChartSeries {
    std::size_t slot = 0;
    QColor colour;
    double threshold = 0.5;
    std::vector<FakeSegment> segments;  // shaded when not empty
};

void draw_probability_chart(QPainter& p, const QRectF& area, const std::vector<FrameResult>& frames,
                            std::int64_t frame_count, const std::vector<ChartSeries>& series);

QColor report_colour(std::size_t slot);
QString report_colour_name(std::size_t slot);  // "blue", "orange", ... for legends

}  // namespace interceptor
