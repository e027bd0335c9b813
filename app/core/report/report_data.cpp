#include "core/report/report_data.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <random>
#include <sstream>

#include "core/analysis/face_crop.h"
#include "core/analysis/frame_attribution.h"
#include "core/case/json_records.h"
#include "core/media/decoded_frame.h"
#include "core/media/video_decoder.h"
#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

std::string random_id() {
    std::random_device device;
    std::ostringstream out;
    for (int i = 0; i < 4; ++i) {
        char part[9];
        std::snprintf(part, sizeof part, "%08x", device());
        out << part;
    }
    return out.str();
}

std::string format_time(std::time_t t, bool utc) {
    std::tm tm{};
    utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm);
    char text[48];
    std::strftime(text, sizeof text, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S %Z", &tm);
    return text;
}

// Single-quoted for a POSIX shell.
std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string repeat_command(const EvidenceRecord& evidence, const AnalysisSpec& spec) {
    std::string c = "interceptor-cli analyze " + quoted(evidence.path);
    for (const auto& k : spec.checkpoints)
        c += " --checkpoint " + quoted(k.path) + " --name " + quoted(k.name);
    c += " " + spec.selection_flags;
    if (spec.threshold) c += " --threshold " + std::to_string(*spec.threshold);
    // The face detector's settings are part of what identifies the analysis.
    if (spec.faces)
        for (const auto& [flag, value] : spec.faces->options())
            c += " " + flag + " " + quoted(value);
    // A fresh case folder, so the frames are computed again rather than read back.
    return c + " --case-dir repeat-case --json repeat.json";
}

cv::Mat thumbnail(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    const double scale = std::min(1.0, 480.0 / bgr.cols);
    cv::Mat small;
    cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
    return small;
}

}  // namespace

