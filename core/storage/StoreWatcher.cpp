#include "storage/StoreWatcher.h"

#include "logging/Logging.h"
#include "storage/SqlHelpers.h"
#include "storage/Store.h"

#include <QAtomicInt>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>

namespace ib {

namespace {

QAtomicInt g_watcherSerial;

QString fingerprint(const QSqlDatabase &db, const char *sql)
{
    QSqlQuery q(db);
    if (!q.exec(QLatin1String(sql)) || !q.next())
        return {};
    QStringList parts;
    for (int i = 0; i < q.record().count(); ++i)
        parts.append(q.value(i).toString());
    return parts.join(QLatin1Char('|'));
}

}  // namespace

// Polls a SQLite store on the watcher's thread, with a connection of its own (opened and
// closed on that thread, QtSql's rule), and posts what changed to the watcher.
class StoreWatcher::Poller final : public QObject
{
public:
    Poller(const Store &store, QString connectionName, StoreWatcher *watcher)
        : m_store(store)
        , m_connectionName(std::move(connectionName))
        , m_watcher(watcher)
    {
        m_timer.setParent(this);  // moves to the thread with this object
        m_timer.setInterval(DefaultPollIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
    }

    ~Poller() override
    {
        m_timer.stop();
        {
            auto db = QSqlDatabase::database(m_connectionName, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }

    // Opens the connection and reads where the store stands; `ready` is released as soon
    // as the data version is read (changes after it are reported), before the fingerprints.
    void start(QSemaphore *ready, bool *opened, QString *error)
    {
        auto db = m_store.addConnection(m_connectionName);
        *opened = db.isOpen();
        if (!*opened) {
            *error = db.lastError().text();
            ready->release();
            return;
        }
        // One read transaction (WAL: one snapshot) for the data version and the
        // fingerprints, so that they agree; the constructor waits only until the snapshot
        // is taken, and every commit after it moves the data version.
        db.transaction();
        QSqlQuery(db).exec(QStringLiteral("SELECT 1 FROM sqlite_master LIMIT 1"));
        m_dataVersion = dataVersion();
        ready->release();
        m_last = fingerprints();
        db.commit();
        m_timer.start();
    }

    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

private:
    struct Fingerprints
    {
        QString templates;
        QString builds;
        QString images;
    };

    qint64 dataVersion()
    {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    Fingerprints fingerprints()
    {
        auto db = QSqlDatabase::database(m_connectionName, false);
        return Fingerprints{
            fingerprint(db, "SELECT COUNT(*), COALESCE(SUM(revision), 0), COALESCE(MAX(updated_at), '') FROM templates"),
            fingerprint(db, "SELECT (SELECT COUNT(*) FROM builds), (SELECT COALESCE(MAX(created_at), '') FROM builds),"
                            " (SELECT COALESCE(MAX(started_at), '') FROM builds), (SELECT COALESCE(MAX(finished_at), '') FROM builds),"
                            " (SELECT COALESCE(SUM(cancel_requested), 0) FROM builds),"
                            " (SELECT COUNT(*) FROM build_steps), (SELECT COALESCE(MAX(started_at), '') || COALESCE(MAX(finished_at), '') "
                            "FROM build_steps),"
                            " (SELECT COALESCE(MAX(updated_at), '') FROM build_resources), (SELECT COUNT(*) FROM build_log_chunks)"),
            fingerprint(db, "SELECT (SELECT COUNT(*) FROM images), (SELECT COALESCE(MAX(created_at), '') FROM images),"
                            " (SELECT COUNT(*) FROM base_images), (SELECT COALESCE(MAX(created_at), '') FROM base_images)"),
        };
    }

    void poll()
    {
        const qint64 version = dataVersion();
        if (version < 0 || version == m_dataVersion)
            return;
        m_dataVersion = version;
        const auto now = fingerprints();
        post(now.templates != m_last.templates, now.builds != m_last.builds, now.images != m_last.images);
        m_last = now;
    }

    void post(bool templates, bool builds, bool images)
    {
        if (!templates && !builds && !images)
            return;
        // The watcher outlives this object (its destructor waits for the thread), so it
        // is there to take the call.
        QMetaObject::invokeMethod(
            m_watcher,
            [watcher = m_watcher, templates, builds, images] {
                if (templates)
                    emit watcher->templatesChanged();
                if (builds)
                    emit watcher->buildsChanged();
                if (images)
                    emit watcher->imagesChanged();
            },
            Qt::QueuedConnection);
    }

    const Store &m_store;
    QString m_connectionName;
    StoreWatcher *m_watcher;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    Fingerprints m_last;
};

StoreWatcher::StoreWatcher(const Store &store, QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("ib-watcher-%1").arg(g_watcherSerial.fetchAndAddRelaxed(1)))
    , m_postgres(store.isPostgres())
{
    if (!m_postgres) {
        m_thread.setObjectName(QStringLiteral("store-watcher"));
        m_poller = new Poller(store, m_connectionName, this);
        m_poller->moveToThread(&m_thread);
        connect(&m_thread, &QThread::finished, m_poller, &QObject::deleteLater);
        m_thread.start();
        // Waits only for the connection to open and the data version to be read (a few
        // milliseconds), so that every change made after this constructor is reported.
        QSemaphore ready;
        bool opened = false;
        QString error;
        QMetaObject::invokeMethod(
            m_poller, [poller = m_poller, &ready, &opened, &error] { poller->start(&ready, &opened, &error); }, Qt::QueuedConnection);
        ready.acquire();
        m_watching = opened;
        if (!opened) {
            m_error = QStringLiteral("Cannot watch %1 for changes: %2").arg(store.location(), error);
            logging::get("db")->warn("{}", m_error.toStdString());
        }
        return;
    }
    auto db = store.addConnection(m_connectionName);
    if (!db.isOpen()) {
        m_error = QStringLiteral("Cannot watch %1 for changes: %2").arg(store.location(), db.lastError().text());
        logging::get("db")->warn("{}", m_error.toStdString());
        return;
    }
    auto *driver = db.driver();
    connect(driver, &QSqlDriver::notification, this, &StoreWatcher::onNotification);
    m_watching = true;
    for (const char *channel : {sql::kTemplatesChannel, sql::kBuildsChannel, sql::kImagesChannel, sql::kBuildLogChannel}) {
        if (!driver->subscribeToNotification(QLatin1String(channel))) {
            m_watching = false;
            m_error =
                QStringLiteral("Cannot listen to %1 on %2: %3").arg(QLatin1String(channel), store.location(), driver->lastError().text());
            logging::get("db")->warn("{}", m_error.toStdString());
        }
    }
}

StoreWatcher::~StoreWatcher()
{
    if (!m_postgres) {
        m_thread.quit();
        m_thread.wait();  // the poller closes its connection as it goes
        return;
    }
    {
        auto db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            for (const auto &channel : db.driver()->subscribedToNotifications())
                db.driver()->unsubscribeFromNotification(channel);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void StoreWatcher::setPollInterval(int milliseconds)
{
    if (m_poller)
        QMetaObject::invokeMethod(
            m_poller, [poller = m_poller, milliseconds] { poller->setInterval(milliseconds); }, Qt::QueuedConnection);
}

void StoreWatcher::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name == QLatin1String(sql::kTemplatesChannel))
        emit templatesChanged();
    else if (name == QLatin1String(sql::kBuildsChannel))
        emit buildsChanged();
    else if (name == QLatin1String(sql::kImagesChannel))
        emit imagesChanged();
    else if (name == QLatin1String(sql::kBuildLogChannel))
        emit buildLogAppended(payload.toString());
}

}  // namespace ib
