// SshClient against a real, throwaway OpenSSH server on 127.0.0.1.
#include "SshdFixture.h"
#include "TestSupport.h"
#include "logging/Logging.h"
#include "ssh/OpenSshCommand.h"
#include "ssh/SshClient.h"
#include "ssh/SshKeyPair.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtEndian>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

using namespace ib::ssh;
using ib::test::SshdFixture;
using namespace std::chrono_literals;

namespace {

// A TCP port that completes the handshake (the kernel's backlog) but never speaks: a VM
// whose port forward is up while its sshd is not.
class SilentListener final
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_fd, 16);
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = qFromBigEndian(address.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    SilentListener(const SilentListener &) = delete;
    SilentListener &operator=(const SilentListener &) = delete;
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

QString kindName(const ib::Result<void, SshError> &result)
{
    return result ? QStringLiteral("ok") : sshErrorKindName(result.error().kind) + QStringLiteral(": ") + result.error().message;
}

template <typename T>
QString kindName(const ib::Result<T, SshError> &result)
{
    return result ? QStringLiteral("ok") : sshErrorKindName(result.error().kind) + QStringLiteral(": ") + result.error().message;
}

}  // namespace

class TestSshClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void generatedKeyWorksWithOpenSsh();
    void keptVmCommandPinsTheHostKey();
    void connectFails_data();
    void connectFails();
    void connectSucceeds_data();
    void connectSucceeds();
    void retriesUntilTheServerIsUp();
    void cancelStopsTheRetries();
    void giveUpEndsTheRetries();

    void exitStatus_data();
    void exitStatus();
    void linesAndProgressBars();
    void bigOutputArrivesIntactAndApart();
    void keepAlivesOnSilentCommands();

    void uploadArrivesIntactWithItsMode();
    void uploadFile();
    void uploadFails_data();
    void uploadFails();

    void cancelKillsTheRemoteProcessGroup_data();
    void cancelKillsTheRemoteProcessGroup();
    void timeoutKillsTheCommand();

    void sudoRunsAsRoot();
    void cancelKillsARootCommand();
    void sudoWithoutPasswordlessSudoIsExplained();

    void serverKilledMidCommandIsDisconnected();  // last: it restarts the server

private:
    std::unique_ptr<SshClient> connected(const QString &user);
    QStringList run(SshClient &client, const QString &command);
    // Processes of user other than sshd and this very query.
    QStringList leftoverProcesses(const QString &user);

    SshdFixture m_sshd;
};

void TestSshClient::initTestCase()
{
    ib::logging::init(ib::logging::Target::Tests);
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSshClient::cleanupTestCase()
{
    m_sshd.stop();
}

std::unique_ptr<SshClient> TestSshClient::connected(const QString &user)
{
    auto client = std::make_unique<SshClient>(m_sshd.settings(user));
    const auto result = client->connect();
    if (!result) {
        qWarning("connect failed: %s", qPrintable(kindName(result)));
        return nullptr;
    }
    return client;
}

QStringList TestSshClient::run(SshClient &client, const QString &command)
{
    QStringList lines;
    SshExecOptions options;
    options.onStdoutLine = [&lines](const QString &line) { lines << line; };
    options.allowFailure = true;
    const auto result = client.exec(command, options);
    if (!result)
        qWarning("%s: %s", qPrintable(command), qPrintable(kindName(result)));
    return lines;
}

QStringList TestSshClient::leftoverProcesses(const QString &user)
{
    auto observer = connected(user);
    if (!observer)
        return {QStringLiteral("(cannot connect to look)")};
    QStringList lines = run(*observer, QStringLiteral("ps -u %1 -o pid=,pgid=,args=").arg(user));
    lines.removeIf([](const QString &line) {
        // A zombie is dead; only this container's init (not systemd) leaves it unreaped.
        return line.contains(QLatin1String("sshd:")) || line.contains(QLatin1String("ps -u")) ||
               line.contains(QLatin1String("<defunct>")) || line.contains(QLatin1String("IBPGID"));
    });
    return lines;
}

void TestSshClient::generatedKeyWorksWithOpenSsh()
{
    auto pair = SshKeyPair::generateEd25519(QStringLiteral("build-42"));
    QVERIFY(pair.ok());
    QVERIFY(pair->publicKey().startsWith(QLatin1String("ssh-ed25519 AAAA")));
    QVERIFY(pair->publicKey().endsWith(QLatin1String(" build-42")));
    QVERIFY(pair->privateKeyPem().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));

    // The fixture's client key comes from the same generator: OpenSSH reads it and logs in.
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-y"), QStringLiteral("-f"), m_sshd.clientKeyFile()});
    QVERIFY(keygen.waitForFinished(10000));
    QCOMPARE(keygen.exitCode(), 0);

    QProcess ssh;
    ssh.start(QStringLiteral("ssh"),
              {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"), m_sshd.clientKeyFile(), QStringLiteral("-p"),
               QString::number(m_sshd.port()), QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=") + m_sshd.knownHostsFile(),
               QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
               SshdFixture::noSudoUser() + QStringLiteral("@127.0.0.1"), QStringLiteral("echo hello")});
    QVERIFY(ssh.waitForFinished(20000));
    QCOMPARE(ssh.readAllStandardOutput().trimmed(), QByteArray("hello"));
}

