#pragma once
// The checkpoints the investigator works with, each with a name (Stage 1,
// Stage 2, ...) and a tick for "use in the next analysis"; remembered
// between runs (QSettings). Names are edited in place. Lives on the
// window's thread.
#include <QWidget>

#include "case/analysis_controller.h"

class QTableWidget;

namespace interceptor {

class CheckpointsDock : public QWidget {
    Q_OBJECT
  public:
    explicit CheckpointsDock(QWidget* parent = nullptr);

    // Adds (or re-ticks) a checkpoint; an empty name becomes "Stage N".
    void addCheckpoint(const QString& path, const QString& name = {});
    // Ticks exactly these (adding any that are missing) and unticks the rest.
    void chooseOnly(const QList<CheckpointChoice>& checkpoints);
    void browse();  // a file dialog
    QList<CheckpointChoice> chosen() const;
    void save() const;

  private:
    void load();
    QTableWidget* table_;
};

// Whether a file is taken for a checkpoint by its suffix (.pt, .pth, .ckpt, or a .zip holding
// one), as the Add dialog's filter and dropped files do.
bool is_checkpoint_file(const QString& path);

}  // namespace interceptor
