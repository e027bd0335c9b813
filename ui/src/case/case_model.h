#pragma once
// What the views show about the open clip: its case (evidence, bookmarks)
// and one analysis of it (per-checkpoint names, thresholds and per-frame
// results, stored or arriving live). Heatmaps are read from the case only
// for the frame on screen. The views subscribe to its signals. Lives on the
// window's thread; not thread-safe.
#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/analysis/checkpoint_comparison.h"
#include "core/analysis/checkpoint_verdict.h"
#include "core/analysis/video_verdict.h"
#include "core/case/case_store.h"

namespace interceptor {

class CaseModel : public QObject {
    Q_OBJECT
  public:
    explicit CaseModel(QObject* parent = nullptr);

    void clear();
    // A new case: its bookmarks, and its most recent analysis if it has one.
    void setCase(std::shared_ptr<CaseStore> store);
    // Shows this analysis, with the frames stored so far.
    void showAnalysis(const StoredAnalysis& analysis);
    void addFrame(const FrameResult& frame);  // live, from the running analysis

    CaseStore* store() const { return store_.get(); }
    const std::shared_ptr<CaseStore>& sharedStore() const { return store_; }
    const MediaInfo& media() const { return media_; }
    bool hasAnalysis() const { return analysis_.id != 0; }
    const StoredAnalysis& analysis() const { return analysis_; }
    int slotCount() const { return static_cast<int>(analysis_.spec.checkpoints.size()); }
    QString slotName(int slot) const;
    double threshold(int slot) const;
    const std::map<qint64, FrameResult>& frames() const { return frames_; }
    const FrameResult* frame(qint64 index) const;
    // The luminance heatmap of a frame for one checkpoint (empty when none is stored).
    cv::Mat heatmap(qint64 index, int slot) const;
    VideoVerdict verdict(int slot) const;
    // The clip's verdict with each track's, so far (judge_checkpoint).
    CheckpointVerdicts verdicts(int slot) const;
    // The track of the most suspicious face scored in the frame, -1: none (whole frame, no face).
    int scoredTrack(qint64 frame) const;
    Comparison comparison(std::size_t top = 50) const;

    const std::vector<Bookmark>& bookmarks() const { return bookmarks_; }
    QString addBookmark(qint64 frame, BookmarkStatus status, const QString& note);  // error or ""
    QString updateBookmark(const Bookmark& bookmark);
    QString removeBookmark(qint64 id);

  Q_SIGNALS:
    void analysisChanged();         // another analysis (or none) is shown: everything changed
    void frameAdded(qint64 frame);  // a live result, for the analysis shown
    void bookmarksChanged();

  private:
    void reloadBookmarks();

    std::shared_ptr<CaseStore> store_;
    MediaInfo media_;
    StoredAnalysis analysis_;
    std::map<qint64, FrameResult> frames_;
    std::vector<Bookmark> bookmarks_;
    // The heatmaps of the last frame asked for: views ask for it once per slot and repaint.
    mutable std::optional<FrameResult> heatmap_frame_;
};

}  // namespace interceptor
