#include "images/PublishImageDialog.h"

#include "providers/openstack/CloudAccountStore.h"
#include "publish/ImagePublisher.h"
#include "publish/PublishRules.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "util/Background.h"
#include "util/InertText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

struct Outcome
{
    bool ok = false;
    QString text;
    QString imageId;
};

}  // namespace

PublishImageDialog::PublishImageDialog(Store *store, BuildSettings settings, ImageRecord source, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_settings(std::move(settings))
    , m_source(std::move(source))
    , m_account(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_skipCheck(new QCheckBox(tr("Publish even if the image's cloud-init &datasources are unknown"), this))
    , m_explanation(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Publish to Cloud"));
    setObjectName(QStringLiteral("publishImageDialog"));
    m_account->setObjectName(QStringLiteral("publishAccount"));
    m_name->setObjectName(QStringLiteral("publishName"));
    m_name->setMaxLength(publish::MaxNameLength);
    m_name->setText(m_source.name);
    m_format->setObjectName(QStringLiteral("publishFormat"));
    // Both are uncompressed: a cloud's older QEMU cannot read our zstd-compressed captures.
    m_format->addItem(tr("qcow2, uncompressed (the smaller upload)"), QStringLiteral("qcow2"));
    m_format->addItem(tr("raw (the whole disk; for clouds that require it)"), QStringLiteral("raw"));
    m_skipCheck->setObjectName(QStringLiteral("publishSkipDatasourceCheck"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setText(tr("An image receives its SSH key on NHN Cloud and OpenStack only when its cloud-init lists the "
                              "OpenStack or ConfigDrive datasource. Images built before Image Builder recorded the datasources, "
                              "and imported ones, are refused unless you tick this because you know they list one."));
    m_progress->setObjectName(QStringLiteral("publishProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setObjectName(QStringLiteral("publishStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    auto *publishButton = m_buttons->addButton(tr("&Publish"), QDialogButtonBox::AcceptRole);
    publishButton->setObjectName(QStringLiteral("publishButton"));
    publishButton->setDefault(true);

    auto *form = new QFormLayout;
    auto *imageLabel = new QLabel(inertForLine(m_source.name), this);
    imageLabel->setTextFormat(Qt::PlainText);
    form->addRow(tr("Image:"), imageLabel);
    form->addRow(tr("&Cloud account:"), m_account);
    form->addRow(tr("&Name in the cloud:"), m_name);
    form->addRow(tr("Disk &format:"), m_format);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_skipCheck);
    layout->addWidget(m_explanation);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(publishButton, &QPushButton::clicked, this, &PublishImageDialog::startPublish);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PublishImageDialog::reject);
    setMinimumWidth(480);
    loadAccounts();
}

PublishImageDialog::~PublishImageDialog()
{
    if (m_publisher)
        m_publisher->cancel();
}

void PublishImageDialog::loadAccounts()
{
    m_status->setText(tr("Loading the cloud accounts\u2026"));
    if (!m_store)
        return;
    readInBackground(
        m_store, this,
        [store = m_store] {
            openstack::CloudAccountStore accounts(*store, nullptr);
            return accounts.list();
        },
        [this](const Result<QList<openstack::CloudAccount>> &listed) {
            m_account->clear();
            if (listed)
                for (const auto &a : listed.value())
                    m_account->addItem(inertForLine(a.name), a.name);
            if (!listed)
                m_status->setText(listed.error().shown());
            else if (m_account->count() == 0)
                m_status->setText(tr("There is no cloud account. Add one under Settings > Clouds (or `imagebuilder-cli cloud add`)."));
            else
                m_status->clear();
            if (auto *b = m_buttons->buttons().value(0))
                b->setEnabled(m_account->count() > 0);
        });
}

void PublishImageDialog::startPublish()
{
    if (m_running || !m_store || m_account->currentIndex() < 0)
        return;
    m_running = true;
    m_outcome.clear();
    for (auto *w : std::initializer_list<QWidget *>{m_account, m_name, m_format, m_skipCheck})
        w->setEnabled(false);
    for (auto *b : m_buttons->buttons())
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(false);
    m_status->setText(tr("Starting\u2026"));
    m_publisher = std::make_shared<publish::ImagePublisher>(m_settings);
    connect(m_publisher.get(), &publish::ImagePublisher::progress, this, &PublishImageDialog::showProgress);
    publish::PublishRequest request;
    request.source = m_source;
    request.name = m_name->text();
    request.skipDatasourceCheck = m_skipCheck->isChecked();
    request.diskFormat = m_format->currentData().toString();
    const QString accountName = m_account->currentData().toString();
    runInBackground(
        m_store, this,
        [store = m_store, publisher = m_publisher, request, accountName]() mutable {
            auto secrets = SecretStore::forThisProcess();
            openstack::CloudAccountStore accounts(*store, secrets.get());
            auto account = accounts.find(accountName);
            if (!account)
                return Outcome{false, account.error().shown(), {}};
            request.account = account.value();
            if (auto ok = publisher->check(request); !ok)
                return Outcome{false, ok.error().shown(), {}};
            auto password = accounts.password(account.value());
            if (!password)
                return Outcome{false, password.error().shown(), {}};
            request.password = password.value();
            auto published = publisher->publish(request);
            if (!published)
                return Outcome{false, published.error().shown(), {}};
            auto stored = store->addImage(published.value());
            if (!stored)
                return Outcome{false, stored.error().shown(), {}};
            return Outcome{true, QString(), stored->id};
        },
        [this](const Outcome &o) { finish(o.ok, o.text, o.imageId); });
}

void PublishImageDialog::showProgress(const publish::PublishProgress &p)
{
    using publish::PublishPhase;
    const QLocale locale;
    switch (p.phase) {
    case PublishPhase::Converting:
        if (p.totalBytes > 0 && p.sentBytes > 0) {
            const auto percent = static_cast<int>(p.sentBytes * 100 / p.totalBytes);
            m_progress->setValue(percent * 10);
            m_status->setText(tr("Converting the image to an uncompressed copy: %1 %").arg(percent));
        } else {
            m_status->setText(tr("Converting the image to an uncompressed copy\u2026"));
        }
        break;
    case PublishPhase::Creating:
        m_progress->setValue(0);  // the upload's own progress follows
        m_status->setText(tr("Creating the image in the cloud\u2026"));
        break;
    case PublishPhase::Uploading: {
        if (p.totalBytes > 0)
            m_progress->setValue(static_cast<int>(p.sentBytes * 1000 / p.totalBytes));
        const QString left = p.secondsLeft >= 0 ? tr("%n s left", nullptr, static_cast<int>(p.secondsLeft)) : tr("time left unknown");
        m_status->setText(tr("Uploading: %1 of %2, %3/s, %4")
                              .arg(locale.formattedDataSize(p.sentBytes), locale.formattedDataSize(p.totalBytes),
                                   locale.formattedDataSize(static_cast<qint64>(p.bytesPerSecond)), left));
        break;
    }
    case PublishPhase::Verifying:
        m_status->setText(tr("Comparing the cloud's checksum with the bytes sent\u2026"));
        break;
    case PublishPhase::CleaningUp:
        m_status->setText(tr("Deleting what was made in the cloud\u2026"));
        break;
    }
}

void PublishImageDialog::finish(bool ok, const QString &text, const QString &imageId)
{
    m_running = false;
    m_publisher.reset();
    m_outcome = ok ? tr("Published.") : text;
    m_status->setText(m_outcome);
    if (ok) {
        m_progress->setValue(1000);
        emit published(imageId);
    } else {
        for (auto *w : std::initializer_list<QWidget *>{m_account, m_name, m_format, m_skipCheck})
            w->setEnabled(true);
        for (auto *b : m_buttons->buttons())
            if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
                b->setEnabled(true);
    }
    if (auto *cancel = m_buttons->button(QDialogButtonBox::Cancel))
        cancel->setText(ok ? tr("Close") : tr("Cancel"));
    emit finishedPublishing(ok);
    if (m_closeWhenDone)
        QDialog::reject();
}

void PublishImageDialog::cancelPublish()
{
    if (m_publisher) {
        m_status->setText(tr("Cancelling; deleting what was made\u2026"));
        m_publisher->cancel();
    }
}

void PublishImageDialog::reject()
{
    // While it runs, Cancel (or Esc) stops it; the dialog closes once it has cleaned up.
    if (m_running) {
        m_closeWhenDone = true;
        cancelPublish();
        return;
    }
    QDialog::reject();
}

}  // namespace ib::ui
