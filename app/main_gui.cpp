// interceptor: the desktop workstation. Options are read by ScriptedStart.
#include <QApplication>
#include <QIcon>

#include <cstdio>

#include "core/media/component_versions.h"
#include "interceptor/version.h"
#include "window/main_window.h"
#include "window/scripted_start.h"

int main(int argc, char** argv) {
    // --help and --version are answered before QApplication exists, so they
    // work without a display (man pages, packaging tests, ssh sessions).
    QStringList raw;
    for (int i = 1; i < argc; ++i) raw << QString::fromLocal8Bit(argv[i]);
    interceptor::StartOptions options;
    QString help;
    if (raw.contains("--version")) {
        std::printf("interceptor %s\n", INTERCEPTOR_VERSION);
        for (const auto& c : interceptor::component_versions())
            std::printf("  %s %s\n", c.name.c_str(), c.version.c_str());
        std::printf("  Qt %s\n", qVersion());
        return 0;
    }
    if (raw.contains("--help") || raw.contains("-h")) {
        interceptor::parse_start_options({"--help"}, options, help);
        std::fputs(qPrintable(help), stdout);
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("Interceptor");
    QApplication::setOrganizationName("Interceptor");
    QApplication::setApplicationVersion(INTERCEPTOR_VERSION);
    // Matches the installed .desktop file, so desktops group the window with its launcher.
    QApplication::setDesktopFileName("org.interceptor.Interceptor");
    QApplication::setWindowIcon(QIcon(":/icons/interceptor.png"));
    // Qt has taken its own options (-platform, -style ...) out of these.
    QStringList args = QApplication::arguments();
    args.removeFirst();
    const QString error = interceptor::parse_start_options(args, options, help);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "interceptor: %s\n", qPrintable(error));
        return 2;
    }
    interceptor::MainWindow window;
    window.show();
    auto* start = new interceptor::ScriptedStart(&window, options);
    start->begin();
    return app.exec();
}
