#include "settings/TeamStorePage.h"

#include "secrets/MemorySecretStore.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "storage/PgConnectOptions.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "util/Background.h"
#include "util/Theme.h"

#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ib::ui {

namespace {

struct Outcome
{
    bool ok = false;
    QString text;
};

// Opens the store as the next start would (the password typed, else the keychain or
// ~/.pgpass) and closes it again. On a worker thread: it may wait for the network.
Outcome probe(const QString &target, const QString &password)
{
    std::unique_ptr<SecretStore> secrets;
    if (!password.isEmpty()) {
        auto memory = std::make_unique<MemorySecretStore>();
        if (memory->write(Store::secretKey(target), password))
            secrets = std::move(memory);
    } else if (Store::isPostgresLocation(target)) {
        secrets = SecretStore::systemKeychain();
    }
    auto opened = Store::open(target, secrets.get());
    if (!opened)
        return Outcome{false, opened.error().shown()};
    auto store = std::move(opened).value();
    const int schema = store->schemaVersion();
    auto templates = store->templateRevisionIndex();
    store->releaseThreadConnection();
    return Outcome{true, TeamStorePage::tr("Connected: schema %1, %2 templates.").arg(schema).arg(templates ? templates->size() : 0)};
}

}  // namespace

TeamStorePage::TeamStorePage(AppSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_sqlite(new QRadioButton(tr("This computer only (SQLite file)"), this))
    , m_postgres(new QRadioButton(tr("Team store (PostgreSQL)"), this))
    , m_path(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_tls(new QLabel(this))
    , m_override(new QLabel(this))
    , m_test(new QPushButton(tr("Test Connection"), this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("teamStorePage"));
    setUpFields();

    auto *form = new QFormLayout;
    form->addRow(m_sqlite);
    form->addRow(tr("File:"), buildPathRow());
    form->addRow(m_postgres);
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_message);
    form->addRow(tr("Encryption:"), m_tls);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    auto *hint =
        new QLabel(tr("Everyone on a team store shares its templates, builds and images; their changes show here as they are saved. "
                      "The new store is used the next time Image Builder starts."),
                   this);
    hint->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(hint);
    layout->addWidget(m_override);
    layout->addStretch(1);

    connect(m_sqlite, &QRadioButton::toggled, this, &TeamStorePage::update);
    connect(m_path, &QLineEdit::textChanged, this, &TeamStorePage::update);
    connect(m_url, &QLineEdit::textChanged, this, &TeamStorePage::update);
    connect(m_test, &QPushButton::clicked, this, &TeamStorePage::testConnection);
    load();
}

void TeamStorePage::setUpFields()
{
    m_sqlite->setObjectName(QStringLiteral("storeSqlite"));
    m_postgres->setObjectName(QStringLiteral("storePostgres"));
    m_path->setObjectName(QStringLiteral("storePath"));
    m_path->setPlaceholderText(Store::defaultLocation());
    m_url->setObjectName(QStringLiteral("storeUrl"));
    m_url->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/imagebuilder"));
    m_password->setObjectName(QStringLiteral("storePassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Kept in the system keychain; leave empty to use ~/.pgpass"));
    m_message->setObjectName(QStringLiteral("storeMessage"));
    m_message->setWordWrap(true);
    Theme::setTextTone(m_message, Tone::Error);
    m_tls->setObjectName(QStringLiteral("storeTls"));
    m_tls->setWordWrap(true);
    m_tls->setTextFormat(Qt::PlainText);
    m_override->setObjectName(QStringLiteral("storeOverride"));
    m_override->setWordWrap(true);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *group = new QButtonGroup(this);
    group->addButton(m_sqlite);
    group->addButton(m_postgres);
}

// The SQLite file's field and its Browse button.
QHBoxLayout *TeamStorePage::buildPathRow()
{
    auto *browse = new QPushButton(tr("Browse\u2026"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start = m_path->text().isEmpty() ? Store::defaultLocation() : m_path->text();
        const QString chosen =
            QFileDialog::getSaveFileName(this, tr("Choose the Store File"), start, tr("SQLite stores (*.sqlite);;All files (*)"), nullptr,
                                         QFileDialog::DontConfirmOverwrite);
        if (!chosen.isEmpty())
            m_path->setText(QDir::toNativeSeparators(chosen));
    });
    auto *pathRow = new QHBoxLayout;
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    return pathRow;
}

void TeamStorePage::load()
{
    const QString set = m_settings.value(AppSettings::Key::StoreLocation).toString();
    if (Store::isPostgresLocation(set)) {
        m_postgres->setChecked(true);
        m_url->setText(set);
    } else {
        m_sqlite->setChecked(true);
        m_path->setText(set);
    }
    // --db and IMAGEBUILDER_DB win over the setting (scripts, tests): say so.
    const auto env = qEnvironmentVariable("IMAGEBUILDER_DB");
    m_override->setText(env.isEmpty() ? QString()
                                      : tr("IMAGEBUILDER_DB is set (%1): it wins over this setting.").arg(Store::redactedLocation(env)));
    m_override->setVisible(!env.isEmpty());
    update();
}

void TeamStorePage::restoreDefaults()
{
    m_sqlite->setChecked(true);
    m_path->clear();
    m_url->clear();
    m_password->clear();
}

QString TeamStorePage::location() const
{
    return m_postgres->isChecked() ? m_url->text().trimmed() : m_path->text().trimmed();
}

QString TeamStorePage::problem() const
{
    if (m_sqlite->isChecked())
        return {};
    const QString url = m_url->text().trimmed();
    if (url.isEmpty())
        return tr("Enter the team store's URL: postgresql://user@host:port/database.");
    if (!Store::isPostgresLocation(url))
        return tr("The URL starts with postgresql://, e.g. postgresql://alice@db.example.com:5432/imagebuilder.");
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.host().isEmpty() || parsed.path().size() < 2)
        return tr("The URL needs a host and a database: postgresql://user@host:port/database.");
    if (!parsed.password().isEmpty())
        return tr("Leave the password out of the URL and type it into Password: it goes to the system keychain, never into the settings.");
    return {};
}

