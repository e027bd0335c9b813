#pragma once
// The case file of one evidence clip: a SQLite database holding the evidence
// record and stream metadata, the case details typed by the examiner, every
// analysis run on the clip (checkpoints, settings, status) with its per-frame
// results and heatmaps, and the bookmarks.
//
// Why SQLite, through its C API: each frame is committed as it arrives, in a
// write-ahead log, so a kill -9 loses only frames still in flight and a
// half-written file is never read as whole (the journal rolls it back); an
// integrity check on open catches a damaged file. The C API rather than Qt
// SQL because results arrive on the analysis collector thread, and Qt SQL
// connections may only be used from the thread that made them; it also keeps
// the CLI free of Qt.
//
// Thread-safe: every method takes the store's mutex.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis/analysis_results.h"
#include "core/case/evidence.h"
#include "core/media/media_info.h"

struct sqlite3;

namespace interceptor {

// How an analysis stands. Stored by name; a name this build does not know
// (a later version's) is an error, never a guess.
enum class AnalysisStatus {
    Running,  // also what a killed or crashed analysis is left as
    Complete,
    Cancelled,
    Failed,
};
const char* status_name(AnalysisStatus status);  // "running", "complete", "cancelled", "failed"
Result<AnalysisStatus> parse_status(const std::string& name);

// What identifies an analysis: the same checkpoints (by content), frame
// selection and heatmap size give the same per-frame results, so a second
// run reuses them. Names and the threshold are not part of the key: the
// verdict is recomputed from the stored frames with the threshold asked for.
struct AnalysisSpec {
    std::vector<CheckpointSummary> checkpoints;  // descriptions; verdicts are not stored
    std::string selection;                       // FrameSelection::describe()
    std::string selection_flags;  // FrameSelection::flags(), for the command that repeats it
    int heatmap_size = 56;
    std::string face_detector = "none";  // FaceDetector::describe(), known once the analysis ran
    // The face detector asked for, when a checkpoint scores faces (part of the key: another
    // detector finds other faces).
    std::optional<FaceDetectorSettings> faces;
    std::optional<double> threshold;  // set for this analysis, overriding the checkpoints'
    VerdictRules rules;               // recorded with the analysis; the verdict is recomputed
    // A hash of a versioned, canonical form of what identifies the analysis (never of
    // words meant for people, so rewording a message orphans nothing).
    std::string key() const;
};

struct StoredAnalysis {
    std::int64_t id = 0;
    AnalysisSpec spec;
    AnalysisStatus status = AnalysisStatus::Running;
    std::string error;  // why it failed (status Failed), as the analysis reported it
    std::int64_t total_frames = 0;
    std::int64_t frames_stored = 0;
    std::string started_utc, updated_utc;
};

// A bookmark's status, stored by name ("ok", "check": to be checked, "warning").
enum class BookmarkStatus { Ok, Check, Warning };
const char* bookmark_status_name(BookmarkStatus status);
Result<BookmarkStatus> parse_bookmark_status(const std::string& name);

struct Bookmark {
    std::int64_t id = 0;
    std::int64_t frame = 0;
    BookmarkStatus status = BookmarkStatus::Check;
    std::string note;
    std::string created_utc;
    int track = -1;  // the face track the frame was scored on when it was set (-1: none)
};

// One SQLite file per clip. Writes go through one connection under a mutex;
// reads (the window's, a report's) through a second, read-only connection
// with its own mutex, so a long write never stalls a reader (the write-ahead
// log lets readers see every committed frame). Opening an older case
// upgrades it in one transaction and records that in its history; a case of
// a later schema is refused. Thread-safe.
class CaseStore {
  public:
    // The schema this build writes; older ones are upgraded on open.
    static constexpr int kSchemaVersion = 3;

    // $INTERCEPTOR_CASE_DIR, else $XDG_DATA_HOME/interceptor/cases, else
    // ~/.local/share/interceptor/cases.
    static std::string default_directory();
    // Cases are named by the evidence's SHA-256, so a renamed copy finds its case.
    static std::string file_for(const std::string& directory, const EvidenceRecord& evidence);

