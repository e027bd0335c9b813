#pragma once
// The bundled demo: a generated clip of a public-domain photograph with a
// manipulated stretch, and DEMONSTRATION checkpoints trained on it by
// Interceptor's own trainer (resources/demo/PROVENANCE.md). Found where the
// package installs it (<prefix>/share/interceptor/demo beside bin/) or, in a
// development build, in the source tree.
#include <QList>
#include <QPair>
#include <QString>

namespace interceptor {

struct DemoAssets {
    QString clip;
    QList<QPair<QString, QString>> checkpoints;  // path, name; every demo-*.pt, in name order
};

// The demo, or the error saying where it was looked for.
bool find_demo(DemoAssets& demo, QString& error);

}  // namespace interceptor
