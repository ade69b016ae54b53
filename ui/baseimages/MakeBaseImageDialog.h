#pragma once

#include "baseimages/BaseImageLibrary.h"
#include "model/BuildTypes.h"
#include "settings/BuildSettings.h"

#include <QDialog>
#include <QTimer>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// Makes the Debian 12 base image on this machine, through the same core path as
// `imagebuilder-cli base-image create debian:12` (packaging/base-image/make-debian-base-image.sh),
// on a worker thread: the script's steps as progress, its lines in a log, and Cancel (which
// stops the script and lets it clean up). Root: direct when the app runs as root, else
// through pkexec (the desktop asks for the administrator password, only the script runs as
// root); without pkexec the dialog says how to do it in a terminal or import a cloud image.
class MakeBaseImageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MakeBaseImageDialog)

public:
    MakeBaseImageDialog(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, QWidget *parent = nullptr);
    ~MakeBaseImageDialog() override;

    // The one way Build Image, the first-start guide and Base Images open it: window-modal
    // over `parent`, deleted when closed; `onMade` runs while `context` lives.
    static MakeBaseImageDialog *open(Store &store, const ApplicationCatalog &catalog, const BuildSettings &settings, QWidget *parent,
                                     QObject *context, std::function<void(const ib::BaseImage &)> onMade);

    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    bool isRunning() const { return m_running; }
    QString statusText() const;
    QString logText() const;
    // Why it cannot run here (with what to do instead), or empty.
    QString problem() const { return m_problem; }

    void start();
    void cancel();

signals:
    void made(const ib::BaseImage &base);

protected:
    void reject() override;

private:
    struct Shared;

    void drainLines();
    void updateState();

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildSettings m_settings;
    BaseImageLibrary::RootVia m_via = BaseImageLibrary::RootVia::None;
    QString m_problem;
    bool m_running = false;
    bool m_closeWhenDone = false;
    std::shared_ptr<Shared> m_shared;
    QTimer m_poll;

    QLabel *m_explain = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace ib::ui
