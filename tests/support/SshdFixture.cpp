#include "SshdFixture.h"

#include "TestSupport.h"
#include "platform/Platform.h"
#include "ssh/SshKeyPair.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QThread>

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ib::test {

namespace {

// Runs a program; returns its error output on failure, empty on success.
QString run(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return QStringLiteral("cannot start %1").arg(program);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("%1 %2 failed: %3")
            .arg(program, arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
    return {};
}

bool writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    return file.setPermissions(permissions);
}

// pid -> parent pid of every live process.
void readProcesses(QHash<qint64, qint64> &parents)
{
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() < 2)
            continue;
        if (fields.at(0) != "Z")  // a zombie is gone already, whoever reaps it
            parents.insert(pid, fields.at(1).toLongLong());
    }
}

}  // namespace

SshdFixture::SshdFixture() = default;

SshdFixture::~SshdFixture()
{
    stop();
}

QString SshdFixture::sudoUser()
{
    return QStringLiteral("ibtest-sudo");
}

QString SshdFixture::noSudoUser()
{
    return QStringLiteral("ibtest-nosudo");
}

bool SshdFixture::sudoInstalled()
{
    return QFile::exists(QStringLiteral("/usr/bin/sudo")) && QDir(QStringLiteral("/etc/sudoers.d")).exists();
}

QString SshdFixture::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

QString SshdFixture::knownHostsFile() const
{
    return directory() + QStringLiteral("/known_hosts");
}

QString SshdFixture::clientKeyFile() const
{
    return directory() + QStringLiteral("/client_key");
}

QString SshdFixture::logFile() const
{
    return directory() + QStringLiteral("/sshd.log");
}