    // Opens the case of this evidence, creating it (and its folder) if needed.
    // Refuses a file that is not a case, is damaged, or belongs to other evidence.
    static Result<std::unique_ptr<CaseStore>> open(const std::string& file,
                                                   const EvidenceRecord& evidence,
                                                   const MediaInfo& media);
    // Opens an existing case (for a report or review); never creates one.
    static Result<std::unique_ptr<CaseStore>> open_existing(const std::string& file);
    ~CaseStore();
    CaseStore(const CaseStore&) = delete;
    CaseStore& operator=(const CaseStore&) = delete;

    const std::string& file() const { return file_; }
    EvidenceRecord evidence() const;
    MediaInfo media() const;

    // Case details typed by the examiner: case_id, item_id, examiner, organisation, notes.
    Result<Done> set_detail(const std::string& key, const std::string& value);
    std::string detail(const std::string& key) const;

    // Finds the analysis with this spec's key (updating names and threshold) or creates it; marks
    // it running.
    Result<StoredAnalysis> begin_analysis(const AnalysisSpec& spec, std::int64_t total_frames);
    Result<std::vector<StoredAnalysis>> analyses() const;
    Result<StoredAnalysis> analysis(std::int64_t id) const;
    Result<std::set<std::int64_t>> stored_frames(std::int64_t analysis) const;
    // Commits one frame's results (its own transaction: durable across a crash of the process).
    Result<Done> append(std::int64_t analysis, const FrameResult& frame);
    // Records how the analysis ended, why when it failed, and its final description (the devices
    // are known only once the engines ran).
    Result<Done> finish(std::int64_t analysis, const AnalysisSpec& spec, AnalysisStatus status,
                        const std::string& error = {});
    // Frames in ascending order; heatmaps only when asked (they are most of the bytes).
    Result<std::vector<FrameResult>> frames(std::int64_t analysis, bool with_heatmaps) const;
    // One frame with its heatmaps (an empty optional when it is not stored).
    Result<std::optional<FrameResult>> frame(std::int64_t analysis, std::int64_t index) const;
    // The track number a resumed analysis starts its new tracks at (after the stored ones).
    Result<int> next_track(std::int64_t analysis) const;
    // The verdict of each checkpoint, recomputed from the stored frames.
    Result<std::vector<CheckpointSummary>> summaries(std::int64_t analysis) const;

    Result<std::vector<Bookmark>> bookmarks() const;
    Result<Bookmark> add_bookmark(std::int64_t frame, BookmarkStatus status,
                                  const std::string& note, int track = -1);
    Result<Done> update_bookmark(const Bookmark& bookmark);
    Result<Done> remove_bookmark(std::int64_t id);

    // What happened to the case file itself (created, upgraded), oldest first.
    struct HistoryEntry {
        std::string utc, event;
    };
    Result<std::vector<HistoryEntry>> history() const;

  private:
    CaseStore() = default;
    static Result<std::unique_ptr<CaseStore>> connect(const std::string& file, bool create);
    Result<Done> upgrade(int from_version);
    Result<Done> exec(const std::string& sql) const;
    Result<Done> put_info(const std::string& key, const std::string& value);
    // The *_on functions run on the connection given, under its mutex held by the caller.
    std::string info_on(sqlite3* db, const std::string& key) const;
    Result<StoredAnalysis> analysis_on(sqlite3* db, std::int64_t id) const;
    Result<std::vector<FrameResult>> load_frames(std::int64_t analysis, bool with_heatmaps,
                                                 std::optional<std::int64_t> only) const;
    // Adds the faces and their scores (schema 3) to frames loaded for [first, last].
    Result<Done> load_faces(std::int64_t analysis, std::int64_t first, std::int64_t last,
                            std::vector<FrameResult>& frames) const;

    std::string file_;
    mutable std::mutex mutex_;  // guards db_ (every write)
    sqlite3* db_ = nullptr;
    mutable std::mutex read_mutex_;  // guards reader_ (every read)
    sqlite3* reader_ = nullptr;
};

}  // namespace interceptor