std::string local_time_of(const std::string& utc_iso) {
    std::tm tm{};
    if (!strptime(utc_iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return utc_iso;
    return format_time(timegm(&tm), false);
}

Result<ReportData> gather_report(const CaseStore& store, const GatherOptions& options) {
    ReportData d;
    d.report_id = random_id();
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    d.created_utc = format_time(now, true);
    d.created_local = format_time(now, false);
    d.case_file = store.file();
    d.intake = store.evidence();
    d.media = store.media();
    auto pick = [&](const std::string& given, const char* key) {
        return given.empty() ? store.detail(key) : given;
    };
    d.details = {pick(options.details.case_id, "case_id"), pick(options.details.item_id, "item_id"),
                 pick(options.details.examiner, "examiner"),
                 pick(options.details.organisation, "organisation"),
                 pick(options.details.notes, "notes")};

    auto recheck = recheck_evidence(d.intake);
    if (!recheck) return Error{recheck.error()};
    d.recheck = *recheck;
    if (!d.recheck.unchanged && !options.proceed_on_mismatch)
        return Error{"the evidence no longer matches its intake (" + d.recheck.difference +
                     "); no report was written. Check the file, or proceed to print the mismatch "
                     "on the first page"};

    std::int64_t id = options.analysis_id;
    if (id == 0) {
        auto all = store.analyses();
        if (!all) return Error{all.error()};
        if (all->empty())
            return Error{store.file() + ": the case holds no analysis yet; analyse the clip first"};
        id = all->back().id;
    }
    auto analysis = store.analysis(id);
    if (!analysis) return Error{analysis.error()};
    d.analysis = *analysis;
    d.analysis_started_local = local_time_of(d.analysis.started_utc);
    d.analysis_updated_local = local_time_of(d.analysis.updated_utc);
    auto frames = store.frames(id, false);
    if (!frames) return Error{frames.error()};
    d.frames = std::move(*frames);
    auto summaries = store.summaries(id);
    if (!summaries) return Error{summaries.error()};
    auto bookmarks = store.bookmarks();
    if (!bookmarks) return Error{bookmarks.error()};
    d.bookmarks = std::move(*bookmarks);

    auto decoder = VideoDecoder::open(d.intake.path, DecoderOptions::forward_only());
    VideoDecoder* pictures = decoder ? decoder->get() : nullptr;
    for (std::size_t s = 0; s < summaries->size(); ++s) {
        CheckpointReport c;
        c.summary = (*summaries)[s];
        std::vector<const FrameResult*> scored;
        for (const auto& f : d.frames)
            if (f.per_checkpoint[s].applicable) scored.push_back(&f);
        std::stable_sort(
            scored.begin(), scored.end(), [s](const FrameResult* a, const FrameResult* b) {
                return a->per_checkpoint[s].score.p_fake > b->per_checkpoint[s].score.p_fake;
            });
        std::unique_ptr<Attributor> attributor;
        if (options.attribution && !scored.empty()) {
            auto loaded = load_attributor(c.summary);
            if (loaded) {
                attributor = std::move(*loaded);
                c.attribution_note = kAttributionMethod;
            } else {
                c.attribution_note = "no attribution maps: " + loaded.error();
            }
        } else if (!options.attribution) {
            c.attribution_note = "no attribution maps (not asked for)";
        }
        for (std::size_t k = 0; k < std::min(options.top_frames, scored.size()); ++k) {
            TopFrame t;
            t.frame = scored[k]->frame;
            t.timecode = scored[k]->timecode;
            t.p_fake = scored[k]->per_checkpoint[s].score.p_fake;
            const int face = scored[k]->per_checkpoint[s].face_index;
            if (face >= 0 && static_cast<std::size_t>(face) < scored[k]->faces.size())
                t.track = scored[k]->faces[static_cast<std::size_t>(face)].track;
            cv::Mat full;
            if (pictures)
                if (auto decoded = pictures->frame(t.frame)) full = decoded->bgr;
            t.picture = thumbnail(full);
            const double to_picture =
                full.empty() ? 0.0 : static_cast<double>(t.picture.cols) / full.cols;
            if (auto stored = store.frame(id, t.frame); stored && *stored)
                t.heatmap = (**stored).per_checkpoint[s].heatmap;
            const auto scored_here = scored_face(*scored[k], s);
            if (!t.heatmap.empty() && !t.picture.empty() && is_face_profile(c.summary.profile) &&
                scored_here) {
                const cv::Size frame(d.media.width, d.media.height);
                if (auto m = crop_to_frame(*scored_here, c.summary.profile, frame, t.heatmap.rows))
                    t.heatmap_place = *m * to_picture;
            }
            if (attributor && !full.empty()) {
                auto explained = attribute_frame(*attributor, full, c.summary.profile, scored_here);
                if (explained) {
                    t.attribution = explained->attribution.map;
                    if (explained->place) t.attribution_place = *explained->place * to_picture;
                    const auto grid = std::to_string(explained->attribution.grid);
                    c.attribution_note = std::string(kAttributionMethod) + " (a " + grid + " x " +
                                         grid + " grid, drawn upsampled)";
                } else {
                    c.attribution_note +=
                        "; frame " + std::to_string(t.frame) + " has no map: " + explained.error();
                }
            }
            c.top.push_back(std::move(t));
        }
        d.checkpoints.push_back(std::move(c));
    }

    std::vector<ComparisonFrame> comparable;
    double luma_sum = 0, noise_sum = 0;
    d.light.min_luma = 255;
    for (const auto& f : d.frames) {
        if (!f.decoded) {
            d.damaged_frames.push_back(f.frame);
            continue;
        }
        ++d.light.frames;
        d.light.low_light_frames += f.light.low_light ? 1 : 0;
        luma_sum += f.light.mean_luma;
        noise_sum += f.light.noise_sigma;
        d.light.min_luma = std::min(d.light.min_luma, f.light.mean_luma);
        d.light.max_luma = std::max(d.light.max_luma, f.light.mean_luma);
        ComparisonFrame c{f.frame, f.seconds, {}};
        for (std::size_t s = 0; s < f.per_checkpoint.size(); ++s) {
            const auto& k = f.per_checkpoint[s];
            c.p_fake.push_back(k.applicable ? std::optional<double>(k.score.p_fake) : std::nullopt);
            if (!k.applicable)
                d.not_applicable.push_back(
                    {f.frame, d.analysis.spec.checkpoints[s].name, k.reason});
        }
        comparable.push_back(std::move(c));
    }
    if (d.light.frames > 0) {
        d.light.mean_luma = luma_sum / d.light.frames;
        d.light.mean_noise = noise_sum / d.light.frames;
    } else {
        d.light.min_luma = 0;
    }
    if (d.checkpoints.size() > 1) {
        std::vector<double> thresholds;
        for (const auto& c : d.checkpoints) thresholds.push_back(c.summary.threshold);
        d.comparison = compare_checkpoints(comparable, thresholds, 10);
    }
    d.versions = component_versions();
    d.reproduce_command = repeat_command(d.intake, d.analysis.spec);
    return d;
}

std::string report_json(const ReportData& d) {
    Json checkpoints = Json::array();
    for (const auto& c : d.checkpoints) {
        Json k = checkpoint_description_json(c.summary);
        k.update(verdict_json(c.summary.verdict));
        Json top = Json::array();
        for (const auto& t : c.top)
            top.push_back({{"frame", t.frame},
                           {"timecode", t.timecode},
                           {"p_fake", t.p_fake},
                           {"track", t.track >= 0 ? Json(t.track) : Json(nullptr)},
                           {"attribution_drawn", !t.attribution.empty()}});
        k["top_frames"] = top;
        k["attribution"] = c.attribution_note;
        k["tracks"] = track_verdicts_json(c.summary);
        k["raised_by_track"] =
            c.summary.raised_by_track >= 0 ? Json(c.summary.raised_by_track) : Json(nullptr);
        checkpoints.push_back(k);
    }
    Json pairs = Json::array();
    for (const auto& p : d.comparison.pairs)
        pairs.push_back({{"a", d.checkpoints[p.a].summary.name},
                         {"b", d.checkpoints[p.b].summary.name},
                         {"frames", p.frames},
                         {"agreement", p.agreement},
                         {"correlation", p.correlation},
                         {"mean_abs_difference", p.mean_abs_difference}});
    Json bookmarks = Json::array();
    for (const auto& b : d.bookmarks)
        bookmarks.push_back({{"frame", b.frame},
                             {"status", bookmark_status_name(b.status)},
                             {"note", b.note},
                             {"created", b.created_utc},
                             {"track", b.track >= 0 ? Json(b.track) : Json(nullptr)}});
    Json not_applicable = Json::array();
    for (const auto& n : d.not_applicable)
        not_applicable.push_back(
            {{"frame", n.frame}, {"checkpoint", n.checkpoint}, {"reason", n.reason}});
    Json versions = Json::object();
    for (const auto& v : d.versions) versions[v.name] = v.version;
    Json j{{"report_id", d.report_id},
           {"created_utc", d.created_utc},
           {"created_local", d.created_local},
           {"case",
            {{"case_id", d.details.case_id},
             {"item_id", d.details.item_id},
             {"examiner", d.details.examiner},
             {"organisation", d.details.organisation},
             {"notes", d.details.notes},
             {"file", d.case_file}}},
           {"evidence",
            {{"path", d.intake.path},
             {"size", d.intake.size},
             {"sha256_intake", d.intake.sha256},
             {"md5_intake", d.intake.md5},
             {"sha256_now", d.recheck.now.sha256},
             {"md5_now", d.recheck.now.md5},
             {"unchanged", d.recheck.unchanged},
             {"difference", d.recheck.difference}}},
           {"media", media_info_json(d.media)},
           {"analysis",
            {{"id", d.analysis.id},
             {"status", status_name(d.analysis.status)},
             {"started_utc", d.analysis.started_utc},
             {"updated_utc", d.analysis.updated_utc},
             {"selection", d.analysis.spec.selection},
             {"frames", d.frames.size()},
             {"face_detector", d.analysis.spec.face_detector},
             {"damaged_frames", d.damaged_frames}}},
           {"checkpoints", checkpoints},
           {"comparison", pairs},
           {"low_light",
            {{"frames", d.light.frames},
             {"low_light_frames", d.light.low_light_frames},
             {"mean_luma", d.light.mean_luma},
             {"min_luma", d.light.min_luma},
             {"max_luma", d.light.max_luma},
             {"mean_noise_sigma", d.light.mean_noise}}},
           {"not_applicable", not_applicable},
           {"bookmarks", bookmarks},
           {"versions", versions},
           {"reproduce", d.reproduce_command}};
    return j.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string report_frames_csv(const ReportData& d) {
    std::ostringstream out;
    out.precision(9);
    out << "frame,pts,seconds,timecode,frame_sha256,checkpoint,applicable,reason,p_fake,logit_real,"
           "logit_fake,"
           "mean_luma,noise_sigma,low_light\n";
    for (const auto& f : d.frames)
        for (std::size_t s = 0; s < f.per_checkpoint.size(); ++s) {
            const auto& c = f.per_checkpoint[s];
            out << f.frame << ',' << f.pts << ',' << f.seconds << ',' << f.timecode << ','
                << f.pixel_sha256 << ",\"" << d.analysis.spec.checkpoints[s].name << "\","
                << (c.applicable ? 1 : 0) << ",\"" << c.reason << "\",";
            if (c.applicable && c.score.logits.size() == 2)
                out << c.score.p_fake << ',' << c.score.logits[0] << ',' << c.score.logits[1];
            else
                out << ",,";
            out << ',' << f.light.mean_luma << ',' << f.light.noise_sigma << ','
                << (f.light.low_light ? 1 : 0) << '\n';
        }
    return out.str();
}

}  // namespace interceptor