// The command a kept VM's log shows (issue 15, point 9): OpenSSH logs in with the host key
// pinned under an alias (the same line for any port, 22 included) and refuses another key.
void TestSshClient::keptVmCommandPinsTheHostKey()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OpenSshCommand command;
    command.keyPath = m_sshd.clientKeyFile();
    command.knownHostsPath = dir.filePath(QStringLiteral("known hosts"));  // a space: quoted
    command.alias = QStringLiteral("imagebuilder-0b8d2c1e-5f7a-4c1b-9d3e-2a6f8e4b7c10");
    command.user = SshdFixture::noSudoUser();
    command.host = QStringLiteral("127.0.0.1");
    command.port = m_sshd.port();
    QVERIFY(command.commandLine().contains(QStringLiteral("-o HostKeyAlias='imagebuilder-0b8d2c1e")));
    const auto run = [&](const QString &hostKey) {
        QFile hosts(command.knownHostsPath);
        if (!hosts.open(QIODevice::WriteOnly) || hosts.write(command.knownHostsLine(hostKey).toUtf8()) < 0)
            return QPair<int, QByteArray>(-1, {});
        hosts.close();
        QProcess shell;
        // OpenSSH takes options after the destination too: no prompt, no user config.
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"), command.commandLine() + QStringLiteral(" -F /dev/null -o BatchMode=yes 'echo hello'")});
        if (!shell.waitForFinished(20000))
            return QPair<int, QByteArray>(-2, {});
        return QPair<int, QByteArray>(shell.exitCode(), shell.readAllStandardOutput().trimmed() + shell.readAllStandardError());
    };
    const auto pinned = run(m_sshd.hostKeyLine() + QStringLiteral(" a comment\nwith a line break"));
    QVERIFY2(pinned.first == 0, pinned.second.constData());
    QCOMPARE(pinned.second, QByteArray("hello"));
    auto other = SshKeyPair::generateEd25519(QStringLiteral("other"));
    QVERIFY(other.ok());
    const auto refused = run(other->publicKey());
    QCOMPARE(refused.first, 255);
    QVERIFY2(!refused.second.startsWith("hello"), refused.second.constData());
}

void TestSshClient::connectFails_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("expected");
    QTest::newRow("nothing listens") << "refused" << int(SshErrorKind::Refused);
    QTest::newRow("port answers nothing") << "silent" << int(SshErrorKind::TimedOut);
    QTest::newRow("other pinned host key") << "wrong pinned key" << int(SshErrorKind::HostKeyMismatch);
    QTest::newRow("other key in known_hosts") << "wrong known_hosts" << int(SshErrorKind::HostKeyMismatch);
    QTest::newRow("host not in known_hosts") << "unknown host" << int(SshErrorKind::HostKeyMismatch);
    QTest::newRow("no host key given") << "no host key" << int(SshErrorKind::HostKeyMismatch);
    QTest::newRow("wrong client key") << "wrong key" << int(SshErrorKind::AuthenticationFailed);
    QTest::newRow("wrong password") << "wrong password" << int(SshErrorKind::AuthenticationFailed);
    QTest::newRow("unknown user") << "unknown user" << int(SshErrorKind::AuthenticationFailed);
}

