// The Store itself: opening, the connection of each thread, the schema and its migrations.
// Its templates are in StoreTemplates.cpp, its builds and images in StoreBuilds.cpp, the
// summaries views poll in StoreIndex.cpp.
#include "storage/Store.h"

#include "logging/Logging.h"
#include "platform/Platform.h"
#include "secrets/SecretStore.h"
#include "storage/PgConnectOptions.h"
#include "storage/SqlHelpers.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>

#include <atomic>

namespace ib {

using namespace ib::sql;

namespace {

QAtomicInt g_storeSerial;

// 1: templates and their revisions
QStringList schema1Templates()
{
    return {
        QStringLiteral("CREATE TABLE templates ("
                       " id TEXT PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " name_key TEXT NOT NULL UNIQUE,"
                       " os_type TEXT NOT NULL,"
                       " os_distro TEXT NOT NULL,"
                       " os_version TEXT NOT NULL,"
                       " applications TEXT NOT NULL,"
                       " min_storage_gb INTEGER NOT NULL,"
                       " user_script TEXT NOT NULL,"
                       " description TEXT NOT NULL,"
                       " revision INTEGER NOT NULL,"
                       " created_at TEXT NOT NULL,"
                       " updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE template_revisions ("
                       " template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
                       " revision INTEGER NOT NULL,"
                       " content TEXT NOT NULL,"
                       " saved_at TEXT NOT NULL,"
                       " PRIMARY KEY (template_id, revision))"),
    };
}

// 2: base images, builds with their steps and resources, images
QStringList schema2BuildsAndImages()
{
    return {
        QStringLiteral("CREATE TABLE base_images ("
                       " id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL, path TEXT NOT NULL,"
                       " format TEXT NOT NULL, os_type TEXT NOT NULL, os_distro TEXT NOT NULL, os_version TEXT NOT NULL,"
                       " login_user TEXT NOT NULL, size_bytes BIGINT NOT NULL, created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE builds ("
                       " id TEXT PRIMARY KEY, template_id TEXT NOT NULL, template_revision INTEGER NOT NULL,"
                       " template_snapshot TEXT NOT NULL, image_name TEXT NOT NULL, base_image_id TEXT NOT NULL,"
                       " base_image_snapshot TEXT NOT NULL, provider TEXT NOT NULL, state TEXT NOT NULL,"
                       " current_step TEXT NOT NULL, failure_cause TEXT NOT NULL, owner_host TEXT NOT NULL,"
                       " owner_pid BIGINT NOT NULL, log_path TEXT NOT NULL, image_id TEXT NOT NULL,"
                       " cancel_requested INTEGER NOT NULL, created_at TEXT NOT NULL, started_at TEXT NOT NULL,"
                       " finished_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX builds_by_template ON builds (template_id, created_at)"),
        QStringLiteral("CREATE INDEX builds_by_state ON builds (state)"),
        QStringLiteral("CREATE TABLE build_steps ("
                       " build_id TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE, step TEXT NOT NULL,"
                       " started_at TEXT NOT NULL, finished_at TEXT NOT NULL, outcome TEXT NOT NULL,"
                       " PRIMARY KEY (build_id, step))"),
        QStringLiteral("CREATE TABLE build_resources ("
                       " id TEXT PRIMARY KEY, build_id TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,"
                       " kind TEXT NOT NULL, identifier TEXT NOT NULL, detail TEXT NOT NULL, state TEXT NOT NULL,"
                       " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX build_resources_by_build ON build_resources (build_id)"),
        QStringLiteral("CREATE TABLE images ("
                       " id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL, location TEXT NOT NULL,"
                       " format TEXT NOT NULL, template_id TEXT NOT NULL, template_revision INTEGER NOT NULL,"
                       " build_id TEXT NOT NULL, os_type TEXT NOT NULL, os_distro TEXT NOT NULL, os_version TEXT NOT NULL,"
                       " login_user TEXT NOT NULL, size_bytes BIGINT NOT NULL, virtual_size_bytes BIGINT NOT NULL,"
                       " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX images_by_template ON images (template_id)"),
    };
}

// 3: build logs in chunks, so every member of a team store can read them live
QStringList schema3BuildLogChunks()
{
    return {
        QStringLiteral("CREATE TABLE build_log_chunks ("
                       " build_id TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE, seq BIGINT NOT NULL,"
                       " text TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (build_id, seq))"),
    };
}

// 4: cloud accounts (OpenStack, NHN Cloud); their passwords are in the keychain, not here
QStringList schema4CloudAccounts()
{
    return {
        QStringLiteral("CREATE TABLE cloud_accounts ("
                       " name TEXT PRIMARY KEY, kind TEXT NOT NULL, auth_url TEXT NOT NULL, identity_version TEXT NOT NULL,"
                       " region TEXT NOT NULL, tenant_id TEXT NOT NULL, user_name TEXT NOT NULL, settings TEXT NOT NULL,"
                       " created_at TEXT NOT NULL)"),
    };
}

// 5: image tests and publishing (issue 19): a template's test script and boot test; an
// image's test result, the cloud-init datasources it was captured with, the checksum of
// its bytes, and the local image a published one was uploaded from
QStringList schema5TestsAndPublishing()
{
    return {
        QStringLiteral("ALTER TABLE templates ADD COLUMN test_script TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE templates ADD COLUMN boot_test INTEGER NOT NULL DEFAULT 1"),
        QStringLiteral("ALTER TABLE images ADD COLUMN test_state TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE images ADD COLUMN datasources TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE images ADD COLUMN checksum TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE images ADD COLUMN source_image_id TEXT NOT NULL DEFAULT ''"),
    };
}

// 6: who saved each revision (issue 15, "who changed what I am about to run"): the
// saving client's own "user@host", shown inert; never trusted to decide anything
QStringList schema6RevisionAuthors()
{
    return {
        QStringLiteral("ALTER TABLE template_revisions ADD COLUMN saved_by TEXT NOT NULL DEFAULT ''"),
    };
}

// 7: the CPU architecture of base images and images (issue 20: arm64 guests on Apple
// Silicon; every row before is x86-64)
QStringList schema7Architectures()
{
    return {
        QStringLiteral("ALTER TABLE base_images ADD COLUMN architecture TEXT NOT NULL DEFAULT 'x86_64'"),
        QStringLiteral("ALTER TABLE images ADD COLUMN architecture TEXT NOT NULL DEFAULT 'x86_64'"),
    };
}

// Each entry moves the schema one version up. Keep them portable between SQLite and
// PostgreSQL: TEXT, INTEGER, BIGINT; booleans as INTEGER 0/1; times as ISO 8601 UTC text
// (sorts as it reads on both); no AUTOINCREMENT/SERIAL (ids are UUIDs, sequence numbers
// are computed); every foreign key with ON DELETE CASCADE (SQLite enforces them because
// every connection sets PRAGMA foreign_keys=ON). StoreCopy copies the tables by name:
// a new table goes into StoreCopy::tables() too.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list{
        schema1Templates(),          schema2BuildsAndImages(), schema3BuildLogChunks(), schema4CloudAccounts(),
        schema5TestsAndPublishing(), schema6RevisionAuthors(), schema7Architectures(),
    };
    return list;
}

}  // namespace

