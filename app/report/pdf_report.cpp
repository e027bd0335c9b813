#include "report/pdf_report.h"

#include <QBuffer>
#include <QFileInfo>
#include <QtGlobal>

#include <cmath>

#include "core/analysis/face_crop.h"
#include "core/case/json_records.h"
#include "core/media/decoded_frame.h"
#include "interceptor/model/inference/heatmap.h"
#include "interceptor/model/io/atomic_file.h"
#include "interceptor/model/io/digest.h"
#include "report/report_canvas.h"
#include "report/report_chart.h"

namespace interceptor {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(double v, int decimals = 3) { return QString::number(v, 'f', decimals); }

QImage to_image(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    cv::Mat c = bgr.isContinuous() ? bgr : bgr.clone();
    return QImage(c.data, c.cols, c.rows, static_cast<qsizetype>(c.step), QImage::Format_BGR888)
        .copy();
}

// The segments as "00:00:03.000 - 00:00:06.480 (peak 0.98)", joined.
QString segment_list(const VideoVerdict& v) {
    QStringList parts;
    for (const auto& s : v.segments)
        parts << QObject::tr("%1 - %2 (frames %3-%4, peak %5)")
                         .arg(q(format_timecode(s.start_seconds)),
                              q(format_timecode(s.end_seconds)))
                         .arg(s.first_frame)
                         .arg(s.last_frame)
                         .arg(num(s.peak)) +
                     (s.track >= 0 ? QObject::tr(", track %1").arg(s.track) : QString());
    return parts.join("; ");
}

// The heading word of a checkpoint's result.
QString verdict_heading(const VideoVerdict& v) {
    if (!v.conclusive) return QObject::tr("INCONCLUSIVE");
    if (!v.segments.empty()) return QObject::tr("MANIPULATED SEGMENT FOUND");
    return v.fake ? QObject::tr("FLAGGED AS MANIPULATED") : QObject::tr("not flagged");
}

QString verdict_words(const CheckpointSummary& c) {
    const auto& v = c.verdict;
    if (!v.conclusive)
        return QObject::tr(
                   "No finding: too little of the clip could be examined by this "
                   "checkpoint to say anything about it (%1). The clip is neither "
                   "called manipulated nor genuine.")
            .arg(q(v.inconclusive_reason));
    if (v.fake) {
        QString words;
        if (!v.segments.empty())
            words = QObject::tr("Finding: manipulated segment%1 found: %2. ")
                        .arg(v.segments.size() > 1 ? "s" : "", segment_list(v));
        words += QObject::tr(
                     "The confident-strategy score %1 %2 the decision threshold %3; %4 "
                     "of %5 scored frames (%6 %) are flagged. This is evidence of "
                     "manipulation to be weighed with other evidence; it is not proof, "
                     "and frames that were not analysed are not covered.")
                     .arg(num(v.confident),
                          v.clip_flagged ? QObject::tr("reaches") : QObject::tr("stays below"),
                          num(c.threshold))
                     .arg(v.flagged)
                     .arg(v.scored)
                     .arg(num(100 * v.share_flagged, 0));
        if (c.raised_by_track >= 0)
            words +=
                QObject::tr(" The finding comes from the face of track %1.").arg(c.raised_by_track);
        return words;
    }
    return QObject::tr(
               "Finding: the detector found no evidence of manipulation in the frames "
               "analysed. The confident-strategy score %1 stays below the decision "
               "threshold %2 (%3 of %4 scored frames flagged) and no manipulated "
               "segment was found. This does not prove the clip genuine: "
               "manipulations unlike the detector's training data may go undetected, "
               "and frames that were not analysed are not covered.")
        .arg(num(v.confident), num(c.threshold))
        .arg(v.flagged)
        .arg(v.scored);
}

void case_section(ReportCanvas& c, const ReportData& d) {
    c.heading(QObject::tr("1. Case"));
    c.fields({{QObject::tr("Case identifier"), q(d.details.case_id)},
              {QObject::tr("Item identifier"), q(d.details.item_id)},
              {QObject::tr("Examiner"), q(d.details.examiner)},
              {QObject::tr("Organisation"), q(d.details.organisation)},
              {QObject::tr("Analysis started"),
               q(d.analysis.started_utc) + "  (" + q(d.analysis_started_local) + ")"},
              {QObject::tr("Analysis last updated"),
               q(d.analysis.updated_utc) + "  (" + q(d.analysis_updated_local) + ")"},
              {QObject::tr("Analysis status"), q(status_name(d.analysis.status))},
              {QObject::tr("Report written"), q(d.created_utc) + "  (" + q(d.created_local) + ")"},
              {QObject::tr("Report identifier"), q(d.report_id)},
              {QObject::tr("Notes"), q(d.details.notes)}});
}

void evidence_section(ReportCanvas& c, const ReportData& d) {
    c.heading(QObject::tr("2. Evidence"));
    const auto& m = d.media;
    c.fields({{QObject::tr("File name"), QFileInfo(q(d.intake.path)).fileName()},
              {QObject::tr("Path"), q(d.intake.path)},
              {QObject::tr("Size"), QObject::tr("%1 bytes").arg(d.intake.size)},
              {QObject::tr("SHA-256 at intake"), q(d.intake.sha256)},
              {QObject::tr("SHA-256 now"), q(d.recheck.now.sha256)},
              {QObject::tr("MD5 at intake"), q(d.intake.md5)},
              {QObject::tr("MD5 now"), q(d.recheck.now.md5)},
              {QObject::tr("Integrity"),
               d.recheck.unchanged ? QObject::tr("unchanged: the file was hashed again when this "
                                                 "report was written and matches its intake")
                                   : QObject::tr("CHANGED: %1").arg(q(d.recheck.difference))},
              {QObject::tr("Case file"), q(d.case_file)}});
    c.heading(QObject::tr("Container and streams"), 2);
    c.fields(
        {{QObject::tr("Container"), q(m.container_long) + " (" + q(m.container) + ")"},
         {QObject::tr("Video codec"),
          q(m.video_codec) + (m.video_profile.empty() ? "" : ", " + q(m.video_profile))},
         {QObject::tr("Pixel format"),
          q(m.pixel_format) + QObject::tr(", %1-bit").arg(m.bit_depth)},
         {QObject::tr("Resolution"),
          QObject::tr("%1 x %2 stored, %3 x %4 displayed, rotation %5 degrees")
              .arg(m.coded_width)
              .arg(m.coded_height)
              .arg(m.width)
              .arg(m.height)
              .arg(m.rotation)},
         {QObject::tr("Frame rate"),
          QObject::tr("%1 frames/s nominal, %2 measured%3")
              .arg(num(m.nominal_fps))
              .arg(num(m.measured_fps))
              .arg(m.variable_frame_rate ? QObject::tr(", variable") : QString())},
         {QObject::tr("Frames"), QString::number(m.frame_count)},
         {QObject::tr("Duration"), q(format_timecode(m.duration_seconds))},
         {QObject::tr("Bit rate"), m.bit_rate > 0 ? QObject::tr("%1 kbit/s").arg(m.bit_rate / 1000)
                                                  : QObject::tr("unknown")},
         {QObject::tr("Creation time tag"), q(m.creation_time)},
         {QObject::tr("Encoder tag"), q(m.encoder)},
         {QObject::tr("Audio"), m.has_audio ? q(m.audio_codec) : QObject::tr("none")}});
}

// A checkpoint's training provenance as named rows ("data_options.layout" | "csv"): nested
// objects by dotted names, strings without their quotes.
void provenance_rows(const Json& j, const std::string& prefix, std::vector<QStringList>& rows) {
    for (const auto& [key, value] : j.items()) {
        const std::string name = prefix.empty() ? key : prefix + "." + key;
        if (value.is_object())
            provenance_rows(value, name, rows);
        else
            rows.push_back(
                {q(name), q(value.is_string() ? value.get<std::string>() : value.dump())});
    }
}

void method_section(ReportCanvas& c, const ReportData& d) {
    c.heading(QObject::tr("3. Method"));
    for (std::size_t s = 0; s < d.checkpoints.size(); ++s) {
        const auto& k = d.checkpoints[s].summary;
        c.heading(QObject::tr("Checkpoint \"%1\"").arg(q(k.name)), 2);
        const auto meta =
            Json::parse(k.metadata_json.empty() ? "{}" : k.metadata_json, nullptr, false);
        QString provenance, metrics;
        std::vector<QStringList> provenance_table;
        QString probabilities = QObject::tr("the network's softmax output, not temperature-scaled");
        if (meta.is_object()) {
            if (meta.contains("temperature") && meta["temperature"].is_number())
                probabilities = QObject::tr("temperature-scaled, T = %1 (%2)")
                                    .arg(num(meta["temperature"].get<double>()))
                                    .arg(q(meta.value("temperature_source", "")));
            if (meta.contains("provenance") && meta["provenance"].is_object())
                provenance_rows(meta["provenance"], "", provenance_table);
            if (!provenance_table.empty()) provenance = QObject::tr("in the table below");
            if (meta.contains("metrics") && meta["metrics"].is_object()) {
                QStringList named;  // "val_auc 1; val_loss 0.536"
                for (const auto& [key, value] : meta["metrics"].items())
                    named << q(key) + " " +
                                 (value.is_number() ? num(value.get<double>()) : q(value.dump()));
                metrics = named.join("; ");
            }
            if (meta.contains("epoch"))
                provenance += QObject::tr("%1epoch %2")
                                  .arg(provenance.isEmpty() ? "" : "; ")
                                  .arg(q(meta["epoch"].dump()));
            if (meta.contains("stage"))
                provenance += QObject::tr("; stage %1").arg(q(meta["stage"].dump()));
        }
        c.fields(
            {{QObject::tr("File"), q(k.path)},
             {QObject::tr("SHA-256"), q(k.sha256)},
             {QObject::tr("Architecture"), q(k.architecture)},
             {QObject::tr("Training provenance"),
              provenance.isEmpty() ? QObject::tr("not recorded in the file") : provenance},
             {QObject::tr("Recorded metrics"),
              metrics.isEmpty() ? QObject::tr("none recorded") : metrics},
             {QObject::tr("Preprocessing"),
              q(describe_crop(k.profile)) + QObject::tr(", RGB, ImageNet normalisation") +
                  (is_face_profile(k.profile)
                       ? QObject::tr("; every face is scored, a frame's P(fake) is its most "
                                     "suspicious face's, faces are linked into tracks by overlap")
                       : QString())},
             {QObject::tr("Probabilities"), probabilities},
             {QObject::tr("Decision threshold"),
              num(k.threshold) + " (" + q(k.threshold_source) + ")"},
             {QObject::tr("Device"), q(k.device)}});
        if (!provenance_table.empty())
            c.table({QObject::tr("Training provenance"), QObject::tr("Value")}, provenance_table,
                    {0.35, 0.65});
    }
    c.heading(QObject::tr("Procedure"), 2);
    QString versions;
    for (const auto& v : d.versions) versions += q(v.name) + " " + q(v.version) + "; ";
    versions += QObject::tr("Qt %1").arg(qVersion());
    const auto& first = d.checkpoints.empty() ? CheckpointSummary{} : d.checkpoints.front().summary;
    c.fields(
        {{QObject::tr("Frames analysed"), QObject::tr("%1 (%2) of %3 in the clip")
                                              .arg(d.frames.size())
                                              .arg(q(d.analysis.spec.selection))
                                              .arg(d.media.frame_count)},
         {QObject::tr("Face detector"), q(d.analysis.spec.face_detector)},
         {QObject::tr("Aggregation rule"), q(first.verdict.rule())},
         {QObject::tr("Low-light flag"),
          QObject::tr("mean BT.601 luma of the frame below 60 of 255")},
         {QObject::tr("Software"), versions},
         {QObject::tr("Per-frame data"),
          d.csv_sha256.empty()
              ? QObject::tr("not exported")
              : QObject::tr("CSV exported beside this report, SHA-256 %1").arg(q(d.csv_sha256))},
         {QObject::tr("Facts as JSON"),
          d.json_sha256.empty() ? QObject::tr("not exported")
                                : QObject::tr("JSON exported beside this report, SHA-256 %1")
                                      .arg(q(d.json_sha256))}});
    c.paragraph(
        QObject::tr("To repeat the analysis (it computes every frame again in a new case folder, "
                    "repeat-case, and writes the per-frame scores to repeat.json):"));
    c.code(q(d.reproduce_command));
}

// Each person's own verdict, where faces were scored.
void track_table(ReportCanvas& c, const CheckpointSummary& k) {
    if (k.tracks.empty()) return;
    std::vector<QStringList> rows;
    for (const auto& t : k.tracks) {
        const auto& v = t.verdict;
        rows.push_back({QString::number(t.track), verdict_heading(v), num(v.confident), num(v.max),
                        QString::number(v.scored), QString::number(v.flagged),
                        v.segments.empty() ? QObject::tr("none") : segment_list(v)});
    }
    c.paragraph(
        QObject::tr("Each face track (a person followed across frames) judged on its own "
                    "faces, by the same rules:"));
    c.table({QObject::tr("Track"), QObject::tr("Result"), QObject::tr("Confident"),
             QObject::tr("Maximum"), QObject::tr("Scored"), QObject::tr("Flagged"),
             QObject::tr("Segments")},
            rows, {0.07, 0.2, 0.1, 0.1, 0.08, 0.08, 0.37});
}

// A map over the picture, or over the face crop it was computed on (`place`: map pixels to
// picture pixels), in `box` (the picture's place on the page).
void draw_map(QPainter& p, const QRectF& box, const cv::Mat& picture, const cv::Mat& map,
              const std::optional<cv::Matx23d>& place, MapColours colours) {
    if (!place) {
        p.drawImage(box, to_image(overlay_heatmap(picture, map, 0.5, colours)));
        return;
    }
    p.drawImage(box, to_image(picture));
    const cv::Matx23d& m = *place;
    const double k = box.width() / picture.cols;
    p.save();
    p.setClipRect(box);
    p.setTransform(QTransform(m(0, 0), m(1, 0), m(0, 1), m(1, 1), m(0, 2), m(1, 2)) *
                       QTransform(k, 0, 0, k, box.left(), box.top()),
                   true);
    p.setOpacity(0.5);
    p.drawImage(QPointF(0, 0), to_image(coloured_map(map, colours)));
    p.restore();
}

void thumbnails(ReportCanvas& c, const CheckpointReport& k) {
    if (k.top.empty()) return;
    c.heading(QObject::tr("Highest-scoring frames: as decoded, luminance heatmap, attribution"), 2);
    // One frame to a row, as three pictures.
    const double gap = 6, w = (c.width() - 2 * gap) / 3;
    for (const auto& t : k.top) {
        const double ph = t.picture.empty() ? 12 : w * t.picture.rows / t.picture.cols;
        c.block(ph + 16, [&](QPainter& p, const QRectF& r) {
            p.setFont(ReportCanvas::font(7.5, true));
            p.drawText(
                QRectF(r.left(), r.top(), r.width(), 12), Qt::AlignLeft,
                QObject::tr("Frame %1   %2   P(fake) %3%4")
                    .arg(t.frame)
                    .arg(q(t.timecode))
                    .arg(num(t.p_fake, 4))
                    .arg(t.track >= 0 ? QObject::tr("   track %1").arg(t.track) : QString()));
            if (t.picture.empty()) {
                p.drawText(QRectF(r.left(), r.top() + 14, r.width(), 12), Qt::AlignLeft,
                           QObject::tr("(could not be decoded now)"));
                return;
            }
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            const QRectF first(r.left(), r.top() + 14, w, ph);
            p.drawImage(first, to_image(t.picture));
            draw_map(p, first.translated(w + gap, 0), t.picture, t.heatmap, t.heatmap_place,
                     MapColours::Luminance);
            const QRectF third = first.translated(2 * (w + gap), 0);
            if (t.attribution.empty()) {
                p.setFont(ReportCanvas::font(7.5, false));
                p.drawText(third, Qt::AlignCenter, QObject::tr("(no attribution map)"));
                return;
            }
            draw_map(p, third, t.picture, t.attribution, t.attribution_place,
                     MapColours::Attribution);
        });
    }
    c.paragraph(QObject::tr("Middle: the low-light module's luminance heatmap (inferno scale). "
                            "Right: attribution: %1.")
                    .arg(q(k.attribution_note)),
                true);
}

void results_section(ReportCanvas& c, const ReportData& d) {
    // On a page of its own, so a checkpoint's finding, chart, segments and first top frame are
    // read together.
    c.pageBreak();
    c.heading(QObject::tr("4. Results"));
    for (std::size_t s = 0; s < d.checkpoints.size(); ++s) {
        const auto& k = d.checkpoints[s];
        const auto& v = k.summary.verdict;
        c.heading(QObject::tr("Checkpoint \"%1\": %2").arg(q(k.summary.name), verdict_heading(v)),
                  2);
        c.paragraph(verdict_words(k.summary));
        c.table({QObject::tr("Confident score"), QObject::tr("Mean"), QObject::tr("Maximum"),
                 QObject::tr("Threshold"), QObject::tr("Scored"), QObject::tr("Flagged"),
                 QObject::tr("Not applicable"), QObject::tr("Damaged")},
                {{num(v.confident), num(v.mean), num(v.max), num(k.summary.threshold),
                  QString::number(v.scored),
                  QObject::tr("%1 (%2 %)").arg(v.flagged).arg(num(100 * v.share_flagged, 1)),
                  QString::number(v.not_applicable), QString::number(v.damaged)}},
                {0.14, 0.11, 0.12, 0.12, 0.11, 0.15, 0.13, 0.12});
        ChartSeries series{s, report_colour(s), k.summary.threshold, v.segments};
        c.block(170, [&](QPainter& p, const QRectF& r) {
            draw_probability_chart(p, r, d.frames, d.media.frame_count, {series});
        });
        c.paragraph(
            QObject::tr(
                "Per-frame P(fake) of \"%1\"; dashed: the threshold; shaded: fake segments.")
                .arg(q(k.summary.name)),
            true);
        if (v.segments.empty()) {
            c.paragraph(QObject::tr("No fake segment: no run of flagged frames."));
        } else {
            std::vector<QStringList> rows;
            for (const auto& seg : v.segments)
                rows.push_back({QString::number(seg.first_frame), QString::number(seg.last_frame),
                                q(format_timecode(seg.start_seconds)),
                                q(format_timecode(seg.end_seconds)), num(seg.peak, 4)});
            c.table({QObject::tr("First frame"), QObject::tr("Last frame"), QObject::tr("Start"),
                     QObject::tr("End"), QObject::tr("Peak P(fake)")},
                    rows, {0.18, 0.18, 0.24, 0.24, 0.16});
        }
        track_table(c, k.summary);
        thumbnails(c, k);
    }
    c.heading(QObject::tr("Light and frames not scored"), 2);
    c.fields({{QObject::tr("Low-light frames"), QObject::tr("%1 of %2 analysed frames")
                                                    .arg(d.light.low_light_frames)
                                                    .arg(d.light.frames)},
              {QObject::tr("Mean luma"), QObject::tr("%1 (lowest frame %2, highest %3)")
                                             .arg(num(d.light.mean_luma, 1))
                                             .arg(num(d.light.min_luma, 1))
                                             .arg(num(d.light.max_luma, 1))},
              {QObject::tr("Mean noise sigma"), num(d.light.mean_noise, 2)},
              {QObject::tr("Damaged frames"), d.damaged_frames.empty() ? QObject::tr("none") : [&] {
                   QStringList l;
                   for (auto f : d.damaged_frames) l << QString::number(f);
                   return l.join(", ");
               }()}});
    if (d.not_applicable.empty()) {
        c.paragraph(QObject::tr("Every analysed frame could be scored by every checkpoint."));
    } else {
        std::vector<QStringList> rows;
        for (const auto& n : d.not_applicable)
            rows.push_back({QString::number(n.frame), q(n.checkpoint), q(n.reason)});
        c.table(
            {QObject::tr("Frame"), QObject::tr("Checkpoint"), QObject::tr("Why not applicable")},
            rows, {0.15, 0.25, 0.6});
    }
}

void comparison_section(ReportCanvas& c, const ReportData& d) {
    if (d.checkpoints.size() < 2) return;
    c.heading(QObject::tr("5. Comparison of checkpoints"));
    std::vector<QStringList> rows;
    for (const auto& k : d.checkpoints)
        rows.push_back({q(k.summary.name), verdict_heading(k.summary.verdict).toLower(),
                        num(k.summary.verdict.confident), num(k.summary.verdict.mean),
                        QObject::tr("%1 %").arg(num(100 * k.summary.verdict.share_flagged, 1))});
    c.table({QObject::tr("Checkpoint"), QObject::tr("Verdict"), QObject::tr("Confident"),
             QObject::tr("Mean"), QObject::tr("Flagged")},
            rows, {0.3, 0.2, 0.16, 0.16, 0.18});
    std::vector<ChartSeries> series;
    for (std::size_t s = 0; s < d.checkpoints.size(); ++s)
        series.push_back({s, report_colour(s), d.checkpoints[s].summary.threshold, {}});
    c.block(170, [&](QPainter& p, const QRectF& r) {
        draw_probability_chart(p, r, d.frames, d.media.frame_count, series);
    });
    QStringList legend;
    for (std::size_t s = 0; s < d.checkpoints.size(); ++s)
        legend << QObject::tr("%1 (%2)").arg(q(d.checkpoints[s].summary.name),
                                             report_colour_name(s));
    c.paragraph(QObject::tr("Curves: %1.").arg(legend.join(", ")), true);
    rows.clear();
    for (const auto& p : d.comparison.pairs)
        rows.push_back(
            {q(d.checkpoints[p.a].summary.name) + " / " + q(d.checkpoints[p.b].summary.name),
             QString::number(p.frames), QObject::tr("%1 %").arg(num(100 * p.agreement, 1)),
             num(p.correlation), num(p.mean_abs_difference)});
    c.table({QObject::tr("Pair"), QObject::tr("Frames"), QObject::tr("Agreement"),
             QObject::tr("Correlation"), QObject::tr("Mean |difference|")},
            rows, {0.36, 0.12, 0.16, 0.16, 0.2});
}

void bookmarks_and_limits(ReportCanvas& c, const ReportData& d) {
    c.heading(QObject::tr("%1. Bookmarks").arg(d.checkpoints.size() > 1 ? 6 : 5));
    if (d.bookmarks.empty()) {
        c.paragraph(QObject::tr("No bookmarks were set."));
    } else {
        const double fps = frame_rate(d.media);
        std::vector<QStringList> rows;
        for (const auto& b : d.bookmarks)
            rows.push_back({QString::number(b.frame), q(format_timecode(b.frame / fps)),
                            q(bookmark_status_name(b.status)),
                            b.track >= 0 ? QString::number(b.track) : QObject::tr("-"), q(b.note),
                            q(b.created_utc)});
        c.table({QObject::tr("Frame"), QObject::tr("Time"), QObject::tr("Status"),
                 QObject::tr("Track"), QObject::tr("Note"), QObject::tr("Set (UTC)")},
                rows, {0.1, 0.16, 0.12, 0.08, 0.32, 0.22});
    }
    c.heading(QObject::tr("%1. Limitations").arg(d.checkpoints.size() > 1 ? 7 : 6));
    c.paragraph(
        QObject::tr("The detector is a statistical model. Its scores are evidence to be weighed "
                    "with other evidence, never proof, and concern only the item examined. A "
                    "result that is not flagged does not prove the clip genuine, and an "
                    "inconclusive one says nothing either way. A checkpoint knows only the "
                    "manipulations and the footage it was trained on (for the Interceptor LL "
                    "project: FaceForensics++, Celeb-DF v2, WildDeepfake and DFDC); methods and "
                    "footage unlike these, faces outside that data, strong compression, "
                    "resizing, low light and sensor noise all reduce reliability. Low-light "
                    "frames are marked in this report for that reason. Frames that were not "
                    "analysed, that were not applicable or that were damaged are not covered by "
                    "the findings. The decision threshold, and where it came from, is stated "
                    "above; a threshold not calibrated on validation data makes the verdict less "
                    "reliable."));
}

void render(QPainter& p, QPdfWriter* pdf, const ReportData& d, int total, int* pages) {
    PageFrame frame{QObject::tr("Deepfake analysis report"),
                    q(d.details.case_id.empty() ? "-" : d.details.case_id),
                    q(d.details.item_id.empty() ? "-" : d.details.item_id),
                    q(d.report_id),
                    {}};
    if (!d.recheck.unchanged)
        frame.banner =
            QObject::tr(
                "EVIDENCE MISMATCH: the file no longer matches the hashes taken at intake (%1). "
                "This report was written on the examiner's instruction to proceed.")
                .arg(q(d.recheck.difference));
    ReportCanvas c(p, pdf, frame, total);
    case_section(c, d);
    evidence_section(c, d);
    method_section(c, d);
    results_section(c, d);
    comparison_section(c, d);
    bookmarks_and_limits(c, d);
    c.finish();
    if (pages) *pages = c.pages();
}

// The PDF bytes: a first pass counts the pages, the second draws "page x of y".
QByteArray pdf_bytes(const ReportData& d) {
    int total = 0;
    for (int pass = 0; pass < 2; ++pass) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter pdf(&buffer);
        pdf.setResolution(72);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(QObject::tr("Deepfake analysis report %1").arg(q(d.report_id)));
        pdf.setCreator(QObject::tr("Interceptor"));
        QPainter painter(&pdf);
        int pages = 0;
        render(painter, &pdf, d, total, &pages);
        painter.end();
        if (pass == 1) return buffer.data();
        total = pages;
    }
    return {};
}

}  // namespace

Result<Done> write_report(ReportData& data, const ReportFiles& files) {
    if (!files.json.empty()) {
        const std::string json = report_json(data);
        if (auto saved = AtomicFile::write_whole(files.json, json); !saved) return saved;
        data.json_sha256 = sha256_hex(json.data(), json.size());
    }
    if (!files.csv.empty()) {
        const std::string csv = report_frames_csv(data);
        if (auto saved = AtomicFile::write_whole(files.csv, csv); !saved) return saved;
        data.csv_sha256 = sha256_hex(csv.data(), csv.size());
    }
    return AtomicFile::write_whole(files.pdf, pdf_bytes(data).toStdString());
}

QImage render_report_preview(const ReportData& data, int width) {
    const double scale = width / ReportCanvas::kPageWidth;
    QImage page(width, static_cast<int>(ReportCanvas::kPageHeight * scale), QImage::Format_RGB32);
    page.fill(Qt::white);
    page.setDotsPerMeterX(2835);  // 72 dpi, as the PDF: the same text layout, scaled
    page.setDotsPerMeterY(2835);
    QPainter painter(&page);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(scale, scale);
    render(painter, nullptr, data, 0, nullptr);
    return page;
}

}  // namespace interceptor
