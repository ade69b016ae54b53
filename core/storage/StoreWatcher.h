#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QString>
#include <QThread>
#include <QVariant>

namespace ib {

class Store;

// Tells when the store changed, whoever changed it (another member of a team store,
// another process on this machine, or this one), so views refresh without a restart.
//
// PostgreSQL: LISTEN on the channels the Store NOTIFYs after every committed write
// (QSqlDriver::subscribeToNotification), on a connection of the watcher's own in the
// thread that made it; that thread needs an event loop (the UI thread does).
// SQLite: has no notifications. The watcher polls `PRAGMA data_version` every
// pollInterval (2 s by default), which changes when another connection commits; it then
// compares fingerprints of the tables to tell which signal to emit. The polling runs on a
// thread of the watcher's own with its own connection: a fingerprint scans the tables
// (~100 ms at 100k templates), which the UI thread must not wait for.
class StoreWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWatcher)

public:
    static constexpr int DefaultPollIntervalMs = 2000;

    explicit StoreWatcher(const Store &store, QObject *parent = nullptr);
    ~StoreWatcher() override;

    // False when the listener could not connect; lastError() says why.
    bool isWatching() const { return m_watching; }
    QString lastError() const { return m_error; }
    // SQLite only.
    void setPollInterval(int milliseconds);

signals:
    void templatesChanged();
    void buildsChanged();
    void imagesChanged();
    // A build's log got a new chunk (PostgreSQL only; on SQLite, buildsChanged covers it).
    void buildLogAppended(const QString &buildId);

private:
    class Poller;
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    QString m_connectionName;
    bool m_postgres = false;
    bool m_watching = false;
    QString m_error;
    QThread m_thread;            // SQLite: the poller's
    Poller *m_poller = nullptr;  // lives on m_thread, deleted when it finishes
};

}  // namespace ib
