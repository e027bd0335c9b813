#pragma once
// Everything a report says, gathered from a stored case (no re-analysis):
// case details, the evidence as taken in and as re-checked now, stream
// metadata, the analysis (checkpoints, settings, verdicts, segments), the
// highest-scoring frames with their pictures and heatmaps, low-light
// figures, frames not applicable and why, bookmarks, the comparison of
// checkpoints, versions, and the command that repeats the analysis. The PDF,
// the JSON and the CSV are all written from this one value.
#include <opencv2/core/mat.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/analysis/checkpoint_comparison.h"
#include "core/case/case_store.h"
#include "core/media/component_versions.h"

namespace interceptor {

struct CaseDetails {
    std::string case_id, item_id, examiner, organisation, notes;
};

struct TopFrame {
    std::int64_t frame = 0;
    std::string timecode;
    double p_fake = 0;
    int track = -1;   // the person whose face gave the score (-1: whole frame, or unknown)
    cv::Mat picture;  // 8-bit BGR, at most 480 px wide (empty when the frame could not be decoded)
    cv::Mat heatmap;  // S x S in [0, 1] (empty when none was stored)
    // Heatmap pixels to picture pixels: the crop of the face it was computed on (face profiles);
    // empty: the heatmap covers the whole picture.
    std::optional<cv::Matx23d> heatmap_place;
    // Grad-CAM of the checkpoint for the face (or frame) scored: input size square in [0, 1]
    // (empty: not computed, CheckpointReport::attribution_note says why), placed as the heatmap.
    cv::Mat attribution;
    std::optional<cv::Matx23d> attribution_place;
};

struct CheckpointReport {
    CheckpointSummary summary;  // description and verdict
    std::vector<TopFrame> top;  // highest P(fake) first
    // How the top frames' attribution maps were made, or why there are none.
    std::string attribution_note;
};

struct LightSummary {
    std::size_t frames = 0, low_light_frames = 0;
    double mean_luma = 0, min_luma = 0, max_luma = 0, mean_noise = 0;
};

struct NotApplicable {
    std::int64_t frame = 0;
    std::string checkpoint, reason;
};

struct ReportData {
    std::string report_id;  // random, 32 hex digits
    std::string created_utc, created_local;
    std::string case_file;
    CaseDetails details;
    EvidenceRecord intake;  // as recorded in the case
    EvidenceCheck recheck;  // hashed again while gathering
    MediaInfo media;
    StoredAnalysis analysis;
    std::string analysis_started_local, analysis_updated_local;
    std::vector<CheckpointReport> checkpoints;
    std::vector<FrameResult> frames;  // without heatmaps
    std::vector<std::int64_t> damaged_frames;
    std::vector<NotApplicable> not_applicable;
    LightSummary light;
    std::vector<Bookmark> bookmarks;
    Comparison comparison;  // empty with one checkpoint
    std::vector<ComponentVersion> versions;
    std::string reproduce_command;
    std::string json_sha256, csv_sha256;  // of the files exported beside the PDF ("" when none)
};

struct GatherOptions {
    std::int64_t analysis_id = 0;  // 0: the case's most recent analysis
    CaseDetails details;           // empty fields are taken from the case
    bool proceed_on_mismatch = false;
    std::size_t top_frames = 4;
    // Grad-CAM maps of the top frames: each checkpoint file is loaded again (and must still
    // match the SHA-256 the analysis recorded).
    bool attribution = true;
};

// Fails when the evidence no longer matches its intake hashes, unless told to proceed
// (then recheck.unchanged is false and the report says so on its first page).
Result<ReportData> gather_report(const CaseStore& store, const GatherOptions& options);

std::string report_json(const ReportData& data);        // the same facts as the PDF
std::string report_frames_csv(const ReportData& data);  // one row per frame and checkpoint

// "2026-11-25T15:08:53Z" -> "2026-11-25 16:08:53 CET" in the machine's time zone.
std::string local_time_of(const std::string& utc_iso);

}  // namespace interceptor
