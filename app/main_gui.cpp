// interceptor: the desktop workstation. Options are read by ScriptedStart.
#include <QApplication>

#include <cstdio>

#include "interceptor/version.h"
#include "main_window.h"
#include "scripted_start.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("Interceptor");
    QApplication::setOrganizationName("Interceptor");
    QApplication::setApplicationVersion(INTERCEPTOR_VERSION);
    QApplication::setDesktopFileName("interceptor");
    QStringList args = QApplication::arguments();
    args.removeFirst();
    if (args.contains("--version")) {
        std::printf("interceptor %s\n", INTERCEPTOR_VERSION);
        return 0;
    }
    interceptor::StartOptions options;
    QString help;
    const QString error = interceptor::parse_start_options(args, options, help);
    if (!help.isEmpty()) {
        std::fputs(qPrintable(help), stdout);
        return 0;
    }
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
