#pragma once

#include "util/Latest.h"

#include <QHash>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace ib {
class Store;
}

namespace ib::ui {

class CloudAccountModel;

// Settings > Clouds: the cloud accounts builds may run on (NHN Cloud, or any OpenStack
// from clouds.yaml). Adding signs in first and saves only an account that works; the
// password goes to the SecretStore (OS keychain), never into the settings or the store.
// Every store, keychain and network call runs on a worker thread; a bad entry is
// explained next to its field and nothing typed is lost.
class CloudsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudsPage)

public:
    enum class Mode { None, Nhn, CloudsYaml };

    explicit CloudsPage(QWidget *parent = nullptr);
    ~CloudsPage() override;

    void setStore(Store *store);
    // NHN Cloud's identity service unless set (tests point it at the API double).
    void setNhnAuthUrl(const QString &url) { m_nhnAuthUrl = url; }
    // The clouds.yaml to import from; empty: the SDK's search order.
    void setCloudsYamlFile(const QString &file) { m_yamlFile = file; }

    CloudAccountModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_busy; }
    Mode mode() const { return m_mode; }
    QString selectedName() const;

    void reload();
    void showAddNhn();
    void showImportCloudsYaml();
    void cancelForm();
    // Checks the form, signs in on a worker thread, and saves the account when that works.
    void saveAccount();
    void removeSelected();
    void checkSelected();

    // The message under a form field ("name", "region", "tenant", "user", "password",
    // "sshPort", "cloud") or of the whole form ("form"); empty when none is shown.
    QString fieldMessage(const QString &field) const;
    // The key of the message that belongs to no one field.
    static inline const QString FormField = QStringLiteral("form");
    QString statusText() const;

signals:
    void accountsChanged();

private:
    void setUpList();
    void setUpFields();
    void buildForm();
    void connectSignals();
    void accountSaved(const QString &name);
    QWidget *fieldBox(QWidget *field, const QString &key);
    void setMessages(const QStringList &problems);
    void clearMessages();
    QStringList formProblems() const;
    void updateButtons();
    void setBusy(bool busy, const QString &status = {});
    void suggestName();

    Store *m_store = nullptr;
    QString m_nhnAuthUrl;
    QString m_yamlFile;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_triedSave = false;
    bool m_nameEdited = false;
    Mode m_mode = Mode::None;
    Latest m_loads;
    // Set when the user cancels a sign-in under way (or the page goes): its worker then
    // saves nothing, and its result is not shown.
    std::shared_ptr<std::atomic_bool> m_abandon;

    CloudAccountModel *m_model;
    QTableView *m_view;
    QPushButton *m_addNhn;
    QPushButton *m_importYaml;
    QPushButton *m_remove;
    QPushButton *m_check;
    QLabel *m_status;

    QGroupBox *m_form;
    QFormLayout *m_formLayout;
    QLineEdit *m_name;
    QComboBox *m_region;
    QLineEdit *m_tenant;
    QLineEdit *m_user;
    QComboBox *m_cloud;
    QLineEdit *m_password;
    QSpinBox *m_sshPort;
    QLineEdit *m_flavor;
    QLineEdit *m_network;
    QLineEdit *m_floatingNetwork;
    QLineEdit *m_caFile;  // the cloud's own CA (PEM); empty: the system's CAs only
    QPushButton *m_browseCa;
    QLabel *m_formMessage;
    QPushButton *m_save;
    QPushButton *m_cancel;
    QHash<QString, QLabel *> m_messages;
    QHash<QString, QWidget *> m_rows;
};

}  // namespace ib::ui
