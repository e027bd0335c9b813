#pragma once
// Lays a report out on pages with QPainter: headings, paragraphs, label and
// value lists, tables and drawn blocks (charts, pictures), breaking pages
// where needed and putting the header (title, case, item) and footer (page
// x of y, report identifier) on every page. Units are points (1/72 inch):
// the PDF writer runs at 72 dpi so text is set, and charts are drawn, as
// vectors. The same layout run twice gives the same pages, which is how the
// page total is known before the first footer is drawn. Not thread-safe.
#include <QFont>
#include <QPainter>
#include <QPdfWriter>

#include <functional>
#include <vector>

namespace interceptor {

struct PageFrame {
    QString title, case_id, item_id, report_id;
    QString banner;  // printed in red under the header of page 1 when not empty (evidence mismatch)
};

class ReportCanvas {
  public:
    static constexpr double kPageWidth = 595.0, kPageHeight = 842.0;  // A4 in points

    // pdf: the writer to call newPage() on, or null for a single-page preview
    // (nothing after page 1 is drawn). total_pages: 0 while counting.
    ReportCanvas(QPainter& painter, QPdfWriter* pdf, PageFrame frame, int total_pages);

    double width() const { return kPageWidth - 2 * kMargin; }
    void heading(const QString& text, int level = 1);
    void paragraph(const QString& text, bool small = false, const QColor& colour = Qt::black);
    void fields(const std::vector<std::pair<QString, QString>>& rows);
    void code(const QString& text);  // monospace on a grey ground, e.g. a command
    // widths: share of the content width per column.
    void table(const QStringList& header, const std::vector<QStringList>& rows,
               const std::vector<double>& widths);
    // A block of this height drawn by `draw` in the given rectangle, kept on one page.
    void block(double height, const std::function<void(QPainter&, const QRectF&)>& draw);
    void space(double points) { y_ += points; }
    void pageBreak();
    void finish();  // the footer of the last page
    int pages() const { return page_; }

    static QFont font(double size, bool bold = false, bool mono = false);

  private:
    static constexpr double kMargin = 48, kTop = 78, kBottom = 52;
    void ensure(double height);
    void startPage();
    void endPage();
    bool drawing() const { return pdf_ || page_ == 1; }
    double textHeight(const QString& text, const QFont& f, double w, int flags) const;

    QPainter& p_;
    QPdfWriter* pdf_;
    PageFrame frame_;
    int total_;
    int page_ = 0;
    double y_ = 0;
};

}  // namespace interceptor
