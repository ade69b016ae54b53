#include "PostgresFixture.h"

#include "TestSupport.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVersionNumber>

#include <pwd.h>
#include <unistd.h>

namespace ib::test {

namespace {

QAtomicInt g_fixtureSerial;

bool chownToPostgres(const QString &path)
{
    const passwd *pw = getpwnam("postgres");
    return pw && ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

}  // namespace

PostgresFixture::PostgresFixture()
    : m_adminConnection(QStringLiteral("ib-pg-fixture-%1").arg(g_fixtureSerial.fetchAndAddRelaxed(1)))
{}

PostgresFixture::~PostgresFixture()
{
    stop();
}

QString PostgresFixture::binDirectory()
{
    if (const auto fromEnv = qEnvironmentVariable("IB_PG_BINDIR"); !fromEnv.isEmpty())
        return fromEnv;
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QString best;
    QVersionNumber bestVersion;
    for (const auto &entry : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const auto version = QVersionNumber::fromString(entry);
        if (QFile::exists(root.filePath(entry + QStringLiteral("/bin/initdb"))) && version > bestVersion) {
            bestVersion = version;
            best = root.filePath(entry + QStringLiteral("/bin"));
        }
    }
    return best;
}

QString PostgresFixture::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

int PostgresFixture::connectionsOpened(const QString &database) const
{
    QFile log(directory() + QStringLiteral("/postgres.log"));
    if (!log.open(QIODevice::ReadOnly))
        return -1;
    // PostgreSQL 15: "LOG:  connection authorized: user=ib_test database=ib_test_3 application_name=..."
    const QByteArray needle = "connection authorized: user=" + role().toUtf8() + " database=" + database.toUtf8();
    int count = 0;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        const int at = line.indexOf(needle);
        if (at >= 0) {
            const int end = at + needle.size();
            if (end >= line.size() || line.at(end) == ' ' || line.at(end) == '\n')
                ++count;
        }
    }
    return count;
}

QString PostgresFixture::passFile() const
{
    return directory() + QStringLiteral("/pgpass");
}

QString PostgresFixture::url(const QString &database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(role()).arg(m_port).arg(database);
}

QString PostgresFixture::run(const QStringList &command, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.first(), command.mid(1));
    if (!p.waitForStarted(10000))
        return QStringLiteral("cannot run %1: %2").arg(command.first(), p.errorString());
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return QStringLiteral("%1 did not finish within %2 s").arg(command.join(QLatin1Char(' '))).arg(timeoutMs / 1000);
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 failed (status %2): %3")
            .arg(command.join(QLatin1Char(' ')))
            .arg(p.exitCode())
            .arg(QString::fromUtf8(p.readAll()));
    return {};
}

QString PostgresFixture::start()
{
    if (m_running)
        return {};
    if (::geteuid() != 0)
        return QStringLiteral(
            "the PostgreSQL fixture needs root (it runs initdb as the postgres user through runuser); run the pg tests as root");
    m_bin = binDirectory();
    if (m_bin.isEmpty())
        return QStringLiteral(
            "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install the postgresql package: packaging/setup/deps.sh test)");
    if (!getpwnam("postgres"))
        return QStringLiteral("there is no postgres user (install the postgresql package)");

    // Under /var/tmp, not /tmp: the whole path must be traversable by postgres, and a
    // private /tmp (systemd's PrivateTmp) would hide it.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/var/tmp/ib-pg-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a folder under /var/tmp: %1").arg(m_dir->errorString());
    QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                             QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther);
    const QString data = m_dir->filePath(QStringLiteral("data"));
    const QString socket = m_dir->filePath(QStringLiteral("sock"));
    const QString log = m_dir->filePath(QStringLiteral("postgres.log"));
    const QString superPw = m_dir->filePath(QStringLiteral("superuser-password"));
    QDir().mkpath(data);
    QDir().mkpath(socket);
    {
        QFile f(superPw);
        if (!f.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(superPw);
        f.write(QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + '\n');
        QFile l(log);
        if (!l.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(log);
    }
    for (const auto &path : {data, socket, log, superPw})
        if (!chownToPostgres(path))
            return QStringLiteral("cannot give %1 to the postgres user").arg(path);
    QFile::setPermissions(data, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    if (auto e = run({QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                      m_bin + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
                      QStringLiteral("--pwfile=") + superPw, QStringLiteral("-A"), QStringLiteral("scram-sha-256"),
                      QStringLiteral("--auth-local=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                      QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")});
        !e.isEmpty())
        return QStringLiteral("initdb failed: ") + e;

    // The port is free when picked; another process could take it before the server
    // binds it, so try a few.
    QString startError;
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeTcpPort();
        const QString options = QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off -c synchronous_commit=off"
                                               " -c full_page_writes=off -c max_connections=100"
                                               // Each new session is logged: connectionsOpened() counts them.
                                               " -c log_connections=on")
                                    .arg(m_port)
                                    .arg(socket);
        startError = run({QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                          m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), data, QStringLiteral("-l"), log, QStringLiteral("-w"),
                          QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options, QStringLiteral("start")});
        if (startError.isEmpty())
            break;
    }
    if (!startError.isEmpty()) {
        QFile l(log);
        l.open(QIODevice::ReadOnly);
        return QStringLiteral("pg_ctl start failed: %1\n%2").arg(startError, QString::fromUtf8(l.readAll()));
    }
    m_running = true;

    auto admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_adminConnection);
    admin.setHostName(socket);
    admin.setPort(m_port);
    admin.setUserName(QStringLiteral("postgres"));
    admin.setDatabaseName(QStringLiteral("postgres"));
    if (!admin.open())
        return QStringLiteral("cannot connect to the test cluster as its superuser: ") + admin.lastError().text();

    m_password = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (auto e = execAsSuperuser(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(role(), m_password)); !e.isEmpty())
        return e;
    {
        QFile f(passFile());
        if (!f.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1").arg(passFile());
        f.write(QStringLiteral("127.0.0.1:%1:*:%2:%3\n").arg(m_port).arg(role(), m_password).toUtf8());
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    m_hadPassFile = qEnvironmentVariableIsSet("PGPASSFILE");
    m_previousPassFile = qEnvironmentVariable("PGPASSFILE");
    qputenv("PGPASSFILE", QFile::encodeName(passFile()));
    return {};
}

QString PostgresFixture::execAsSuperuser(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_adminConnection, false));
    if (!q.exec(sql))
        return QStringLiteral("%1: %2").arg(sql, q.lastError().text());
    return {};
}

QString PostgresFixture::createDatabase(const QString &name)
{
    const QString database = name.isEmpty() ? QStringLiteral("ib_test_%1").arg(++m_databases) : name;
    m_lastError = execAsSuperuser(QStringLiteral("CREATE DATABASE \"%1\" OWNER %2").arg(database, role()));
    return m_lastError.isEmpty() ? url(database) : QString();
}

void PostgresFixture::stop()
{
    if (QSqlDatabase::contains(m_adminConnection)) {
        {
            auto admin = QSqlDatabase::database(m_adminConnection, false);
            admin.close();
        }
        QSqlDatabase::removeDatabase(m_adminConnection);
    }
    if (m_running) {
        run({QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
             m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
             QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
        m_running = false;
        if (m_hadPassFile)
            qputenv("PGPASSFILE", QFile::encodeName(m_previousPassFile));
        else
            qunsetenv("PGPASSFILE");
    }
    m_dir.reset();  // removes the cluster
}

}  // namespace ib::test