void TestSshClient::connectFails()
{
    QFETCH(QString, scenario);
    QFETCH(int, expected);

    SshConnectionSettings settings = m_sshd.settings(SshdFixture::noSudoUser());
    settings.connectTimeout = 1500ms;
    std::unique_ptr<SilentListener> silent;
    QTemporaryFile knownHosts;
    QVERIFY(knownHosts.open());
    auto other = SshKeyPair::generateEd25519();
    QVERIFY(other.ok());

    if (scenario == QLatin1String("refused")) {
        settings.port = ib::test::freeTcpPort();
    } else if (scenario == QLatin1String("silent")) {
        silent = std::make_unique<SilentListener>();
        settings.port = silent->port();
    } else if (scenario == QLatin1String("wrong pinned key")) {
        settings.pinnedHostKey = other->publicKey();
    } else if (scenario == QLatin1String("wrong known_hosts")) {
        knownHosts.write(QStringLiteral("[127.0.0.1]:%1 %2\n").arg(m_sshd.port()).arg(other->publicKey()).toUtf8());
        knownHosts.flush();
        settings.pinnedHostKey.clear();
        settings.knownHostsFile = knownHosts.fileName();
    } else if (scenario == QLatin1String("unknown host")) {
        knownHosts.write(QStringLiteral("[127.0.0.1]:1 %1\n").arg(m_sshd.hostKeyLine()).toUtf8());
        knownHosts.flush();
        settings.pinnedHostKey.clear();
        settings.knownHostsFile = knownHosts.fileName();
    } else if (scenario == QLatin1String("no host key")) {
        settings.pinnedHostKey.clear();
    } else if (scenario == QLatin1String("wrong key")) {
        settings.privateKey = other->privateKeyPem();
    } else if (scenario == QLatin1String("wrong password")) {
        settings.privateKey.clear();
        settings.password = QStringLiteral("not-the-password");
    } else if (scenario == QLatin1String("unknown user")) {
        settings.user = QStringLiteral("ibtest-nobody");
    }

    SshClient client(settings);
    QElapsedTimer timer;
    timer.start();
    const auto result = client.connect();
    QVERIFY2(!result.ok(), "connected although it must not");
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind(expected)));
    QVERIFY(!client.isConnected());
    // A message that says where and what to check.
    qInfo("%s", qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(QString::number(settings.port)));
    // Upper bounds here catch a hang or a retry that should not be, not a speed: a loaded
    // 2-core machine can take seconds to schedule a thread.
    QVERIFY2(timer.elapsed() < 15000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    if (scenario == QLatin1String("silent"))
        QVERIFY(timer.elapsed() >= 1400);
}

void TestSshClient::connectSucceeds_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("pinned host key, in-memory key") << "memory";
    QTest::newRow("known_hosts, key file") << "file";
    QTest::newRow("password") << "password";
}

void TestSshClient::connectSucceeds()
{
    QFETCH(QString, method);
    SshConnectionSettings settings = m_sshd.settings(SshdFixture::noSudoUser());
    if (method == QLatin1String("file")) {
        settings.pinnedHostKey.clear();
        settings.knownHostsFile = m_sshd.knownHostsFile();
        settings.privateKey.clear();
        settings.privateKeyFile = m_sshd.clientKeyFile();
    } else if (method == QLatin1String("password")) {
        settings.privateKey.clear();
        settings.password = m_sshd.password();
    }
    SshClient client(settings);
    const auto result = client.connect();
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    QVERIFY(client.isConnected());
    QCOMPARE(run(client, QStringLiteral("id -un")), QStringList{SshdFixture::noSudoUser()});
}

