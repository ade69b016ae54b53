#include "settings/CloudsPage.h"

#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccountService.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/CloudProbe.h"
#include "providers/openstack/CloudsYaml.h"
#include "providers/openstack/OpenStackProvider.h"
#include "secrets/SecretStore.h"
#include "settings/CloudAccountModel.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/InertText.h"
#include "util/Prompts.h"
#include "util/Theme.h"
#include "widgets/GrowToFit.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace ib::ui {

using openstack::CloudAccount;
using openstack::CloudAccountStore;

namespace {

struct Listing
{
    QList<CloudAccount> accounts;
    QString error;
};

struct Names
{
    QStringList names;
    QString file;
    QString error;
};

struct SaveOutcome
{
    QStringList problems;  // "field: message"
    QString name;          // saved
};

struct SignIn
{
    bool ok = false;
    QString text;
    QString report;  // `cloud check`'s read-only probe, as the CLI prints it
};

// "field: message" -> the field; sign-in and store errors without a field go to the form.
QString fieldOf(const QString &problem)
{
    static const QStringList known{QStringLiteral("name"),     QStringLiteral("region"),  QStringLiteral("tenant"), QStringLiteral("user"),
                                   QStringLiteral("password"), QStringLiteral("sshPort"), QStringLiteral("cloud")};
    const QString field = problem.section(QStringLiteral(": "), 0, 0);
    return known.contains(field) ? field : CloudsPage::FormField;
}

QString messageOf(const QString &problem)
{
    return fieldOf(problem) == CloudsPage::FormField && !problem.startsWith(QLatin1String("form: ")) ? problem
                                                                                         : problem.section(QStringLiteral(": "), 1);
}

// The account a clouds.yaml entry describes, with what the form sets on top (the SSH port
// always, the rest when filled in); the file's password unless one was typed. Problems as
// "field: message", or none.
QStringList fromCloudsYaml(CloudAccount &account, QString &password, const QString &cloud, const QString &file)
{
    auto entry = openstack::CloudsYaml::read(cloud, account.name, file);
    if (!entry)
        return {QStringLiteral("cloud: ") + entry.error().shown()};
    const CloudAccount overrides = account;
    account = entry->account;
    account.sshPort = overrides.sshPort;
    if (!overrides.flavor.isEmpty())
        account.flavor = overrides.flavor;
    if (!overrides.network.isEmpty())
        account.network = overrides.network;
    if (!overrides.floatingNetwork.isEmpty())
        account.floatingNetwork = overrides.floatingNetwork;
    if (!overrides.caFile.isEmpty())
        account.caFile = overrides.caFile;
    if (password.isEmpty())
        password = entry->password;
    if (password.isEmpty())
        return {CloudsPage::tr("password: %1 has no password for \u201c%2\u201d: type it here.")
                    .arg(QDir::toNativeSeparators(entry->file), cloud)};
    QStringList problems;
    for (const auto &p : account.problems())
        problems.append(p.startsWith(QLatin1String("name:")) || p.startsWith(QLatin1String("sshPort:"))
                            ? p
                            : CloudsPage::tr("cloud: %1 (in %2)").arg(p, QDir::toNativeSeparators(entry->file)));
    return problems;
}

}  // namespace

CloudsPage::~CloudsPage()
{
    if (m_abandon)
        *m_abandon = true;
}

QWidget *CloudsPage::fieldBox(QWidget *field, const QString &key)
{
    auto *box = new QWidget(m_form);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *message = new QLabel(box);
    message->setObjectName(key + QStringLiteral("Message"));
    message->setWordWrap(true);
    Theme::setTextTone(message, Tone::Error);
    message->hide();
    layout->addWidget(message);
    m_messages.insert(key, message);
    m_rows.insert(key, box);
    return box;
}

void CloudsPage::setStore(Store *store)
{
    m_store = store;
    reload();
}

void CloudsPage::reload()
{
    m_loaded = false;
    const quint64 ticket = m_loads.next();
    if (!m_store) {
        updateButtons();
        return;
    }
    Store *store = m_store;
    readInBackground(
        store, this,
        [store] {
            // Listing reads no password: no keychain prompt for just looking.
            CloudAccountStore accounts(*store, nullptr);
            auto listed = accounts.list();
            return listed ? Listing{listed.value(), {}} : Listing{{}, listed.error().shown()};
        },
        [this, ticket](const Listing &listing) {
            if (!m_loads.isCurrent(ticket))
                return;
            const QString keep = selectedName();
            m_loaded = true;
            m_model->setAccounts(listing.accounts);
            m_view->resizeColumnsToContents();
            if (!listing.error.isEmpty()) {
                Theme::setTextTone(m_status, Tone::Error);
                m_status->setText(tr("The cloud accounts could not be loaded: %1").arg(listing.error));
            } else if (listing.accounts.isEmpty() && !m_busy) {
                Theme::setTextTone(m_status, std::nullopt);
                m_status->setText(tr("No cloud account yet. Builds run on this machine (QEMU) until you add one."));
            }
            const int row = m_model->rowOf(keep);
            if (row >= 0)
                m_view->selectRow(row);
            else if (m_model->rowCount() > 0)
                m_view->selectRow(0);
            updateButtons();
        });
}

