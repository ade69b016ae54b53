// PasstNetwork (issue 15): when a local build VM gets passt instead of QEMU's user
// networking, passt's command line, and QEMU's -netdev for it. The VM test (vm_build_e2e)
// shows the effect: the user script reaches the internet but not a service on the host's
// loopback.
#include "providers/local/PasstNetwork.h"
#include "providers/local/QemuCommand.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ib::local;

class PasstNetworkTest final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString resolvConf(const QByteArray &text)
    {
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("resolv-%1.conf").arg(++n));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }

private slots:
    void arguments()
    {
        QCOMPARE(PasstNetwork::arguments(QStringLiteral("/run/user/1000/imagebuilder-x.sock"), 40022, false).join(QLatin1Char(' ')),
                 QStringLiteral("--foreground --quiet --one-off --socket /run/user/1000/imagebuilder-x.sock --no-map-gw --udp-ports none "
                                "--tcp-ports 127.0.0.1/40022:22"));
        // As root it keeps root, so that it can make its socket where only root may.
        const auto asRoot = PasstNetwork::arguments(QStringLiteral("/s.sock"), 1, true);
        QCOMPARE(asRoot.at(asRoot.indexOf(QStringLiteral("--runas")) + 1), QStringLiteral("0:0"));
    }

    void resolverOnLoopback()
    {
        QVERIFY(PasstNetwork::resolverIsLoopback(resolvConf("# systemd-resolved\nnameserver 127.0.0.53\noptions edns0\n")));
        QVERIFY(PasstNetwork::resolverIsLoopback(resolvConf("nameserver ::1\n")));
        QVERIFY(!PasstNetwork::resolverIsLoopback(resolvConf("search example.com\nnameserver 10.255.255.53\nnameserver 127.0.0.1\n")));
        QVERIFY(!PasstNetwork::resolverIsLoopback(resolvConf("nameserver fe80::1%eth0\n")));
        QVERIFY(!PasstNetwork::resolverIsLoopback(m_dir.filePath(QStringLiteral("none.conf"))));
    }

    void choice()
    {
        const auto off = PasstNetwork::choose(false, resolvConf("nameserver 10.0.0.1\n"));
        QVERIFY(off.program.isEmpty());
        QVERIFY2(off.reason.contains(QLatin1String("10.0.2.2")), qPrintable(off.reason));
#ifdef Q_OS_LINUX
        const bool installed = !QStandardPaths::findExecutable(QStringLiteral("passt")).isEmpty();
        const auto on = PasstNetwork::choose(true, resolvConf("nameserver 10.0.0.1\n"));
        QCOMPARE(on.program.isEmpty(), !installed);
        QVERIFY2(
            on.reason.startsWith(installed ? QLatin1String("passt:") : QLatin1String("QEMU's user networking: passt is not installed")),
            qPrintable(on.reason));
        if (installed) {
            const auto loopbackDns = PasstNetwork::choose(true, resolvConf("nameserver 127.0.0.53\n"));
            QVERIFY(loopbackDns.program.isEmpty());
            QVERIFY2(loopbackDns.reason.contains(QLatin1String("DNS resolver")), qPrintable(loopbackDns.reason));
        }
#endif
    }

    void qemuJoinsPasstsSocket()
    {
        QemuLaunchSpec spec;
        spec.diskPath = QStringLiteral("/d/disk.qcow2");
        spec.sshHostPort = 40022;
        const auto slirp = QemuCommand::arguments(spec);
        QVERIFY(slirp.contains(QStringLiteral("user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22")));
        spec.netSocketPath = QStringLiteral("/run/user/1000/imagebuilder-a,b.sock");
        const auto passt = QemuCommand::arguments(spec);
        QVERIFY(passt.contains(QStringLiteral("stream,id=net0,server=off,addr.type=unix,addr.path=/run/user/1000/imagebuilder-a,,b.sock")));
        QVERIFY(!passt.join(QLatin1Char(' ')).contains(QLatin1String("hostfwd")));
        QVERIFY(passt.contains(QStringLiteral("virtio-net-pci,netdev=net0")));
    }
};

QTEST_GUILESS_MAIN(PasstNetworkTest)
#include "tst_passtnetwork.moc"
