// CloudsPage, part: its widgets and what sets off what.

#include "settings/CloudsPage.h"

#include "settings/CloudAccountModel.h"
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
    setUpList();
    setUpFields();
    buildForm();

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
    connectSignals();
    updateButtons();
}

// The accounts' table, its buttons and the status line under it.
void CloudsPage::setUpList()
{
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
}

// The form's fields, with what each expects as placeholder.
void CloudsPage::setUpFields()
{
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
    m_messages.insert(FormField, m_formMessage);
    m_save->setObjectName(QStringLiteral("saveCloudAccount"));
    m_save->setDefault(false);
    m_save->setAutoDefault(false);
    m_cancel->setObjectName(QStringLiteral("cancelCloudAccount"));
    m_cancel->setAutoDefault(false);
}

void CloudsPage::buildForm()
{
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
}

void CloudsPage::connectSignals()
{
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
}

}  // namespace ib::ui
