// Issue 20: the command line the local provider gives an arm64 guest, run by a real
// qemu-system-aarch64 (Debian's qemu-system-arm, with qemu-efi-aarch64's UEFI firmware, both
// installed by packaging/setup/deps.sh test). There is no arm64 cloud image on this machine
// to build from, so this boots the firmware with a blank disk: UEFI starts from the pflash,
// finds the virtio disk (empty: nothing to boot) and tries the network. Under TCG on
// x86-64, the path an Intel Mac or a PC takes; Apple Silicon's HVF cannot run here.

#include "providers/local/Accelerator.h"
#include "providers/local/QemuCommand.h"
#include "providers/local/QemuTools.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ib::local;

class Arm64FirmwareTest final : public QObject
{
    Q_OBJECT

private slots:
    void uefiBootsTheVirtBoard()
    {
        auto tools = QemuTools::find({}, {}, QStringLiteral("aarch64"));
        if (!tools && tools.error().kind == ib::ErrorKind::NotFound)
            QSKIP(qPrintable(QStringLiteral("no arm64 QEMU here (packaging/setup/deps.sh test installs it): ") + tools.error().message));
        QVERIFY2(tools, tools ? "" : qPrintable(tools.error().message));
        QVERIFY2(tools->systemProgram().endsWith(QStringLiteral("qemu-system-aarch64")), qPrintable(tools->systemProgram()));
        QVERIFY(QFile::exists(tools->firmwarePath()));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess create;
        create.start(tools->imgProgram(), {QStringLiteral("create"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("qcow2"),
                                           dir.filePath(QStringLiteral("disk.qcow2")), QStringLiteral("1G")});
        QVERIFY(create.waitForFinished(30000));
        QCOMPARE(create.exitCode(), 0);
        QTcpServer probe;  // a free loopback port for the forwarded SSH port
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();

        QemuLaunchSpec spec;
        spec.name = QStringLiteral("imagebuilder-arm64-firmware-test");
        spec.diskPath = dir.filePath(QStringLiteral("disk.qcow2"));
        spec.sshHostPort = port;
        spec.memoryMiB = 512;
        spec.serialLogPath = dir.filePath(QStringLiteral("serial.log"));
        spec.architecture = QStringLiteral("aarch64");
        spec.firmwarePath = tools->firmwarePath();
        spec.accelerator = Accelerator::detect(AcceleratorPreference::Automatic, tools->accelerators(), QStringLiteral("aarch64"));
        QCOMPARE(spec.accelerator.kind(), AcceleratorKind::Tcg);  // an x86-64 host: KVM cannot run it
        qInfo("%s", qPrintable(spec.accelerator.reason()));

        QProcess qemu;
        qemu.setProcessChannelMode(QProcess::MergedChannels);
        qemu.start(tools->systemProgram(), QemuCommand::arguments(spec));
        QVERIFY2(qemu.waitForStarted(10000), qPrintable(qemu.errorString()));
        // The firmware's banner, then its boot manager trying the blank virtio disk.
        QByteArray serial;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 120000 && qemu.state() == QProcess::Running) {
            QFile log(spec.serialLogPath);
            serial = log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
            if (serial.contains("UEFI firmware") && serial.contains("BdsDxe"))
                break;
            qemu.waitForFinished(500);
        }
        const QByteArray output = qemu.readAll();
        qemu.kill();
        qemu.waitForFinished(10000);
        QVERIFY2(serial.contains("UEFI firmware"), qPrintable(QString::fromLatin1(output + '\n' + serial.left(2000))));
        QVERIFY2(serial.contains("BdsDxe"), qPrintable(QString::fromLatin1(serial.left(4000))));
        qInfo("UEFI up in %lld ms", static_cast<long long>(clock.elapsed()));
    }
};

QTEST_GUILESS_MAIN(Arm64FirmwareTest)
#include "tst_arm64firmware.moc"
