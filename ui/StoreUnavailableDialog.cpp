#include "StoreUnavailableDialog.h"

#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "settings/TeamStorePage.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "util/Background.h"
#include "util/InertText.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

struct Attempt
{
    std::unique_ptr<Store> store;
    QString error;
};

}  // namespace

StoreUnavailableDialog::StoreUnavailableDialog(const QString &location, const QString &error, const QString &explicitLocation,
                                               AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_explicit(explicitLocation)
    , m_text(new QLabel(this))
    , m_error(new QLabel(this))
    , m_settingsButton(new QPushButton(tr("Open Settings\u2026"), this))
    , m_localButton(new QPushButton(tr("Use This Computer's Store"), this))
    , m_retryButton(new QPushButton(tr("Retry"), this))
    , m_quitButton(new QPushButton(tr("Quit"), this))
{
    setObjectName(QStringLiteral("StoreUnavailableDialog"));
    setWindowTitle(tr("Image Builder"));
    m_text->setObjectName(QStringLiteral("storeUnavailableText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_error->setObjectName(QStringLiteral("storeUnavailableError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);  // a server's message: never rich text
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_settingsButton->setObjectName(QStringLiteral("openSettingsButton"));
    m_settingsButton->setToolTip(tr("Settings \u25b8 Team Store: correct the store; it is tested before it is saved"));
    m_localButton->setObjectName(QStringLiteral("useLocalStoreButton"));
    m_localButton->setToolTip(tr("Work on %1 for now; the Team Store setting stays as it is").arg(localLocation()));
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    m_quitButton->setObjectName(QStringLiteral("quitButton"));
    m_retryButton->setDefault(true);

    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(32, 32));
    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    auto *texts = new QVBoxLayout;
    texts->addWidget(m_text);
    texts->addWidget(m_error);
    top->addLayout(texts, 1);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_settingsButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_localButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retryButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_quitButton, QDialogButtonBox::RejectRole);
    // The buttons act; only the dialog's own attempts accept it.
    disconnect(buttons, nullptr, this, nullptr);
    connect(m_settingsButton, &QPushButton::clicked, this, &StoreUnavailableDialog::openSettings);
    connect(m_localButton, &QPushButton::clicked, this, &StoreUnavailableDialog::useThisComputersStore);
    connect(m_retryButton, &QPushButton::clicked, this, &StoreUnavailableDialog::retry);
    connect(m_quitButton, &QPushButton::clicked, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    showFailure(location, error);
    resize(560, sizeHint().height());
}

StoreUnavailableDialog::~StoreUnavailableDialog() = default;

std::unique_ptr<Store> StoreUnavailableDialog::takeStore()
{
    return std::move(m_store);
}

QString StoreUnavailableDialog::errorText() const
{
    return m_error->text();
}

QString StoreUnavailableDialog::localLocation()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/imagebuilder.sqlite");
}

QString StoreUnavailableDialog::resolvedLocation() const
{
    // StoreLocation::resolve's order, with this dialog's settings (the app's, or a test's).
    if (!m_explicit.isEmpty())
        return m_explicit;
    if (auto fromEnv = qEnvironmentVariable("IMAGEBUILDER_DB"); !fromEnv.isEmpty())
        return fromEnv;
    if (auto set = m_settings.value(AppSettings::Key::StoreLocation).toString(); !set.isEmpty())
        return set;
    return localLocation();
}

void StoreUnavailableDialog::showFailure(const QString &location, const QString &error)
{
    m_text->setText(tr("The template store could not be opened:\n%1").arg(inertForLine(Store::redactedLocation(location))));
    QString why = inertForTerminal(error);
    if (!m_explicit.isEmpty())
        why +=
            QLatin1String("\n\n") + tr("It was given with --db, which wins over Settings; start without it to use the Team Store setting.");
    else if (!qEnvironmentVariable("IMAGEBUILDER_DB").isEmpty())
        why += QLatin1String("\n\n") + tr("It comes from IMAGEBUILDER_DB, which wins over Settings.");
    m_error->setText(why);
}

void StoreUnavailableDialog::retry()
{
    attempt(resolvedLocation());
}

void StoreUnavailableDialog::useThisComputersStore()
{
    attempt(localLocation());
}

void StoreUnavailableDialog::openSettings()
{
    if (m_opening)
        return;
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->tabs()->setCurrentWidget(dialog->teamStorePage());
    // Saved means tested: open what is set now.
    connect(dialog, &QDialog::accepted, this, &StoreUnavailableDialog::retry);
    dialog->open();
}

void StoreUnavailableDialog::attempt(const QString &location)
{
    if (m_opening)
        return;
    m_opening = true;
    const quint64 ticket = ++m_ticket;
    for (auto *b : {m_settingsButton, m_localButton, m_retryButton})
        b->setEnabled(false);
    m_error->setText(tr("Opening %1\u2026").arg(inertForLine(Store::redactedLocation(location))));
    // A team store may wait for the network or the keychain: never on the UI thread.
    runInBackground(
        nullptr, this,
        [location] {
            auto secrets = StoreLocation::passwordSource(location);
            auto opened = Store::open(location, secrets.get());
            if (!opened)
                return Attempt{nullptr, opened.error().shown()};
            auto store = std::move(opened).value();
            store->releaseThreadConnection();  // the UI thread opens its own
            return Attempt{std::move(store), {}};
        },
        [this, ticket, location](Attempt result) {
            if (ticket != m_ticket)
                return;
            m_opening = false;
            for (auto *b : {m_settingsButton, m_localButton, m_retryButton})
                b->setEnabled(true);
            if (!result.store) {
                showFailure(location, result.error);
                // While the buttons were disabled the focus went to Quit; the next Enter
                // must try again, not quit.
                m_retryButton->setFocus(Qt::OtherFocusReason);
                return;
            }
            m_store = std::move(result.store);
            m_openedLocation = location;
            accept();
        });
}

}  // namespace ib::ui
