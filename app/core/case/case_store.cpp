#include "core/case/case_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <tuple>

#include "core/analysis/checkpoint_verdict.h"
#include "core/case/json_records.h"
#include "core/case/sqlite_statement.h"
#include "interceptor/model/checkpoint/decision_threshold.h"
#include "interceptor/model/io/digest.h"
#include "interceptor/model/named_choice.h"
#include "interceptor/version.h"

namespace interceptor {
namespace {

constexpr int kApplicationId = 0x49434153;  // "ICAS": marks the file as an Interceptor case

// The schema a new case is made with: version 1's tables, then every upgrade below.
const char* kSchemaV1 = R"sql(
CREATE TABLE case_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE analysis(
  id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, spec TEXT NOT NULL, status TEXT NOT NULL,
  total_frames INTEGER NOT NULL, started TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE frame(
  analysis INTEGER NOT NULL REFERENCES analysis(id), frame INTEGER NOT NULL, pts INTEGER NOT NULL,
  seconds REAL NOT NULL, timecode TEXT NOT NULL, decoded INTEGER NOT NULL, pixel_sha256 TEXT NOT NULL,
  mean_luma REAL, p5_luma REAL, p50_luma REAL, p95_luma REAL, noise_sigma REAL, low_light INTEGER,
  PRIMARY KEY(analysis, frame)) WITHOUT ROWID;
CREATE TABLE score(
  analysis INTEGER NOT NULL, frame INTEGER NOT NULL, slot INTEGER NOT NULL, applicable INTEGER NOT NULL,
  reason TEXT NOT NULL, face_x INTEGER, face_y INTEGER, face_w INTEGER, face_h INTEGER,
  logit_real REAL, logit_fake REAL, p_fake REAL, heatmap_size INTEGER NOT NULL, heatmap BLOB,
  PRIMARY KEY(analysis, frame, slot)) WITHOUT ROWID;
CREATE TABLE bookmark(
  id INTEGER PRIMARY KEY, frame INTEGER NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL);
)sql";

// Upgrades, in order: kUpgrades[k] takes a case from schema k + 1 to k + 2. Each runs inside
// the transaction that also sets the new user_version; rewriting analysis keys (version 2)
// is done in code by CaseStore::upgrade.
const char* kUpgrades[] = {
    // 2: the file's own history, why an analysis failed, keys of a canonical form.
    R"sql(
CREATE TABLE history(id INTEGER PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL);
ALTER TABLE analysis ADD COLUMN error TEXT NOT NULL DEFAULT '';
)sql",
    // 3: every face of a frame with its track, box, landmarks ("x y" pairs, "" when the detector
    // gives none) and detector score; every face's score by every checkpoint; which face gave the
    // frame its score; the track a bookmark was set on. Cases before it keep their one face box per
    // score row.
    R"sql(
CREATE TABLE face(
  analysis INTEGER NOT NULL, frame INTEGER NOT NULL, face INTEGER NOT NULL, track INTEGER NOT NULL,
  x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL, detector_score REAL NOT NULL,
  landmarks TEXT NOT NULL, PRIMARY KEY(analysis, frame, face)) WITHOUT ROWID;
CREATE TABLE face_score(
  analysis INTEGER NOT NULL, frame INTEGER NOT NULL, face INTEGER NOT NULL, slot INTEGER NOT NULL,
  logit_real REAL, logit_fake REAL, p_fake REAL NOT NULL,
  PRIMARY KEY(analysis, frame, face, slot)) WITHOUT ROWID;
ALTER TABLE score ADD COLUMN face INTEGER;
ALTER TABLE bookmark ADD COLUMN track INTEGER;
)sql",
};
static_assert(sizeof kUpgrades / sizeof kUpgrades[0] == CaseStore::kSchemaVersion - 1,
              "one upgrade per schema version after the first");

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

Json spec_json(const AnalysisSpec& spec) {
    Json checkpoints = Json::array();
    for (const auto& c : spec.checkpoints) checkpoints.push_back(checkpoint_description_json(c));
    Json j{{"checkpoints", checkpoints},
           {"selection", spec.selection},
           {"selection_flags", spec.selection_flags},
           {"heatmap_size", spec.heatmap_size},
           {"face_detector", spec.face_detector}};
    j["threshold"] = spec.threshold ? Json(*spec.threshold) : Json(nullptr);
    j["rules"] = verdict_rules_json(spec.rules);
    if (spec.faces) j["faces"] = face_settings_json(*spec.faces);
    return j;
}

