#include "compare/compare_view.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "case/case_model.h"
#include "player/frame_overlay.h"
#include "timeline/timeline_widget.h"

namespace interceptor {
namespace {

QTableWidget* table(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, headers.size(), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

void fill_row(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c) t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

}  // namespace

CompareView::CompareView(CaseModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    grid_ = new QWidget(split);
    new QGridLayout(grid_);
    auto* lower = new QWidget(split);
    auto* lower_layout = new QHBoxLayout(lower);
    lower_layout->setContentsMargins(2, 2, 2, 2);
    summary_ = table({tr("Checkpoint"), tr("Verdict"), tr("Confident"), tr("Mean"), tr("Flagged"),
                      tr("Threshold")},
                     lower);
    pairs_ = table(
        {tr("Pair"), tr("Frames"), tr("Agreement"), tr("Correlation"), tr("Mean |diff|")}, lower);
    auto* nav = new QVBoxLayout();
    auto* previous = new QPushButton(tr("< Previous disagreement"), lower);
    auto* next = new QPushButton(tr("Next disagreement >"), lower);
    previous->setToolTip(tr("Previous frame among the largest disagreements (Ctrl+Left)"));
    next->setToolTip(tr("Next frame among the largest disagreements (Ctrl+Right)"));
    note_ = new QLabel(lower);
    note_->setWordWrap(true);
    nav->addWidget(previous);
    nav->addWidget(next);
    nav->addWidget(note_);
    nav->addStretch();
    lower_layout->addWidget(summary_, 3);
    lower_layout->addWidget(pairs_, 3);
    lower_layout->addLayout(nav, 1);
    split->addWidget(grid_);
    split->addWidget(lower);
    lower->setMaximumHeight(170);  // the panes are what the eye needs; the tables scroll
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    connect(previous, &QPushButton::clicked, this, [this] { Q_EMIT stepDisagreement(-1); });
    connect(next, &QPushButton::clicked, this, [this] { Q_EMIT stepDisagreement(+1); });
    summary_timer_.setSingleShot(true);
    summary_timer_.setInterval(500);
    connect(&summary_timer_, &QTimer::timeout, this, &CompareView::refreshSummary);
    connect(model_, &CaseModel::analysisChanged, this, [this] {
        if (!isVisible()) return;  // refreshed when shown
        refreshSummary();
        refreshPanes();
    });
    connect(model_, &CaseModel::frameAdded, this, [this](qint64 frame) {
        if (!isVisible()) return;
        if (frame == frame_.index) refreshPanes();
        if (!summary_timer_.isActive()) summary_timer_.start();
    });
}

void CompareView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshSummary();
    refreshPanes();
}

void CompareView::layoutPanes(int count) {
    count = std::clamp(count, 0, 4);
    if (static_cast<int>(panes_.size()) == count) return;
    for (auto* p : panes_) delete p;
    panes_.clear();
    auto* grid = static_cast<QGridLayout*>(grid_->layout());
    for (int i = 0; i < count; ++i) {
        auto* pane = new VideoView(grid_);
        pane->setOptions(options_);
        grid->addWidget(pane, i / 2, i % 2);
        panes_.push_back(pane);
    }
}

int CompareView::paneCount() const { return static_cast<int>(panes_.size()); }

void CompareView::setOptions(const OverlayOptions& options) {
    options_ = options;
    for (auto* p : panes_) p->setOptions(options);
    if (isVisible()) refreshPanes();  // the heatmaps are read only when shown
}

void CompareView::showFrame(const ShownFrame& frame) {
    frame_ = frame;
    if (isVisible()) refreshPanes();
}

void CompareView::refreshPanes() {
    layoutPanes(frame_.index < 0 ? 0 : std::min(4, model_->slotCount()));
    for (std::size_t i = 0; i < panes_.size(); ++i) {
        const int slot = static_cast<int>(i);
        panes_[i]->setImage(frame_.image);
        panes_[i]->setOverlay(frame_overlay(*model_, frame_.index, slot, options_.heatmap));
        panes_[i]->setTitle(model_->slotName(slot));
    }
}

void CompareView::refreshSummary() {
    const int n = model_->slotCount();
    summary_->setRowCount(n);
    for (int s = 0; s < n; ++s) {
        const auto v = model_->verdict(s);
        fill_row(summary_, s,
                 {model_->slotName(s), v.fake ? tr("FAKE") : tr(v.label()),
                  QString::number(v.confident, 'f', 3), QString::number(v.mean, 'f', 3),
                  QString("%1 % (%2/%3)")
                      .arg(100 * v.share_flagged, 0, 'f', 0)
                      .arg(v.flagged)
                      .arg(v.scored),
                  QString::number(model_->threshold(s), 'f', 3)});
        summary_->item(s, 0)->setForeground(slot_colour(s));
    }
    const auto comparison = model_->comparison();
    pairs_->setRowCount(static_cast<int>(comparison.pairs.size()));
    int row = 0;
    for (const auto& p : comparison.pairs)
        fill_row(pairs_, row++,
                 {model_->slotName(static_cast<int>(p.a)) + " / " +
                      model_->slotName(static_cast<int>(p.b)),
                  QString::number(p.frames), QString("%1 %").arg(100 * p.agreement, 0, 'f', 0),
                  QString::number(p.correlation, 'f', 3),
                  QString::number(p.mean_abs_difference, 'f', 3)});
    note_->setText(n < 2 ? tr("Tick two to four checkpoints and analyse to compare them.")
                         : tr("%1 frames compared.").arg(model_->frames().size()));
}

qint64 CompareView::disagreement(qint64 from, int direction) const {
    const auto largest = model_->comparison().largest;
    std::vector<qint64> frames;
    for (const auto& d : largest)
        if (d.spread > 0) frames.push_back(d.frame);
    std::sort(frames.begin(), frames.end());
    if (direction > 0) {
        auto it = std::upper_bound(frames.begin(), frames.end(), from);
        return it == frames.end() ? -1 : *it;
    }
    auto it = std::lower_bound(frames.begin(), frames.end(), from);
    return it == frames.begin() ? -1 : *std::prev(it);
}

QString CompareView::summaryText() const {
    QStringList lines;
    for (auto* t : {summary_, pairs_})
        for (int r = 0; r < t->rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < t->columnCount(); ++c)
                cells << (t->item(r, c) ? t->item(r, c)->text() : QString());
            lines << cells.join('\t');
        }
    return lines.join('\n');
}

}  // namespace interceptor
