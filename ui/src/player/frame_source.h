#pragma once
// Decodes frames for display on a thread of its own, so the window never
// waits on FFmpeg. request() may be called at any rate (scrubbing): only the
// newest request is decoded, older ones are dropped. Results arrive as
// signals on the thread that owns this object. One clip at a time; opening
// another drops what was pending for the first.
#include <QObject>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "core/media/media_info.h"
#include "player/ui_types.h"

namespace interceptor {

class FrameSource : public QObject {
    Q_OBJECT
  public:
    explicit FrameSource(QObject* parent = nullptr);
    ~FrameSource() override;

    void open(const QString& path);
    void request(qint64 index);
    void close();

  Q_SIGNALS:
    void opened(const interceptor::MediaInfo& info);
    void openFailed(const QString& message);
    void frameReady(const interceptor::ShownFrame& frame);
    void frameFailed(qint64 index, const QString& message);

  private:
    void work();

    std::mutex mutex_;  // guards the fields up to stop_
    std::condition_variable wake_;
    std::optional<QString> pending_open_;
    std::optional<qint64> pending_frame_;
    bool pending_close_ = false;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace interceptor
