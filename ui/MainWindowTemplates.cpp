// MainWindow, part: what the template commands do (create, update, delete with what becomes
// of its images, copy as a CLI command).

#include "MainWindow.h"

#include "builds/BuildService.h"
#include "images/ImageListPanel.h"
#include "storage/Store.h"
#include "templates/TemplateController.h"
#include "templates/TemplateDialog.h"
#include "templates/TemplateExport.h"
#include "templates/TemplateTableModel.h"
#include "util/Background.h"
#include "util/GlyphIcon.h"
#include "util/PlainText.h"
#include "util/Prompts.h"
#include "widgets/RecordTableView.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QToolBar>

namespace ib::ui {

TemplateDialog *MainWindow::createTemplate()
{
    if (!m_controller)
        return nullptr;
    auto *dialog = new TemplateDialog(*m_controller, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateDialog::saved, this, [this](const ImageTemplate &t) {
        m_guidePinned = false;  // made their own: the table, not the guide
        showTablePage();
        selectTemplate(t.id);
    });
    dialog->open();
    return dialog;
}

TemplateDialog *MainWindow::updateSelected()
{
    const auto id = selectedId();
    const auto *row = m_model->rowById(id);
    if (!row || !m_controller)
        return nullptr;
    if (!m_selected || m_selected->id != id || m_selected->revision < row->revision) {
        // The dialog edits the whole template: it opens once that has been read.
        m_updateWhenRead = id;
        updateSelectionViews();
        return nullptr;
    }
    m_updateWhenRead.clear();
    auto *dialog = new TemplateDialog(*m_controller, *m_selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateDialog::saved, this, [this](const ImageTemplate &t) { selectTemplate(t.id); });
    dialog->open();
    return dialog;
}

void MainWindow::deleteSelected()
{
    const auto id = selectedId();
    const auto *row = m_model->rowById(id);
    if (!row || !m_controller)
        return;
    const QString name = row->name;
    if (m_deleteGuard) {
        if (const auto reason = m_deleteGuard(id); !reason.isEmpty()) {
            statusBar()->showMessage(reason, StatusTimeoutMs);
            prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)), reason);
            return;
        }
    }
    if (!m_store) {
        askAndDelete(id, name, {});
        return;
    }
    // Its images first (a read of the store, off the UI thread), so the question can say
    // what becomes of them.
    Store *store = m_store;
    readInBackground(
        store, this, [store, id] { return store->listImages(id); },
        [this, id, name](Result<QList<ImageRecord>> images) {
            if (!m_model->rowById(id))
                return;  // gone meanwhile
            if (!images) {
                prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)), images.error().shown());
                return;
            }
            askAndDelete(id, name, images.value());
        });
}

// "Delete this template?", and when it has images, what becomes of them: Accept deletes
// them too, Alternative keeps them.
Prompt MainWindow::deletePrompt(const QString &name, const QList<ImageRecord> &images) const
{
    Prompt prompt;
    prompt.id = images.isEmpty() ? QStringLiteral("deleteTemplate") : QStringLiteral("deleteTemplateWithImages");
    prompt.title = tr("Delete Image Template");
    prompt.text = tr("Delete the image template \u201c%1\u201d?").arg(inertForLine(name));
    prompt.subject = name;
    if (images.isEmpty()) {
        prompt.informative = tr("The template and its saved revisions are removed. This cannot be undone.");
        prompt.accept = tr("Delete");
        return prompt;
    }
    qint64 bytes = 0;
    for (const auto &image : images) {
        bytes += image.sizeBytes;
        prompt.items.append(image.name);
    }
    prompt.informative = (images.size() == 1 ? tr("It has 1 image (%2).") : tr("It has %1 images (%2).").arg(images.size()))
                             .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat)) +
                         QLatin1Char(' ') +
                         tr("Delete them too, or keep them: kept images stay on disk or in their cloud, and imagebuilder-cli image list "
                            "still shows them.");
    prompt.accept = images.size() == 1 ? tr("Delete Template and Image") : tr("Delete Template and Images");
    prompt.alternative = images.size() == 1 ? tr("Delete Template, Keep Image") : tr("Delete Template, Keep Images");
    return prompt;
}

void MainWindow::askAndDelete(const QString &id, const QString &name, const QList<ImageRecord> &images)
{
    if (!m_controller)
        return;
    const PromptAnswer answer = prompts::ask(this, deletePrompt(name, images));
    if (answer == PromptAnswer::Reject)
        return;
    if (images.isEmpty() || answer == PromptAnswer::Alternative) {
        m_controller->remove(id);
        return;
    }
    // The images go first; the template only once all of them are gone, so that a failure
    // leaves the template (and the way to them) in place.
    Store *store = m_store;
    BuildService *service = m_buildService.data();
    statusBar()->showMessage(tr("Deleting the images of \u201c%1\u201d\u2026").arg(inertForLine(name)));
    runInBackground(
        store, this,
        [store, service, images] {
            QStringList errors;
            QStringList notes;
            for (const auto &image : images) {
                QString note;
                if (const auto error = ImageListPanel::removeImage(store, service, image, &note); !error.isEmpty())
                    errors.append(QStringLiteral("%1: %2").arg(image.name, error));
                else if (!note.isEmpty())
                    notes.append(note);
            }
            return std::pair{errors, notes};
        },
        [this, id, name](const std::pair<QStringList, QStringList> &outcome) {
            const auto &[errors, notes] = outcome;
            refreshImages();
            if (!notes.isEmpty())
                prompts::warn(this, tr("Images of \u201c%1\u201d").arg(inertForLine(name)),
                              inertForTerminal(notes.join(QLatin1Char('\n'))));
            if (!errors.isEmpty()) {
                statusBar()->clearMessage();
                prompts::warn(this, tr("Cannot Delete \u201c%1\u201d").arg(inertForLine(name)),
                              tr("The template is kept: not every image could be deleted.\n%1")
                                  .arg(inertForTerminal(errors.join(QLatin1Char('\n')))));
                return;
            }
            if (m_controller)
                m_controller->remove(id);
        });
}

void MainWindow::copyTemplateCommand()
{
    const QString id = selectedId();
    if (id.isEmpty() || !m_store)
        return;
    // The table holds summaries; the command carries the scripts, so the whole template is read.
    Store *store = m_store;
    readInBackground(
        store, this, [store, id] { return store->templateById(id); },
        [this](const Result<ImageTemplate> &t) {
            if (!t) {
                statusBar()->showMessage(tr("The template could not be read: %1").arg(t.error().shown()), 8000);
                return;
            }
            QGuiApplication::clipboard()->setText(templateImportCommand(t.value()));
            statusBar()->showMessage(tr("Copied the command that makes \u201c%1\u201d with imagebuilder-cli.").arg(inertForLine(t->name)),
                                     6000);
        });
}

}  // namespace ib::ui