QByteArray SshdFixture::log() const
{
    QFile file(logFile());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ib::ssh::SshConnectionSettings SshdFixture::settings(const QString &user) const
{
    ib::ssh::SshConnectionSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = m_port;
    s.user = user;
    s.pinnedHostKey = m_hostKeyLine;
    s.privateKey = m_clientPrivateKey;
    s.connectTimeout = std::chrono::seconds(5);
    return s;
}

// The tests run as root and change the system here, idempotently: two users with distinct
// names, and one sudoers.d file.
QString SshdFixture::ensureUsers()
{
    for (const QString &user : {sudoUser(), noSudoUser()}) {
        if (!getpwnam(user.toLocal8Bit().constData())) {
            if (QString e = run(QStringLiteral("useradd"), {QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/bash"), user});
                !e.isEmpty())
                return e;
        }
        // useradd leaves the account locked, and sshd with UsePAM no refuses locked accounts.
        if (QString e = run(QStringLiteral("usermod"), {QStringLiteral("-p"), QStringLiteral("*"), user}); !e.isEmpty())
            return e;
    }
    m_password = QStringLiteral("ib-%1").arg(QRandomGenerator::system()->generate64(), 0, 36);
    if (QString e = run(QStringLiteral("chpasswd"), {}, (noSudoUser() + QLatin1Char(':') + m_password + QLatin1Char('\n')).toUtf8());
        !e.isEmpty())
        return e;
    if (sudoInstalled()) {
        const QString path = QStringLiteral("/etc/sudoers.d/") + sudoUser();
        const QByteArray content = (sudoUser() + QStringLiteral(" ALL=(ALL) NOPASSWD:ALL\n")).toUtf8();
        QFile existing(path);
        if (!existing.open(QIODevice::ReadOnly) || existing.readAll() != content) {
            existing.close();
            if (!writeFile(path, content, QFile::ReadOwner | QFile::ReadGroup))
                return QStringLiteral("cannot write %1").arg(path);
        }
    }
    return {};
}

QString SshdFixture::prepare()
{
    if (geteuid() != 0)
        return QStringLiteral("the sshd tests need root (they create the users %1 and %2)").arg(sudoUser(), noSudoUser());
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        return QStringLiteral("/usr/sbin/sshd is missing: apt-get install openssh-server");
    QDir().mkpath(QStringLiteral("/run/sshd"));  // sshd's privilege separation folder
    if (QString e = ensureUsers(); !e.isEmpty())
        return e;

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ib-sshd-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary folder");
    // sshd reads the authorized keys with the user's rights.
    QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                                             QFile::ReadOther | QFile::ExeOther);
    const QString dir = m_dir->path();
    const QString hostKey = dir + QStringLiteral("/hostkey_ed25519");
    if (QString e = run(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                       QStringLiteral("-N"), QString(), QStringLiteral("-f"), hostKey});
        !e.isEmpty())
        return e;
    QFile publicHostKey(hostKey + QStringLiteral(".pub"));
    if (!publicHostKey.open(QIODevice::ReadOnly))
        return QStringLiteral("no public host key");
    const QStringList parts = QString::fromLatin1(publicHostKey.readAll()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_hostKeyLine = parts.at(0) + QLatin1Char(' ') + parts.at(1).trimmed();

    auto keyPair = ib::ssh::SshKeyPair::generateEd25519(QStringLiteral("ibtest"));
    if (!keyPair)
        return keyPair.error().message;
    m_clientPrivateKey = keyPair->privateKeyPem();
    if (!writeFile(clientKeyFile(), m_clientPrivateKey, QFile::ReadOwner | QFile::WriteOwner))
        return QStringLiteral("cannot write the client key");
    for (const QString &user : {sudoUser(), noSudoUser()}) {
        if (!writeFile(dir + QStringLiteral("/authorized_keys_") + user, (keyPair->publicKey() + QLatin1Char('\n')).toUtf8(),
                       QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther))
            return QStringLiteral("cannot write the authorized keys");
    }

    m_port = freeTcpPort();
    if (!writeFile(knownHostsFile(), QStringLiteral("[127.0.0.1]:%1 %2\n").arg(m_port).arg(m_hostKeyLine).toUtf8(),
                   QFile::ReadOwner | QFile::WriteOwner))
        return QStringLiteral("cannot write known_hosts");

    const QString config = QStringLiteral("Port %1\n"
                                          "ListenAddress 127.0.0.1\n"
                                          "HostKey %2/hostkey_ed25519\n"
                                          "PidFile %2/sshd.pid\n"
                                          "AuthorizedKeysFile %2/authorized_keys_%u\n"
                                          "AllowUsers %3 %4\n"
                                          "PasswordAuthentication yes\n"
                                          "KbdInteractiveAuthentication no\n"
                                          "UsePAM no\n"
                                          "StrictModes no\n"
                                          "UseDNS no\n"
                                          "MaxStartups 100\n"
                                          "MaxSessions 100\n"
                                          "LogLevel DEBUG1\n"
                                          "Subsystem sftp internal-sftp\n")
                               .arg(m_port)
                               .arg(dir, sudoUser(), noSudoUser());
    if (!writeFile(dir + QStringLiteral("/sshd_config"), config.toUtf8(), QFile::ReadOwner | QFile::WriteOwner))
        return QStringLiteral("cannot write sshd_config");
    if (QString e =
            run(QStringLiteral("/usr/sbin/sshd"), {QStringLiteral("-t"), QStringLiteral("-f"), dir + QStringLiteral("/sshd_config")});
        !e.isEmpty())
        return e;
    return {};
}

QString SshdFixture::startDaemon()
{
    if (!m_dir)
        return QStringLiteral("prepare() first");
    const QString dir = m_dir->path();
    const qint64 logBefore = QFileInfo(logFile()).size();  // this start's lines come after
    QFile::remove(dir + QStringLiteral("/sshd.pid"));
    if (QString e = run(QStringLiteral("/usr/sbin/sshd"),
                        {QStringLiteral("-f"), dir + QStringLiteral("/sshd_config"), QStringLiteral("-E"), logFile()});
        !e.isEmpty())
        return e;
    bool sawPidFile = false;
    bool portAnswered = false;
    for (int i = 0; i < 40; ++i) {
        QFile pidFile(dir + QStringLiteral("/sshd.pid"));
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        portAnswered = probe.waitForConnected(200);
        if (pidFile.open(QIODevice::ReadOnly)) {
            sawPidFile = true;
            m_pid = pidFile.readAll().trimmed().toLongLong();
            if (m_pid > 0 && portAnswered)
                return {};
        }
        QThread::msleep(50);
    }
    // What this start wrote to the log (the whole log of a test that restarts sshd hundreds
    // of times is too long for a failure message), and which of the two checks failed.
    QByteArray said = log().mid(logBefore);
    if (said.size() > 3000)
        said = "...\n" + said.right(3000);
    return QStringLiteral("sshd did not start (pid file %1, port %2 %3); its log since this start:\n%4")
        .arg(sawPidFile ? QStringLiteral("written") : QStringLiteral("never written"))
        .arg(m_port)
        .arg(portAnswered ? QStringLiteral("answered") : QStringLiteral("refused"))
        .arg(QString::fromLocal8Bit(said));
}

QString SshdFixture::start()
{
    // The port is free when prepare() picks it; another process can take it before sshd
    // binds it. sshd then says so in its log, and another port is tried.
    QString e;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (e = prepare(); !e.isEmpty())
            return e;
        e = startDaemon();
        if (e.isEmpty() || !e.contains(QLatin1String("Address already in use")))
            return e;
    }
    return e;
}

QString SshdFixture::restartDaemon()
{
    for (qint64 pid : sessionProcesses()) {
        QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "sshd")
            m_sessionsOfEarlierDaemons << pid;
    }
    if (m_pid > 0) {
        ::kill(static_cast<pid_t>(m_pid), SIGTERM);
        for (int i = 0; i < 250 && isRunning(); ++i)
            QThread::msleep(20);
    }
    m_pid = 0;
    const QString first = startDaemon();
    if (first.isEmpty())
        return {};
    // Once in hundreds of restarts on a loaded machine (CI), a start was not up 25 s later
    // with nothing listening. The listener of this configuration, whichever it is, goes and
    // sshd starts once more; sessions (not "[listener]") are left alone. Both failures are told.
    for (const qint64 pid : listenerProcesses())
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    QThread::msleep(100);
    m_pid = 0;
    const QString second = startDaemon();
    if (second.isEmpty()) {
        qWarning("sshd restart needed a second start; the first said: %s", qPrintable(first));
        return {};
    }
    return first + QStringLiteral("\nA second start failed too: ") + second;
}

