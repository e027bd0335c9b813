#pragma once
// The case's bookmarks: frame, timecode, status (OK, to be checked,
// warning) and note; add one at the current frame, edit, remove, and
// double-click to jump. Changes are saved in the case at once.
#include <QWidget>

#include "core/case/case_store.h"

class QTreeWidget;

namespace interceptor {

class CaseModel;

class BookmarksDock : public QWidget {
    Q_OBJECT
  public:
    BookmarksDock(CaseModel* model, QWidget* parent = nullptr);
    // Asks for status and note and bookmarks this frame; false if cancelled or failed.
    bool addAt(qint64 frame);
    // Without asking (tests, scripted use).
    QString add(qint64 frame, BookmarkStatus status, const QString& note);
    int count() const;

  Q_SIGNALS:
    void jumpTo(qint64 frame);
    void currentFrameWanted();  // the Add button: the window answers with addAt(current)

  private:
    void refresh();
    void editSelected();
    void removeSelected();

    CaseModel* model_;
    QTreeWidget* list_;
};

// A bookmark status as shown.
QString bookmark_status_label(BookmarkStatus status);

}  // namespace interceptor
