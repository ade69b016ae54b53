#include "builds/BuildImageDialog.h"

#include "build/BaseImageLibrary.h"
#include "build/BuildRules.h"
#include "build/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "storage/Store.h"
#include "util/Background.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

constexpr int BaseIdRole = Qt::UserRole + 1;

QString osName(const ApplicationCatalog &catalog, const OsSpec &os)
{
    const auto *entry = catalog.findOs(os.key());
    return entry ? entry->name : os.key();
}

}  // namespace

BuildImageDialog::ImportGuess BuildImageDialog::guessFromFileName(const QString &fileName)
{
    const QString name = QFileInfo(fileName).fileName().toLower();
    const auto starts = [&](const char *prefix) { return name.startsWith(QLatin1String(prefix)); };
    if (starts("debian-12"))
        return {QStringLiteral("debian:12"), QStringLiteral("debian")};
    if (starts("ubuntu-22.04") || starts("jammy"))
        return {QStringLiteral("ubuntu:22.04"), QStringLiteral("ubuntu")};
    if (starts("ubuntu-24.04") || starts("noble"))
        return {QStringLiteral("ubuntu:24.04"), QStringLiteral("ubuntu")};
    if (starts("rocky-9"))
        return {QStringLiteral("rocky:9"), QStringLiteral("rocky")};
    return {};
}

