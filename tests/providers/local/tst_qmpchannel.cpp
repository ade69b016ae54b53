// The QMP endpoint a local build's QEMU gets on each platform, its place on QEMU's command
// line, and the client over both transports against a stand-in for QEMU that speaks QMP
// as QEMU's documentation (docs/interop/qmp-spec) shows it.
#include "providers/local/QemuCommand.h"
#include "providers/local/QmpChannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using ib::local::QemuCommand;
using ib::local::QemuLaunchSpec;
using ib::local::QemuTools;
using ib::local::QmpClient;
using ib::local::QmpEndpoint;

namespace {

const QByteArray kGreeting =
    R"({"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 8}, "package": ""}, "capabilities": ["oob"]}})"
    "\r\n";

// A QEMU stand-in on its own thread (the client blocks): it greets, answers
// qmp_capabilities, query-status (after an event, as QEMU may send one any time) and quit
// (then hangs up, as QEMU does), and refuses any other command as QEMU does.
class FakeQemu final : public QThread
{
public:
    FakeQemu(QString socketPath, QByteArray greeting = kGreeting)
        : m_socketPath(std::move(socketPath))
        , m_greeting(std::move(greeting))
    {}
    // A failed check returns early: the thread ends on its own timeouts, not destroyed running.
    ~FakeQemu() override { wait(); }

    QmpEndpoint endpoint()
    {
        start();
        m_ready.acquire();
        QmpEndpoint endpoint;
        if (m_socketPath.isEmpty())
            endpoint.tcpPort = m_port;
        else
            endpoint.socketPath = m_socketPath;
        return endpoint;
    }
    // Valid once the thread has finished.
    QStringList commands() const { return m_commands; }

protected:
    void run() override
    {
        std::unique_ptr<QTcpServer> tcp;
        std::unique_ptr<QLocalServer> local;
        bool connected = false;
        if (m_socketPath.isEmpty()) {
            tcp = std::make_unique<QTcpServer>();
            tcp->listen(QHostAddress::LocalHost, 0);
            m_port = tcp->serverPort();
            m_ready.release();
            connected = tcp->waitForNewConnection(10000);
        } else {
            local = std::make_unique<QLocalServer>();
            local->listen(m_socketPath);
            m_ready.release();
            connected = local->waitForNewConnection(10000);
        }
        if (!connected)
            return;
        QIODevice *peer = tcp ? static_cast<QIODevice *>(tcp->nextPendingConnection()) : local->nextPendingConnection();
        send(peer, m_greeting);
        QByteArray buffer;
        for (;;) {
            const qsizetype end = buffer.indexOf('\n');
            if (end < 0) {
                if (!peer->waitForReadyRead(10000))
                    return;
                buffer += peer->readAll();
                continue;
            }
            const QString command = QJsonDocument::fromJson(buffer.left(end)).object().value(QLatin1String("execute")).toString();
            buffer.remove(0, end + 1);
            m_commands << command;
            if (command == QLatin1String("qmp_capabilities")) {
                send(peer, "{\"return\": {}}\r\n");
            } else if (command == QLatin1String("query-status")) {
                send(peer,
                     "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RTC_CHANGE\", \"data\": {\"offset\": 0}}\r\n"
                     "{\"return\": {\"status\": \"running\", \"running\": true}}\r\n");
            } else if (command == QLatin1String("quit")) {
                send(peer, "{\"return\": {}}\r\n");
                peer->close();
                return;
            } else {
                send(peer,
                     QStringLiteral("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command %1 has not been found\"}}\r\n")
                         .arg(command)
                         .toUtf8());
            }
        }
    }

private:
    static void send(QIODevice *peer, const QByteArray &bytes)
    {
        peer->write(bytes);
        while (peer->bytesToWrite() > 0 && peer->waitForBytesWritten(5000)) {
        }
    }

    QString m_socketPath;  // empty: TCP on 127.0.0.1
    QByteArray m_greeting;
    quint16 m_port = 0;
    QSemaphore m_ready;
    QStringList m_commands;
};

QemuLaunchSpec linuxSpec()
{
    QemuLaunchSpec spec;
    spec.name = QStringLiteral("imagebuilder-42");
    spec.diskPath = QStringLiteral("/var/lib/ib/builds/42/disk.qcow2");
    spec.seedFolder = QStringLiteral("/var/lib/ib/builds/42/seed");
    spec.sshHostPort = 40022;
    spec.serialLogPath = QStringLiteral("/var/lib/ib/builds/42/serial.log");
    return spec;
}

}  // namespace

class QmpChannelTest final : public QObject
{
    Q_OBJECT

private slots:
    void endpointPerPlatform()
    {
        int asked = 0;
        const auto port = [&asked] {
            ++asked;
            return quint16(49152);
        };
        const QmpEndpoint onWindows = QmpEndpoint::forLocalBuild(QemuTools::HostOs::Windows, port);
        QCOMPARE(onWindows.tcpPort, quint16(49152));
        QVERIFY(onWindows.socketPath.isEmpty());
        QCOMPARE(onWindows.qemuOption(), QStringLiteral("tcp:127.0.0.1:49152,server=on,wait=off"));
        QCOMPARE(asked, 1);
        // Linux and macOS stop QEMU with SIGTERM: no endpoint, and no port taken for one.
        QVERIFY(QmpEndpoint::forLocalBuild(QemuTools::HostOs::Linux, port).isEmpty());
        QVERIFY(QmpEndpoint::forLocalBuild(QemuTools::HostOs::MacOs, port).isEmpty());
        QCOMPARE(asked, 1);
    }

