#include "settings/CloudsPage.h"

#include "catalog/ApplicationCatalog.h"
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

const QString kForm = QStringLiteral("form");

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
    return known.contains(field) ? field : kForm;
}

QString messageOf(const QString &problem)
{
    return fieldOf(problem) == kForm && !problem.startsWith(QLatin1String("form: ")) ? problem : problem.section(QStringLiteral(": "), 1);
}

}  // namespace

CloudsPage::CloudsPage(QWidget *parent)
    : QWidget(parent)
    , m_nhnAuthUrl(CloudAccount::nhnAuthUrl())
    , m_model(new CloudAccountModel(this))
    , m_view(new QTableView(this))
    , m_addNhn(new QPushButton(tr("Add NHN Cloud Account\u2026"), this))
    , m_importYaml(new QPushButton(tr("Import from clouds.yaml\u2026"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_check(new QPushButton(tr("Check Sign-in"), this))
    , m_status(new QLabel(this))
    , m_form(new QGroupBox(this))
    , m_formLayout(new QFormLayout)
    , m_name(new QLineEdit(m_form))
    , m_region(new QComboBox(m_form))
    , m_tenant(new QLineEdit(m_form))
    , m_user(new QLineEdit(m_form))
    , m_cloud(new QComboBox(m_form))
    , m_password(new QLineEdit(m_form))
    , m_sshPort(new QSpinBox(m_form))
    , m_flavor(new QLineEdit(m_form))
    , m_network(new QLineEdit(m_form))
    , m_floatingNetwork(new QLineEdit(m_form))
    , m_caFile(new QLineEdit(m_form))
    , m_browseCa(new QPushButton(tr("Browse\u2026"), m_form))
    , m_formMessage(new QLabel(m_form))
    , m_save(new QPushButton(tr("Sign In and Save"), m_form))
    , m_cancel(new QPushButton(tr("Cancel"), m_form))
{
    setObjectName(QStringLiteral("cloudsPage"));
    m_view->setObjectName(QStringLiteral("cloudAccountView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setMinimumHeight(90);
    m_addNhn->setObjectName(QStringLiteral("addNhnAccount"));
    m_importYaml->setObjectName(QStringLiteral("importCloudsYaml"));
    m_remove->setObjectName(QStringLiteral("removeCloudAccount"));
    m_check->setObjectName(QStringLiteral("checkSignIn"));
    m_status->setObjectName(QStringLiteral("cloudStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_name->setObjectName(QStringLiteral("cloudName"));
    m_name->setPlaceholderText(QStringLiteral("nhn-kr1"));
    m_region->setObjectName(QStringLiteral("cloudRegion"));
    for (const auto &region : CloudAccount::nhnRegions())
        m_region->addItem(region, region);
    m_tenant->setObjectName(QStringLiteral("cloudTenant"));
    m_tenant->setPlaceholderText(tr("Compute > Instance > Set API Endpoint in the console"));
    m_user->setObjectName(QStringLiteral("cloudUser"));
    m_user->setPlaceholderText(tr("the console login e-mail"));
    m_cloud->setObjectName(QStringLiteral("cloudsYamlCloud"));
    m_password->setObjectName(QStringLiteral("cloudPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("API password; kept in the system keychain only"));
    m_sshPort->setObjectName(QStringLiteral("cloudSshPort"));
    m_sshPort->setRange(1, 65535);
    m_sshPort->setValue(22);
    m_flavor->setObjectName(QStringLiteral("cloudFlavor"));
    m_flavor->setPlaceholderText(tr("automatic: the smallest with 1 GB RAM or more"));
    m_network->setObjectName(QStringLiteral("cloudNetwork"));
    m_network->setPlaceholderText(tr("automatic: the first internal network"));
    m_floatingNetwork->setObjectName(QStringLiteral("cloudFloatingNetwork"));
    m_floatingNetwork->setPlaceholderText(tr("automatic: the first external network"));
    m_caFile->setObjectName(QStringLiteral("cloudCaFile"));
    m_caFile->setPlaceholderText(tr("the system's CAs; or the PEM file of the cloud's own CA (clouds.yaml: cacert)"));
    m_browseCa->setObjectName(QStringLiteral("browseCloudCaFile"));
    m_browseCa->setAutoDefault(false);
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const auto file = QFileDialog::getOpenFileName(this, tr("CA Certificate of the Cloud"), m_caFile->text(),
                                                       tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(QDir::toNativeSeparators(file));
    });
    m_formMessage->setObjectName(QStringLiteral("cloudFormMessage"));
    m_formMessage->setWordWrap(true);
    Theme::setTextTone(m_formMessage, Tone::Error);
    m_formMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_formMessage->hide();
    m_messages.insert(kForm, m_formMessage);
    m_save->setObjectName(QStringLiteral("saveCloudAccount"));
    m_save->setDefault(false);
    m_save->setAutoDefault(false);
    m_cancel->setObjectName(QStringLiteral("cancelCloudAccount"));
    m_cancel->setAutoDefault(false);

    m_formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_formLayout->addRow(tr("Cloud:"), fieldBox(m_cloud, QStringLiteral("cloud")));
    m_formLayout->addRow(tr("Region:"), fieldBox(m_region, QStringLiteral("region")));
    m_formLayout->addRow(tr("Tenant ID:"), fieldBox(m_tenant, QStringLiteral("tenant")));
    m_formLayout->addRow(tr("User:"), fieldBox(m_user, QStringLiteral("user")));
    m_formLayout->addRow(tr("API password:"), fieldBox(m_password, QStringLiteral("password")));
    m_formLayout->addRow(tr("Account name:"), fieldBox(m_name, QStringLiteral("name")));
    m_formLayout->addRow(tr("SSH port:"), fieldBox(m_sshPort, QStringLiteral("sshPort")));
    m_formLayout->addRow(tr("Flavor:"), m_flavor);
    m_formLayout->addRow(tr("Network:"), m_network);
    m_formLayout->addRow(tr("Floating IP network:"), m_floatingNetwork);
    auto *caRow = new QWidget(m_form);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(m_browseCa);
    m_formLayout->addRow(tr("CA file:"), fieldBox(caRow, QStringLiteral("caFile")));
    auto *formButtons = new QHBoxLayout;
    formButtons->addStretch(1);
    formButtons->addWidget(m_save);
    formButtons->addWidget(m_cancel);
    auto *formBox = new QVBoxLayout(m_form);
    formBox->addLayout(m_formLayout);
    formBox->addWidget(m_formMessage);
    formBox->addLayout(formButtons);
    m_form->setObjectName(QStringLiteral("cloudAccountForm"));
    m_form->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addNhn);
    buttons->addWidget(m_importYaml);
    buttons->addStretch(1);
    buttons->addWidget(m_check);
    buttons->addWidget(m_remove);

    auto *hint = new QLabel(tr("An account is saved as soon as its sign-in works, and Build Image offers it at once. "
                               "Passwords stay in the system keychain."),
                            this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_form);

    connect(m_addNhn, &QPushButton::clicked, this, &CloudsPage::showAddNhn);
    connect(m_importYaml, &QPushButton::clicked, this, &CloudsPage::showImportCloudsYaml);
    connect(m_remove, &QPushButton::clicked, this, &CloudsPage::removeSelected);
    connect(m_check, &QPushButton::clicked, this, &CloudsPage::checkSelected);
    connect(m_save, &QPushButton::clicked, this, &CloudsPage::saveAccount);
    connect(m_cancel, &QPushButton::clicked, this, &CloudsPage::cancelForm);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CloudsPage::updateButtons);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = !m_name->text().isEmpty(); });
    connect(m_region, &QComboBox::currentIndexChanged, this, &CloudsPage::suggestName);
    connect(m_cloud, &QComboBox::currentIndexChanged, this, &CloudsPage::suggestName);
    // Once a save was tried, the messages follow the typing.
    const auto revalidate = [this] {
        if (m_triedSave && !m_busy)
            setMessages(formProblems());
    };
    for (auto *edit : {m_name, m_tenant, m_user, m_password})
        connect(edit, &QLineEdit::textChanged, this, revalidate);
    connect(m_region, &QComboBox::currentIndexChanged, this, revalidate);
    connect(m_sshPort, &QSpinBox::valueChanged, this, revalidate);
    updateButtons();
}

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
                auto entry = openstack::CloudsYaml::read(cloud, account.name, file);
                if (!entry)
                    return SaveOutcome{{QStringLiteral("cloud: ") + entry.error().shown()}, {}};
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
                    return SaveOutcome{{CloudsPage::tr("password: %1 has no password for \u201c%2\u201d: type it here.")
                                            .arg(QDir::toNativeSeparators(entry->file), cloud)},
                                       {}};
                QStringList problems;
                for (const auto &p : account.problems())
                    problems.append(p.startsWith(QLatin1String("name:")) || p.startsWith(QLatin1String("sshPort:"))
                                        ? p
                                        : CloudsPage::tr("cloud: %1 (in %2)").arg(p, QDir::toNativeSeparators(entry->file)));
                if (!problems.isEmpty())
                    return SaveOutcome{problems, {}};
            }
            // A wrong password or tenant is told now, not at the first build.
            openstack::OpenStackProvider provider(account, password, &ApplicationCatalog::builtin());
            if (auto signedIn = provider.checkSignIn(); !signedIn) {
                const bool refused = signedIn.error().kind == ErrorKind::Invalid;
                return SaveOutcome{{(refused ? QStringLiteral("password: ") : QStringLiteral("form: ")) + signedIn.error().shown()}, {}};
            }
            if (*abandon)
                return SaveOutcome{};
            auto secrets = SecretStore::forThisProcess();
            CloudAccountStore accounts(*store, secrets.get());
            if (auto added = accounts.add(account, password); !added)
                return SaveOutcome{{added.error().shown().split(QLatin1Char('\n'))}, {}};
            return SaveOutcome{{}, account.name};
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
            Theme::setTextTone(m_status, Tone::Success);
            m_status->setText(tr("Signed in and saved \u201c%1\u201d. Build Image offers it now.").arg(outcome.name));
            m_model->setSignIn(outcome.name, tr("signed in"), true);
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
        });
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
