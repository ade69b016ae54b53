#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QString>
#include <QTimer>
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
// compares cheap fingerprints of the tables to tell which signal to emit.
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
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);
    void poll();
    struct Fingerprints
    {
        QString templates;
        QString builds;
        QString images;
    };
    Fingerprints fingerprints();

    QString m_connectionName;
    bool m_postgres = false;
    bool m_watching = false;
    QString m_error;
    QTimer m_poll;
    qint64 m_dataVersion = -1;
    Fingerprints m_last;
};

}  // namespace ib
