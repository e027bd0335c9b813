#pragma once
// Two to four checkpoints on the same clip at once: synchronised panes of
// the same frame, each with its own heatmap and probability; a table of
// summary figures (mean, confident score, verdict, share flagged) and, per
// pair, agreement and correlation; and next/previous "largest disagreement"
// navigation.
#include <QWidget>

#include <vector>

#include "player/ui_types.h"
#include "player/video_view.h"

class QTableWidget;
class QLabel;

namespace interceptor {

class CaseModel;

class CompareView : public QWidget {
    Q_OBJECT
  public:
    CompareView(CaseModel* model, QWidget* parent = nullptr);

    // The frame on screen and one overlay per checkpoint (heatmap of that checkpoint).
    void showFrame(const ShownFrame& frame, const std::vector<FrameOverlay>& overlays);
    void setOptions(const OverlayOptions& options);
    void refreshSummary();
    int paneCount() const;
    // The frame of the next (+1) or previous (-1) large disagreement after/before `from`; -1 if
    // none.
    qint64 disagreement(qint64 from, int direction) const;
    QString summaryText() const;  // the table as text (tests, clipboard)

  Q_SIGNALS:
    void seekRequested(qint64 frame);
    void stepDisagreement(int direction);

  private:
    void layoutPanes(int count);

    CaseModel* model_;
    QWidget* grid_;
    std::vector<VideoView*> panes_;
    QTableWidget* summary_;
    QTableWidget* pairs_;
    QLabel* note_;
    OverlayOptions options_;
};

}  // namespace interceptor
