#include "builds/BuildImageDialog.h"

#include "baseimages/ImportBaseImageDialog.h"
#include "baseimages/MakeBaseImageDialog.h"
#include "builds/BuildRules.h"
#include "builds/BuildService.h"
#include "builds/BuildTexts.h"
#include "builds/CloudImageNames.h"
#include "builds/TemplateChangesView.h"
#include "catalog/ApplicationCatalog.h"
#include "providers/openstack/CloudAccountStore.h"
#include "ssh/SshClient.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/PlainText.h"
#include "util/Theme.h"

#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

constexpr int BaseIdRole = Qt::UserRole + 1;
const QString kLocal = QStringLiteral("local");

struct Accounts
{
    QList<openstack::CloudAccount> list;
    QString error;
};

// The example name obeys the image-name rule: a template named "웹 서버" must not suggest
// "웹-image", which the rule then refuses.
QString exampleImageName(const QString &templateName)
{
    QString stem;
    for (const QString firstWord = templateName.section(QLatin1Char(' '), 0, 0); const QChar c : firstWord) {
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.')))
            stem += c;
    }
    return (stem.isEmpty() ? QStringLiteral("my") : stem.left(buildrules::MaxImageNameChars - 6)) + QStringLiteral("-image");
}

}  // namespace

BuildImageDialog::BuildImageDialog(BuildService &service, Store &store, const ApplicationCatalog &catalog, const ImageTemplate &t,
                                   QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_store(store)
    , m_catalog(catalog)
    , m_template(t)
{
    setObjectName(QStringLiteral("BuildImageDialog"));
    setWindowTitle(tr("Build Image"));
    m_chooseFile = [this] { return ImportBaseImageDialog::chooseFileWithDialog(this); };
    buildUi();
    reloadBaseImages();
    loadProviders();
    updateState();
    // Names, descriptions, causes and replies shown in these labels are never markup.
    makeLabelsPlain(this);
}

BuildImageDialog::~BuildImageDialog() = default;

void BuildImageDialog::buildUi()
{
    auto *intro = new QLabel(
        tr("Build a private image from the template \u201c%1\u201d (%2, revision %3). The build starts a VM from the base image, "
           "installs the applications, runs the user script and saves the disk as a new image.")
            .arg(inertForLine(m_template.name), m_catalog.osName(m_template.os.key()))
            .arg(m_template.revision),
        this);
    intro->setWordWrap(true);

    // In this order: the focus moves through the widgets in the order they are made.
    QVBoxLayout *nameBox = buildNameBox();
    QVBoxLayout *baseBox = buildBaseBox();
    buildButtons();
    auto *form = new QFormLayout;
    form->addRow(m_providerLabel, m_provider);
    form->addRow(tr("Image name:"), nameBox);
    form->addRow(tr("Base image:"), baseBox);

    // Who saved what is about to run, and what changed since this computer last built it.
    m_changes = new TemplateChangesView(m_store, m_catalog, m_service.settings().dataDirectory, m_template, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_changes);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(640, 400);

    connect(m_name, &QLineEdit::textChanged, this, &BuildImageDialog::updateState);
    connect(m_bases, &QListWidget::currentRowChanged, this, &BuildImageDialog::updateState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BuildImageDialog::startBuild);
    connect(m_copyCommand, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(commandLine());
        m_copyCommand->setText(tr("Copied"));
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_importButton, &QPushButton::clicked, this, [this] { importBaseImage(); });
    connect(m_makeButton, &QPushButton::clicked, this, [this] { makeBaseImage(); });
    connect(m_retry, &QPushButton::clicked, this, [this] { reloadBaseImages(); });
    connect(m_provider, &QComboBox::currentIndexChanged, this, &BuildImageDialog::onProviderChanged);
}

// The image's name, what is wrong with it and what it may hold.
QVBoxLayout *BuildImageDialog::buildNameBox()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("imageNameEdit"));
    m_name->setMaxLength(buildrules::MaxImageNameChars + 1);
    m_name->setPlaceholderText(tr("e.g. %1").arg(exampleImageName(m_template.name)));
    m_nameMessage = new QLabel(this);
    m_nameMessage->setObjectName(QStringLiteral("imageNameMessage"));
    m_nameMessage->setWordWrap(true);
    Theme::setTextTone(m_nameMessage, Tone::Error);
    auto *nameHint =
        new QLabel(tr("1 to 255 characters: letters A\u2013Z, digits, space, \u201c-\u201d, \u201c_\u201d and \u201c.\u201d"), this);
    nameHint->setForegroundRole(QPalette::PlaceholderText);
    auto *nameBox = new QVBoxLayout;
    nameBox->setSpacing(2);
    nameBox->addWidget(m_name);
    nameBox->addWidget(m_nameMessage);
    nameBox->addWidget(nameHint);
    return nameBox;
}

