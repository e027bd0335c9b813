#include "case/case_model.h"

namespace interceptor {

CaseModel::CaseModel(QObject* parent) : QObject(parent) {}

void CaseModel::clear() {
    store_.reset();
    media_ = {};
    analysis_ = {};
    frames_.clear();
    bookmarks_.clear();
    heatmap_frame_.reset();
    Q_EMIT analysisChanged();
    Q_EMIT bookmarksChanged();
}

void CaseModel::setCase(std::shared_ptr<CaseStore> store) {
    store_ = std::move(store);
    media_ = store_->media();
    analysis_ = {};
    frames_.clear();
    heatmap_frame_.reset();
    reloadBookmarks();
    auto all = store_->analyses();
    if (all && !all->empty())
        showAnalysis(all->back());
    else
        Q_EMIT analysisChanged();
}

void CaseModel::showAnalysis(const StoredAnalysis& analysis) {
    analysis_ = analysis;
    frames_.clear();
    heatmap_frame_.reset();
    if (store_) {
        auto stored = store_->frames(analysis.id, false);
        if (stored)
            for (auto& f : *stored) frames_.emplace(f.frame, std::move(f));
    }
    Q_EMIT analysisChanged();
}

void CaseModel::addFrame(const FrameResult& frame) {
    if (!hasAnalysis()) return;  // a late result of an analysis since closed
    frames_[frame.frame] = without_maps(frame);
    Q_EMIT frameAdded(frame.frame);
}

QString CaseModel::slotName(int slot) const {
    return slot >= 0 && slot < slotCount()
               ? QString::fromStdString(analysis_.spec.checkpoints[slot].name)
               : QString();
}

double CaseModel::threshold(int slot) const {
    // The store has decided each checkpoint's threshold (decide_threshold) as it read the case.
    return slot >= 0 && slot < slotCount() ? analysis_.spec.checkpoints[slot].threshold : 0.5;
}

const FrameResult* CaseModel::frame(qint64 index) const {
    auto it = frames_.find(index);
    return it == frames_.end() ? nullptr : &it->second;
}

cv::Mat CaseModel::heatmap(qint64 index, int slot) const {
    if (!store_ || !hasAnalysis() || !frames_.count(index)) return {};
    if (!heatmap_frame_ || heatmap_frame_->frame != index) {
        auto stored = store_->frame(analysis_.id, index);
        if (!stored || !*stored) return {};
        heatmap_frame_ = std::move(**stored);
    }
    if (slot < 0 || slot >= static_cast<int>(heatmap_frame_->per_checkpoint.size())) return {};
    return heatmap_frame_->per_checkpoint[static_cast<std::size_t>(slot)].heatmap;
}

CheckpointVerdicts CaseModel::verdicts(int slot) const {
    std::vector<const FrameResult*> frames;
    frames.reserve(frames_.size());
    for (const auto& [index, f] : frames_) frames.push_back(&f);
    return judge_checkpoint(frames, static_cast<std::size_t>(slot), threshold(slot),
                            analysis_.spec.rules);
}

VideoVerdict CaseModel::verdict(int slot) const { return verdicts(slot).clip; }

Comparison CaseModel::comparison(std::size_t top) const {
    std::vector<ComparisonFrame> frames;
    for (const auto& [index, f] : frames_) {
        ComparisonFrame c{index, f.seconds, {}};
        for (const auto& k : f.per_checkpoint)
            c.p_fake.push_back(k.applicable ? std::optional<double>(k.score.p_fake) : std::nullopt);
        frames.push_back(std::move(c));
    }
    std::vector<double> thresholds;
    for (int s = 0; s < slotCount(); ++s) thresholds.push_back(threshold(s));
    return compare_checkpoints(frames, thresholds, top);
}

void CaseModel::reloadBookmarks() {
    bookmarks_.clear();
    if (!store_) return;
    if (auto all = store_->bookmarks()) bookmarks_ = std::move(*all);
    Q_EMIT bookmarksChanged();
}

int CaseModel::scoredTrack(qint64 index) const {
    const FrameResult* r = frame(index);
    if (!r) return -1;
    // The most suspicious face over the checkpoints: the person the examiner is looking at.
    int track = -1;
    float best = -1;
    for (const auto& c : r->per_checkpoint)
        if (c.applicable && c.face_index >= 0 &&
            static_cast<std::size_t>(c.face_index) < r->faces.size() && c.score.p_fake > best) {
            best = c.score.p_fake;
            track = r->faces[static_cast<std::size_t>(c.face_index)].track;
        }
    return track;
}

QString CaseModel::addBookmark(qint64 frame, BookmarkStatus status, const QString& note) {
    if (!store_) return tr("Open a clip first.");
    auto added = store_->add_bookmark(frame, status, note.toStdString(), scoredTrack(frame));
    reloadBookmarks();
    return added ? QString() : QString::fromStdString(added.error());
}

QString CaseModel::updateBookmark(const Bookmark& bookmark) {
    if (!store_) return tr("Open a clip first.");
    auto done = store_->update_bookmark(bookmark);
    reloadBookmarks();
    return done ? QString() : QString::fromStdString(done.error());
}

QString CaseModel::removeBookmark(qint64 id) {
    if (!store_) return tr("Open a clip first.");
    auto done = store_->remove_bookmark(id);
    reloadBookmarks();
    return done ? QString() : QString::fromStdString(done.error());
}

}  // namespace interceptor
