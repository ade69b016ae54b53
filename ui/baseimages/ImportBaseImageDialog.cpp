#include "baseimages/ImportBaseImageDialog.h"

#include "baseimages/BaseImageLibrary.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/Theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace ib::ui {

ImportBaseImageDialog *ImportBaseImageDialog::open(Store &store, const ApplicationCatalog &catalog, const BuildSettings &settings,
                                                   const QString &file, const QString &preferredOs, QWidget *parent, QObject *context,
                                                   std::function<void(const ib::BaseImage &)> onImported)
{
    auto *dialog = new ImportBaseImageDialog(store, catalog, settings, file, preferredOs, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &ImportBaseImageDialog::imported, context, std::move(onImported));
    dialog->show();
    return dialog;
}

QString ImportBaseImageDialog::chooseFileWithDialog(QWidget *parent)
{
    return QFileDialog::getOpenFileName(parent, tr("Import Base Image"), QDir::homePath(),
                                        tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"));
}

ImportBaseImageDialog::ImportBaseImageDialog(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, const QString &file,
                                             const QString &preferredOs, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
    , m_file(file)
    , m_percent(std::make_shared<std::atomic<int>>(0))
{
    setObjectName(QStringLiteral("ImportBaseImageDialog"));
    setWindowTitle(tr("Import Base Image"));

    auto *fileLabel = new QLabel(QDir::toNativeSeparators(file), this);
    fileLabel->setObjectName(QStringLiteral("importFile"));
    fileLabel->setWordWrap(true);
    fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_os = new QComboBox(this);
    m_os->setObjectName(QStringLiteral("importOs"));
    for (const auto &os : m_catalog.operatingSystems())
        m_os->addItem(os.name, os.key());
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("importUser"));
    m_architecture = new QComboBox(this);
    m_architecture->setObjectName(QStringLiteral("importArchitecture"));
    m_architecture->addItem(tr("x86-64 (PCs, Intel Macs, every cloud)"), QStringLiteral("x86_64"));
    m_architecture->addItem(tr("arm64 (Apple Silicon; stays local)"), QStringLiteral("aarch64"));
    m_userMessage = new QLabel(this);
    m_userMessage->setObjectName(QStringLiteral("importUserMessage"));
    Theme::setTextTone(m_userMessage, Tone::Error);
    m_userMessage->setWordWrap(true);
    m_guessNote = new QLabel(this);
    m_guessNote->setObjectName(QStringLiteral("importGuessNote"));
    m_guessNote->setWordWrap(true);
    m_guessNote->setForegroundRole(QPalette::PlaceholderText);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    importButton()->setText(tr("Import"));
    importButton()->setObjectName(QStringLiteral("importStart"));

    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileLabel);
    form->addRow(tr("Operating system:"), m_os);
    form->addRow(tr("Login user:"), m_user);
    form->addRow(QString(), m_userMessage);
    form->addRow(tr("Architecture:"), m_architecture);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_guessNote);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(560, 260);

    prefill(file, preferredOs);

    m_poll.setInterval(200);
    connect(&m_poll, &QTimer::timeout, this, [this] { m_progress->setValue(m_percent->load()); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportBaseImageDialog::startImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportBaseImageDialog::reject);
    connect(m_os, &QComboBox::currentIndexChanged, this, [this] {
        // A user left as the old OS's default follows the OS.
        for (const auto &os : m_catalog.operatingSystems()) {
            if (os.loginUser == m_user->text()) {
                if (const auto *chosen = m_catalog.findOs(m_os->currentData().toString()))
                    m_user->setText(chosen->loginUser);
                break;
            }
        }
    });
    connect(m_user, &QLineEdit::textChanged, this, &ImportBaseImageDialog::updateState);
    updateState();
}

// The file name of a known cloud image says its OS and user, else the OS the caller needs
// and that OS's default user; a note says which, so a wrong guess is noticed.
void ImportBaseImageDialog::prefill(const QString &file, const QString &preferredOs)
{
    const auto guess = CloudImageNames::guess(file);
    const QString key = guess.isKnown() ? guess.osKey : preferredOs;
    if (const int i = m_os->findData(key); i >= 0)
        m_os->setCurrentIndex(i);
    QString user = guess.loginUser;
    if (user.isEmpty()) {
        if (const auto *os = m_catalog.findOs(m_os->currentData().toString()))
            user = os->loginUser;
    }
    m_user->setText(user);
    // The architecture from the name (amd64, arm64, aarch64, x86_64); x86-64 when it says none.
    if (const int i = m_architecture->findData(guess.architecture.isEmpty() ? QStringLiteral("x86_64") : guess.architecture); i >= 0)
        m_architecture->setCurrentIndex(i);
    m_guessNote->setText(
        guess.isKnown()
            ? tr("Filled in from the file name (%1's cloud image). Change them if this file is something else.").arg(m_os->currentText())
            : tr("The file name is not one of a distribution's cloud images: check the OS and the image's default user."));
}

ImportBaseImageDialog::~ImportBaseImageDialog() = default;

QPushButton *ImportBaseImageDialog::importButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString ImportBaseImageDialog::statusText() const
{
    return m_status->text();
}

void ImportBaseImageDialog::updateState()
{
    const QString problem = BaseImageLibrary::checkLoginUser(m_user->text().trimmed());
    m_userMessage->setText(problem);
    m_userMessage->setVisible(!problem.isEmpty());
    importButton()->setEnabled(!m_importing && problem.isEmpty());
    m_os->setEnabled(!m_importing);
    m_user->setEnabled(!m_importing);
    m_architecture->setEnabled(!m_importing);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!m_importing);
}

void ImportBaseImageDialog::reject()
{
    if (m_importing)
        return;  // qemu-img is writing into the library; it takes seconds
    QDialog::reject();
}

void ImportBaseImageDialog::startImport()
{
    if (m_importing || !importButton()->isEnabled())
        return;
    m_importing = true;
    m_percent->store(0);
    m_progress->setValue(0);
    m_progress->show();
    m_status->setText(tr("Copying the image into the base image library\u2026"));
    m_poll.start();
    updateState();

    Store *store = &m_store;
    const ApplicationCatalog *catalog = &m_catalog;
    const BuildSettings settings = m_settings;
    const QString file = m_file;
    const QString osKey = m_os->currentData().toString();
    const QString user = m_user->text().trimmed();
    const QString architecture = m_architecture->currentData().toString();
    auto percent = m_percent;
    runInBackground(
        store, this,
        [store, catalog, settings, file, osKey, user, architecture, percent] {
            static const QRegularExpression progress(QStringLiteral("\\((\\d+)(?:\\.\\d+)?/100%\\)"));
            BaseImageLibrary library(*store, *catalog, settings);
            return library.importFile(
                file, osKey, user, {},
                [percent](const QString &line) {
                    const auto match = progress.match(line);
                    if (match.hasMatch())
                        percent->store(match.captured(1).toInt());
                },
                architecture);
        },
        [this](Result<BaseImage> result) {
            m_importing = false;
            m_poll.stop();
            m_progress->hide();
            if (!result) {
                m_status->setText(tr("The import failed: %1").arg(result.error().shown()));
                updateState();
                return;
            }
            m_status->setText(tr("Imported \u201c%1\u201d.").arg(result->name));
            updateState();
            emit imported(result.value());
            accept();
        });
}

}  // namespace ib::ui