// Where to build, the base images that suit the template there, and the ways to get one.
QVBoxLayout *BuildImageDialog::buildBaseBox()
{
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("providerCombo"));
    m_provider->addItem(tr("This machine (QEMU)"), kLocal);
    m_providerLabel = new QLabel(tr("Build on:"), this);
    // Shown once there is a cloud account to choose.
    m_provider->hide();
    m_providerLabel->hide();
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("retryBaseImages"));
    m_retry->hide();

    m_bases = new QListWidget(this);
    m_bases->setObjectName(QStringLiteral("baseImageList"));
    m_bases->setMinimumHeight(90);
    m_bases->setWordWrap(true);  // a cloud's image names are long
    m_bases->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_bases->setMaximumHeight(160);
    m_hidden = new QLabel(this);
    m_hidden->setObjectName(QStringLiteral("hiddenBaseImages"));
    m_hidden->setWordWrap(true);
    m_hidden->setForegroundRole(QPalette::PlaceholderText);
    m_noBase = new QLabel(this);
    m_noBase->setObjectName(QStringLiteral("noBaseImage"));
    m_noBase->setWordWrap(true);
    m_noBase->hide();
    m_archNote = new QLabel(this);
    m_archNote->setObjectName(QStringLiteral("baseImageArchitectureNote"));
    m_archNote->setWordWrap(true);
    m_archNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTextTone(m_archNote, Tone::Warning);
    m_archNote->hide();
    m_importButton = new QPushButton(tr("Import Base Image\u2026"), this);
    m_importButton->setObjectName(QStringLiteral("importBaseImage"));
    m_makeButton = new QPushButton(tr("Make Debian 12 Base Image\u2026"), this);
    m_makeButton->setObjectName(QStringLiteral("makeBaseImage"));
    m_makeButton->setToolTip(tr("Makes a Debian 12 base image on this machine from Debian's archive (needs root for debootstrap)."));
    // The maker makes Debian 12 only: for another OS the way is a cloud image.
    m_makeButton->setVisible(m_template.os.key() == QLatin1String("debian:12"));
    auto *baseButtons = new QHBoxLayout;
    baseButtons->addWidget(m_retry);
    baseButtons->addWidget(m_makeButton);
    baseButtons->addWidget(m_importButton);
    baseButtons->addStretch(1);
    auto *baseBox = new QVBoxLayout;
    baseBox->setSpacing(4);
    baseBox->addWidget(m_bases);
    baseBox->addWidget(m_noBase);
    baseBox->addWidget(m_archNote);
    baseBox->addWidget(m_hidden);
    baseBox->addLayout(baseButtons);
    return baseBox;
}

// Start Build, Copy as Command and Cancel, and the line that says why a start failed.
void BuildImageDialog::buildButtons()
{
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("startError"));
    m_error->setWordWrap(true);
    Theme::setTextTone(m_error, Tone::Error);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Build"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("startBuild"));
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);  // Enter in the name field starts the build
    // The same build from a terminal or a script (issue 18, "Copy as CLI command").
    m_copyCommand = m_buttons->addButton(tr("Copy as Command"), QDialogButtonBox::HelpRole);
    m_copyCommand->setObjectName(QStringLiteral("copyAsCommand"));
    m_copyCommand->setAutoDefault(false);
    m_copyCommand->setToolTip(tr("Copies the imagebuilder-cli command that starts this build"));
}

QString BuildImageDialog::providerId() const
{
    const QString id = m_provider->currentData().toString();
    return id.isEmpty() ? kLocal : id;
}

