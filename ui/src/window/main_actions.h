#pragma once
// The window's menus (File, Analysis, View, Go, Help) and their shortcuts,
// which work while the menu bar is hidden too; the small dialogs the menus
// open (jump to a frame or time, the shortcut list, About); and the recent
// files (QSettings). Every command goes to the window's public methods or
// the playback controller. Lives on the window's thread; not thread-safe.
#include <QKeySequence>
#include <QObject>

class QAction;
class QMenu;

namespace interceptor {

class MainWindow;
class PlaybackController;

class MainActions : public QObject {
    Q_OBJECT
  public:
    MainActions(MainWindow* window, PlaybackController* playback);

    QAction* analyseAction() const { return analyse_; }
    QAction* reportAction() const { return report_; }
    void setCompareChecked(bool on);
    void setTracksChecked(bool on);
    void rememberRecent(const QString& path);  // an opened clip, first in File > Open recent

  private:
    template <typename Slot>
    QAction* add(QMenu* menu, const QString& text, const QKeySequence& key, Slot slot);
    void buildFileMenu();
    void buildAnalysisMenu();
    void buildViewMenu();
    void buildGoMenu();
    void buildHelpMenu();
    void rebuildRecentMenu();
    void openDialog();
    void jumpDialog();
    void showShortcuts();
    void showAbout();

    MainWindow* window_;
    PlaybackController* playback_;
    QMenu* recent_ = nullptr;
    QAction* analyse_ = nullptr;
    QAction* report_ = nullptr;
    QAction* compare_ = nullptr;
    QAction* tracks_ = nullptr;
};

}  // namespace interceptor
