#include "storage/StoreWatcher.h"

#include "logging/Logging.h"
#include "storage/SqlHelpers.h"
#include "storage/Store.h"

#include <QAtomicInt>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace ib {

namespace {

QAtomicInt g_watcherSerial;

QString fingerprint(QSqlDatabase db, const char *sql)
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

StoreWatcher::StoreWatcher(const Store &store, QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("ib-watcher-%1").arg(g_watcherSerial.fetchAndAddRelaxed(1)))
    , m_postgres(store.isPostgres())
{
    auto db = store.addConnection(m_connectionName);
    if (!db.isOpen()) {
        m_error = QStringLiteral("Cannot watch %1 for changes: %2").arg(store.location(), db.lastError().text());
        logging::get("db")->warn("{}", m_error.toStdString());
        return;
    }
    if (m_postgres) {
        auto *driver = db.driver();
        connect(driver, &QSqlDriver::notification, this, &StoreWatcher::onNotification);
        m_watching = true;
        for (const char *channel : {sql::kTemplatesChannel, sql::kBuildsChannel, sql::kImagesChannel, sql::kBuildLogChannel}) {
            if (!driver->subscribeToNotification(QLatin1String(channel))) {
                m_watching = false;
                m_error = QStringLiteral("Cannot listen to %1 on %2: %3").arg(QLatin1String(channel), store.location(), driver->lastError().text());
                logging::get("db")->warn("{}", m_error.toStdString());
            }
        }
        return;
    }
    // SQLite: no notifications; poll.
    m_last = fingerprints();
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("PRAGMA data_version")) && q.next())
        m_dataVersion = q.value(0).toLongLong();
    m_poll.setInterval(DefaultPollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &StoreWatcher::poll);
    m_poll.start();
    m_watching = true;
}

StoreWatcher::~StoreWatcher()
{
    m_poll.stop();
    {
        auto db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            if (m_postgres) {
                for (const auto &channel : db.driver()->subscribedToNotifications())
                    db.driver()->unsubscribeFromNotification(channel);
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void StoreWatcher::setPollInterval(int milliseconds)
{
    m_poll.setInterval(milliseconds);
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

StoreWatcher::Fingerprints StoreWatcher::fingerprints()
{
    auto db = QSqlDatabase::database(m_connectionName, false);
    return Fingerprints{
        fingerprint(db, "SELECT COUNT(*), COALESCE(SUM(revision), 0), COALESCE(MAX(updated_at), '') FROM templates"),
        fingerprint(db, "SELECT (SELECT COUNT(*) FROM builds), (SELECT COALESCE(MAX(created_at), '') FROM builds),"
                        " (SELECT COALESCE(MAX(started_at), '') FROM builds), (SELECT COALESCE(MAX(finished_at), '') FROM builds),"
                        " (SELECT COALESCE(SUM(cancel_requested), 0) FROM builds),"
                        " (SELECT COUNT(*) FROM build_steps), (SELECT COALESCE(MAX(started_at), '') || COALESCE(MAX(finished_at), '') FROM build_steps),"
                        " (SELECT COALESCE(MAX(updated_at), '') FROM build_resources), (SELECT COUNT(*) FROM build_log_chunks)"),
        fingerprint(db, "SELECT (SELECT COUNT(*) FROM images), (SELECT COALESCE(MAX(created_at), '') FROM images),"
                        " (SELECT COUNT(*) FROM base_images), (SELECT COALESCE(MAX(created_at), '') FROM base_images)"),
    };
}

void StoreWatcher::poll()
{
    auto db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return;
    const qint64 version = q.value(0).toLongLong();
    if (version == m_dataVersion)
        return;
    m_dataVersion = version;
    const auto now = fingerprints();
    if (now.templates != m_last.templates)
        emit templatesChanged();
    if (now.builds != m_last.builds)
        emit buildsChanged();
    if (now.images != m_last.images)
        emit imagesChanged();
    m_last = now;
}

}  // namespace ib
