#include "docks/checkpoints_dock.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

#include "interceptor/model/checkpoint/checkpoint.h"

namespace interceptor {
namespace {

enum Column { kName, kFile };

}  // namespace

bool is_checkpoint_file(const QString& path) { return has_checkpoint_suffix(path.toStdString()); }

CheckpointsDock::CheckpointsDock(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    table_ = new QTableWidget(0, 2, this);
    table_->setHorizontalHeaderLabels({tr("Name (tick to use)"), tr("File")});
    table_->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(table_);
    auto* buttons = new QHBoxLayout();
    auto* add = new QPushButton(tr("Add..."), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &CheckpointsDock::browse);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (table_->currentRow() >= 0) table_->removeRow(table_->currentRow());
        save();
    });
    load();
    connect(table_, &QTableWidget::itemChanged, this, &CheckpointsDock::save);
}

void CheckpointsDock::addCheckpoint(const QString& path, const QString& name) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QSignalBlocker block(table_);
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, kFile)->data(Qt::UserRole).toString() == absolute) {
            table_->item(r, kName)->setCheckState(Qt::Checked);
            if (!name.isEmpty()) table_->item(r, kName)->setText(name);
            save();
            return;
        }
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* n = new QTableWidgetItem(name.isEmpty() ? tr("Stage %1").arg(row + 1) : name);
    n->setCheckState(Qt::Checked);
    auto* f = new QTableWidgetItem(QFileInfo(absolute).fileName());
    f->setData(Qt::UserRole, absolute);
    f->setToolTip(absolute);
    f->setFlags(f->flags() & ~Qt::ItemIsEditable);
    table_->setItem(row, kName, n);
    table_->setItem(row, kFile, f);
    save();
}

void CheckpointsDock::chooseOnly(const QList<CheckpointChoice>& checkpoints) {
    {
        const QSignalBlocker block(table_);
        for (int r = 0; r < table_->rowCount(); ++r)
            table_->item(r, kName)->setCheckState(Qt::Unchecked);
    }
    for (const auto& c : checkpoints) addCheckpoint(c.path, c.name);
}

void CheckpointsDock::browse() {
    // The reader's suffixes, and .zip for a zipped checkpoint.
    QStringList patterns;
    for (const auto& suffix : checkpoint_suffixes())
        patterns << "*" + QString::fromStdString(suffix);
    patterns << "*.zip";
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add checkpoints"), {},
        tr("Checkpoints (%1);;All files (*)").arg(patterns.join(" ")));
    for (const auto& f : files) addCheckpoint(f);
}

QList<CheckpointChoice> CheckpointsDock::chosen() const {
    QList<CheckpointChoice> out;
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, kName)->checkState() == Qt::Checked)
            out.append({table_->item(r, kName)->text(),
                        table_->item(r, kFile)->data(Qt::UserRole).toString()});
    return out;
}

void CheckpointsDock::save() const {
    QSettings settings;
    settings.beginWriteArray("checkpoints");
    for (int r = 0; r < table_->rowCount(); ++r) {
        settings.setArrayIndex(r);
        settings.setValue("name", table_->item(r, kName)->text());
        settings.setValue("path", table_->item(r, kFile)->data(Qt::UserRole).toString());
        settings.setValue("use", table_->item(r, kName)->checkState() == Qt::Checked);
    }
    settings.endArray();
}

void CheckpointsDock::load() {
    QSettings settings;
    const int n = settings.beginReadArray("checkpoints");
    QList<std::tuple<QString, QString, bool>> rows;
    for (int r = 0; r < n; ++r) {
        settings.setArrayIndex(r);
        rows.append({settings.value("path").toString(), settings.value("name").toString(),
                     settings.value("use").toBool()});
    }
    settings.endArray();
    const QSignalBlocker block(table_);
    for (const auto& [path, name, use] : rows) {
        addCheckpoint(path, name);
        table_->item(table_->rowCount() - 1, kName)
            ->setCheckState(use ? Qt::Checked : Qt::Unchecked);
    }
    save();
}

}  // namespace interceptor
