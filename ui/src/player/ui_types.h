#pragma once
// What a shown frame carries from the decoding thread to the views.
#include <QImage>
#include <QString>

namespace interceptor {

// A decoded frame ready to paint, with what the frame panel shows about it. Immutable once sent.
struct ShownFrame {
    qint64 index = -1;
    qint64 pts = 0;
    double seconds = 0;
    QString timecode;
    QString pixel_sha256;
    QImage image;    // RGB888, upright
    QString damage;  // empty: decoded cleanly; else how the decoder's errors spoiled it
};

}  // namespace interceptor