void TestSshClient::retriesUntilTheServerIsUp()
{
    // A booting VM: refused at first, then sshd comes up.
    SshdFixture later;
    const QString error = later.prepare();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    SshConnectionSettings settings = later.settings(SshdFixture::noSudoUser());
    settings.retryDeadline = 20s;
    SshClient client(settings);
    QElapsedTimer timer;
    timer.start();
    auto attempt = std::async(std::launch::async, [&client] { return client.connect(); });
    const auto stopOnFailure = qScopeGuard([&client] { client.cancel(); });
    QTest::qWait(1500);
    QCOMPARE(attempt.wait_for(0s), std::future_status::timeout);
    QCOMPARE(later.startDaemon(), QString());
    QCOMPARE(attempt.wait_for(10s), std::future_status::ready);
    const auto result = attempt.get();
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    QVERIFY(timer.elapsed() >= 1500);
    QCOMPARE(run(client, QStringLiteral("echo up")), QStringList{QStringLiteral("up")});
    client.disconnect();
    later.stop();
}

void TestSshClient::cancelStopsTheRetries()
{
    SshConnectionSettings settings = m_sshd.settings(SshdFixture::noSudoUser());
    settings.port = ib::test::freeTcpPort();
    settings.retryDeadline = 60s;
    SshClient client(settings);
    auto attempt = std::async(std::launch::async, [&client] { return client.connect(); });
    QTest::qWait(700);
    QElapsedTimer timer;
    timer.start();
    client.cancel();
    // A hang is what this catches: the retry loop sleeps in slices of at most 500 ms, but a
    // loaded 2-core machine can take seconds to schedule the connecting thread.
    QCOMPARE(attempt.wait_for(10s), std::future_status::ready);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("cancel took %1 ms").arg(timer.elapsed())));
    const auto result = attempt.get();
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::Cancelled));
}

// What the image test uses when the VM's console shows a boot that stopped: the third
// refusal ends the wait with the reason given, long before the deadline.
void TestSshClient::giveUpEndsTheRetries()
{
    SshConnectionSettings settings = m_sshd.settings(SshdFixture::noSudoUser());
    settings.port = ib::test::freeTcpPort();
    settings.retryDeadline = 60s;
    int asked = 0;
    settings.giveUp = [&asked] { return ++asked < 3 ? QString() : QStringLiteral("The boot stopped: the kernel panicked."); };
    SshClient client(settings);
    QElapsedTimer timer;
    timer.start();
    const auto result = client.connect();
    QVERIFY(!result);
    QCOMPARE(asked, 3);
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::Refused));
    QVERIFY2(result.error().message.startsWith(QStringLiteral("The boot stopped: the kernel panicked. (after 3 attempts in ")),
             qPrintable(result.error().message));
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QStringLiteral("giving up took %1 ms").arg(timer.elapsed())));
}

void TestSshClient::exitStatus_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("signal");
    QTest::newRow("0") << "true" << 0 << QString();
    QTest::newRow("1") << "exit 1" << 1 << QString();
    QTest::newRow("255") << "exit 255" << 255 << QString();
    QTest::newRow("TERM") << "kill -TERM $$" << -1 << "TERM";
}

void TestSshClient::exitStatus()
{
    QFETCH(QString, command);
    QFETCH(int, status);
    QFETCH(QString, signal);
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);

    SshExecOptions tolerant;
    tolerant.allowFailure = true;
    const auto value = client->exec(command, tolerant);
    QVERIFY2(value.ok(), qPrintable(kindName(value)));
    QCOMPARE(value->exitStatus, status);
    QCOMPARE(value->exitSignal, signal);

    const auto strict = client->exec(command);
    if (status == 0) {
        QVERIFY(strict.ok());
        return;
    }
    QVERIFY(!strict.ok());
    QCOMPARE(sshErrorKindName(strict.error().kind), sshErrorKindName(SshErrorKind::RemoteCommandFailed));
    QCOMPARE(strict.error().exitStatus, status);
    QCOMPARE(strict.error().exitSignal, signal);
    QVERIFY(strict.error().message.contains(signal.isEmpty() ? QString::number(status) : signal));
}

