#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace ib::ui {

// Help ▸ Save Diagnostics…: asks where to save (a dated .zip in Documents is offered), then
// gathers versions, settings and logs (core/diagnostics: redacted) on the task pool and
// says where the archive went, with a button that shows it in the file manager. The window
// stays usable meanwhile; a second request while one runs is ignored.
class DiagnosticsSaver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsSaver)

public:
    // Where to save: an empty answer cancels. Tests answer without a dialog.
    using ChooseFile = std::function<QString(QWidget *parent, const QString &suggested)>;

    // The settings are this user's (ib::Settings()), read on the task's thread.
    explicit DiagnosticsSaver(QWidget *window);
    ~DiagnosticsSaver() override;

    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }
    // `versionLines`: what the window knows of itself (its store) for versions.txt.
    void save(const QStringList &versionLines = {});
    bool isSaving() const { return m_saving; }

    static QString suggestedFileName();

signals:
    // After the archive is written (ok) or could not be (the message says why and what to do).
    void finished(bool ok, const QString &message);

private:
    void report(bool ok, const QString &path, const QString &message);

    QPointer<QWidget> m_window;
    ChooseFile m_chooseFile;
    bool m_saving = false;
};

}  // namespace ib::ui
