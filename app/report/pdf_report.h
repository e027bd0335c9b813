#pragma once
// The forensic PDF report, written from ReportData (a stored case): every
// page carries the title, case and item identifiers, page x of y and the
// report identifier; the sections are case, evidence, method, results per
// checkpoint, comparison (several checkpoints), bookmarks and limitations.
// Needs a QGuiApplication (fonts); the CLI makes an offscreen one.
#include <QImage>

#include <string>

#include "core/report/report_data.h"

namespace interceptor {

struct ReportFiles {
    std::string pdf;
    std::string json;  // "" for none
    std::string csv;   // "" for none
};

// Writes the JSON and CSV (when asked) and then the PDF naming their SHA-256;
// each file is written to a temporary name, synced and renamed, so a crash
// never leaves a half file under the real name. The data's json/csv hashes are filled in.
Result<Done> write_report(ReportData& data, const ReportFiles& files);

// The first page, width pixels wide (a preview before exporting).
QImage render_report_preview(const ReportData& data, int width);

}  // namespace interceptor