void BuildImageDialog::setProvider(const QString &providerId)
{
    const int index = m_provider->findData(providerId.isEmpty() ? kLocal : providerId);
    if (index >= 0)
        m_provider->setCurrentIndex(index);
}

void BuildImageDialog::loadProviders()
{
    Store *store = &m_store;
    readInBackground(
        store, this,
        [store] {
            // Only the accounts' names and regions: no password is read here.
            openstack::CloudAccountStore accounts(*store, nullptr);
            auto listed = accounts.list();
            return listed ? Accounts{listed.value(), {}} : Accounts{{}, listed.error().shown()};
        },
        [this](const Accounts &accounts) {
            m_providersLoaded = true;
            for (const auto &a : accounts.list) {
                const QString where = a.kind == openstack::CloudKind::Nhn
                                          ? tr("NHN Cloud %1").arg(a.region)
                                          : (a.region.isEmpty() ? tr("OpenStack") : tr("OpenStack %1").arg(a.region));
                m_provider->addItem(tr("%1 (%2)").arg(a.name, where), a.name);
            }
            const bool choice = m_provider->count() > 1;
            m_provider->setVisible(choice);
            m_providerLabel->setVisible(choice);
            if (!accounts.error.isEmpty())
                m_provider->setToolTip(tr("The cloud accounts could not be loaded: %1").arg(accounts.error));
        });
}

void BuildImageDialog::onProviderChanged()
{
    m_error->hide();
    reloadBaseImages();
}

void BuildImageDialog::loadCloudBaseImages()
{
    const QString id = providerId();
    const quint64 ticket = m_baseLoads.next();
    m_loaded = false;
    m_bases->clear();
    m_bases->hide();
    m_hidden->hide();
    m_makeButton->hide();
    m_importButton->hide();
    m_retry->hide();
    m_noBase->setText(tr("Loading the base images of “%1”…").arg(id));
    m_noBase->show();
    updateState();
    Store *store = &m_store;
    BuildService *service = &m_service;
    runInBackground(
        store, this,
        [service, id]() -> Result<QList<BaseImage>> {
            // Made, used and deleted here: the provider signs in over the network.
            auto provider = service->makeProvider(id);
            if (!provider)
                return makeError(ErrorKind::NotFound, BuildImageDialog::tr("The cloud account “%1” no longer exists.").arg(id));
            return provider->listBaseImages();
        },
        [this, ticket, id](Result<QList<BaseImage>> result) {
            if (!m_baseLoads.isCurrent(ticket) || id != providerId())
                return;
            m_loaded = true;
            if (!result) {
                m_bases->hide();
                m_noBase->setText(tr("The base images of “%1” could not be loaded: %2").arg(id, result.error().shown()));
                m_noBase->show();
                m_retry->show();
                updateState();
                return;
            }
            showBaseImages(result.value(), {});
        });
}

QPushButton *BuildImageDialog::startButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString BuildImageDialog::nameMessage() const
{
    return m_nameMessage->text();
}

QString BuildImageDialog::hiddenText() const
{
    return m_hidden->isHidden() ? QString() : m_hidden->text();
}

QString BuildImageDialog::noBaseImageText() const
{
    return m_noBase->isHidden() ? QString() : m_noBase->text();
}

QString BuildImageDialog::architectureNoteText() const
{
    return m_archNote->isHidden() ? QString() : m_archNote->text();
}

QString BuildImageDialog::selectedBaseImageId() const
{
    const auto *item = m_bases->currentItem();
    return item ? item->data(BaseIdRole).toString() : QString();
}

void BuildImageDialog::reloadBaseImages(const QString &select)
{
    if (providerId() != kLocal) {
        loadCloudBaseImages();
        return;
    }
    m_loaded = false;
    m_retry->hide();
    m_importButton->show();
    m_makeButton->setVisible(m_template.os.key() == QLatin1String("debian:12"));
    const quint64 ticket = m_baseLoads.next();
    Store *store = &m_store;
    readInBackground(
        store, this, [store] { return store->listBaseImages(); },
        [this, select, ticket](Result<QList<BaseImage>> result) {
            if (!m_baseLoads.isCurrent(ticket))
                return;
            m_loaded = true;
            if (!result) {
                m_noBase->setText(tr("The base images could not be loaded: %1").arg(result.error().shown()));
                m_noBase->show();
                updateState();
                return;
            }
            showBaseImages(result.value(), select);
        });
}