BuildImageDialog::BuildImageDialog(BuildService &service, Store &store, const ApplicationCatalog &catalog, const ImageTemplate &t, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_store(store)
    , m_catalog(catalog)
    , m_template(t)
    , m_importPercent(std::make_shared<std::atomic<int>>(0))
{
    setObjectName(QStringLiteral("BuildImageDialog"));
    setWindowTitle(tr("Build Image"));
    m_chooseFile = [this] {
        return QFileDialog::getOpenFileName(this, tr("Import Base Image"), QDir::homePath(), tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"));
    };
    buildUi();
    m_importPoll.setInterval(200);
    connect(&m_importPoll, &QTimer::timeout, this, [this] { m_importProgress->setValue(m_importPercent->load()); });
    reloadBaseImages();
    updateState();
}

BuildImageDialog::~BuildImageDialog() = default;

void BuildImageDialog::buildUi()
{
    auto *intro = new QLabel(tr("Build a private image from the template \u201c%1\u201d (%2, revision %3). The build starts a VM from the base image, "
                                "installs the applications, runs the user script and saves the disk as a new image.")
                                 .arg(m_template.name, osName(m_catalog, m_template.os))
                                 .arg(m_template.revision),
                             this);
    intro->setWordWrap(true);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("imageNameEdit"));
    m_name->setMaxLength(buildrules::MaxImageNameChars + 1);
    m_name->setPlaceholderText(tr("e.g. %1-image").arg(m_template.name.section(QLatin1Char(' '), 0, 0)));
    m_nameMessage = new QLabel(this);
    m_nameMessage->setObjectName(QStringLiteral("imageNameMessage"));
    m_nameMessage->setWordWrap(true);
    m_nameMessage->setStyleSheet(QStringLiteral("color: #c62828;"));
    auto *nameHint = new QLabel(tr("1 to 255 characters: letters A\u2013Z, digits, space, \u201c-\u201d, \u201c_\u201d and \u201c.\u201d"), this);
    nameHint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *nameBox = new QVBoxLayout;
    nameBox->setSpacing(2);
    nameBox->addWidget(m_name);
    nameBox->addWidget(m_nameMessage);
    nameBox->addWidget(nameHint);

    m_bases = new QListWidget(this);
    m_bases->setObjectName(QStringLiteral("baseImageList"));
    m_bases->setMinimumHeight(90);
    m_bases->setMaximumHeight(160);
    m_hidden = new QLabel(this);
    m_hidden->setObjectName(QStringLiteral("hiddenBaseImages"));
    m_hidden->setWordWrap(true);
    m_hidden->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_noBase = new QLabel(this);
    m_noBase->setObjectName(QStringLiteral("noBaseImage"));
    m_noBase->setWordWrap(true);
    m_noBase->hide();
    m_importButton = new QPushButton(tr("Import Base Image\u2026"), this);
    m_importButton->setObjectName(QStringLiteral("importBaseImage"));
    auto *baseBox = new QVBoxLayout;
    baseBox->setSpacing(4);
    baseBox->addWidget(m_bases);
    baseBox->addWidget(m_noBase);
    baseBox->addWidget(m_hidden);
    baseBox->addWidget(m_importButton, 0, Qt::AlignLeft);

    m_importBox = new QGroupBox(tr("Import a base image"), this);
    m_importBox->setObjectName(QStringLiteral("importBox"));
    m_importFileLabel = new QLabel(m_importBox);
    m_importFileLabel->setWordWrap(true);
    m_importFileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_importOs = new QComboBox(m_importBox);
    m_importOs->setObjectName(QStringLiteral("importOs"));
    for (const auto &os : m_catalog.operatingSystems())
        m_importOs->addItem(os.name, os.key());
    m_importUser = new QLineEdit(m_importBox);
    m_importUser->setObjectName(QStringLiteral("importUser"));
    m_importUserMessage = new QLabel(m_importBox);
    m_importUserMessage->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_importUserMessage->setWordWrap(true);
    m_importStart = new QPushButton(tr("Import"), m_importBox);
    m_importStart->setObjectName(QStringLiteral("importStart"));
    m_importProgress = new QProgressBar(m_importBox);
    m_importProgress->setRange(0, 100);
    m_importProgress->hide();
    m_importStatus = new QLabel(m_importBox);
    m_importStatus->setObjectName(QStringLiteral("importStatus"));
    m_importStatus->setWordWrap(true);
    auto *importForm = new QFormLayout(m_importBox);
    importForm->addRow(tr("File:"), m_importFileLabel);
    importForm->addRow(tr("Operating system:"), m_importOs);
    importForm->addRow(tr("Login user:"), m_importUser);
    importForm->addRow(QString(), m_importUserMessage);
    importForm->addRow(QString(), m_importStart);
    importForm->addRow(m_importProgress);
    importForm->addRow(m_importStatus);
    m_importBox->hide();

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("startError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Build"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("startBuild"));

    auto *form = new QFormLayout;
    form->addRow(tr("Image name:"), nameBox);
    form->addRow(tr("Base image:"), baseBox);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_importBox);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(640, 400);

    connect(m_name, &QLineEdit::textChanged, this, &BuildImageDialog::updateState);
    connect(m_bases, &QListWidget::currentRowChanged, this, &BuildImageDialog::updateState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BuildImageDialog::startBuild);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_importButton, &QPushButton::clicked, this, [this] {
        const auto file = m_chooseFile();
        if (!file.isEmpty())
            chooseImportFile(file);
    });
    connect(m_importStart, &QPushButton::clicked, this, &BuildImageDialog::startImport);
    connect(m_importUser, &QLineEdit::textChanged, this, [this] {
        m_importUserMessage->setText(BaseImageLibrary::checkLoginUser(m_importUser->text()));
        updateState();
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

QString BuildImageDialog::selectedBaseImageId() const
{
    const auto *item = m_bases->currentItem();
    return item ? item->data(BaseIdRole).toString() : QString();
}

void BuildImageDialog::reloadBaseImages(const QString &select)
{
    m_loaded = false;
    Store *store = &m_store;
    runInBackground(store, this, [store] { return store->listBaseImages(); }, [this, select](Result<QList<BaseImage>> result) {
        m_loaded = true;
        if (!result) {
            m_noBase->setText(tr("The base images could not be loaded: %1").arg(result.error().message));
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
    const QLocale locale;
    for (const auto &base : choice.suitable) {
        auto *item = new QListWidgetItem(tr("%1 \u2014 %2, user %3, %4 disk").arg(base.name, osName(m_catalog, base.os), base.loginUser,
                                                                                 locale.formattedDataSize(base.sizeBytes, 1, QLocale::DataSizeTraditionalFormat)),
                                         m_bases);
        item->setData(BaseIdRole, base.id);
        item->setToolTip(QDir::toNativeSeparators(base.path));
        if (base.id == select)
            m_bases->setCurrentItem(item);
    }
    if (!m_bases->currentItem() && m_bases->count() > 0)
        m_bases->setCurrentRow(0);
    if (choice.hidden > 0) {
        m_hidden->setText(choice.hidden == 1 ? tr("1 base image is hidden: it is not %1.").arg(osName(m_catalog, m_template.os))
                                             : tr("%1 base images are hidden: they are not %2.").arg(choice.hidden).arg(osName(m_catalog, m_template.os)));
        m_hidden->setToolTip(choice.hiddenReason);
        m_hidden->show();
    } else {
        m_hidden->hide();
    }
    const bool none = choice.suitable.isEmpty();
    m_bases->setVisible(!none);
    if (none) {
        m_noBase->setText(tr("No base image suits this template: it needs %1. Import a %1 cloud image (qcow2), for example %2.")
                              .arg(osName(m_catalog, m_template.os),
                                   m_template.os.distro == QLatin1String("debian") ? QStringLiteral("debian-%1-genericcloud-amd64.qcow2").arg(m_template.os.version)
                                   : m_template.os.distro == QLatin1String("ubuntu") ? QStringLiteral("ubuntu-%1-server-cloudimg-amd64.img").arg(m_template.os.version)
                                   : m_template.os.distro == QLatin1String("rocky")  ? QStringLiteral("Rocky-%1-GenericCloud.latest.x86_64.qcow2").arg(m_template.os.version)
                                                                                      : QStringLiteral("a cloud image")));
        m_noBase->show();
    } else {
        m_noBase->hide();
    }
    updateState();
}

void BuildImageDialog::chooseImportFile(const QString &file)
{
    m_importFile = file;
    m_importFileLabel->setText(QDir::toNativeSeparators(file));
    const auto guess = guessFromFileName(file);
    const QString key = guess.osKey.isEmpty() ? m_template.os.key() : guess.osKey;
    if (const int i = m_importOs->findData(key); i >= 0)
        m_importOs->setCurrentIndex(i);
    QString user = guess.loginUser;
    if (user.isEmpty()) {
        if (const auto *os = m_catalog.findOs(key))
            user = os->loginUser;
    }
    m_importUser->setText(user);
    m_importStatus->clear();
    m_importBox->show();
    updateState();
}

void BuildImageDialog::startImport()
{
    if (m_importing || m_importFile.isEmpty())
        return;
    m_importing = true;
    m_importPercent->store(0);
    m_importProgress->setValue(0);
    m_importProgress->show();
    m_importStatus->setText(tr("Copying the image into the base image library\u2026"));
    m_importPoll.start();
    updateState();

    Store *store = &m_store;
    const ApplicationCatalog *catalog = &m_catalog;
    const BuildSettings settings = m_service.settings();
    const QString file = m_importFile;
    const QString osKey = m_importOs->currentData().toString();
    const QString user = m_importUser->text().trimmed();
    auto percent = m_importPercent;
    runInBackground(
        store, this,
        [store, catalog, settings, file, osKey, user, percent] {
            static const QRegularExpression progress(QStringLiteral("\\((\\d+)(?:\\.\\d+)?/100%\\)"));
            BaseImageLibrary library(*store, *catalog, settings);
            return library.importFile(file, osKey, user, {}, [percent](const QString &line) {
                const auto match = progress.match(line);
                if (match.hasMatch())
                    percent->store(match.captured(1).toInt());
            });
        },
        [this](Result<BaseImage> result) {
            m_importing = false;
            m_importPoll.stop();
            m_importProgress->hide();
            if (!result) {
                m_importStatus->setText(tr("The import failed: %1").arg(result.error().message));
                updateState();
                return;
            }
            m_importStatus->setText(tr("Imported \u201c%1\u201d.").arg(result->name));
            m_importBox->hide();
            reloadBaseImages(result->id);
        });
}

void BuildImageDialog::updateState()
{
    const QString problem = m_name->text().isEmpty() ? QString() : buildrules::checkImageName(m_name->text());
    m_nameMessage->setText(problem);
    m_nameMessage->setVisible(!problem.isEmpty());
    const bool nameOk = buildrules::checkImageName(m_name->text()).isEmpty();
    startButton()->setEnabled(nameOk && !selectedBaseImageId().isEmpty() && !m_importing);
    m_importButton->setEnabled(!m_importing);
    m_importStart->setEnabled(!m_importing && BaseImageLibrary::checkLoginUser(m_importUser->text()).isEmpty());
    m_importOs->setEnabled(!m_importing);
    m_importUser->setEnabled(!m_importing);
}

void BuildImageDialog::startBuild()
{
    if (!startButton()->isEnabled())
        return;
    auto started = m_service.start(m_template.id, m_name->text(), selectedBaseImageId());
    if (!started) {
        m_error->setText(started.error().message);
        m_error->show();
        return;
    }
    emit buildStarted(started.value());
    accept();
}

}  // namespace ib::ui
