#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace ib::test {

// A throwaway PostgreSQL cluster on 127.0.0.1 for tests: initdb as the `postgres` user
// (through runuser) in a folder under /var/tmp, a free port, its own socket folder, and
// no fsync. The machine's own clusters and /etc/postgresql are never touched.
//
// Over TCP every role authenticates with scram-sha-256; role() is a test role with a
// random password() that only the passFile() (a .pgpass, mode 0600) holds: start() points
// PGPASSFILE at it, so the Store connects with URLs that carry no password, as a team
// member would. The superuser connects over the fixture's Unix socket (trust) to create
// databases. Needs root and the PostgreSQL server binaries; start() says which is missing.
class PostgresFixture final
{
public:
    PostgresFixture();
    ~PostgresFixture();
    PostgresFixture(const PostgresFixture &) = delete;
    PostgresFixture &operator=(const PostgresFixture &) = delete;

    // Returns an error text, empty on success.
    QString start();
    void stop();
    bool isRunning() const { return m_running; }

    // A new empty database owned by role(); returns its URL (no password in it), or an
    // empty string (lastError() says why).
    QString createDatabase(const QString &name = {});
    // postgresql://role@127.0.0.1:port/database
    QString url(const QString &database) const;
    // Runs SQL as the superuser (CREATE DATABASE and the like); empty on success.
    QString execAsSuperuser(const QString &sql);

    quint16 port() const { return m_port; }
    QString role() const { return QStringLiteral("ib_test"); }
    QString password() const { return m_password; }
    QString passFile() const;
    // How many sessions were opened to `database` since the server started (from its log:
    // log_connections is on), or -1 when the log cannot be read.
    int connectionsOpened(const QString &database) const;
    QString directory() const;
    QString lastError() const { return m_lastError; }
    // The PostgreSQL bin folder used (highest version under /usr/lib/postgresql).
    static QString binDirectory();

private:
    QString run(const QStringList &command, int timeoutMs = 60000);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    quint16 m_port = 0;
    QString m_password;
    QString m_adminConnection;
    QString m_previousPassFile;
    bool m_hadPassFile = false;
    bool m_running = false;
    int m_databases = 0;
    QString m_lastError;
};

}  // namespace ib::test
