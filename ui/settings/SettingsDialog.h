#pragma once

#include "builds/BuildService.h"
#include "util/Latest.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace ib {
class Store;
}  // namespace ib

namespace ib::ui {

class AppSettings;
class CloudsPage;
class TeamStorePage;

// Settings: the local provider (QEMU, accelerator, data folder), builds (concurrency,
// keep the VM of a failed build) and appearance (light, dark or the system's). Saved on OK.
// Cloud accounts, "keep the VM" and the appearance apply at once; the rest from the next
// start, and each page says which.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(AppSettings &settings, QWidget *parent = nullptr);

    void save();
    QTabWidget *tabs() const { return m_tabs; }
    TeamStorePage *teamStorePage() const { return m_teamStore; }
    CloudsPage *cloudsPage() const { return m_clouds; }
    // The store of the cloud accounts (Settings > Clouds); without it that page is read-only.
    void setStore(Store *store);
    // The running build service: what can apply at once (keep the VM of a failed build)
    // is handed to it on OK; the rest applies from the next start, as each page says.
    void setBuildService(BuildService *service) { m_service = service; }
    // Which accelerator builds get and why, as detected for the choice shown (on a worker).
    QString acceleratorStatus() const;

private:
    QWidget *buildLocalPage();
    QWidget *buildBuildsPage();
    QWidget *buildLookPage();
    QDialogButtonBox *buildButtons();
    void load();
    void detectAccelerator();

    AppSettings &m_settings;
    QTabWidget *m_tabs;
    QLineEdit *m_qemuSystem;
    QLineEdit *m_qemuImg;
    QComboBox *m_accelerator;
    QLineEdit *m_dataDirectory;
    QSpinBox *m_memory;
    QSpinBox *m_cpus;
    QCheckBox *m_isolateVm;
    QSpinBox *m_concurrency;
    QCheckBox *m_keepVm;
    QCheckBox *m_testCloudImages;
    QComboBox *m_appearance;
    TeamStorePage *m_teamStore;
    CloudsPage *m_clouds = nullptr;
    QLabel *m_acceleratorStatus = nullptr;
    Latest m_detections;
    QPointer<BuildService> m_service;
};

}  // namespace ib::ui
