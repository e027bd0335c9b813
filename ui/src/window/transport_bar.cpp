#include "window/transport_bar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSlider>

#include "player/playback_controller.h"

namespace interceptor {

TransportBar::TransportBar(PlaybackController* playback, QAction* analyse, QAction* report,
                           double opacity, QWidget* parent)
    : QToolBar(tr("Transport"), parent), playback_(playback) {
    setObjectName("transport");
    addAction(tr("|<"), playback, [playback] {
        playback->seek(0);
    })->setToolTip(tr("First frame (Home)"));
    addAction(tr("<"), playback, [playback] {
        playback->step(-1);
    })->setToolTip(tr("Previous frame (, or Left)"));
    addAction(tr("Play"), playback, &PlaybackController::togglePlay)
        ->setToolTip(tr("Play / pause (Space)"));
    addAction(tr(">"), playback, [playback] {
        playback->step(1);
    })->setToolTip(tr("Next frame (. or Right)"));
    addAction(tr(">|"), playback, [playback] {
        playback->seek(playback->frameCount() - 1);
    })->setToolTip(tr("Last frame (End)"));
    auto* speed = new QComboBox(this);
    for (double s : PlaybackController::speeds()) speed->addItem(QString("%1x").arg(s));
    speed->setCurrentIndex(PlaybackController::kNormalSpeed);
    speed->setToolTip(tr("Playback speed"));
    addWidget(speed);
    connect(speed, qOverload<int>(&QComboBox::currentIndexChanged), playback, [playback](int i) {
        playback->setSpeed(PlaybackController::speeds()[static_cast<std::size_t>(i)]);
    });
    position_ = new QLabel(tr("no clip"), this);
    position_->setMinimumWidth(230);
    position_->setContentsMargins(8, 0, 8, 0);
    addWidget(position_);
    addSeparator();
    selection_ = new QComboBox(this);
    selection_->addItem(tr("Every frame"), QVariantList{0, 1});
    selection_->addItem(tr("Every 5th frame"), QVariantList{1, 5});
    selection_->addItem(tr("32 frames, evenly"), QVariantList{2, 32});
    selection_->setToolTip(tr("Frames to analyse"));
    addWidget(selection_);
    addAction(analyse);
    analyse->setToolTip(tr("Analyse with the ticked checkpoints (Ctrl+R)"));
    addAction(report);
    report->setToolTip(tr("Export the PDF report of this analysis (Ctrl+E)"));
    addSeparator();
    addWidget(new QLabel(tr(" Heatmap "), this));
    auto* slider = new QSlider(Qt::Horizontal, this);
    slider->setRange(0, 100);
    slider->setValue(static_cast<int>(opacity * 100));
    slider->setMaximumWidth(110);
    slider->setToolTip(tr("Heatmap opacity"));
    addWidget(slider);
    connect(slider, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT opacityChanged(v / 100.0); });
    connect(playback, &PlaybackController::frameShown, this, &TransportBar::showPosition);
    connect(playback, &PlaybackController::closed, this,
            [this] { position_->setText(tr("no clip")); });
}

void TransportBar::showPosition(const ShownFrame& frame) {
    position_->setText(tr("frame %1 / %2   %3")
                           .arg(frame.index)
                           .arg(playback_->frameCount() - 1)
                           .arg(frame.timecode));
}

FrameSelection TransportBar::selection() const {
    const auto v = selection_->currentData().toList();
    return {static_cast<FrameSelection::Mode>(v[0].toInt()), v[1].toLongLong()};
}

void TransportBar::setSelection(const FrameSelection& selection) {
    for (int i = 0; i < selection_->count(); ++i) {
        const auto v = selection_->itemData(i).toList();
        if (v[0].toInt() == static_cast<int>(selection.mode) && v[1].toLongLong() == selection.n) {
            selection_->setCurrentIndex(i);
            return;
        }
    }
    selection_->addItem(
        QString::fromStdString(selection.describe()),
        QVariantList{static_cast<int>(selection.mode), static_cast<qlonglong>(selection.n)});
    selection_->setCurrentIndex(selection_->count() - 1);
}

}  // namespace interceptor