    void commandLinePerPlatform()
    {
        // Linux: exactly the command line local builds have always had (no -qmp).
        const QStringList onLinux = QemuCommand::arguments(linuxSpec());
        QCOMPARE(onLinux.join(QLatin1Char(' ')),
                 QStringLiteral("-name imagebuilder-42 -machine q35 -accel tcg,thread=multi -cpu max -smp 2 -m 1024 -nographic -monitor "
                                "none -no-reboot -serial file:/var/lib/ib/builds/42/serial.log -drive "
                                "if=virtio,file=/var/lib/ib/builds/42/disk.qcow2,format=qcow2,cache=unsafe,discard=unmap -global "
                                "virtio-blk-pci.discard_granularity=4096 -drive "
                                "if=virtio,driver=vvfat,dir=/var/lib/ib/builds/42/seed,label=CIDATA,readonly=on -netdev "
                                "user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22 -device virtio-net-pci,netdev=net0 -device "
                                "virtio-rng-pci"));
        // Windows: the same plus QMP on the loopback port, right after the serial console.
        QemuLaunchSpec windows = linuxSpec();
        windows.qmp = QmpEndpoint::forLocalBuild(QemuTools::HostOs::Windows, [] { return quint16(49153); });
        QStringList expected = onLinux;
        const qsizetype drive = expected.indexOf(QStringLiteral("-drive"));
        expected.insert(drive, QStringLiteral("tcp:127.0.0.1:49153,server=on,wait=off"));
        expected.insert(drive, QStringLiteral("-qmp"));
        QCOMPARE(QemuCommand::arguments(windows), expected);
        // A Unix socket path is escaped like every QEMU option value.
        QemuLaunchSpec unixSocket = linuxSpec();
        unixSocket.qmp.socketPath = QStringLiteral("/run/ib/a,b/qmp.sock");
        QVERIFY(QemuCommand::arguments(unixSocket).contains(QStringLiteral("unix:/run/ib/a,,b/qmp.sock,server=on,wait=off")));
    }

    // Issue 20: an arm64 guest runs on QEMU's virt board, booted by UEFI from a read-only
    // pflash (the firmware's path escaped like every option value); the rest is the same.
    void commandLineForArm64()
    {
        QemuLaunchSpec arm = linuxSpec();
        arm.architecture = QStringLiteral("aarch64");
        arm.firmwarePath = QStringLiteral("/opt/homebrew/share/qemu/edk2-aarch64-code,1.fd");
        QStringList expected = QemuCommand::arguments(linuxSpec());
        const qsizetype machine = expected.indexOf(QStringLiteral("q35"));
        expected[machine] = QStringLiteral("virt");
        expected.insert(machine + 1, QStringLiteral("-drive"));
        expected.insert(machine + 2, QStringLiteral("if=pflash,format=raw,unit=0,readonly=on,file=/opt/homebrew/share/qemu/"
                                                    "edk2-aarch64-code,,1.fd"));
        QCOMPARE(QemuCommand::arguments(arm), expected);
    }

    void clientOverTcp() { session(QString()); }

    void clientOverUnixSocket()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        session(dir.filePath(QStringLiteral("qmp.sock")));
    }

    void refusesWhatIsNotQmp()
    {
        FakeQemu ssh(QString(), "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
        QmpClient client;
        const auto opened = client.open(ssh.endpoint(), 5000);
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(QLatin1String("did not greet as QEMU's QMP does")), qPrintable(opened.error().message));
        QVERIFY(!client.isOpen());
        ssh.wait(15000);
    }

    void saysWhenNothingListens()
    {
        quint16 closedPort = 0;
        {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost, 0));
            closedPort = server.serverPort();
        }
        QmpEndpoint endpoint;
        endpoint.tcpPort = closedPort;
        QmpClient client;
        const auto opened = client.open(endpoint, 3000);
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.startsWith(QStringLiteral("Cannot reach QEMU's QMP at 127.0.0.1:%1").arg(closedPort)),
                 qPrintable(opened.error().message));
        QVERIFY(!client.open(QmpEndpoint{}, 1000));
    }

private:
    void session(const QString &socketPath)
    {
        FakeQemu qemu(socketPath);
        QmpClient client;
        const auto opened = client.open(qemu.endpoint(), 5000);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        QVERIFY(client.isOpen());

        const auto status = client.execute(QStringLiteral("query-status"), 5000);
        QVERIFY2(status, status ? "" : qPrintable(status.error().message));
        QCOMPARE(status->value(QLatin1String("status")).toString(), QStringLiteral("running"));

        const auto unknown = client.execute(QStringLiteral("no-such-command"), 5000);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().message,
                 QStringLiteral("QEMU refused \"no-such-command\": The command no-such-command has not been found (CommandNotFound)"));

        const auto quit = client.execute(QStringLiteral("quit"), 5000);
        QVERIFY2(quit, quit ? "" : qPrintable(quit.error().message));
        QVERIFY(qemu.wait(15000));
        QCOMPARE(qemu.commands(), (QStringList{QStringLiteral("qmp_capabilities"), QStringLiteral("query-status"),
                                               QStringLiteral("no-such-command"), QStringLiteral("quit")}));
        // QEMU has hung up: a further command fails and says so instead of waiting.
        const auto after = client.execute(QStringLiteral("query-status"), 5000);
        QVERIFY(!after);
    }
};

QTEST_GUILESS_MAIN(QmpChannelTest)
#include "tst_qmpchannel.moc"
