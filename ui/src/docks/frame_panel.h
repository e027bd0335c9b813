#pragma once
// The facts of the frame on screen: index, timecode, pts, the SHA-256 of its
// decoded pixels, each checkpoint's probability and logits (or why it was
// not applicable), the face box and the low-light statistics.
#include <QTreeWidget>

#include "player/ui_types.h"

namespace interceptor {

class CaseModel;

class FramePanel : public QTreeWidget {
    Q_OBJECT
  public:
    explicit FramePanel(QWidget* parent = nullptr);
    void showFrame(const ShownFrame& frame, const CaseModel& model);
    // The value shown for a field ("" when absent): for tests and the status bar.
    QString value(const QString& field) const;
};

}  // namespace interceptor