Result<AnalysisSpec> spec_from_json(const Json& j) {
    AnalysisSpec spec;
    for (const auto& c : j.at("checkpoints")) {
        auto described = checkpoint_description_from_json(c);
        if (!described) return Error{described.error()};
        spec.checkpoints.push_back(std::move(*described));
    }
    spec.selection = j.value("selection", "");
    spec.selection_flags = j.value("selection_flags", "");
    spec.heatmap_size = j.value("heatmap_size", 56);
    spec.face_detector = j.value("face_detector", "none");
    if (j.contains("threshold") && j["threshold"].is_number())
        spec.threshold = j["threshold"].get<double>();
    // Cases from before the rules were recorded are judged by today's defaults.
    if (j.contains("rules")) spec.rules = verdict_rules_from_json(j["rules"]);
    if (j.contains("faces")) {
        auto faces = face_settings_from_json(j["faces"]);
        if (!faces) return Error{faces.error()};
        spec.faces = *faces;
    }
    // Every reader sees each checkpoint's threshold decided with the analysis's own.
    for (auto& c : spec.checkpoints) {
        const auto decided =
            decide_threshold(spec.threshold, c.calibrated_threshold, c.calibrated_source);
        c.threshold = decided.value;
        c.threshold_source = decided.source;
    }
    return spec;
}

// Landmarks as "x y x y ...": five points, read by people and programs alike.
std::string landmarks_text(const std::vector<cv::Point2f>& points) {
    std::ostringstream out;
    out.precision(7);
    for (const auto& p : points) out << (out.tellp() > 0 ? " " : "") << p.x << " " << p.y;
    return out.str();
}

std::vector<cv::Point2f> landmarks_from(const std::string& text) {
    std::istringstream in(text);
    std::vector<cv::Point2f> points;
    float x = 0, y = 0;
    while (in >> x >> y) points.emplace_back(x, y);
    return points;
}

// Heatmaps are stored as 8-bit maps: display needs no more, and they are most of a case's bytes.
std::vector<unsigned char> pack_heatmap(const cv::Mat& heatmap) {
    cv::Mat bytes;
    heatmap.convertTo(bytes, CV_8U, 255.0);
    return std::vector<unsigned char>(bytes.datastart, bytes.dataend);
}

cv::Mat unpack_heatmap(const std::vector<unsigned char>& bytes, int size) {
    if (size <= 0 || bytes.size() != static_cast<std::size_t>(size * size)) return {};
    cv::Mat map;
    cv::Mat(size, size, CV_8U, const_cast<unsigned char*>(bytes.data()))
        .convertTo(map, CV_32F, 1.0 / 255.0);
    return map;
}

}  // namespace

const char* status_name(AnalysisStatus status) {
    switch (status) {
        case AnalysisStatus::Running:
            return "running";
        case AnalysisStatus::Complete:
            return "complete";
        case AnalysisStatus::Cancelled:
            return "cancelled";
        case AnalysisStatus::Failed:
            return "failed";
    }
    return "running";
}

Result<AnalysisStatus> parse_status(const std::string& name) {
    static const AnalysisStatus all[] = {AnalysisStatus::Running, AnalysisStatus::Complete,
                                         AnalysisStatus::Cancelled, AnalysisStatus::Failed};
    return parse_named(name, all, status_name, "analysis status");
}

const char* bookmark_status_name(BookmarkStatus status) {
    switch (status) {
        case BookmarkStatus::Ok:
            return "ok";
        case BookmarkStatus::Warning:
            return "warning";
        case BookmarkStatus::Check:
            break;
    }
    return "check";
}

Result<BookmarkStatus> parse_bookmark_status(const std::string& name) {
    static const BookmarkStatus all[] = {BookmarkStatus::Ok, BookmarkStatus::Check,
                                         BookmarkStatus::Warning};
    return parse_named(name, all, bookmark_status_name, "bookmark status");
}

std::string AnalysisSpec::key() const {
    // Version 2: the selection as its command-line flags (a machine form), the heatmap size,
    // and each checkpoint's content hash and profile, in slot order; since schema 3, the face
    // detector's settings where a checkpoint scores faces (whole-frame keys are unchanged).
    Json canonical{{"key_version", 2},
                   {"selection", selection_flags},
                   {"heatmap_size", heatmap_size},
                   {"checkpoints", Json::array()}};
    for (const auto& c : checkpoints)
        canonical["checkpoints"].push_back({c.sha256, profile_name(c.profile)});
    if (faces) canonical["faces"] = face_settings_json(*faces);
    const std::string text = canonical.dump();
    return sha256_hex(text.data(), text.size());
}

std::string CaseStore::default_directory() {
    if (const char* dir = std::getenv("INTERCEPTOR_CASE_DIR"); dir && *dir) return dir;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return std::string(data) + "/interceptor/cases";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/interceptor/cases";
}

std::string CaseStore::file_for(const std::string& directory, const EvidenceRecord& evidence) {
    return directory + "/" + evidence.sha256 + ".icase";
}

