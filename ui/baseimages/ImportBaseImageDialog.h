#pragma once

#include "model/BuildTypes.h"
#include "settings/BuildSettings.h"

#include <QDialog>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace ib {
class ApplicationCatalog;
class Store;
}  // namespace ib

namespace ib::ui {

// Imports a base image file: its OS and login user come prefilled from the file name of a
// known distribution cloud image (CloudImageNames), else from `preferredOs`, and stay
// editable; the copy into the library runs off the UI thread with its progress.
class ImportBaseImageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportBaseImageDialog)

public:
    // The file to import; empty: cancelled. The default asks with a file dialog.
    using ChooseFile = std::function<QString(QWidget *parent)>;
    static QString chooseFileWithDialog(QWidget *parent);

    ImportBaseImageDialog(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, const QString &file,
                          const QString &preferredOs = {}, QWidget *parent = nullptr);
    ~ImportBaseImageDialog() override;

    // The one way Build Image, the first-start guide and Base Images open it: window-modal
    // over `parent`, deleted when closed; `onImported` runs while `context` lives.
    static ImportBaseImageDialog *open(Store &store, const ApplicationCatalog &catalog, const BuildSettings &settings, const QString &file,
                                       const QString &preferredOs, QWidget *parent, QObject *context,
                                       std::function<void(const ib::BaseImage &)> onImported);

    QComboBox *osCombo() const { return m_os; }
    QLineEdit *userEdit() const { return m_user; }
    // "x86_64" or "aarch64" (issue 20: arm64 images build with HVF on Apple Silicon and stay local).
    QComboBox *architectureCombo() const { return m_architecture; }
    QPushButton *importButton() const;
    bool isImporting() const { return m_importing; }
    QString statusText() const;

    void startImport();

signals:
    void imported(const ib::BaseImage &base);

protected:
    void reject() override;

private:
    void prefill(const QString &file, const QString &preferredOs);
    void updateState();

    Store &m_store;
    const ApplicationCatalog &m_catalog;
    BuildSettings m_settings;
    QString m_file;
    bool m_importing = false;
    std::shared_ptr<std::atomic<int>> m_percent;
    QTimer m_poll;

    QComboBox *m_os = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_architecture = nullptr;
    QLabel *m_userMessage = nullptr;
    QLabel *m_guessNote = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace ib::ui
