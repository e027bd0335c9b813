#pragma once
// The facts of the frame on screen: index, timecode, pts, the SHA-256 of its
// decoded pixels, each checkpoint's probability and logits (or why it was
// not applicable), the face box and the low-light statistics. Follows the
// case model as results arrive. Lives on the window's thread.
#include <QTreeWidget>

#include "player/ui_types.h"

namespace interceptor {

class CaseModel;

class FramePanel : public QTreeWidget {
    Q_OBJECT
  public:
    explicit FramePanel(const CaseModel* model, QWidget* parent = nullptr);
    void showFrame(const ShownFrame& frame);  // an empty frame (index -1) empties the panel
    // The value shown for a field ("" when absent): for tests.
    QString value(const QString& field) const;

  private:
    void refresh();

    const CaseModel* model_;
    ShownFrame frame_;
};

}  // namespace interceptor