Result<std::unique_ptr<CaseStore>> CaseStore::connect(const std::string& file, bool create) {
    std::unique_ptr<CaseStore> store(new CaseStore());
    store->file_ = file;
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(file.c_str(), &store->db_, flags, nullptr) != SQLITE_OK) {
        std::string why = store->db_ ? sqlite3_errmsg(store->db_) : "out of memory";
        return Error{file + ": cannot open the case file: " + why};
    }
    sqlite3_busy_timeout(store->db_, 5000);
    sqlite3_extended_result_codes(store->db_, 1);
    auto fail = [&](const std::string& what) -> Result<std::unique_ptr<CaseStore>> {
        return Error{file + ": " + what};
    };
    // One value from a query; the statement is finished at once (an open
    // statement holds a read transaction, and the journal mode cannot change under one).
    std::string why;
    auto scalar = [&](const char* sql) -> std::optional<SqliteStatement::Value> {
        SqliteStatement q(store->db_, sql);
        if (q.step()) return q.value(0);
        why = q.error();
        return std::nullopt;
    };
    // Reading the header is the first touch of the file: a non-database fails here.
    const auto application_id = scalar("PRAGMA application_id");
    const auto tables = scalar("SELECT count(*) FROM sqlite_master");
    if (!application_id || !tables) return fail("not an Interceptor case file (" + why + ")");
    if (tables->integer == 0) {
        if (!create) return fail("empty case file");
        if (auto r = store->exec("PRAGMA journal_mode=WAL"); !r) return fail(r.error());
        std::string schema = std::string("BEGIN;") + kSchemaV1;
        for (const char* upgrade : kUpgrades) schema += upgrade;
        schema += "PRAGMA application_id=" + std::to_string(kApplicationId) +
                  ";PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";";
        if (auto r = store->exec(schema); !r) {
            store->exec("ROLLBACK");
            return fail("cannot create the case: " + r.error());
        }
        SqliteStatement created(store->db_, "INSERT INTO history(at, event) VALUES(?, ?)");
        if (!created.bind(1, utc_now())
                 .bind(2, "created with schema " + std::to_string(kSchemaVersion) +
                              " by Interceptor " + INTERCEPTOR_VERSION)
                 .run())
            return fail("cannot create the case: " + created.error());
        if (auto r = store->exec("COMMIT"); !r) return fail("cannot create the case: " + r.error());
    } else if (application_id->integer != kApplicationId) {
        return fail("not an Interceptor case file (an SQLite database of something else)");
    }
    const auto version = scalar("PRAGMA user_version");
    if (!version || version->integer < 1 || version->integer > kSchemaVersion)
        return fail("case file of schema version " +
                    std::to_string(version ? version->integer : -1) + ", this build reads 1 to " +
                    std::to_string(kSchemaVersion) +
                    (version && version->integer > kSchemaVersion
                         ? " (made by a later Interceptor: open it with that version)"
                         : ""));
    const auto check = scalar("PRAGMA quick_check");
    if (!check || check->text != "ok")
        return fail(
            "the case file is damaged (" + (check ? check->text : why) +
            "); it was not used. Keep it for examination and analyse again into a new case.");
    // WAL with synchronous=NORMAL: a committed frame survives a crash of the process.
    if (auto r =
            store->exec("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON");
        !r)
        return fail(r.error());
    if (version->integer < kSchemaVersion)
        if (auto r = store->upgrade(static_cast<int>(version->integer)); !r) return fail(r.error());
    // The readers' own connection, opened once the schema is current.
    if (sqlite3_open_v2(file.c_str(), &store->reader_, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK)
        return fail(std::string("cannot open the case file for reading: ") +
                    (store->reader_ ? sqlite3_errmsg(store->reader_) : "out of memory"));
    sqlite3_busy_timeout(store->reader_, 5000);
    return store;
}

Result<Done> CaseStore::upgrade(int from_version) {
    auto fail = [&](const std::string& why) -> Result<Done> {
        exec("ROLLBACK");
        return Error{"cannot upgrade the case from schema " + std::to_string(from_version) +
                     " to " + std::to_string(kSchemaVersion) + " (it was left as it was): " + why};
    };
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return fail(r.error());
    for (int v = from_version; v < kSchemaVersion; ++v) {
        if (auto r = exec(kUpgrades[v - 1]); !r) return fail(r.error());
        if (v + 1 == 2 || v + 1 == 3) {
            // Version 1 keyed analyses on the selection's wording: key them anew. Before version
            // 3 faces came from the Haar cascade with its defaults: say so, so that the same
            // analysis (--face-detector haar) is found again and another detector is not.
            std::vector<std::tuple<std::int64_t, std::string, std::string>> rewritten;
            SqliteStatement all(db_, "SELECT id, spec FROM analysis");
            while (all.step()) {
                const auto j = Json::parse(all.text(1), nullptr, false);
                if (!j.is_object() || !j.contains("checkpoints"))
                    return fail("analysis " + std::to_string(all.integer(0)) +
                                " has a damaged description");
                auto spec = spec_from_json(j);
                if (!spec) return fail(spec.error());
                if (v + 1 == 3 && !spec->faces)
                    for (const auto& c : spec->checkpoints)
                        if (is_face_profile(c.profile)) {
                            spec->faces = FaceDetectorSettings{};
                            spec->faces->kind = FaceDetectorKind::Haar;
                        }
                rewritten.emplace_back(all.integer(0), spec->key(), spec_json(*spec).dump());
            }
            if (!all.error().empty()) return fail(all.error());
            for (const auto& [id, key, spec] : rewritten) {
                SqliteStatement set(db_, "UPDATE analysis SET key = ?, spec = ? WHERE id = ?");
                if (!set.bind(1, key).bind(2, spec).bind(3, id).run()) return fail(set.error());
            }
        }
    }
    SqliteStatement note(db_, "INSERT INTO history(at, event) VALUES(?, ?)");
    if (!note.bind(1, utc_now())
             .bind(2, "upgraded from schema " + std::to_string(from_version) + " to " +
                          std::to_string(kSchemaVersion) + " by Interceptor " + INTERCEPTOR_VERSION)
             .run())
        return fail(note.error());
    if (auto r = exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)); !r)
        return fail(r.error());
    if (auto r = exec("COMMIT"); !r) return fail(r.error());
    return Done{};
}

