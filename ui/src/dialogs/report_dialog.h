#pragma once
// Export of the forensic report from the window: asks for the case details
// (kept in the case), where to write the PDF and whether to write the JSON
// and CSV beside it, and shows a preview of the first page. The evidence is
// hashed again on a worker thread while the dialog is open; a mismatch is
// shown and the export refused unless the examiner chooses to proceed.
#include <QDialog>

#include <optional>
#include <thread>

#include "core/report/report_data.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace interceptor {

class ReportDialog : public QDialog {
    Q_OBJECT
  public:
    ReportDialog(CaseStore& store, std::int64_t analysis_id, QWidget* parent = nullptr);
    ~ReportDialog() override;

    // For tests and scripts: fill the fields, choose the output, export; error or "".
    void setDetails(const CaseDetails& details);
    void setOutput(const QString& pdf, bool with_json_and_csv);
    bool ready() const { return data_.has_value(); }
    QString exportReport();
    QString status() const;

  private:
    void gather(bool proceed);
    void showPreview();
    CaseDetails details() const;

    CaseStore& store_;
    std::int64_t analysis_id_;
    std::optional<ReportData> data_;
    std::thread worker_;
    QLineEdit *case_id_, *item_id_, *examiner_, *organisation_, *output_;
    QPlainTextEdit* notes_;
    QCheckBox *exports_, *proceed_;
    QLabel *preview_, *status_;
    QPushButton* export_;
};

}  // namespace interceptor
