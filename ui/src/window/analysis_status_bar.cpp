#include "window/analysis_status_bar.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

#include "core/media/decoded_frame.h"

namespace interceptor {

QString analysis_ending(const StoredAnalysis& analysis) {
    switch (analysis.status) {
        case AnalysisStatus::Complete:
            return QObject::tr("It is complete.");
        case AnalysisStatus::Cancelled:
            return QObject::tr("It was cancelled.");
        case AnalysisStatus::Failed:
            return analysis.error.empty()
                       ? QObject::tr("It failed.")
                       : QObject::tr("It failed: %1").arg(QString::fromStdString(analysis.error));
        case AnalysisStatus::Running:
            break;
    }
    // Not running here, yet marked running: the program ended while it ran.
    return QObject::tr(
        "It was interrupted: the program ended (closed, killed or crashed) while it ran.");
}

AnalysisStatusBar::AnalysisStatusBar(QWidget* parent) : QStatusBar(parent) {
    text_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(220);
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setVisible(false);
    cancel_->setToolTip(tr("Stop the analysis; what is done stays in the case (Ctrl+.)"));
    resume_ = new QPushButton(this);
    resume_->setVisible(false);
    addWidget(text_, 1);
    addPermanentWidget(resume_);
    addPermanentWidget(progress_);
    addPermanentWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, &AnalysisStatusBar::cancelRequested);
    connect(resume_, &QPushButton::clicked, this, &AnalysisStatusBar::resumeRequested);
}

void AnalysisStatusBar::setStatus(const QString& text) { text_->setText(text); }

QString AnalysisStatusBar::status() const { return text_->text(); }

void AnalysisStatusBar::showRunning() {
    progress_->setValue(0);
    progress_->setVisible(true);
    cancel_->setVisible(true);
    resume_->setVisible(false);
}

void AnalysisStatusBar::showProgress(const AnalysisProgress& p) {
    progress_->setMaximum(static_cast<int>(std::max<std::int64_t>(1, p.total)));
    progress_->setValue(static_cast<int>(p.done));
    text_->setText(tr("Analysing: %1 of %2 frames, %3 frames/s, %4 left")
                       .arg(p.done)
                       .arg(p.total)
                       .arg(p.frames_per_second, 0, 'f', 1)
                       .arg(QString::fromStdString(format_timecode(p.seconds_left)).left(8)));
}

void AnalysisStatusBar::showStopped() {
    progress_->setVisible(false);
    cancel_->setVisible(false);
}

void AnalysisStatusBar::offerResume(const StoredAnalysis& a) {
    const QString how = a.status == AnalysisStatus::Cancelled ? tr("cancelled")
                        : a.status == AnalysisStatus::Failed  ? tr("failed")
                                                              : tr("interrupted");
    resume_->setText(tr("Resume the %1 analysis (%2 of %3 frames done)")
                         .arg(how)
                         .arg(a.frames_stored)
                         .arg(a.total_frames));
    resume_->setToolTip(analysis_ending(a) +
                        tr("\nResuming analyses the missing frames with the same checkpoints and "
                           "frame selection; the frames done stay."));
    resume_->setVisible(true);
}

void AnalysisStatusBar::hideResume() { resume_->setVisible(false); }

QString AnalysisStatusBar::resumeOffer() const {
    return resume_->isHidden() ? QString() : resume_->text();
}

}  // namespace interceptor