// The stores alive now, for the thread-exit clean-up below (a thread may outlive a store).
static QMutex g_liveStoresMutex;
static QSet<const Store *> g_liveStores;

// A serial per thread, never reused in this process (QThread::currentThreadId() is: a
// new thread often gets the id of one that ended, and with it that thread's connection).
static quint64 threadSerial()
{
    static std::atomic<quint64> next{0};
    thread_local const quint64 serial = ++next;
    return serial;
}

// The store connections the calling thread opened; whatever it did not release itself is
// closed when the thread ends, on that thread (QtSql's rule). QThreadStorage deletes it
// while the thread is still a QThread (a C++ thread_local is destroyed after Qt has let go
// of the thread, when QtSql no longer sees the connection's own thread).
struct ThreadConnections
{
    QList<QPair<const Store *, QString>> opened;

    ~ThreadConnections()
    {
        QMutexLocker lock(&g_liveStoresMutex);
        for (const auto &[store, name] : std::as_const(opened)) {
            if (g_liveStores.contains(store))
                const_cast<Store *>(store)->forgetConnection(name);
        }
    }
};

static QThreadStorage<ThreadConnections *> g_threadConnections;

static ThreadConnections &threadConnections()
{
    if (!g_threadConnections.hasLocalData())
        g_threadConnections.setLocalData(new ThreadConnections);
    return *g_threadConnections.localData();
}

Store::Use::Use(Store &store)
    : m_store(store)
{
    QMutexLocker lock(&m_store.m_mutex);
    ++m_store.m_uses;
}