void BuildImageDialog::showBaseImages(const QList<BaseImage> &all, const QString &select)
{
    const auto choice = buildrules::suitableBaseImages(m_template, all, m_catalog);
    m_bases->clear();
    m_shownBases.clear();
    const QLocale locale;
    for (const auto &base : choice.suitable) {
        m_shownBases.insert(base.id, base);
        // Issue 20: an arm64 base image (HVF on Apple Silicon; its image stays local) says so.
        const QString os = BuildTexts::osWithArchitecture(m_catalog.osName(base.os.key()), base.architecture);
        auto *item = new QListWidgetItem(
            tr("%1 \u2014 %2, user %3, %4 disk")
                .arg(base.name, os, base.loginUser, locale.formattedDataSize(base.sizeBytes, 1, QLocale::DataSizeTraditionalFormat)),
            m_bases);
        item->setData(BaseIdRole, base.id);
        item->setToolTip(base.path.isEmpty() ? base.id : QDir::toNativeSeparators(base.path));
        if (base.id == (select.isEmpty() ? m_preferredBase : select))
            m_bases->setCurrentItem(item);
    }
    if (!m_bases->currentItem() && m_bases->count() > 0)
        m_bases->setCurrentRow(0);
    if (choice.hidden > 0) {
        m_hidden->setText(
            choice.hidden == 1
                ? tr("1 base image is hidden: it is not %1.").arg(m_catalog.osName(m_template.os.key()))
                : tr("%1 base images are hidden: they are not %2.").arg(choice.hidden).arg(m_catalog.osName(m_template.os.key())));
        m_hidden->setToolTip(choice.hiddenReason);
        m_hidden->show();
    } else {
        m_hidden->hide();
    }
    const bool none = choice.suitable.isEmpty();
    m_bases->setVisible(!none);
    const bool cloud = providerId() != kLocal;
    if (none && cloud) {
        const QString os = m_catalog.osName(m_template.os.key());
        QString text = tr("No base image of “%1” suits this template: it needs %2, the template's OS.").arg(providerId(), os);
        if (choice.hidden > 0)
            text +=
                QLatin1Char(' ') + (choice.hidden == 1 ? tr("Its other image is another OS, so it is hidden.")
                                                       : tr("Its other %1 images are other OSes, so they are hidden.").arg(choice.hidden));
        text += QLatin1Char(' ') + tr("Upload a %1 image to the cloud's image service (Glance), then Retry.").arg(os);
        m_noBase->setText(text);
        m_noBase->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_noBase->show();
        m_hidden->hide();
        m_retry->show();
    } else if (none) {
        // Say which OS, why the others do not count, and the two ways to get one.
        const QString os = m_catalog.osName(m_template.os.key());
        QString text =
            tr("No base image suits this template: it needs %1, the template's OS (its applications are installed with %1's packages).")
                .arg(os);
        if (choice.hidden > 0)
            text += QLatin1Char(' ') +
                    (choice.hidden == 1 ? tr("The 1 base image in the library is another OS, so it is hidden.")
                                        : tr("The %1 base images in the library are other OSes, so they are hidden.").arg(choice.hidden));
        const auto *known = CloudImageNames::forOs(m_template.os.key());
        if (m_makeButton->isVisibleTo(this) && known)
            text += QLatin1Char(' ') + tr("Make one here from Debian's archive (needs root, about 3–6 minutes), or import %1 from %2.")
                                           .arg(known->fileNames.first(), known->url);
        else if (known)
            text += QLatin1Char(' ') +
                    tr("Download %1 from %2 and import it (login user %3).").arg(known->fileNames.first(), known->url, known->loginUser);
        else
            text += QLatin1Char(' ') + tr("Import a %1 cloud image (qcow2 or raw).").arg(os);
        m_noBase->setText(text);
        m_noBase->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_noBase->show();
        m_hidden->hide();  // the explanation says it already
    } else {
        m_noBase->hide();
    }
    updateState();
}

QDialog *BuildImageDialog::importBaseImage()
{
    const auto file = m_chooseFile ? m_chooseFile() : QString();
    if (file.isEmpty())
        return nullptr;
    return ImportBaseImageDialog::open(m_store, m_catalog, m_service.settings(), file, m_template.os.key(), this, this,
                                       [this](const BaseImage &base) { reloadBaseImages(base.id); });
}

