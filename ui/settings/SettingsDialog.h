#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace ib {
class Store;
}

namespace ib::ui {

class AppSettings;
class CloudsPage;
class TeamStorePage;

// Settings: the local provider (QEMU, accelerator, data folder) and builds (concurrency,
// keep the VM of a failed build). Saved on OK; builds use them from the next start.
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

private:
    void load();

    AppSettings &m_settings;
    QTabWidget *m_tabs;
    QLineEdit *m_qemuSystem;
    QLineEdit *m_qemuImg;
    QComboBox *m_accelerator;
    QLineEdit *m_dataDirectory;
    QSpinBox *m_memory;
    QSpinBox *m_cpus;
    QSpinBox *m_concurrency;
    QCheckBox *m_keepVm;
    TeamStorePage *m_teamStore;
    CloudsPage *m_clouds = nullptr;
};

}  // namespace ib::ui