// The listening sshd processes started with this fixture's sshd_config (OpenSSH 9 names its
// listener "sshd: /usr/sbin/sshd -f CONFIG ... [listener] N of ... startups").
QList<qint64> SshdFixture::listenerProcesses() const
{
    QHash<qint64, qint64> parents;
    readProcesses(parents);
    const QString config = m_dir->path() + QStringLiteral("/sshd_config");
    QList<qint64> result;
    for (auto it = parents.cbegin(); it != parents.cend(); ++it) {
        const QString title = ib::platform::processCommandLine(it.key()).join(QLatin1Char(' '));
        if (title.contains(config) && title.contains(QLatin1String("[listener]")))
            result << it.key();
    }
    return result;
}

bool SshdFixture::isRunning() const
{
    if (m_pid <= 0)
        return false;
    QHash<qint64, qint64> parents;
    readProcesses(parents);
    return parents.contains(m_pid);
}

QList<qint64> SshdFixture::sessionProcesses() const
{
    QHash<qint64, qint64> parents;
    readProcesses(parents);
    QList<qint64> result;
    for (auto it = parents.cbegin(); it != parents.cend(); ++it) {
        // Descendants of our sshd: its sessions and the commands they run.
        bool ours = false;
        for (qint64 p = it.key(), depth = 0; p > 1 && depth < 64; p = parents.value(p, 0), ++depth) {
            if (p == m_pid && p != it.key()) {
                ours = true;
                break;
            }
        }
        if (ours)
            result << it.key();
    }
    return result;
}

void SshdFixture::killAll()
{
    QList<qint64> all = sessionProcesses();
    if (m_pid > 0)
        all.prepend(m_pid);
    // All stopped first, then killed: killed one by one, a session's unprivileged child
    // could see its monitor die and close the channel cleanly (an exit status, not a
    // dropped connection) before its own turn came (seen once on a loaded machine).
    for (qint64 pid : std::as_const(all))
        ::kill(static_cast<pid_t>(pid), SIGSTOP);
    for (qint64 pid : std::as_const(all))
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    for (int i = 0; i < 50 && isRunning(); ++i)
        QThread::msleep(20);
    m_pid = 0;
}

void SshdFixture::stop()
{
    if (m_pid > 0) {
        ::kill(static_cast<pid_t>(m_pid), SIGTERM);
        for (int i = 0; i < 50 && isRunning(); ++i)
            QThread::msleep(20);
    }
    for (qint64 pid : sessionProcesses())
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    for (qint64 pid : std::as_const(m_sessionsOfEarlierDaemons)) {
        QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "sshd")
            ::kill(static_cast<pid_t>(pid), SIGKILL);
    }
    m_sessionsOfEarlierDaemons.clear();
    m_pid = 0;
    if (!m_password.isEmpty()) {
        run(QStringLiteral("usermod"), {QStringLiteral("-p"), QStringLiteral("*"), noSudoUser()});
        m_password.clear();
    }
}

}  // namespace ib::test
