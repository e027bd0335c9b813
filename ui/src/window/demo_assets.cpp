#include "window/demo_assets.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace interceptor {

bool find_demo(DemoAssets& demo, QString& error) {
    const QStringList places = {
        QCoreApplication::applicationDirPath() + "/../share/interceptor/demo",
        QStringLiteral(INTERCEPTOR_SOURCE_DEMO_DIR)};
    for (const QString& place : places) {
        const QDir dir(place);
        if (!QFileInfo::exists(dir.filePath("demo-clip.mp4"))) continue;
        demo.clip = QDir::cleanPath(dir.filePath("demo-clip.mp4"));
        demo.checkpoints.clear();
        // demo-stage1.pt is named "DEMO stage 1": capitals, as a reminder that it is not
        // evidence-grade.
        for (const QString& file : dir.entryList({"demo-*.pt"}, QDir::Files, QDir::Name)) {
            QString stage = QFileInfo(file).completeBaseName().mid(5);
            stage.replace(QRegularExpression("(\\d+)$"), " \\1");
            demo.checkpoints.append(
                {QDir::cleanPath(dir.filePath(file)), QObject::tr("DEMO %1").arg(stage)});
        }
        if (!demo.checkpoints.isEmpty()) return true;
    }
    error =
        QObject::tr("The demo is not installed: no demo-clip.mp4 with demo-*.pt checkpoints in %1.")
            .arg(places.join(QObject::tr(" or ")));
    return false;
}

}  // namespace interceptor