QDialog *BuildImageDialog::makeBaseImage()
{
    return MakeBaseImageDialog::open(m_store, m_catalog, m_service.settings(), this, this,
                                     [this](const BaseImage &base) { reloadBaseImages(base.id); });
}

void BuildImageDialog::updateState()
{
    const QString problem = m_name->text().isEmpty() ? QString() : buildrules::checkImageName(m_name->text());
    m_nameMessage->setText(problem);
    m_nameMessage->setVisible(!problem.isEmpty());
    const bool nameOk = buildrules::checkImageName(m_name->text()).isEmpty();
    startButton()->setEnabled(nameOk && !selectedBaseImageId().isEmpty() && !m_starting);
    m_copyCommand->setEnabled(startButton()->isEnabled());
    m_copyCommand->setText(tr("Copy as Command"));
    updateArchitectureNote();
}

// Issue 20: an x86-64 base image on Apple Silicon (or an arm64 one on a PC) builds under
// emulation; the note says so and names the listed base image of this computer's CPU.
void BuildImageDialog::updateArchitectureNote()
{
    const auto chosen = m_shownBases.constFind(selectedBaseImageId());
    QString advice;
    if (providerId() == kLocal && chosen != m_shownBases.cend()) {
        QList<BaseImage> listed;
        for (int row = 0; row < m_bases->count(); ++row)
            listed.append(m_shownBases.value(m_bases->item(row)->data(BaseIdRole).toString()));
        advice = buildrules::architectureAdvice(chosen.value(), listed);
    }
    m_archNote->setText(advice);
    m_archNote->setVisible(!advice.isEmpty());
}

QString BuildImageDialog::commandLine() const
{
    // Quoted for the shell the administrator types into: POSIX single quotes, or
    // PowerShell's (which double a quote inside) on Windows.
    const auto quote = [](const QString &text) {
#ifdef Q_OS_WIN
        return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
#else
        return ssh::SshClient::shellQuote(text);
#endif
    };
    QStringList words{QStringLiteral("imagebuilder-cli"),
                      QStringLiteral("build"),
                      QStringLiteral("start"),
                      QStringLiteral("--template"),
                      quote(m_template.id),
                      QStringLiteral("--image-name"),
                      quote(m_name->text()),
                      QStringLiteral("--base-image"),
                      quote(selectedBaseImageId())};
    if (providerId() != kLocal)
        words << QStringLiteral("--provider") << quote(providerId());
    words << QStringLiteral("--follow");
    return words.join(QLatin1Char(' '));
}

void BuildImageDialog::startBuild()
{
    if (!startButton()->isEnabled() || m_starting)
        return;
    const auto base = m_shownBases.constFind(selectedBaseImageId());
    if (base == m_shownBases.cend())
        return;
    m_error->hide();
    setStarting(true);
    // Checked and recorded on the store's thread (a team store may be across a network);
    // queued here. Queued even if this dialog is gone by then: the build is recorded.
    BuildService *service = &m_service;
    readInBackground(&m_store, service, m_service.prepare(m_template.id, m_name->text(), base.value()),
                     [service, dialog = QPointer<BuildImageDialog>(this)](const Result<BuildRecord> &recorded) {
                         if (recorded)
                             service->queue(recorded.value());
                         if (!dialog)
                             return;
                         dialog->setStarting(false);
                         if (!recorded) {
                             dialog->m_error->setText(recorded.error().shown());
                             dialog->m_error->show();
                             return;
                         }
                         emit dialog->buildStarted(recorded.value());
                         dialog->accept();
                     });
}

void BuildImageDialog::setStarting(bool starting)
{
    m_starting = starting;
    startButton()->setText(starting ? tr("Starting\u2026") : tr("Start Build"));
    m_name->setReadOnly(starting);
    m_bases->setEnabled(!starting);
    m_provider->setEnabled(!starting);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!starting);
    updateState();
}

void BuildImageDialog::reject()
{
    if (m_starting)
        return;  // the build is being recorded: it starts, or the reason it cannot is shown here
    QDialog::reject();
}

}  // namespace ib::ui
