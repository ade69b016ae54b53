#include "diagnostics/DiagnosticsSaver.h"

#include "diagnostics/Diagnostics.h"
#include "util/Background.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>

namespace ib::ui {

DiagnosticsSaver::DiagnosticsSaver(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_chooseFile([](QWidget *parent, const QString &suggested) {
        return QFileDialog::getSaveFileName(parent, tr("Save Diagnostics"), suggested, tr("Zip archives (*.zip)"));
    })
{}

DiagnosticsSaver::~DiagnosticsSaver() = default;

QString DiagnosticsSaver::suggestedFileName()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    return folder +
           QStringLiteral("/imagebuilder-diagnostics-%1.zip").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
}

void DiagnosticsSaver::save(const QStringList &versionLines)
{
    if (m_saving)
        return;
    QString path = m_chooseFile ? m_chooseFile(m_window, suggestedFileName()) : QString();
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".zip");
    m_saving = true;

    const QStringList lines =
        QStringList{QStringLiteral("Front end: desktop app (Qt platform %1)").arg(QGuiApplication::platformName())} + versionLines;
    runInBackground(
        nullptr, this,
        [lines, path] {
            const auto saved = diagnostics::saveForThisUser(path, lines);
            return std::make_pair(saved ? QString() : saved.error().shown(), saved ? saved.value() : qsizetype{0});
        },
        [this, path](const std::pair<QString, qsizetype> &result) {
            m_saving = false;
            if (!result.first.isEmpty()) {
                report(false, path, tr("The diagnostics could not be saved. %1\nChoose another folder and try again.").arg(result.first));
                return;
            }
            report(true, path,
                   tr("Saved %1 files to %2.\nPasswords, tokens and private keys were replaced with [REDACTED]. README.txt inside "
                      "says what is there: read it before you attach the archive to a bug report.")
                       .arg(result.second)
                       .arg(QDir::toNativeSeparators(path)));
        });
}

void DiagnosticsSaver::report(bool ok, const QString &path, const QString &message)
{
    emit finished(ok, message);
    if (!m_window)
        return;
    // Not exec(): the window stays usable, and nothing waits on the answer.
    auto *box =
        new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Save Diagnostics"), message, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("diagnosticsResult"));
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (ok) {
        auto *show = box->addButton(tr("Show in File Manager"), QMessageBox::ActionRole);
        show->setObjectName(QStringLiteral("showDiagnostics"));
        connect(show, &QPushButton::clicked, this,
                [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath())); });
    }
    box->open();
}

}  // namespace ib::ui
