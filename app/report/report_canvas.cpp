#include "report/report_canvas.h"

#include <algorithm>

namespace interceptor {

ReportCanvas::ReportCanvas(QPainter& painter, QPdfWriter* pdf, PageFrame frame, int total_pages)
    : p_(painter), pdf_(pdf), frame_(std::move(frame)), total_(total_pages) {
    startPage();
}

QFont ReportCanvas::font(double size, bool bold, bool mono) {
    QFont f(mono ? "DejaVu Sans Mono" : "DejaVu Sans");
    f.setPointSizeF(size);
    f.setBold(bold);
    // No shaping, hence no ligatures: "fi" in a path must come out of the PDF as two letters.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

double ReportCanvas::textHeight(const QString& text, const QFont& f, double w, int flags) const {
    p_.setFont(f);
    return p_.boundingRect(QRectF(0, 0, w, 1e6), flags, text).height();
}

void ReportCanvas::startPage() {
    ++page_;
    y_ = kTop;
    if (!drawing()) return;
    p_.setPen(QColor(40, 40, 40));
    p_.setFont(font(10, true));
    p_.drawText(QRectF(kMargin, 22, width(), 16), Qt::AlignLeft | Qt::AlignVCenter, frame_.title);
    p_.setFont(font(8));
    p_.drawText(QRectF(kMargin, 38, width(), 14), Qt::AlignLeft | Qt::AlignVCenter,
                QObject::tr("Case %1   Item %2").arg(frame_.case_id, frame_.item_id));
    p_.setPen(QPen(QColor(120, 120, 120), 0.6));
    p_.drawLine(QPointF(kMargin, 56), QPointF(kPageWidth - kMargin, 56));
    if (page_ == 1 && !frame_.banner.isEmpty()) {
        const double h =
            textHeight(frame_.banner, font(9, true), width() - 12, Qt::TextWordWrap) + 10;
        p_.fillRect(QRectF(kMargin, y_, width(), h), QColor(255, 228, 228));
        p_.setPen(QColor(170, 0, 0));
        p_.drawText(QRectF(kMargin + 6, y_ + 5, width() - 12, h), Qt::TextWordWrap, frame_.banner);
        y_ += h + 10;
    }
}

void ReportCanvas::endPage() {
    if (!drawing()) return;
    p_.setPen(QPen(QColor(120, 120, 120), 0.6));
    p_.drawLine(QPointF(kMargin, kPageHeight - 40),
                QPointF(kPageWidth - kMargin, kPageHeight - 40));
    p_.setPen(QColor(40, 40, 40));
    p_.setFont(font(8));
    const QRectF line(kMargin, kPageHeight - 36, width(), 14);
    p_.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                QObject::tr("Report %1").arg(frame_.report_id));
    p_.drawText(line, Qt::AlignRight | Qt::AlignVCenter,
                total_ > 0 ? QObject::tr("Page %1 of %2").arg(page_).arg(total_)
                           : QObject::tr("Page %1").arg(page_));
}

void ReportCanvas::pageBreak() {
    endPage();
    if (pdf_) pdf_->newPage();
    startPage();
}

void ReportCanvas::ensure(double height) {
    if (y_ + height > kPageHeight - kBottom && y_ > kTop) pageBreak();
}

void ReportCanvas::finish() { endPage(); }

void ReportCanvas::heading(const QString& text, int level) {
    const QFont f = font(level == 1 ? 14 : 11, true);
    const double h = textHeight(text, f, width(), Qt::TextWordWrap);
    ensure(h + (level == 1 ? 60 : 40));  // never a heading alone at the foot of a page
    y_ += level == 1 ? 10 : 6;
    if (drawing()) {
        p_.setFont(f);
        p_.setPen(level == 1 ? QColor(10, 40, 90) : QColor(20, 20, 20));
        p_.drawText(QRectF(kMargin, y_, width(), h), Qt::TextWordWrap, text);
        if (level == 1) {
            p_.setPen(QPen(QColor(10, 40, 90), 1));
            p_.drawLine(QPointF(kMargin, y_ + h + 2), QPointF(kMargin + width(), y_ + h + 2));
        }
    }
    y_ += h + (level == 1 ? 8 : 4);
}

void ReportCanvas::paragraph(const QString& text, bool small, const QColor& colour) {
    const QFont f = font(small ? 8 : 9.5);
    const double h = textHeight(text, f, width(), Qt::TextWordWrap);
    ensure(h);
    if (drawing()) {
        p_.setFont(f);
        p_.setPen(colour);
        p_.drawText(QRectF(kMargin, y_, width(), h), Qt::TextWordWrap, text);
    }
    y_ += h + 5;
}

void ReportCanvas::fields(const std::vector<std::pair<QString, QString>>& rows) {
    const double label_w = width() * 0.28, value_w = width() - label_w - 6;
    for (const auto& [label, value] : rows) {
        // Hashes and paths have no spaces: let them wrap anywhere.
        const bool unbroken = !value.contains(' ') && value.size() > 40;
        const QFont vf = font(8.5, false, unbroken);
        const int flags = unbroken ? Qt::TextWrapAnywhere : Qt::TextWordWrap;
        const double h = std::max(textHeight(label, font(8.5, true), label_w, Qt::TextWordWrap),
                                  textHeight(value.isEmpty() ? "-" : value, vf, value_w, flags));
        ensure(h + 3);
        if (drawing()) {
            p_.setPen(QColor(60, 60, 60));
            p_.setFont(font(8.5, true));
            p_.drawText(QRectF(kMargin, y_, label_w, h), Qt::TextWordWrap, label);
            p_.setPen(Qt::black);
            p_.setFont(vf);
            p_.drawText(QRectF(kMargin + label_w + 6, y_, value_w, h), flags,
                        value.isEmpty() ? "-" : value);
        }
        y_ += h + 3;
    }
    y_ += 4;
}

void ReportCanvas::code(const QString& text) {
    const QFont f = font(8, false, true);
    const double h = textHeight(text, f, width() - 12, Qt::TextWrapAnywhere) + 8;
    ensure(h);
    if (drawing()) {
        p_.fillRect(QRectF(kMargin, y_, width(), h), QColor(242, 242, 242));
        p_.setFont(f);
        p_.setPen(Qt::black);
        p_.drawText(QRectF(kMargin + 6, y_ + 4, width() - 12, h - 8), Qt::TextWrapAnywhere, text);
    }
    y_ += h + 6;
}

void ReportCanvas::table(const QStringList& header, const std::vector<QStringList>& rows,
                         const std::vector<double>& widths) {
    std::vector<double> w;
    for (double share : widths) w.push_back(share * width());
    // Words wrap at spaces; hashes and paths, which have none, wrap anywhere.
    auto wrap = [](const QString& text) {
        return text.contains(' ') ? Qt::TextWordWrap : Qt::TextWrapAnywhere;
    };
    auto row_height = [&](const QStringList& cells, const QFont& f) {
        double h = 0;
        for (int c = 0; c < cells.size(); ++c)
            h = std::max(
                h, textHeight(cells[c], f, w[static_cast<std::size_t>(c)] - 6, wrap(cells[c])));
        return h + 6;
    };
    auto draw_row = [&](const QStringList& cells, const QFont& f, const QColor& fill) {
        const double h = row_height(cells, f);
        if (drawing()) {
            if (fill.isValid()) p_.fillRect(QRectF(kMargin, y_, width(), h), fill);
            p_.setFont(f);
            p_.setPen(Qt::black);
            double x = kMargin;
            for (int c = 0; c < cells.size(); ++c) {
                const double cw = w[static_cast<std::size_t>(c)];
                p_.drawText(QRectF(x + 3, y_ + 3, cw - 6, h - 6), wrap(cells[c]), cells[c]);
                x += cw;
            }
            p_.setPen(QPen(QColor(190, 190, 190), 0.5));
            p_.drawLine(QPointF(kMargin, y_ + h), QPointF(kMargin + width(), y_ + h));
        }
        y_ += h;
    };
    const QFont head = font(8, true), body = font(8);
    ensure(row_height(header, head) + (rows.empty() ? 0 : row_height(rows.front(), body)));
    draw_row(header, head, QColor(225, 232, 242));
    int n = 0;
    for (const auto& r : rows) {
        if (y_ + row_height(r, body) > kPageHeight - kBottom) {
            pageBreak();
            draw_row(header, head, QColor(225, 232, 242));  // the header again on the new page
        }
        draw_row(r, body, (n++ % 2) ? QColor(246, 246, 246) : QColor());
    }
    y_ += 8;
}

void ReportCanvas::block(double height, const std::function<void(QPainter&, const QRectF&)>& draw) {
    ensure(height);
    if (drawing()) {
        p_.save();
        draw(p_, QRectF(kMargin, y_, width(), height));
        p_.restore();
    }
    y_ += height + 6;
}

}  // namespace interceptor
