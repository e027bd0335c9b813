#include "docks/frame_panel.h"

#include <QHeaderView>
#include <QStringList>

#include "case/case_model.h"

namespace interceptor {

FramePanel::FramePanel(const CaseModel* model, QWidget* parent)
    : QTreeWidget(parent), model_(model) {
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(model_, &CaseModel::analysisChanged, this, &FramePanel::refresh);
    connect(model_, &CaseModel::frameAdded, this, [this](qint64 frame) {
        if (frame == frame_.index) refresh();
    });
}

void FramePanel::showFrame(const ShownFrame& frame) {
    frame_ = frame;
    refresh();
}

void FramePanel::refresh() {
    clear();
    if (frame_.index < 0) return;
    auto row = [this](const QString& field, const QString& value) {
        auto* item = new QTreeWidgetItem(this, {field, value});
        item->setToolTip(1, value);
    };
    row(tr("Frame"), QString::number(frame_.index));
    row(tr("Timecode"), frame_.timecode);
    row(tr("PTS"), QString::number(frame_.pts));
    row(tr("Pixels SHA-256"), frame_.pixel_sha256);
    row(tr("Decoding"), frame_.damage.isEmpty() ? tr("clean") : frame_.damage);
    const FrameResult* r = model_->frame(frame_.index);
    if (!r) {
        row(tr("Analysis"), model_->hasAnalysis() ? tr("frame not analysed") : tr("no analysis"));
        return;
    }
    for (int s = 0; s < model_->slotCount(); ++s) {
        const auto& c = r->per_checkpoint[static_cast<std::size_t>(s)];
        const QString name = model_->slotName(s);
        if (c.applicable) {
            row(name + tr(" P(fake)"),
                QString::number(c.score.p_fake, 'f', 4) +
                    (c.score.p_fake >= model_->threshold(s) ? tr("  (flagged, threshold %1)")
                                                            : tr("  (below threshold %1)"))
                        .arg(model_->threshold(s), 0, 'f', 3));
            if (c.score.logits.size() == 2)
                row(name + tr(" logits"), QString("real %1, fake %2")
                                              .arg(c.score.logits[0], 0, 'f', 4)
                                              .arg(c.score.logits[1], 0, 'f', 4));
        } else {
            row(name, tr("not applicable: %1").arg(QString::fromStdString(c.reason)));
        }
        if (c.face)
            row(name + tr(" face"), QString("x %1, y %2, %3 x %4")
                                        .arg(c.face->x)
                                        .arg(c.face->y)
                                        .arg(c.face->width)
                                        .arg(c.face->height));
    }
    // Every face, with its track and each checkpoint's P(fake) (the frame's score is the highest).
    for (std::size_t f = 0; f < r->faces.size(); ++f) {
        const Face& face = r->faces[f];
        QStringList scores;
        for (int s = 0; s < model_->slotCount(); ++s) {
            const auto& fs = r->per_checkpoint[static_cast<std::size_t>(s)].face_scores;
            if (f < fs.size() && !fs[f].logits.empty())
                scores << tr("%1 %2").arg(model_->slotName(s)).arg(fs[f].p_fake, 0, 'f', 4);
        }
        row(tr("Face %1 (track %2)").arg(f).arg(face.track),
            tr("P(fake) %1; box x %2, y %3, %4 x %5; detector score %6")
                .arg(scores.isEmpty() ? tr("not scored") : scores.join(", "))
                .arg(face.box.x, 0, 'f', 0)
                .arg(face.box.y, 0, 'f', 0)
                .arg(face.box.width, 0, 'f', 0)
                .arg(face.box.height, 0, 'f', 0)
                .arg(face.score, 0, 'f', 3));
    }
    row(tr("Mean luma"), QString::number(r->light.mean_luma, 'f', 1));
    row(tr("Luma p5 / p50 / p95"), QString("%1 / %2 / %3")
                                       .arg(r->light.p5_luma, 0, 'f', 0)
                                       .arg(r->light.p50_luma, 0, 'f', 0)
                                       .arg(r->light.p95_luma, 0, 'f', 0));
    row(tr("Noise sigma"), QString::number(r->light.noise_sigma, 'f', 2));
    row(tr("Low light"), r->light.low_light ? tr("yes (mean luma below 60)") : tr("no"));
}

QString FramePanel::value(const QString& field) const {
    const auto found = findItems(field, Qt::MatchExactly, 0);
    return found.isEmpty() ? QString() : found.front()->text(1);
}

}  // namespace interceptor