void TestSshClient::linesAndProgressBars()
{
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    QStringList out;
    QStringList err;
    SshExecOptions options;
    options.onStdoutLine = [&out](const QString &line) { out << line; };
    options.onStderrLine = [&err](const QString &line) { err << line; };
    const auto result = client->exec(
        QStringLiteral("printf 'one\\ntwo\\r\\nbar 10%%\\rbar 50%%\\rbar 100%%\\n\\377bad\\n\\nlast'; printf 'err1\\nerr2' >&2"), options);
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    const QStringList expectedOut{
        QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("bar 100%"), QString(QChar(0xFFFD)) + QStringLiteral("bad"), QString(),
        QStringLiteral("last")};
    QCOMPARE(out, expectedOut);
    QCOMPARE(err, (QStringList{QStringLiteral("err1"), QStringLiteral("err2")}));
}

void TestSshClient::bigOutputArrivesIntactAndApart()
{
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    // About 100 MB of text on stdout and 13 MB on stderr, written at the same time.
    const auto made = client->exec(QStringLiteral(
        "head -c 75000000 /dev/urandom | base64 -w 100 > ~/out.txt && head -c 10000000 /dev/urandom | base64 -w 80 > ~/err.txt"));
    QVERIFY2(made.ok(), qPrintable(kindName(made)));
    const QStringList sums = run(*client, QStringLiteral("cd && sha256sum out.txt err.txt && stat -c %s out.txt"));
    QCOMPARE(sums.size(), 3);
    QVERIFY(sums.at(2).toLongLong() >= 100'000'000);

    QCryptographicHash outHash(QCryptographicHash::Sha256);
    QCryptographicHash errHash(QCryptographicHash::Sha256);
    qint64 outLines = 0;
    SshExecOptions options;
    options.onStdoutLine = [&](const QString &line) {
        outHash.addData(line.toUtf8());
        outHash.addData(QByteArrayView("\n"));
        ++outLines;
    };
    options.onStderrLine = [&](const QString &line) {
        errHash.addData(line.toUtf8());
        errHash.addData(QByteArrayView("\n"));
    };
    QElapsedTimer timer;
    timer.start();
    const auto result = client->exec(QStringLiteral("cd && { cat out.txt & cat err.txt >&2; wait; }"), options);
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    qInfo("streamed %lld lines in %lld ms", outLines, timer.elapsed());
    QCOMPARE(QString::fromLatin1(outHash.result().toHex()), sums.at(0).section(QLatin1Char(' '), 0, 0));
    QCOMPARE(QString::fromLatin1(errHash.result().toHex()), sums.at(1).section(QLatin1Char(' '), 0, 0));
    run(*client, QStringLiteral("rm -f ~/out.txt ~/err.txt"));
}

void TestSshClient::keepAlivesOnSilentCommands()
{
    SshConnectionSettings settings = m_sshd.settings(SshdFixture::noSudoUser());
    settings.keepAliveInterval = 300ms;
    SshClient client(settings);
    QVERIFY(client.connect().ok());
    const qsizetype before = m_sshd.log().count("keepalive@openssh.com");
    const auto result = client.exec(QStringLiteral("sleep 1.5"));
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    QTRY_VERIFY(m_sshd.log().count("keepalive@openssh.com") >= before + 3);
}

