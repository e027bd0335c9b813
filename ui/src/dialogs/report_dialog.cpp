#include "dialogs/report_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <memory>

#include "report/pdf_report.h"

namespace interceptor {

ReportDialog::ReportDialog(CaseStore& store, std::int64_t analysis_id, QWidget* parent)
    : QDialog(parent), store_(store), analysis_id_(analysis_id) {
    setWindowTitle(tr("Export report"));
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout();
    auto* form = new QFormLayout();
    auto field = [&](const QString& label, const char* key) {
        auto* edit = new QLineEdit(QString::fromStdString(store.detail(key)), this);
        form->addRow(label, edit);
        return edit;
    };
    case_id_ = field(tr("Case identifier"), "case_id");
    item_id_ = field(tr("Item identifier"), "item_id");
    examiner_ = field(tr("Examiner"), "examiner");
    organisation_ = field(tr("Organisation"), "organisation");
    notes_ = new QPlainTextEdit(QString::fromStdString(store.detail("notes")), this);
    notes_->setMaximumHeight(90);
    form->addRow(tr("Notes"), notes_);
    auto* out_row = new QHBoxLayout();
    const QFileInfo clip(QString::fromStdString(store.evidence().path));
    output_ =
        new QLineEdit(clip.dir().absoluteFilePath(clip.completeBaseName() + "-report.pdf"), this);
    auto* browse = new QPushButton(tr("..."), this);
    out_row->addWidget(output_);
    out_row->addWidget(browse);
    form->addRow(tr("PDF"), out_row);
    exports_ = new QCheckBox(
        tr("Also the facts as JSON and the per-frame CSV (the PDF names their SHA-256)"), this);
    exports_->setChecked(true);
    form->addRow(QString(), exports_);
    proceed_ = new QCheckBox(tr("Proceed although the evidence changed (printed on page 1)"), this);
    proceed_->setVisible(false);
    form->addRow(QString(), proceed_);
    left->addLayout(form);
    status_ = new QLabel(tr("Hashing the evidence again ..."), this);
    status_->setWordWrap(true);
    left->addWidget(status_);
    left->addStretch();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    export_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    export_->setEnabled(false);
    left->addWidget(buttons);
    layout->addLayout(left, 1);
    preview_ = new QLabel(this);
    preview_->setFixedSize(300, 425);
    preview_->setFrameShape(QFrame::Box);
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setText(tr("Preview of the first page"));
    layout->addWidget(preview_);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Report"), output_->text(), tr("PDF (*.pdf)"));
        if (!path.isEmpty()) output_->setText(path);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString error = exportReport();
        if (error.isEmpty())
            accept();
        else
            status_->setText(error);
    });
    connect(proceed_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) gather(true);
    });
    for (auto* edit : {case_id_, item_id_})
        connect(edit, &QLineEdit::editingFinished, this, &ReportDialog::showPreview);
    gather(false);
}

ReportDialog::~ReportDialog() {
    // A focused field emits editingFinished while QWidget's destructor takes
    // it down, after this part of the object is gone (UBSan saw the call).
    for (auto* edit : {case_id_, item_id_}) disconnect(edit, nullptr, this, nullptr);
    if (worker_.joinable()) worker_.join();
}

void ReportDialog::gather(bool proceed) {
    if (worker_.joinable()) worker_.join();
    export_->setEnabled(false);
    status_->setText(tr("Hashing the evidence again, drawing attribution maps ..."));
    GatherOptions options;
    options.analysis_id = analysis_id_;
    // The dialog decides from the re-check itself whether to go on (not from an error's words).
    options.proceed_on_mismatch = true;
    worker_ = std::thread([this, options, proceed] {
        auto result = gather_report(store_, options);
        auto shared = std::make_shared<Result<ReportData>>(std::move(result));
        QMetaObject::invokeMethod(
            this,
            [this, shared, proceed] {
                proceed_->setVisible(false);
                if (!*shared) {
                    data_.reset();
                    status_->setText(QString::fromStdString(shared->error()));
                    return;
                }
                if (!shared->value().recheck.unchanged && !proceed) {
                    data_.reset();
                    status_->setText(
                        tr("The evidence no longer matches its intake (%1): no report is written "
                           "unless you proceed, and then the mismatch is printed on page 1.")
                            .arg(QString::fromStdString(shared->value().recheck.difference)));
                    proceed_->setVisible(true);
                    return;
                }
                data_ = std::move(shared->value());
                status_->setText(data_->recheck.unchanged
                                     ? tr("The evidence matches its intake hashes.")
                                     : tr("EVIDENCE CHANGED: %1")
                                           .arg(QString::fromStdString(data_->recheck.difference)));
                export_->setEnabled(true);
                showPreview();
            },
            Qt::QueuedConnection);
    });
}

CaseDetails ReportDialog::details() const {
    return {case_id_->text().toStdString(), item_id_->text().toStdString(),
            examiner_->text().toStdString(), organisation_->text().toStdString(),
            notes_->toPlainText().toStdString()};
}

void ReportDialog::showPreview() {
    if (!data_) return;
    data_->details = details();
    preview_->setPixmap(QPixmap::fromImage(render_report_preview(*data_, preview_->width() - 2)));
}

void ReportDialog::setDetails(const CaseDetails& d) {
    case_id_->setText(QString::fromStdString(d.case_id));
    item_id_->setText(QString::fromStdString(d.item_id));
    examiner_->setText(QString::fromStdString(d.examiner));
    organisation_->setText(QString::fromStdString(d.organisation));
    notes_->setPlainText(QString::fromStdString(d.notes));
    showPreview();
}

void ReportDialog::setOutput(const QString& pdf, bool with_json_and_csv) {
    output_->setText(pdf);
    exports_->setChecked(with_json_and_csv);
}

QString ReportDialog::status() const { return status_->text(); }

QString ReportDialog::exportReport() {
    if (!data_) return tr("The report is not ready: %1").arg(status_->text());
    data_->details = details();
    // The details are kept in the case for the next report.
    const std::vector<std::pair<const char*, std::string>> kept = {
        {"case_id", data_->details.case_id},
        {"item_id", data_->details.item_id},
        {"examiner", data_->details.examiner},
        {"organisation", data_->details.organisation},
        {"notes", data_->details.notes}};
    for (const auto& [key, value] : kept)
        if (auto saved = store_.set_detail(key, value); !saved)
            return QString::fromStdString(saved.error());
    const std::string pdf = output_->text().toStdString();
    const std::string base = pdf.size() > 4 && pdf.substr(pdf.size() - 4) == ".pdf"
                                 ? pdf.substr(0, pdf.size() - 4)
                                 : pdf;
    const bool beside = exports_->isChecked();
    auto written =
        write_report(*data_, {pdf, beside ? base + ".json" : "", beside ? base + ".csv" : ""});
    return written ? QString() : QString::fromStdString(written.error());
}

}  // namespace interceptor