Result<std::vector<CaseStore::HistoryEntry>> CaseStore::history() const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    SqliteStatement get(reader_, "SELECT at, event FROM history ORDER BY id");
    std::vector<HistoryEntry> all;
    while (get.step()) all.push_back({get.text(0), get.text(1)});
    if (!get.error().empty()) return Error{file_ + ": " + get.error()};
    return all;
}

Result<std::unique_ptr<CaseStore>> CaseStore::open(const std::string& file,
                                                   const EvidenceRecord& evidence,
                                                   const MediaInfo& media) {
    std::error_code ec;
    const auto folder = std::filesystem::path(file).parent_path();
    if (!folder.empty()) std::filesystem::create_directories(folder, ec);
    if (ec) return Error{folder.string() + ": cannot create the case folder: " + ec.message()};
    auto store = connect(file, true);
    if (!store) return store;
    auto& s = **store;
    const std::string recorded = s.info_on(s.db_, "sha256");
    if (recorded.empty()) {
        const std::vector<std::pair<std::string, std::string>> values = {
            {"created", utc_now()},
            {"evidence_path", evidence.path},
            {"evidence_size", std::to_string(evidence.size)},
            {"evidence_mtime_ns", std::to_string(evidence.mtime_ns)},
            {"md5", evidence.md5},
            {"media", media_info_json(media).dump()},
            {"sha256",
             evidence.sha256}};  // last: a case without it is one whose creation did not finish
        for (const auto& [key, value] : values)
            if (auto r = s.put_info(key, value); !r) return Error{file + ": " + r.error()};
    } else if (recorded != evidence.sha256) {
        return Error{file + ": this case belongs to other evidence (SHA-256 " + recorded +
                     ", the clip has " + evidence.sha256 + ")"};
    } else if (s.info_on(s.db_, "evidence_path") != evidence.path) {
        // The same content under a new path: remember where it is now.
        if (auto r = s.put_info("evidence_path", evidence.path); !r)
            return Error{file + ": " + r.error()};
    }
    return store;
}

Result<std::unique_ptr<CaseStore>> CaseStore::open_existing(const std::string& file) {
    if (!std::filesystem::is_regular_file(file)) return Error{file + ": no such case file"};
    auto store = connect(file, false);
    if (store && (*store)->info_on((*store)->db_, "sha256").empty())
        return Error{
            file +
            ": the case file is incomplete (its creation was interrupted); analyse the clip again"};
    return store;
}

CaseStore::~CaseStore() {
    sqlite3_close_v2(reader_);
    sqlite3_close_v2(db_);
}

Result<Done> CaseStore::exec(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        return Error{text};
    }
    return Done{};
}

Result<Done> CaseStore::put_info(const std::string& key, const std::string& value) {
    SqliteStatement put(db_, "INSERT OR REPLACE INTO case_info(key, value) VALUES(?, ?)");
    if (!put.bind(1, key).bind(2, value).run())
        return Error{"cannot write the case: " + put.error()};
    return Done{};
}

std::string CaseStore::info_on(sqlite3* db, const std::string& key) const {
    SqliteStatement get(db, "SELECT value FROM case_info WHERE key = ?");
    return get.bind(1, key).step() ? get.text(0) : std::string();
}

EvidenceRecord CaseStore::evidence() const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    EvidenceRecord e;
    e.path = info_on(reader_, "evidence_path");
    e.size = std::atoll(info_on(reader_, "evidence_size").c_str());
    e.mtime_ns = std::atoll(info_on(reader_, "evidence_mtime_ns").c_str());
    e.sha256 = info_on(reader_, "sha256");
    e.md5 = info_on(reader_, "md5");
    return e;
}

