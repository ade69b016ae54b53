#pragma once

#include "build/BuildTypes.h"
#include "templates/ImageTemplate.h"

#include <QDialog>
#include <QList>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace ib {
class ApplicationCatalog;
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

// Build Image: names the new image (the rule is shown as the user types), picks a base
// image that suits the template (the others are counted, with the reason), imports one
// when none suits, and starts the build (BuildService::start only validates and queues).
class BuildImageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildImageDialog)

public:
    // The base image file to import; empty: cancelled. The default asks with a file dialog.
    using ChooseFile = std::function<QString()>;

    // What the file name of a known cloud image says about it.
    struct ImportGuess
    {
        QString osKey;      // "debian:12"; empty: unknown
        QString loginUser;  // "debian"
    };
    static ImportGuess guessFromFileName(const QString &fileName);

    BuildImageDialog(BuildService &service, Store &store, const ApplicationCatalog &catalog, const ImageTemplate &t, QWidget *parent = nullptr);
    ~BuildImageDialog() override;

    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }

    QLineEdit *imageNameEdit() const { return m_name; }
    QListWidget *baseImageList() const { return m_bases; }
    QPushButton *startButton() const;
    QString nameMessage() const;
    QString hiddenText() const;
    QString noBaseImageText() const;
    bool isLoaded() const { return m_loaded; }
    bool isImporting() const { return m_importing; }
    QString selectedBaseImageId() const;

    // Opens the import panel for this file (with guesses filled in).
    void chooseImportFile(const QString &file);
    void startImport();
    void reloadBaseImages(const QString &select = {});

signals:
    void buildStarted(const ib::BuildRecord &build);

private:
    void buildUi();
    void showBaseImages(const QList<BaseImage> &all, const QString &select);
    void updateState();
    void startBuild();

    BuildService &m_service;
    Store &m_store;
    const ApplicationCatalog &m_catalog;
    ImageTemplate m_template;
    ChooseFile m_chooseFile;
    bool m_loaded = false;
    bool m_importing = false;
    QString m_importFile;
    std::shared_ptr<std::atomic<int>> m_importPercent;
    QTimer m_importPoll;

    QLineEdit *m_name = nullptr;
    QLabel *m_nameMessage = nullptr;
    QListWidget *m_bases = nullptr;
    QLabel *m_hidden = nullptr;
    QLabel *m_noBase = nullptr;
    QPushButton *m_importButton = nullptr;
    QGroupBox *m_importBox = nullptr;
    QLabel *m_importFileLabel = nullptr;
    QComboBox *m_importOs = nullptr;
    QLineEdit *m_importUser = nullptr;
    QLabel *m_importUserMessage = nullptr;
    QPushButton *m_importStart = nullptr;
    QProgressBar *m_importProgress = nullptr;
    QLabel *m_importStatus = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace ib::ui