QString CloudsPage::selectedName() const
{
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(CloudAccountModel::NameRole).toString();
}

void CloudsPage::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    m_addNhn->setEnabled(m_store && !m_busy);
    m_importYaml->setEnabled(m_store && !m_busy);
    m_remove->setEnabled(m_store && selected && !m_busy);
    m_check->setEnabled(m_store && selected && !m_busy);
    m_save->setEnabled(m_store && !m_busy && (m_mode != Mode::CloudsYaml || m_cloud->count() > 0));
    m_cancel->setEnabled(!m_busy || m_abandon);
}

void CloudsPage::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    if (!status.isEmpty()) {
        Theme::setTextTone(m_status, std::nullopt);
        m_status->setText(status);
    }
    // Disabled, not cleared: what was typed stays for the next try.
    const QList<QWidget *> fields{m_name,   m_region,  m_tenant,          m_user,   m_cloud,   m_password, m_sshPort,
                                  m_flavor, m_network, m_floatingNetwork, m_caFile, m_browseCa};
    for (auto *field : fields)
        field->setEnabled(!busy);
    updateButtons();
}

void CloudsPage::suggestName()
{
    if (m_nameEdited)
        return;
    const QString base = m_mode == Mode::Nhn ? QStringLiteral("nhn-") + m_region->currentText().toLower() : m_cloud->currentText();
    // A name not taken yet: a second account of the same region is "nhn-kr1-2".
    QString name = base;
    for (int n = 2; !base.isEmpty() && m_model->rowOf(name) >= 0; ++n)
        name = base + QLatin1Char('-') + QString::number(n);
    m_name->setText(name);
}

void CloudsPage::showAddNhn()
{
    m_mode = Mode::Nhn;
    m_triedSave = false;
    clearMessages();
    m_form->setTitle(tr("New NHN Cloud account"));
    m_formLayout->setRowVisible(m_rows.value(QStringLiteral("cloud")), false);
    for (const auto *key : {"region", "tenant", "user"})
        m_formLayout->setRowVisible(m_rows.value(QLatin1String(key)), true);
    m_password->setPlaceholderText(tr("API password; kept in the system keychain only"));
    suggestName();
    m_form->show();
    m_save->setDefault(true);  // Enter in the form signs in, not the dialog's OK
    m_tenant->setFocus();
    updateButtons();
}

void CloudsPage::showImportCloudsYaml()
{
    m_mode = Mode::CloudsYaml;
    m_triedSave = false;
    clearMessages();
    m_form->setTitle(tr("Import an OpenStack cloud from clouds.yaml"));
    m_formLayout->setRowVisible(m_rows.value(QStringLiteral("cloud")), true);
    for (const auto *key : {"region", "tenant", "user"})
        m_formLayout->setRowVisible(m_rows.value(QLatin1String(key)), false);
    m_password->setPlaceholderText(tr("leave empty when clouds.yaml or secure.yaml has it"));
    m_cloud->clear();
    m_form->show();
    m_save->setDefault(true);
    setBusy(true, tr("Reading clouds.yaml\u2026"));
    const QString file = m_yamlFile;
    runInBackground(
        nullptr, this,
        [file] {
            const QString found = file.isEmpty() ? openstack::CloudsYaml::findFile() : file;
            if (found.isEmpty())
                return Names{{},
                             {},
                             CloudsPage::tr("No clouds.yaml was found. Put it in one of: %1 (or set OS_CLIENT_CONFIG_FILE).")
                                 .arg(openstack::CloudsYaml::searchPaths().join(QStringLiteral(", ")))};
            auto names = openstack::CloudsYaml::cloudNames(found);
            if (!names)
                return Names{{}, found, names.error().shown()};
            if (names->isEmpty())
                return Names{
                    {}, found, CloudsPage::tr("%1 lists no clouds: add one under “clouds:”.").arg(QDir::toNativeSeparators(found))};
            return Names{names.value(), found, {}};
        },
        [this](const Names &names) {
            setBusy(false);
            m_status->setText(names.file.isEmpty() ? QString() : tr("Clouds of %1").arg(QDir::toNativeSeparators(names.file)));
            if (m_mode != Mode::CloudsYaml)
                return;
            m_yamlFile = names.file.isEmpty() ? m_yamlFile : names.file;
            m_cloud->addItems(names.names);
            clearMessages();
            if (!names.error.isEmpty())
                setMessages({QStringLiteral("cloud: ") + names.error});
            suggestName();
            updateButtons();
        });
}