MediaInfo CaseStore::media() const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    const auto j = Json::parse(info_on(reader_, "media"), nullptr, false);
    return j.is_object() ? media_info_from_json(j) : MediaInfo{};
}

Result<Done> CaseStore::set_detail(const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(mutex_);
    return put_info("detail." + key, value);
}

std::string CaseStore::detail(const std::string& key) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return info_on(reader_, "detail." + key);
}

Result<StoredAnalysis> CaseStore::begin_analysis(const AnalysisSpec& spec,
                                                 std::int64_t total_frames) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string now = utc_now();
    SqliteStatement upsert(
        db_,
        "INSERT INTO analysis(key, spec, status, total_frames, started, updated) "
        "VALUES(?1, ?2, ?5, ?3, ?4, ?4) ON CONFLICT(key) DO UPDATE SET "
        "spec = ?2, status = ?5, total_frames = ?3, updated = ?4, error = ''");
    if (!upsert.bind(1, spec.key())
             .bind(2, spec_json(spec).dump())
             .bind(3, total_frames)
             .bind(4, now)
             .bind(5, std::string(status_name(AnalysisStatus::Running)))
             .run())
        return Error{file_ + ": cannot record the analysis: " + upsert.error()};
    SqliteStatement id(db_, "SELECT id FROM analysis WHERE key = ?");
    if (!id.bind(1, spec.key()).step())
        return Error{file_ + ": the analysis just recorded is missing"};
    return analysis_on(db_, id.integer(0));
}

Result<StoredAnalysis> CaseStore::analysis_on(sqlite3* db, std::int64_t id) const {
    SqliteStatement get(
        db,
        "SELECT id, spec, status, total_frames, started, updated, "
        "(SELECT count(*) FROM frame WHERE analysis = a.id), error FROM analysis a WHERE id = ?");
    if (!get.bind(1, id).step())
        return Error{file_ + ": no analysis " + std::to_string(id) +
                     (get.error().empty() ? "" : ": " + get.error())};
    StoredAnalysis a;
    a.id = get.integer(0);
    const auto spec = Json::parse(get.text(1), nullptr, false);
    if (!spec.is_object() || !spec.contains("checkpoints"))
        return Error{file_ + ": analysis " + std::to_string(id) + " has a damaged description"};
    auto parsed = spec_from_json(spec);
    if (!parsed) return Error{file_ + ": analysis " + std::to_string(id) + ": " + parsed.error()};
    a.spec = std::move(*parsed);
    auto status = parse_status(get.text(2));
    if (!status) return Error{file_ + ": analysis " + std::to_string(id) + ": " + status.error()};
    a.status = *status;
    a.error = get.text(7);
    a.total_frames = get.integer(3);
    a.started_utc = get.text(4);
    a.updated_utc = get.text(5);
    a.frames_stored = get.integer(6);
    return a;
}

Result<StoredAnalysis> CaseStore::analysis(std::int64_t id) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return analysis_on(reader_, id);
}

Result<std::vector<StoredAnalysis>> CaseStore::analyses() const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    SqliteStatement ids(reader_, "SELECT id FROM analysis ORDER BY id");
    std::vector<StoredAnalysis> all;
    while (ids.step()) {
        auto a = analysis_on(reader_, ids.integer(0));
        if (!a) return Error{a.error()};
        all.push_back(std::move(*a));
    }
    if (!ids.error().empty()) return Error{file_ + ": " + ids.error()};
    return all;
}

Result<std::set<std::int64_t>> CaseStore::stored_frames(std::int64_t analysis) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    SqliteStatement get(reader_, "SELECT frame FROM frame WHERE analysis = ?");
    get.bind(1, analysis);
    std::set<std::int64_t> frames;
    while (get.step()) frames.insert(get.integer(0));
    if (!get.error().empty()) return Error{file_ + ": " + get.error()};
    return frames;
}