Store::Use::~Use()
{
    QMutexLocker lock(&m_store.m_mutex);
    if (--m_store.m_uses == 0)
        m_store.m_usesEnded.wakeAll();
}

Store::Store(QString location, bool postgres)
    : m_location(std::move(location))
    , m_postgres(postgres)
    , m_connectionPrefix(QStringLiteral("ib-store-%1-").arg(g_storeSerial.fetchAndAddRelaxed(1)))
{
    QMutexLocker lock(&g_liveStoresMutex);
    g_liveStores.insert(this);
}

Store::~Store()
{
    {
        QMutexLocker lock(&g_liveStoresMutex);
        g_liveStores.remove(this);
    }
    QMutexLocker lock(&m_mutex);
    while (m_uses > 0)
        m_usesEnded.wait(&m_mutex);
    // Connections of threads that are still alive but done with this store (their Use is
    // gone): removed from here without touching them (QSqlDatabase::database() from another
    // thread is refused); removing the last handle closes the connection.
    for (const auto &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QString Store::defaultLocation()
{
    auto fromEnv = qEnvironmentVariable("IMAGEBUILDER_DB");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/imagebuilder.sqlite");
}

int Store::latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

bool Store::isPostgresLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

QString Store::redactedLocation(const QString &location)
{
    if (!isPostgresLocation(location))
        return location;
    return QUrl(location).adjusted(QUrl::RemovePassword).toString();
}

QString Store::secretKey(const QString &location)
{
    QUrl url(location);
    url.setScheme(QStringLiteral("postgresql"));
    if (url.port() < 0)
        url.setPort(5432);
    return QStringLiteral("imagebuilder-db:") + url.adjusted(QUrl::RemovePassword | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

Result<std::unique_ptr<Store>> Store::open(const QString &location, SecretStore *secrets)
{
    const bool postgres = isPostgresLocation(location);
    QString password;
    if (postgres) {
        const QUrl url(location);
        if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1 is not a PostgreSQL URL of the form postgresql://USER@HOST:PORT/DATABASE.")
                                 .arg(redactedLocation(location)));
        if (auto options = pg::connectOptions(url); !options)
            return options.error();
        password = url.password();
        if (!password.isEmpty()) {
            // Used for this process only: never logged, never in location() or an error.
            logging::registerSecret(password);
            logging::get("db")->warn(
                "the URL of {} carries a password; it is not kept anywhere. Put it in ~/.pgpass or the keychain instead.",
                redactedLocation(location).toStdString());
        } else if (secrets) {
            auto stored = secrets->read(secretKey(location));
            if (stored) {
                password = stored.value();
                logging::registerSecret(password);
            } else if (stored.error().kind != ErrorKind::NotFound) {
                logging::get("db")->info("no password from the keychain for {} ({}); libpq reads ~/.pgpass (or PGPASSFILE)",
                                         redactedLocation(location).toStdString(), stored.error().message.toStdString());
            }
        }
    }
    if (!postgres) {
        const QFileInfo info(location);
        if (info.isDir())
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1 is a folder; give the path of a database file, e.g. %1/imagebuilder.sqlite").arg(location));
        if (!QDir().mkpath(info.absolutePath()))
            return makeError(
                ErrorKind::Io,
                QStringLiteral("Cannot create the folder %1 for the database; check its permissions or choose another path with --db.")
                    .arg(info.absolutePath()));
    }
    const bool sqliteIsNew = !postgres && !QFileInfo::exists(location);
    std::unique_ptr<Store> store(new Store(redactedLocation(location), postgres));
    store->m_password = password;
    auto db = store->database();
    if (!db.isOpen()) {
        QString why = db.lastError().text();
        if (!password.isEmpty())
            why.replace(password, QStringLiteral("[REDACTED]"));
        QString hint = postgres ? pg::tlsHint(QUrl(location), why) : QString();
        if (postgres && hint.isEmpty() && why.contains(QLatin1String("password"), Qt::CaseInsensitive))
            hint =
                QStringLiteral(" Put the password in ~/.pgpass (or the file PGPASSFILE names; mode 0600), or store it in the keychain with"
                               " `imagebuilder-cli --db %1 store password`.")
                    .arg(store->m_location);
        return makeError(ErrorKind::Io, QStringLiteral("Cannot open the database %1: %2%3").arg(store->m_location, why.trimmed(), hint));
    }
    // A store file this process made is this user's alone (0600; SQLite gives its -wal and
    // -shm files the same mode). One the user named that existed is left as it is.
    if (sqliteIsNew) {
        if (auto restricted = platform::restrictToOwner(location); !restricted)
            logging::get("db")->warn("{}", restricted.error().message.toStdString());
    }
    if (auto migrated = store->migrate(); !migrated)
        return migrated.error();
    return store;
}

QSqlDatabase Store::addConnection(const QString &name) const
{
    QSqlDatabase db;
    if (m_postgres) {
        const QUrl url(m_location);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        // Without a password libpq looks in ~/.pgpass (or PGPASSFILE) itself.
        if (!m_password.isEmpty())
            db.setPassword(m_password);
        // The URL's TLS and connection options, verify-full for a server on another host.
        const auto options = pg::connectOptions(url);
        db.setConnectOptions(options ? options.value() : QStringLiteral("connect_timeout=10;application_name=imagebuilder"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_location);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    }
    if (db.open() && !m_postgres) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

QSqlDatabase Store::database()
{
    const QString name = m_connectionPrefix + QString::number(threadSerial());
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    {
        QMutexLocker lock(&m_mutex);
        m_connections.append(name);
    }
    threadConnections().opened.append({this, name});
    return addConnection(name);
}

void Store::notifyChanged(const char *channel, const QString &payload)
{
    if (!m_postgres)
        return;
    // pg_notify() takes the channel and payload as bound values (NOTIFY itself takes none).
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(QString::fromLatin1(channel));
    q.addBindValue(payload);
    if (!q.exec())
        logging::get("db")->warn("cannot notify {}: {}", channel, q.lastError().text().toStdString());
}

void Store::releaseThreadConnection()
{
    const QString name = m_connectionPrefix + QString::number(threadSerial());
    threadConnections().opened.removeAll(qMakePair(static_cast<const Store *>(this), name));
    forgetConnection(name);
}

bool Store::hasThreadConnection() const
{
    return QSqlDatabase::contains(m_connectionPrefix + QString::number(threadSerial()));
}

void Store::forgetConnection(const QString &name)
{
    if (QSqlDatabase::contains(name)) {
        {
            auto db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QMutexLocker lock(&m_mutex);
    m_connections.removeAll(name);
}

Result<void> Store::migrate()
{
    auto db = database();
    QSqlQuery q(db);
    // Two clients may open an empty database at once: take a write lock first, then look.
    if (m_postgres) {
        if (!db.transaction())
            return dbError(QStringLiteral("Cannot start the migration"), db.lastError());
        if (!q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7305150)")))
            return dbError(QStringLiteral("Cannot lock the database for migration"), q.lastError());
        // "relation schema_migrations already exists, skipping" is not news.
        q.exec(QStringLiteral("SET LOCAL client_min_messages = warning"));
    } else if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return dbError(QStringLiteral("Cannot lock the database for migration"), q.lastError());
    }
    auto rollback = [&] {
        if (m_postgres)
            db.rollback();
        else
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    };
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"))) {
        rollback();
        return dbError(QStringLiteral("Cannot create the migrations table"), q.lastError());
    }
    int current = 0;
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && q.next())
        current = q.value(0).toInt();
    if (current > latestSchemaVersion()) {
        rollback();
        return makeError(
            ErrorKind::Unsupported,
            QStringLiteral("The database %1 was written by a newer Image Builder (schema %2, this one knows %3); update Image Builder.")
                .arg(m_location)
                .arg(current)
                .arg(latestSchemaVersion()));
    }
    for (int version = current + 1; version <= latestSchemaVersion(); ++version) {
        for (const auto &statement : migrations().at(version - 1)) {
            if (!q.exec(statement)) {
                rollback();
                return dbError(QStringLiteral("Migration to schema %1 failed").arg(version), q.lastError());
            }
        }
        q.prepare(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
        q.addBindValue(version);
        q.addBindValue(now());
        if (!q.exec()) {
            rollback();
            return dbError(QStringLiteral("Cannot record migration %1").arg(version), q.lastError());
        }
        logging::get("db")->info("migrated {} to schema {}", m_location.toStdString(), version);
    }
    const bool committed = m_postgres ? db.commit() : q.exec(QStringLiteral("COMMIT"));
    if (!committed)
        return dbError(QStringLiteral("Cannot commit the migration"), db.lastError());
    return {};
}

int Store::schemaVersion()
{
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && q.next())
        return q.value(0).toInt();
    return 0;
}

}  // namespace ib
