#include "case/attribution_controller.h"

#include <QMetaObject>

#include <opencv2/imgproc.hpp>

#include "case/case_model.h"
#include "player/frame_overlay.h"
#include "player/heatmap_image.h"

namespace interceptor {

AttributionController::AttributionController(QObject* parent)
    : QObject(parent), worker_([this] { work(); }) {}

AttributionController::~AttributionController() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void AttributionController::explain(const CaseModel& model, const ShownFrame& frame, int slot) {
    auto reason = [&](const QString& why) { show({frame.index, {}, {}, why}); };
    if (frame.index < 0 || frame.image.isNull()) return reason({});
    if (slot < 0 || slot >= model.slotCount())
        return reason(tr("attribution: no analysis to explain"));
    const FrameResult* r = model.frame(frame.index);
    if (!r) return reason(tr("attribution: this frame was not analysed"));
    const auto& scored = r->per_checkpoint[static_cast<std::size_t>(slot)];
    if (!scored.applicable)
        return reason(tr("attribution: nothing was scored in this frame (%1)")
                          .arg(QString::fromStdString(scored.reason)));
    if (!r->pixel_sha256.empty() && frame.pixel_sha256.toStdString() != r->pixel_sha256)
        return reason(tr("attribution: the frame decodes to other pixels than the ones analysed"));
    Request job;
    job.frame = frame.index;
    job.checkpoint = model.analysis().spec.checkpoints[static_cast<std::size_t>(slot)];
    job.face = scored_face(*r, static_cast<std::size_t>(slot));
    const QImage& rgb = frame.image;
    const cv::Mat view(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                       static_cast<std::size_t>(rgb.bytesPerLine()));
    cv::cvtColor(view, job.bgr,
                 cv::COLOR_RGB2BGR);  // the decoded pixels exactly (RGB888 is lossless)
    show({frame.index,
          {},
          {},
          tr("attribution (Grad-CAM) of %1: computing ...").arg(model.slotName(slot))});
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_ = std::move(job);
    }
    wake_.notify_all();
}

void AttributionController::addTo(FrameOverlay& overlay, qint64 frame) const {
    if (shown_.frame != frame) return;
    overlay.attribution = shown_.map;
    overlay.attribution_place = shown_.place;
    overlay.attribution_caption = shown_.caption;
}

void AttributionController::show(Shown shown) {
    shown_ = std::move(shown);
    Q_EMIT changed();
}

void AttributionController::work() {
    // The network of the last checkpoint asked for, by its file and hash.
    std::unique_ptr<Attributor> attributor;
    std::string loaded_for;
    for (;;) {
        Request job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || pending_; });
            if (stop_) return;
            job = std::move(*pending_);
            pending_.reset();
        }
        const QString name = QString::fromStdString(job.checkpoint.name);
        auto post = [this](Shown shown) {
            QMetaObject::invokeMethod(
                this, [this, shown = std::move(shown)] { show(shown); }, Qt::QueuedConnection);
        };
        const std::string key = job.checkpoint.path + "\n" + job.checkpoint.sha256;
        if (!attributor || loaded_for != key) {
            attributor.reset();
            auto loaded = load_attributor(job.checkpoint);
            if (!loaded) {
                post({job.frame,
                      {},
                      {},
                      tr("no attribution: %1").arg(QString::fromStdString(loaded.error()))});
                continue;
            }
            attributor = std::move(*loaded);
            loaded_for = key;
        }
        auto explained = attribute_frame(*attributor, job.bgr, job.checkpoint.profile, job.face);
        if (!explained) {
            post({job.frame,
                  {},
                  {},
                  tr("no attribution: %1").arg(QString::fromStdString(explained.error()))});
            continue;
        }
        const auto& a = explained->attribution;
        Shown shown{
            job.frame,
            heatmap_image(a.map, MapColours::Attribution),
            {},
            tr("Grad-CAM of %1 (%2 x %2 grid): an explanation, not proof").arg(name).arg(a.grid)};
        if (explained->place) shown.place = to_qtransform(*explained->place);
        post(std::move(shown));
    }
}

}  // namespace interceptor
