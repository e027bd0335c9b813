#pragma once
// Two to four checkpoints on the same clip at once: synchronised panes of
// the same frame, each with its own heatmap and probability; a table of
// summary figures (mean, confident score, verdict, share flagged) and, per
// pair, agreement and correlation; and next/previous "largest disagreement"
// navigation. Follows the case model while it is shown (the summary at most
// every 500 ms while results arrive). Lives on the window's thread.
#include <QTimer>
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

    // The frame on screen, in one pane per checkpoint (each with its own heatmap).
    void showFrame(const ShownFrame& frame);
    void setOptions(const OverlayOptions& options);
    int paneCount() const;
    // The frame of the next (+1) or previous (-1) large disagreement after/before `from`; -1 if
    // none.
    qint64 disagreement(qint64 from, int direction) const;
    QString summaryText() const;  // the table as text (tests, clipboard)

  Q_SIGNALS:
    void stepDisagreement(int direction);

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void refreshPanes();
    void refreshSummary();
    void layoutPanes(int count);

    CaseModel* model_;
    ShownFrame frame_;
    QTimer summary_timer_;
    QWidget* grid_;
    std::vector<VideoView*> panes_;
    QTableWidget* summary_;
    QTableWidget* pairs_;
    QLabel* note_;
    OverlayOptions options_;
};

}  // namespace interceptor
