#pragma once

#include "model/BuildTypes.h"
#include "templates/ImageTemplate.h"
#include "util/Latest.h"

#include <QDialog>
#include <QHash>
#include <QList>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace ib {
class ApplicationCatalog;
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class TemplateChangesView;

// Build Image: names the new image (the rule is shown as the user types), picks a base
// image that suits the template (the others are counted, with the reason), explains an
// empty list (the OS the template needs, why others are hidden) with buttons to make or
// import one, and starts the build: BuildService::prepare checks and records it on the
// store's thread (the dialog says "Starting…" meanwhile), then BuildService::queue.
class BuildImageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildImageDialog)

public:
    // The base image file to import; empty: cancelled. The default asks with a file dialog.
    using ChooseFile = std::function<QString()>;

    BuildImageDialog(BuildService &service, Store &store, const ApplicationCatalog &catalog, const ImageTemplate &t,
                     QWidget *parent = nullptr);
    ~BuildImageDialog() override;

    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }

    QLineEdit *imageNameEdit() const { return m_name; }
    QListWidget *baseImageList() const { return m_bases; }
    QPushButton *startButton() const;
    QString nameMessage() const;
    QString hiddenText() const;
    QString noBaseImageText() const;
    // What building from the chosen base image costs on this computer when its CPU
    // architecture is another (and the faster way); empty when none is shown.
    QString architectureNoteText() const;
    bool isLoaded() const { return m_loaded; }
    // Start Build was pressed and the build is being recorded (the dialog cannot be closed
    // until it is queued or has failed).
    bool isStarting() const { return m_starting; }
    QString selectedBaseImageId() const;
    // "local" or the cloud account the build runs on; the chooser shows only when there
    // are cloud accounts.
    QString providerId() const;
    QComboBox *providerCombo() const { return m_provider; }
    bool isProvidersLoaded() const { return m_providersLoaded; }
    // Chooses a provider (once the accounts are loaded) and lists its base images.
    void setProvider(const QString &providerId);
    QPushButton *retryButton() const { return m_retry; }
    TemplateChangesView *changesView() const { return m_changes; }
    // The imagebuilder-cli command that starts the build as chosen (Copy as Command).
    QString commandLine() const;
    QPushButton *copyCommandButton() const { return m_copyCommand; }

    // Chooses this base image when it suits, once the list is loaded (e.g. the one the
    // first-start guide made).
    void setPreferredBaseImage(const QString &id) { m_preferredBase = id; }
    // Import: asks for the file, then opens the import dialog (OS and user prefilled); make:
    // opens the Debian 12 maker. Both window-modal; they return the dialog for tests.
    QDialog *importBaseImage();
    QDialog *makeBaseImage();
    void reloadBaseImages(const QString &select = {});

    void reject() override;

signals:
    void buildStarted(const ib::BuildRecord &build);

private:
    void buildUi();
    QVBoxLayout *buildNameBox();
    QVBoxLayout *buildBaseBox();
    void buildButtons();
    void showBaseImages(const QList<BaseImage> &all, const QString &select);
    void updateState();
    void updateArchitectureNote();
    void startBuild();
    void setStarting(bool starting);
    void loadProviders();
    void onProviderChanged();
    void loadCloudBaseImages();

    BuildService &m_service;
    Store &m_store;
    const ApplicationCatalog &m_catalog;
    ImageTemplate m_template;
    ChooseFile m_chooseFile;
    bool m_loaded = false;
    QString m_preferredBase;
    bool m_providersLoaded = false;
    bool m_starting = false;
    Latest m_baseLoads;
    // The base images listed, by id: a build starts from the one chosen as listed (a
    // cloud's were read on a worker thread; starting must not read them again here).
    QHash<QString, BaseImage> m_shownBases;

    TemplateChangesView *m_changes = nullptr;
    QComboBox *m_provider = nullptr;
    QLabel *m_providerLabel = nullptr;
    QPushButton *m_retry = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameMessage = nullptr;
    QListWidget *m_bases = nullptr;
    QLabel *m_hidden = nullptr;
    QLabel *m_noBase = nullptr;
    QLabel *m_archNote = nullptr;
    QPushButton *m_importButton = nullptr;
    QPushButton *m_makeButton = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_copyCommand = nullptr;
};

}  // namespace ib::ui
