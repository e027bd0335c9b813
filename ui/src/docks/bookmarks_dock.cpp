#include "docks/bookmarks_dock.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "case/case_model.h"
#include "core/media/decoded_frame.h"
#include "core/media/media_info.h"

namespace interceptor {
namespace {

const BookmarkStatus kStatuses[] = {BookmarkStatus::Ok, BookmarkStatus::Check,
                                    BookmarkStatus::Warning};

// Asks for a status and a note; false when cancelled.
bool ask(QWidget* parent, const QString& title, BookmarkStatus& status, QString& note) {
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto* form = new QFormLayout(&dialog);
    auto* statuses = new QComboBox(&dialog);
    for (const auto s : kStatuses) {
        statuses->addItem(bookmark_status_label(s), static_cast<int>(s));
        if (s == status) statuses->setCurrentIndex(statuses->count() - 1);
    }
    auto* text = new QLineEdit(note, &dialog);
    text->setMinimumWidth(320);
    form->addRow(QObject::tr("Status"), statuses);
    form->addRow(QObject::tr("Note"), text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return false;
    status = static_cast<BookmarkStatus>(statuses->currentData().toInt());
    note = text->text();
    return true;
}

}  // namespace

QString bookmark_status_label(BookmarkStatus status) {
    switch (status) {
        case BookmarkStatus::Ok:
            return QObject::tr("OK");
        case BookmarkStatus::Warning:
            return QObject::tr("Warning");
        case BookmarkStatus::Check:
            break;
    }
    return QObject::tr("To be checked");
}

BookmarksDock::BookmarksDock(CaseModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    list_ = new QTreeWidget(this);
    list_->setHeaderLabels({tr("Frame"), tr("Time"), tr("Status"), tr("Track"), tr("Note")});
    list_->setRootIsDecorated(false);
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(list_);
    auto* buttons = new QHBoxLayout();
    auto* add = new QPushButton(tr("Add"), this);
    auto* edit = new QPushButton(tr("Edit"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    add->setToolTip(tr("Bookmark the current frame (Ctrl+B)"));
    buttons->addWidget(add);
    buttons->addWidget(edit);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &BookmarksDock::currentFrameWanted);
    connect(edit, &QPushButton::clicked, this, &BookmarksDock::editSelected);
    connect(remove, &QPushButton::clicked, this, &BookmarksDock::removeSelected);
    connect(list_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        Q_EMIT jumpTo(item->data(0, Qt::UserRole).toLongLong());
    });
    connect(model_, &CaseModel::bookmarksChanged, this, &BookmarksDock::refresh);
}

void BookmarksDock::refresh() {
    list_->clear();
    const double fps = frame_rate(model_->media());
    for (const auto& b : model_->bookmarks()) {
        auto* item = new QTreeWidgetItem(
            list_,
            {QString::number(b.frame), QString::fromStdString(format_timecode(b.frame / fps)),
             bookmark_status_label(b.status), b.track >= 0 ? QString::number(b.track) : QString(),
             QString::fromStdString(b.note)});
        item->setData(0, Qt::UserRole, static_cast<qlonglong>(b.frame));
        item->setData(1, Qt::UserRole, static_cast<qlonglong>(b.id));
    }
}

int BookmarksDock::count() const { return list_->topLevelItemCount(); }

QString BookmarksDock::add(qint64 frame, BookmarkStatus status, const QString& note) {
    return model_->addBookmark(frame, status, note);
}

bool BookmarksDock::addAt(qint64 frame) {
    BookmarkStatus status = BookmarkStatus::Check;
    QString note;
    if (!ask(this, tr("Bookmark frame %1").arg(frame), status, note)) return false;
    const QString error = add(frame, status, note);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Bookmark not saved"), error);
    return error.isEmpty();
}

void BookmarksDock::editSelected() {
    auto* item = list_->currentItem();
    if (!item) return;
    const qint64 id = item->data(1, Qt::UserRole).toLongLong();
    for (auto b : model_->bookmarks())
        if (b.id == id) {
            QString note = QString::fromStdString(b.note);
            if (!ask(this, tr("Bookmark at frame %1").arg(b.frame), b.status, note)) return;
            b.note = note.toStdString();
            const QString error = model_->updateBookmark(b);
            if (!error.isEmpty()) QMessageBox::warning(this, tr("Bookmark not saved"), error);
            return;
        }
}

void BookmarksDock::removeSelected() {
    auto* item = list_->currentItem();
    if (!item) return;
    const QString error = model_->removeBookmark(item->data(1, Qt::UserRole).toLongLong());
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Bookmark not removed"), error);
}

}  // namespace interceptor
