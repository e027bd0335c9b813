#pragma once
// What `interceptor` does with its command line: open a clip, add named
// checkpoints, pick the frames, start the analysis, switch to compare mode,
// and take screenshots of the window at given moments (for the README and
// tests), then optionally quit. Parsing errors are returned as text.
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

#include "core/analysis/frame_selection.h"

namespace interceptor {

class MainWindow;

struct StartOptions {
    QString clip;
    bool demo = false;                           // the bundled demo instead of a clip
    QList<QPair<QString, QString>> checkpoints;  // path, name
    std::optional<FrameSelection> selection;
    bool analyse = false, compare = false, tracks = false, quit_after_screenshots = false;
    bool attribution = false;  // View > Show attribution
    qint64 seek = -1;          // after the analysis (or at once without one)
    QString bookmark;          // "STATUS:NOTE", at the seek frame once the analysis is done
    // file, when ("shown", "half", "done", "explained": the shown frame's attribution map drawn,
    // after the analysis)
    QList<QPair<QString, QString>> screenshots;
};

// Reads the arguments after the program name; error text or "" (help fills `help`).
QString parse_start_options(const QStringList& args, StartOptions& options, QString& help);

// Carries the options out on a window; quits the application after the last screenshot if asked.
class ScriptedStart : public QObject {
    Q_OBJECT
  public:
    ScriptedStart(MainWindow* window, StartOptions options);
    void begin();

  private:
    void shoot(const QString& when);
    MainWindow* window_;
    StartOptions options_;
    bool shown_ = false, half_ = false, done_ = false;
};

}  // namespace interceptor