void CloudsPage::cancelForm()
{
    if (m_busy && m_abandon) {
        // A sign-in under way: nothing is saved when it ends; what was typed stays.
        *m_abandon = true;
        m_abandon.reset();
        setBusy(false, tr("Cancelled: nothing was saved."));
        return;
    }
    if (m_busy)
        return;
    m_mode = Mode::None;
    m_form->hide();
    m_save->setDefault(false);
    clearMessages();
    m_password->clear();
}

QStringList CloudsPage::formProblems() const
{
    QStringList problems;
    if (m_mode == Mode::Nhn) {
        auto account =
            CloudAccount::nhn(m_name->text().trimmed(), m_region->currentText(), m_tenant->text().trimmed(), m_user->text().trimmed());
        account.sshPort = m_sshPort->value();
        account.caFile = QDir::fromNativeSeparators(m_caFile->text().trimmed());
        for (const auto &p : account.problems())
            problems.append(p);
        if (m_password->text().isEmpty())
            problems.append(tr("password: type the API password set under Compute > Instance > Set API Endpoint in the console."));
    } else if (m_mode == Mode::CloudsYaml) {
        if (m_cloud->currentText().isEmpty())
            problems.append(tr("cloud: choose a cloud of clouds.yaml."));
        CloudAccount probe;
        probe.name = m_name->text().trimmed();
        probe.authUrl = QStringLiteral("https://x");
        probe.identityVersion = QStringLiteral("3");
        probe.projectName = QStringLiteral("x");
        probe.userName = QStringLiteral("x");
        probe.sshPort = m_sshPort->value();
        probe.caFile = QDir::fromNativeSeparators(m_caFile->text().trimmed());
        for (const auto &p : probe.problems())
            problems.append(p);
    }
    if (m_model->rowOf(m_name->text().trimmed()) >= 0)
        problems.append(tr("name: an account \u201c%1\u201d exists already; choose another name.").arg(m_name->text().trimmed()));
    return problems;
}

void CloudsPage::clearMessages()
{
    for (auto *label : std::as_const(m_messages)) {
        label->clear();
        label->hide();
    }
}

void CloudsPage::setMessages(const QStringList &problems)
{
    clearMessages();
    QHash<QString, QStringList> byField;
    for (const auto &p : problems)
        byField[fieldOf(p)].append(messageOf(p));
    for (auto it = byField.cbegin(); it != byField.cend(); ++it) {
        auto *label = m_messages.value(it.key(), m_formMessage);
        label->setText(it.value().join(QLatin1Char('\n')));
        label->show();
    }
    growWindowToFit(this);
}