Result<Done> CaseStore::append(std::int64_t analysis, const FrameResult& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto fail = [&](const std::string& why) -> Result<Done> {
        exec("ROLLBACK");
        return Error{file_ + ": cannot store frame " + std::to_string(r.frame) + ": " + why};
    };
    if (auto b = exec("BEGIN IMMEDIATE"); !b) return Error{file_ + ": " + b.error()};
    SqliteStatement frame(db_,
                          "INSERT OR REPLACE INTO frame(analysis, frame, pts, seconds, timecode, "
                          "decoded, pixel_sha256, mean_luma, p5_luma, p50_luma, p95_luma, "
                          "noise_sigma, low_light) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    frame.bind(1, analysis).bind(2, r.frame).bind(3, r.pts).bind(4, r.seconds).bind(5, r.timecode);
    frame.bind(6, r.decoded)
        .bind(7, r.pixel_sha256)
        .bind(8, r.light.mean_luma)
        .bind(9, r.light.p5_luma);
    frame.bind(10, r.light.p50_luma).bind(11, r.light.p95_luma).bind(12, r.light.noise_sigma);
    if (!frame.bind(13, r.light.low_light).run()) return fail(frame.error());
    for (std::size_t slot = 0; slot < r.per_checkpoint.size(); ++slot) {
        const auto& c = r.per_checkpoint[slot];
        SqliteStatement score(db_,
                              "INSERT OR REPLACE INTO score(analysis, frame, slot, applicable, "
                              "reason, face_x, face_y, face_w, face_h, logit_real, logit_fake, "
                              "p_fake, heatmap_size, heatmap, face) "
                              "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        score.bind(1, analysis).bind(2, r.frame).bind(3, static_cast<std::int64_t>(slot));
        score.bind(4, c.applicable).bind(5, c.reason);
        if (c.face)
            score.bind(6, c.face->x)
                .bind(7, c.face->y)
                .bind(8, c.face->width)
                .bind(9, c.face->height);
        else
            score.bind_null(6).bind_null(7).bind_null(8).bind_null(9);
        if (c.applicable && c.score.logits.size() == 2)
            score.bind(10, static_cast<double>(c.score.logits[0]))
                .bind(11, static_cast<double>(c.score.logits[1]))
                .bind(12, static_cast<double>(c.score.p_fake));
        else
            score.bind_null(10).bind_null(11).bind_null(12);
        score.bind(13, c.heatmap.empty() ? 0 : c.heatmap.rows);
        if (c.heatmap.empty())
            score.bind_null(14);
        else {
            const auto bytes = pack_heatmap(c.heatmap);
            score.bind_blob(14, bytes.data(), bytes.size());
        }
        if (c.face_index >= 0)
            score.bind(15, static_cast<std::int64_t>(c.face_index));
        else
            score.bind_null(15);
        if (!score.run()) return fail(score.error());
        for (std::size_t f = 0; f < c.face_scores.size(); ++f) {
            const auto& fs = c.face_scores[f];
            if (fs.logits.empty()) continue;  // this face could not be cropped for the checkpoint
            SqliteStatement put(db_,
                                "INSERT OR REPLACE INTO face_score(analysis, frame, face, slot, "
                                "logit_real, logit_fake, p_fake) VALUES(?, ?, ?, ?, ?, ?, ?)");
            put.bind(1, analysis).bind(2, r.frame).bind(3, static_cast<std::int64_t>(f));
            put.bind(4, static_cast<std::int64_t>(slot));
            if (fs.logits.size() == 2)
                put.bind(5, static_cast<double>(fs.logits[0]))
                    .bind(6, static_cast<double>(fs.logits[1]));
            else
                put.bind_null(5).bind_null(6);
            if (!put.bind(7, static_cast<double>(fs.p_fake)).run()) return fail(put.error());
        }
    }
    for (std::size_t f = 0; f < r.faces.size(); ++f) {
        const auto& face = r.faces[f];
        SqliteStatement put(db_,
                            "INSERT OR REPLACE INTO face(analysis, frame, face, track, x, y, w, h, "
                            "detector_score, landmarks) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        put.bind(1, analysis).bind(2, r.frame).bind(3, static_cast<std::int64_t>(f));
        put.bind(4, static_cast<std::int64_t>(face.track))
            .bind(5, static_cast<double>(face.box.x))
            .bind(6, static_cast<double>(face.box.y));
        put.bind(7, static_cast<double>(face.box.width))
            .bind(8, static_cast<double>(face.box.height))
            .bind(9, static_cast<double>(face.score));
        if (!put.bind(10, landmarks_text(face.landmarks)).run()) return fail(put.error());
    }
    SqliteStatement touch(db_, "UPDATE analysis SET updated = ? WHERE id = ?");
    if (!touch.bind(1, utc_now()).bind(2, analysis).run()) return fail(touch.error());
    if (auto c = exec("COMMIT"); !c) return fail(c.error());
    return Done{};
}

Result<Done> CaseStore::finish(std::int64_t analysis, const AnalysisSpec& spec,
                               AnalysisStatus status, const std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteStatement set(
        db_, "UPDATE analysis SET status = ?, spec = ?, updated = ?, error = ? WHERE id = ?");
    if (!set.bind(1, std::string(status_name(status)))
             .bind(2, spec_json(spec).dump())
             .bind(3, utc_now())
             .bind(4, error)
             .bind(5, analysis)
             .run())
        return Error{file_ + ": cannot record the end of the analysis: " + set.error()};
    return Done{};
}

Result<std::vector<FrameResult>> CaseStore::frames(std::int64_t analysis,
                                                   bool with_heatmaps) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return load_frames(analysis, with_heatmaps, std::nullopt);
}

Result<std::optional<FrameResult>> CaseStore::frame(std::int64_t analysis,
                                                    std::int64_t index) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    auto found = load_frames(analysis, true, index);
    if (!found) return Error{found.error()};
    if (found->empty()) return std::optional<FrameResult>();
    return std::optional<FrameResult>(std::move(found->front()));
}

Result<std::vector<FrameResult>> CaseStore::load_frames(std::int64_t analysis, bool with_heatmaps,
                                                        std::optional<std::int64_t> only) const {
    auto described = analysis_on(reader_, analysis);
    if (!described) return Error{described.error()};
    const std::size_t slots = described->spec.checkpoints.size();
    std::vector<FrameResult> frames;
    // Without a frame to find, the bounds take in every frame.
    const std::int64_t first = only ? *only : INT64_MIN, last = only ? *only : INT64_MAX;
    SqliteStatement get(reader_,
                        "SELECT frame, pts, seconds, timecode, decoded, pixel_sha256, mean_luma, "
                        "p5_luma, p50_luma, p95_luma, noise_sigma, low_light FROM frame "
                        "WHERE analysis = ? AND frame BETWEEN ? AND ? ORDER BY frame");
    get.bind(1, analysis).bind(2, first).bind(3, last);
    while (get.step()) {
        FrameResult r;
        r.frame = get.integer(0);
        r.pts = get.integer(1);
        r.seconds = get.real(2);
        r.timecode = get.text(3);
        r.decoded = get.integer(4) != 0;
        r.pixel_sha256 = get.text(5);
        r.light = {get.real(6), get.real(7),  get.real(8),
                   get.real(9), get.real(10), get.integer(11) != 0};
        r.per_checkpoint.resize(slots);
        frames.push_back(std::move(r));
    }
    if (!get.error().empty()) return Error{file_ + ": " + get.error()};
    SqliteStatement scores(
        reader_,
        std::string("SELECT frame, slot, applicable, reason, face_x, face_y, face_w, face_h, "
                    "logit_real, logit_fake, p_fake, heatmap_size, face, ") +
            (with_heatmaps ? "heatmap" : "NULL") +
            " FROM score WHERE analysis = ? AND frame BETWEEN ? AND ? ORDER BY frame, slot");
    scores.bind(1, analysis).bind(2, first).bind(3, last);
    std::size_t at = 0;
    while (scores.step()) {
        const auto frame = scores.integer(0);
        const auto slot = static_cast<std::size_t>(scores.integer(1));
        while (at < frames.size() && frames[at].frame < frame) ++at;
        if (at == frames.size() || frames[at].frame != frame || slot >= slots)
            return Error{file_ + ": a stored score has no frame (" + std::to_string(frame) +
                         ", slot " + std::to_string(slot) + "): the case file is inconsistent"};
        auto& c = frames[at].per_checkpoint[slot];
        c.applicable = scores.integer(2) != 0;
        c.reason = scores.text(3);
        if (!scores.is_null(4))
            c.face =
                cv::Rect(static_cast<int>(scores.integer(4)), static_cast<int>(scores.integer(5)),
                         static_cast<int>(scores.integer(6)), static_cast<int>(scores.integer(7)));
        if (!scores.is_null(10)) {
            c.score.logits = {static_cast<float>(scores.real(8)),
                              static_cast<float>(scores.real(9))};
            c.score.p_fake = static_cast<float>(scores.real(10));
        }
        if (!scores.is_null(12)) c.face_index = static_cast<int>(scores.integer(12));
        if (with_heatmaps)
            c.heatmap = unpack_heatmap(scores.blob(13), static_cast<int>(scores.integer(11)));
    }
    if (!scores.error().empty()) return Error{file_ + ": " + scores.error()};
    if (auto faces = load_faces(analysis, first, last, frames); !faces) return Error{faces.error()};
    return frames;
}

Result<Done> CaseStore::load_faces(std::int64_t analysis, std::int64_t first, std::int64_t last,
                                   std::vector<FrameResult>& frames) const {
    auto stored_frame = [&](std::int64_t frame) -> FrameResult* {
        auto it =
            std::lower_bound(frames.begin(), frames.end(), frame,
                             [](const FrameResult& r, std::int64_t f) { return r.frame < f; });
        return it != frames.end() && it->frame == frame ? &*it : nullptr;
    };
    auto inconsistent = [&](const char* what, std::int64_t frame) -> Result<Done> {
        return Error{file_ + ": a stored " + what + " has no frame (" + std::to_string(frame) +
                     "): the case file is inconsistent"};
    };
    SqliteStatement faces(reader_,
                          "SELECT frame, face, track, x, y, w, h, detector_score, landmarks FROM "
                          "face WHERE analysis = ? AND frame BETWEEN ? AND ? ORDER BY frame, face");
    faces.bind(1, analysis).bind(2, first).bind(3, last);
    while (faces.step()) {
        FrameResult* r = stored_frame(faces.integer(0));
        if (!r || faces.integer(1) != static_cast<std::int64_t>(r->faces.size()))
            return inconsistent("face", faces.integer(0));
        Face f;
        f.track = static_cast<int>(faces.integer(2));
        f.box = cv::Rect2f(static_cast<float>(faces.real(3)), static_cast<float>(faces.real(4)),
                           static_cast<float>(faces.real(5)), static_cast<float>(faces.real(6)));
        f.score = static_cast<float>(faces.real(7));
        f.landmarks = landmarks_from(faces.text(8));
        r->faces.push_back(std::move(f));
    }
    if (!faces.error().empty()) return Error{file_ + ": " + faces.error()};
    SqliteStatement scores(reader_,
                           "SELECT frame, face, slot, logit_real, logit_fake, p_fake FROM "
                           "face_score WHERE analysis = ? AND frame BETWEEN ? AND ?");
    scores.bind(1, analysis).bind(2, first).bind(3, last);
    while (scores.step()) {
        FrameResult* r = stored_frame(scores.integer(0));
        const auto face = static_cast<std::size_t>(scores.integer(1));
        const auto slot = static_cast<std::size_t>(scores.integer(2));
        if (!r || face >= r->faces.size() || slot >= r->per_checkpoint.size())
            return inconsistent("face score", scores.integer(0));
        auto& c = r->per_checkpoint[slot];
        c.face_scores.resize(r->faces.size());
        auto& fs = c.face_scores[face];
        if (!scores.is_null(3))
            fs.logits = {static_cast<float>(scores.real(3)), static_cast<float>(scores.real(4))};
        fs.p_fake = static_cast<float>(scores.real(5));
    }
    if (!scores.error().empty()) return Error{file_ + ": " + scores.error()};
    return Done{};
}

Result<int> CaseStore::next_track(std::int64_t analysis) const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    SqliteStatement get(reader_, "SELECT MAX(track) FROM face WHERE analysis = ?");
    get.bind(1, analysis);
    if (!get.step()) return Error{file_ + ": " + get.error()};
    return get.is_null(0) ? 0 : static_cast<int>(get.integer(0)) + 1;
}

