// SshClient against a real, throwaway OpenSSH server on 127.0.0.1: commands (exit status,
// output, keep-alives, cancel and timeout), SFTP uploads and sudo. Connecting is
// tst_sshconnect.
#include "SshTestHelpers.h"
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

#include <atomic>
#include <future>
#include <memory>
#include <thread>

using namespace ib::ssh;
using ib::test::SshdFixture;
using namespace std::chrono_literals;

using ib::test::kindName;
using ib::test::run;

class TestSshClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

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
