#pragma once
// The tool bar under the menus: first, previous, play, next and last frame,
// the playback speed and the position shown; the frames to analyse beside
// Analyse and Export report; the heatmap opacity. It drives the playback
// controller and follows it. Lives on the window's thread; not thread-safe.
#include <QToolBar>

#include "core/analysis/frame_selection.h"
#include "player/ui_types.h"

class QComboBox;
class QLabel;

namespace interceptor {

class PlaybackController;

class TransportBar : public QToolBar {
    Q_OBJECT
  public:
    // `analyse` and `report` are the menus' actions, shown here as buttons too.
    TransportBar(PlaybackController* playback, QAction* analyse, QAction* report, double opacity,
                 QWidget* parent = nullptr);

    FrameSelection selection() const;                    // the frames to analyse
    void setSelection(const FrameSelection& selection);  // added to the choices if new

  Q_SIGNALS:
    void opacityChanged(double opacity);  // 0 to 1

  private:
    void showPosition(const ShownFrame& frame);

    PlaybackController* playback_;
    QLabel* position_;
    QComboBox* selection_;
};

}  // namespace interceptor