Result<std::vector<CheckpointSummary>> CaseStore::summaries(std::int64_t analysis) const {
    auto described = this->analysis(analysis);
    if (!described) return Error{described.error()};
    auto stored = frames(analysis, false);
    if (!stored) return Error{stored.error()};
    std::vector<CheckpointSummary> out;
    for (std::size_t s = 0; s < described->spec.checkpoints.size(); ++s) {
        auto c = described->spec.checkpoints[s];
        judge_into(c, *stored, s, described->spec.rules);
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<Bookmark>> CaseStore::bookmarks() const {
    std::lock_guard<std::mutex> lock(read_mutex_);
    SqliteStatement get(reader_,
                        "SELECT id, frame, status, note, created, track FROM bookmark "
                        "ORDER BY frame, id");
    std::vector<Bookmark> all;
    while (get.step()) {
        auto status = parse_bookmark_status(get.text(2));
        if (!status) return Error{file_ + ": bookmark " + get.text(0) + ": " + status.error()};
        all.push_back({get.integer(0), get.integer(1), *status, get.text(3), get.text(4),
                       get.is_null(5) ? -1 : static_cast<int>(get.integer(5))});
    }
    if (!get.error().empty()) return Error{file_ + ": " + get.error()};
    return all;
}

Result<Bookmark> CaseStore::add_bookmark(std::int64_t frame, BookmarkStatus status,
                                         const std::string& note, int track) {
    std::lock_guard<std::mutex> lock(mutex_);
    Bookmark b{0, frame, status, note, utc_now(), track};
    SqliteStatement add(
        db_, "INSERT INTO bookmark(frame, status, note, created, track) VALUES(?, ?, ?, ?, ?)");
    add.bind(1, frame).bind(2, std::string(bookmark_status_name(status))).bind(3, note);
    add.bind(4, b.created_utc);
    if (track >= 0)
        add.bind(5, static_cast<std::int64_t>(track));
    else
        add.bind_null(5);
    if (!add.run()) return Error{file_ + ": cannot save the bookmark: " + add.error()};
    b.id = sqlite3_last_insert_rowid(db_);
    return b;
}

Result<Done> CaseStore::update_bookmark(const Bookmark& b) {
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteStatement set(db_, "UPDATE bookmark SET frame = ?, status = ?, note = ? WHERE id = ?");
    if (!set.bind(1, b.frame)
             .bind(2, std::string(bookmark_status_name(b.status)))
             .bind(3, b.note)
             .bind(4, b.id)
             .run())
        return Error{file_ + ": cannot save the bookmark: " + set.error()};
    return Done{};
}

Result<Done> CaseStore::remove_bookmark(std::int64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteStatement drop(db_, "DELETE FROM bookmark WHERE id = ?");
    if (!drop.bind(1, id).run())
        return Error{file_ + ": cannot remove the bookmark: " + drop.error()};
    return Done{};
}

}  // namespace interceptor