void TeamStorePage::update()
{
    const bool pg = m_postgres->isChecked();
    m_path->setEnabled(!pg);
    m_url->setEnabled(pg);
    m_password->setEnabled(pg);
    const QString why = problem();
    m_message->setText(why);
    m_message->setVisible(!why.isEmpty());
    m_tls->setText(pg && why.isEmpty() ? tlsText(QUrl(m_url->text().trimmed())) : QStringLiteral("\u2014"));
    m_test->setEnabled(why.isEmpty() && !m_testing);
    emit validityChanged(why.isEmpty());
}

// Which TLS mode the connection will use, as pg::tlsInForce decides it.
QString TeamStorePage::tlsText(const QUrl &url) const
{
    using Source = pg::TlsInForce::Source;
    const auto tls = pg::tlsInForce(url);
    switch (tls.source) {
    case Source::Url:
        if (tls.mode == QLatin1String("disable") || tls.mode == QLatin1String("allow") || tls.mode == QLatin1String("prefer"))
            return tr("sslmode=%1 from the URL: the connection may be unencrypted, and the server is not verified").arg(tls.mode);
        if (tls.mode == QLatin1String("require"))
            return tr("sslmode=require from the URL: encrypted, but the server's certificate is not checked");
        return tr("sslmode=%1 from the URL").arg(tls.mode);
    case Source::LocalServer:
        return tr("A server on this computer: libpq's default (TLS when the server offers it, not verified)");
    case Source::RootCertInUrl:
        return tr("TLS, the server verified against %1 (from the URL)").arg(tls.rootCert);
    case Source::UserRootCert:
        return tr("TLS, the server verified against your ~/.postgresql/root.crt");
    case Source::SystemBundle:
        break;
    }
    return tls.rootCert.isEmpty() ? tr("TLS, the server verified; no system CA bundle was found, so add ?sslrootcert=PATH to the URL")
                                  : tr("TLS, the server verified against the system's CA bundle (%1)").arg(tls.rootCert);
}

