// SshClient connecting to a real, throwaway OpenSSH server on 127.0.0.1 (SshConnect): keys
// OpenSSH accepts, the pinned host key, each way a connect fails, the retries while a VM
// boots and what ends them. Commands, uploads and sudo are tst_sshclient.
#include "SshTestHelpers.h"
#include "SshdFixture.h"
#include "TestSupport.h"
#include "logging/Logging.h"
#include "ssh/OpenSshCommand.h"
#include "ssh/SshClient.h"
#include "ssh/SshKeyPair.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtEndian>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <memory>

using namespace ib::ssh;
using ib::test::kindName;
using ib::test::run;
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

}  // namespace

class TestSshConnect final : public QObject
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

private:
    SshdFixture m_sshd;
};

void TestSshConnect::initTestCase()
{
    ib::logging::init(ib::logging::Target::Tests);
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSshConnect::cleanupTestCase()
{
    m_sshd.stop();
}

void TestSshConnect::generatedKeyWorksWithOpenSsh()
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
void TestSshConnect::keptVmCommandPinsTheHostKey()
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

void TestSshConnect::connectFails_data()
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

void TestSshConnect::connectFails()
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

void TestSshConnect::connectSucceeds_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("pinned host key, in-memory key") << "memory";
    QTest::newRow("known_hosts, key file") << "file";
    QTest::newRow("password") << "password";
}

void TestSshConnect::connectSucceeds()
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

void TestSshConnect::retriesUntilTheServerIsUp()
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

void TestSshConnect::cancelStopsTheRetries()
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
void TestSshConnect::giveUpEndsTheRetries()
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

QTEST_GUILESS_MAIN(TestSshConnect)
#include "tst_sshconnect.moc"