QString CloudsPage::fieldMessage(const QString &field) const
{
    const auto *label = m_messages.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

QString CloudsPage::statusText() const
{
    return m_status->text();
}

void CloudsPage::saveAccount()
{
    if (!m_store || m_busy || m_mode == Mode::None)
        return;
    m_triedSave = true;
    if (const auto problems = formProblems(); !problems.isEmpty()) {
        setMessages(problems);
        return;
    }
    clearMessages();

    CloudAccount account;
    if (m_mode == Mode::Nhn) {
        account =
            CloudAccount::nhn(m_name->text().trimmed(), m_region->currentText(), m_tenant->text().trimmed(), m_user->text().trimmed());
        account.authUrl = m_nhnAuthUrl;
    }
    account.name = m_name->text().trimmed();
    account.sshPort = m_sshPort->value();
    account.flavor = m_flavor->text().trimmed();
    account.network = m_network->text().trimmed();
    account.floatingNetwork = m_floatingNetwork->text().trimmed();
    account.caFile = QDir::fromNativeSeparators(m_caFile->text().trimmed());
    const bool fromYaml = m_mode == Mode::CloudsYaml;
    const QString cloud = m_cloud->currentText();
    const QString file = m_yamlFile;
    const QString typed = m_password->text();
    Store *store = m_store;
    auto abandon = std::make_shared<std::atomic_bool>(false);
    m_abandon = abandon;
    setBusy(true, tr("Signing in to %1\u2026").arg(fromYaml ? cloud : account.authUrl));
    runInBackground(
        store, this,
        [store, account, fromYaml, cloud, file, typed, abandon]() mutable {
            QString password = typed;
            if (fromYaml) {
                if (const QStringList problems = fromCloudsYaml(account, password, cloud, file); !problems.isEmpty())
                    return SaveOutcome{problems, {}};
            }
            auto secrets = SecretStore::forThisProcess();
            openstack::CloudAccountService service(*store, secrets.get());
            const auto failed = service.add(account, password, true, [abandon] { return abandon->load(); });
            if (!failed)
                return SaveOutcome{{}, account.name};
            if (*abandon)
                return SaveOutcome{};
            if (failed->step == openstack::CloudAccountService::Failure::Step::SignIn) {
                // A refused sign-in is the password's (or the tenant's) fault; anything else the form's.
                const bool refused = failed->error.kind == ErrorKind::Invalid;
                return SaveOutcome{{(refused ? QStringLiteral("password: ") : QStringLiteral("form: ")) + failed->error.shown()}, {}};
            }
            return SaveOutcome{{failed->error.shown().split(QLatin1Char('\n'))}, {}};
        },
        [this, abandon](const SaveOutcome &outcome) {
            if (*abandon)
                return;
            m_abandon.reset();
            setBusy(false);
            if (!outcome.problems.isEmpty()) {
                setMessages(outcome.problems);
                m_status->setText(QString());
                return;
            }
            accountSaved(outcome.name);
        });
}

// The form closes and empties; the list shows the new account as signed in.
void CloudsPage::accountSaved(const QString &name)
{
    Theme::setTextTone(m_status, Tone::Success);
    m_status->setText(tr("Signed in and saved \u201c%1\u201d. Build Image offers it now.").arg(inertForLine(name)));
    m_model->setSignIn(name, tr("signed in"), true);
    m_mode = Mode::None;
    m_form->hide();
    m_save->setDefault(false);
    m_password->clear();
    m_tenant->clear();
    m_user->clear();
    m_name->clear();
    m_nameEdited = false;
    m_flavor->clear();
    m_network->clear();
    m_floatingNetwork->clear();
    m_caFile->clear();
    m_sshPort->setValue(22);
    m_triedSave = false;
    reload();
    emit accountsChanged();
}

void CloudsPage::removeSelected()
{
    const QString name = selectedName();
    if (!m_store || name.isEmpty() || m_busy)
        return;
    Prompt prompt;
    prompt.id = QStringLiteral("removeCloudAccount");
    prompt.title = tr("Remove Cloud Account");
    prompt.text = tr("Remove the cloud account \u201c%1\u201d?").arg(inertForLine(name));
    prompt.informative = tr("Its password is removed from the keychain. Images already built on it stay in the cloud; "
                            "builds can no longer run on it until it is added again.");
    prompt.subject = name;
    prompt.accept = tr("Remove");
    if (prompts::ask(this, prompt) != PromptAnswer::Accept)
        return;
    Store *store = m_store;
    setBusy(true, tr("Removing \u201c%1\u201d\u2026").arg(name));
    runInBackground(
        store, this,
        [store, name] {
            auto secrets = SecretStore::forThisProcess();
            CloudAccountStore accounts(*store, secrets.get());
            auto removed = accounts.remove(name);
            return removed ? QString() : removed.error().shown();
        },
        [this, name](const QString &error) {
            setBusy(false);
            if (!error.isEmpty()) {
                Theme::setTextTone(m_status, Tone::Error);
                m_status->setText(tr("\u201c%1\u201d could not be removed: %2").arg(name, error));
                return;
            }
            Theme::setTextTone(m_status, std::nullopt);
            m_status->setText(tr("Removed \u201c%1\u201d.").arg(name));
            reload();
            emit accountsChanged();
        });
}

void CloudsPage::checkSelected()
{
    const QString name = selectedName();
    if (!m_store || name.isEmpty() || m_busy)
        return;
    Store *store = m_store;
    setBusy(true, tr("Signing in to \u201c%1\u201d\u2026").arg(name));
    runInBackground(
        store, this,
        [store, name] {
            auto secrets = SecretStore::forThisProcess();
            CloudAccountStore accounts(*store, secrets.get());
            auto account = accounts.find(name);
            if (!account)
                return SignIn{false, account.error().shown(), {}};
            auto password = accounts.password(account.value());
            if (!password)
                return SignIn{false, password.error().shown(), {}};
            openstack::CloudProbe probe(account.value(), password.value(), &ApplicationCatalog::builtin());
            const auto report = probe.run({});
            const auto signIn = report.value(QStringLiteral("signIn")).toObject();
            if (!signIn.value(QStringLiteral("ok")).toBool())
                return SignIn{false, signIn.value(QStringLiteral("error")).toString(), {}};
            return SignIn{true, CloudsPage::tr("signed in"), openstack::CloudProbe::text(report)};
        },
        [this, name](const SignIn &result) {
            setBusy(false);
            m_model->setSignIn(name, result.text, result.ok);
            Theme::setTextTone(m_status, result.ok ? Tone::Success : Tone::Error);
            m_status->setText(result.ok ? tr("\u201c%1\u201d: signed in.").arg(name) + QLatin1Char('\n') + result.report
                                        : tr("\u201c%1\u201d: %2").arg(name, result.text));
        });
}

}  // namespace ib::ui