void TestSshClient::uploadArrivesIntactWithItsMode()
{
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    QByteArray data(50 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
    const QString path = QStringLiteral("/home/%1/upload.bin").arg(SshdFixture::noSudoUser());
    QElapsedTimer timer;
    timer.start();
    const auto result = client->upload(data, path, 0750);
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    qInfo("uploaded 50 MiB in %lld ms", timer.elapsed());
    const QStringList remote = run(*client, QStringLiteral("sha256sum %1 && stat -c %a %1 && rm %1").arg(path));
    QCOMPARE(remote.size(), 2);
    QCOMPARE(remote.at(0).section(QLatin1Char(' '), 0, 0),
             QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(remote.at(1), QStringLiteral("750"));
}

void TestSshClient::uploadFile()
{
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    QTemporaryFile local;
    QVERIFY(local.open());
    local.write("#!/bin/sh\necho from the script\n");
    local.close();
    QVERIFY(local.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup));
    const QString path = QStringLiteral("/home/%1/script.sh").arg(SshdFixture::noSudoUser());
    const auto result = client->uploadFile(local.fileName(), path);
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    QCOMPARE(run(*client, QStringLiteral("stat -c %a %1 && %1 && rm %1").arg(path)),
             (QStringList{QStringLiteral("740"), QStringLiteral("from the script")}));
    // An empty file is a file too.
    QVERIFY(client->upload(QByteArray(), path, 0600).ok());
    QCOMPARE(run(*client, QStringLiteral("stat -c '%s %a' %1 && rm %1").arg(path)), QStringList{QStringLiteral("0 600")});
}

void TestSshClient::uploadFails_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("no such folder") << "/nonexistent-ib-folder/file";
    QTest::newRow("no permission") << "/etc/ib-not-allowed";
}

void TestSshClient::uploadFails()
{
    QFETCH(QString, path);
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    const auto result = client->upload(QByteArray("data"), path);
    QVERIFY(!result.ok());
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::SftpFailed));
    QVERIFY(result.error().message.contains(path));
    qInfo("%s", qPrintable(result.error().message));
    // The session is still usable.
    QCOMPARE(run(*client, QStringLiteral("echo alive")), QStringList{QStringLiteral("alive")});
}

void TestSshClient::cancelKillsTheRemoteProcessGroup_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("sleepers");
    QTest::newRow("sleep") << "sleep 600" << 1;
    QTest::newRow("shell with children") << "sh -c 'sleep 600 & sleep 600 & wait'" << 2;
    QTest::newRow("output and children") << "sleep 600 & while true; do echo tick; sleep 0.05; done" << 1;
}

void TestSshClient::cancelKillsTheRemoteProcessGroup()
{
    QFETCH(QString, command);
    QFETCH(int, sleepers);
    const QString user = SshdFixture::noSudoUser();
    {
        const QStringList left = leftoverProcesses(user);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
    }

    auto client = connected(user);
    QVERIFY(client);
    auto running = std::async(std::launch::async, [&client, command] { return client->exec(command); });
    const auto stopOnFailure = qScopeGuard([&client] { client->cancel(); });  // before the future joins
    const QRegularExpression sleeper(QStringLiteral("\\ssleep 600$"));
    QTRY_COMPARE_WITH_TIMEOUT(leftoverProcesses(user).filter(sleeper).size(), sleepers, 5000);

    QElapsedTimer timer;
    timer.start();
    client->cancel();
    QCOMPARE(running.wait_for(10s), std::future_status::ready);
    const qint64 elapsed = timer.elapsed();
    qInfo("cancel returned after %lld ms", elapsed);
    QVERIFY2(elapsed < 10000, "cancel hung");
    const auto result = running.get();
    QVERIFY(!result.ok());
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::Cancelled));
    {
        const QStringList left = leftoverProcesses(user);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
    }
    // Cancelled stays cancelled until reset.
    QCOMPARE(sshErrorKindName(client->exec(QStringLiteral("true")).error().kind), sshErrorKindName(SshErrorKind::Cancelled));
    client->resetCancel();
    QVERIFY(client->exec(QStringLiteral("true")).ok());
}

void TestSshClient::timeoutKillsTheCommand()
{
    const QString user = SshdFixture::noSudoUser();
    auto client = connected(user);
    QVERIFY(client);
    SshExecOptions options;
    options.timeout = 1s;
    QElapsedTimer timer;
    timer.start();
    const auto result = client->exec(QStringLiteral("sh -c 'sleep 600 & wait'"), options);
    QVERIFY(!result.ok());
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::TimedOut));
    QVERIFY2(timer.elapsed() >= 1000 && timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    {
        const QStringList left = leftoverProcesses(user);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
    }
}