void TeamStorePage::testConnection()
{
    if (!problem().isEmpty() || m_testing)
        return;
    const QString target = location().isEmpty() ? Store::defaultLocation() : location();
    const QString password = m_postgres->isChecked() ? m_password->text() : QString();
    m_testing = true;
    const quint64 ticket = m_tests.next();
    m_test->setEnabled(false);
    Theme::setTextTone(m_result, std::nullopt);
    m_result->setText(tr("Connecting to %1\u2026").arg(Store::redactedLocation(target)));
    // Opening may wait for the network, the server or the keychain: never on the UI thread.
    runInBackground(
        nullptr, this, [target, password] { return probe(target, password); },
        [this, ticket](const Outcome &outcome) {
            if (!m_tests.isCurrent(ticket))
                return;
            m_testing = false;
            Theme::setTextTone(m_result, outcome.ok ? Tone::Success : Tone::Error);
            m_result->setText(outcome.text);
            update();
        });
}

QString TeamStorePage::testResult() const
{
    return m_testing ? QString() : m_result->text();
}

void TeamStorePage::save(std::function<void(const QString &error)> done)
{
    if (const auto why = problem(); !why.isEmpty()) {
        done(why);
        return;
    }
    const QString location = this->location();
    const QString password = m_postgres->isChecked() ? m_password->text() : QString();
    const auto store = [this, location] {
        m_settings.setValue(AppSettings::Key::StoreLocation, location);
        m_settings.sync();
    };
    if (location == m_settings.value(AppSettings::Key::StoreLocation).toString() && password.isEmpty()) {
        store();  // unchanged: nothing to test
        done({});
        return;
    }
    // A store that cannot be opened is never saved: the next start would show only an error.
    // The same check as Test Connection, on a worker; the password goes to the keychain
    // only once it has opened the store.
    const QString target = location.isEmpty() ? Store::defaultLocation() : location;
    m_testing = true;
    const quint64 ticket = m_tests.next();
    m_password->setEnabled(false);
    m_test->setEnabled(false);
    Theme::setTextTone(m_result, std::nullopt);
    m_result->setText(tr("Checking %1 before saving\u2026").arg(Store::redactedLocation(target)));
    struct Saved
    {
        Outcome opened;
        QString keychainError;
    };
    runInBackground(
        nullptr, this,
        [target, location, password] {
            Saved saved{probe(target, password), {}};
            if (saved.opened.ok && !password.isEmpty()) {
                auto keychain = SecretStore::systemKeychain();
                if (auto written = keychain->write(Store::secretKey(location), password); !written)
                    saved.keychainError = written.error().shown();
            }
            return saved;
        },
        [this, ticket, store, target, done = std::move(done)](const Saved &saved) {
            if (m_tests.isCurrent(ticket))
                m_testing = false;
            m_password->setEnabled(m_postgres->isChecked());
            Theme::setTextTone(m_result, saved.opened.ok ? Tone::Success : Tone::Error);
            m_result->setText(saved.opened.text);
            update();
            if (!saved.opened.ok) {
                const QString why = tr("Not saved: %1 could not be opened (%2). Correct the entry, or choose This computer only.")
                                        .arg(Store::redactedLocation(target), saved.opened.text);
                m_message->setText(why);
                m_message->setVisible(true);
                done(why);
                return;
            }
            if (!saved.keychainError.isEmpty()) {
                m_message->setText(
                    tr("The password could not be kept in the system keychain: %1 Use ~/.pgpass instead.").arg(saved.keychainError));
                m_message->setVisible(true);
                done(saved.keychainError);
                return;
            }
            m_password->clear();
            store();
            done({});
        });
}

}  // namespace ib::ui