void TestSshClient::sudoRunsAsRoot()
{
    if (!SshdFixture::sudoInstalled())
        QSKIP("sudo is not installed here (apt-get install sudo)");
    auto client = connected(SshdFixture::sudoUser());
    QVERIFY(client);
    QStringList lines;
    SshExecOptions options;
    options.onStdoutLine = [&lines](const QString &line) { lines << line; };
    const auto result = client->execAsRoot(QStringLiteral("id -u; echo \"it's $(whoami)\""), options);
    QVERIFY2(result.ok(), qPrintable(kindName(result)));
    QCOMPARE(lines, (QStringList{QStringLiteral("0"), QStringLiteral("it's root")}));

    const auto failed = client->execAsRoot(QStringLiteral("exit 3"));
    QVERIFY(!failed.ok());
    QCOMPARE(sshErrorKindName(failed.error().kind), sshErrorKindName(SshErrorKind::RemoteCommandFailed));
    QCOMPARE(failed.error().exitStatus, 3);
}

void TestSshClient::cancelKillsARootCommand()
{
    if (!SshdFixture::sudoInstalled())
        QSKIP("sudo is not installed here (apt-get install sudo)");
    auto client = connected(SshdFixture::sudoUser());
    auto observer = connected(SshdFixture::sudoUser());
    QVERIFY(client && observer);
    const QRegularExpression sleeper(QStringLiteral("^\\S+\\s+\\d+\\s+sleep 6061$"));
    const auto rootSleepers = [&] { return run(*observer, QStringLiteral("ps -eo user=,pid=,args=")).filter(sleeper); };
    QCOMPARE(rootSleepers(), QStringList());
    auto running = std::async(std::launch::async, [&client] { return client->execAsRoot(QStringLiteral("sleep 6061 & sleep 6061")); });
    const auto stopOnFailure = qScopeGuard([&client] { client->cancel(); });
    QTRY_COMPARE_WITH_TIMEOUT(rootSleepers().size(), 2, 5000);
    QVERIFY(rootSleepers().at(0).startsWith(QLatin1String("root")));
    QElapsedTimer timer;
    timer.start();
    client->cancel();
    QCOMPARE(running.wait_for(10s), std::future_status::ready);
    QVERIFY2(timer.elapsed() < 10000, "cancel hung");
    QCOMPARE(sshErrorKindName(running.get().error().kind), sshErrorKindName(SshErrorKind::Cancelled));
    const QStringList left = rootSleepers();
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
}

void TestSshClient::sudoWithoutPasswordlessSudoIsExplained()
{
    if (!SshdFixture::sudoInstalled())
        QSKIP("sudo is not installed here (apt-get install sudo)");
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    const auto result = client->execAsRoot(QStringLiteral("id -u"));
    QVERIFY(!result.ok());
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::SudoNeedsPassword));
    qInfo("%s", qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(SshdFixture::noSudoUser()));
    QVERIFY(result.error().message.contains(QLatin1String("NOPASSWD")));
}

void TestSshClient::serverKilledMidCommandIsDisconnected()
{
    auto client = connected(SshdFixture::noSudoUser());
    QVERIFY(client);
    std::atomic<bool> started{false};
    SshExecOptions options;
    options.onStdoutLine = [&started](const QString &) { started = true; };
    auto running = std::async(std::launch::async, [&] { return client->exec(QStringLiteral("echo started; sleep 60"), options); });
    const auto stopOnFailure = qScopeGuard([&client] { client->cancel(); });
    QTRY_VERIFY_WITH_TIMEOUT(started.load(), 5000);
    m_sshd.killAll();
    QCOMPARE(running.wait_for(5s), std::future_status::ready);
    const auto result = running.get();
    QVERIFY(!result.ok());
    QCOMPARE(sshErrorKindName(result.error().kind), sshErrorKindName(SshErrorKind::Disconnected));
    qInfo("%s", qPrintable(result.error().message));
    QVERIFY(!client->isConnected());
    QCOMPARE(sshErrorKindName(client->exec(QStringLiteral("true")).error().kind), sshErrorKindName(SshErrorKind::Disconnected));
    QCOMPARE(m_sshd.startDaemon(), QString());
}

QTEST_GUILESS_MAIN(TestSshClient)
#include "tst_sshclient.moc"
