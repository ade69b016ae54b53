#include "cloudinit/NoCloudSeed.h"
#include "providers/local/QemuCommand.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using ib::cloudinit::NoCloudSeed;
using ib::local::QemuCommand;
using ib::local::QemuLaunchSpec;

namespace {

NoCloudSeed sampleSeed()
{
    NoCloudSeed seed;
    seed.instanceId = QStringLiteral("ib-build-42");
    seed.hostname = QStringLiteral("build-42");
    seed.authorizedKey = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeUserKey build-42\n");
    seed.hostPrivateKey = QStringLiteral("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                                         "QyNTUxOQAAACBFakeHostKey\n-----END OPENSSH PRIVATE KEY-----\n");
    seed.hostPublicKey = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKey");
    return seed;
}

}  // namespace

class NoCloudSeedTest final : public QObject
{
    Q_OBJECT

private slots:
    void userDataIsCloudConfig()
    {
        const QString text = sampleSeed().userData();
        QVERIFY(text.startsWith(QStringLiteral("#cloud-config\n")));
        QVERIFY(text.contains(QStringLiteral("ssh_authorized_keys:\n  - \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeUserKey build-42\"\n")));
        // The private key is a YAML block: every line indented under ed25519_private.
        QVERIFY(text.contains(QStringLiteral("  ed25519_private: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n"
                                             "    b3BlbnNzaC1rZXktdjEAAAAA\n    QyNTUxOQAAACBFakeHostKey\n"
                                             "    -----END OPENSSH PRIVATE KEY-----\n  ed25519_public: ")));
        QVERIFY(text.contains(QStringLiteral("\nssh_pwauth: false\n")));
        QVERIFY(!text.contains(QStringLiteral("cloud_config_modules")));
        QCOMPARE(sampleSeed().metaData(), QStringLiteral("instance-id: \"ib-build-42\"\nlocal-hostname: \"build-42\"\n"));
    }

    // A local build's VM runs cloud-init's init stages only: the config and final stages'
    // module lists are emptied (a YAML list in user data replaces the image's own).
    void initStagesOnlyEmptiesTheLaterStages()
    {
        NoCloudSeed seed = sampleSeed();
        seed.initStagesOnly = true;
        const QString text = seed.userData();
        QVERIFY(text.endsWith(QStringLiteral("\ncloud_config_modules: []\ncloud_final_modules: []\n")));
        QVERIFY(!text.contains(QStringLiteral("cloud_init_modules")));
    }

    void writeNeedsInstanceId()
    {
        QTemporaryDir dir;
        NoCloudSeed seed = sampleSeed();
        seed.instanceId.clear();
        QCOMPARE(seed.writeTo(dir.filePath(QStringLiteral("seed"))).error().kind, ib::ErrorKind::Invalid);
    }

    // The folder as QEMU's vvfat shows it to the guest: a FAT volume labelled CIDATA with
    // the three files, also when the path has a comma (QEMU's option separator).
    void vvfatShowsTheSeed()
    {
        const QString qemuImg = QStandardPaths::findExecutable(QStringLiteral("qemu-img"));
        if (qemuImg.isEmpty()) {
            QSKIP("qemu-img is not installed here");
        }
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("seed,of build"));
        QVERIFY(sampleSeed().writeTo(folder).ok());
        QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name),
                 (QStringList{QStringLiteral("meta-data"), QStringLiteral("network-config"), QStringLiteral("user-data")}));
        QCOMPARE(QFile::permissions(folder + QStringLiteral("/user-data")) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());

        const QStringList drive = QemuCommand::seedDriveArguments(folder);
        QCOMPARE(drive.size(), 2);
        QVERIFY(drive.at(1).contains(QStringLiteral("seed,,of build")));
        // -drive's options minus "if=" and "readonly=" are the block driver's options.
        QString opts = drive.at(1);
        opts.remove(QStringLiteral("if=virtio,")).remove(QStringLiteral(",readonly=on"));
        const QString raw = dir.filePath(QStringLiteral("seed.raw"));
        QProcess p;
        p.start(qemuImg,
                {QStringLiteral("convert"), QStringLiteral("--image-opts"), opts, QStringLiteral("-O"), QStringLiteral("raw"), raw});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QFile image(raw);
        QVERIFY(image.open(QIODevice::ReadOnly));
        const QByteArray bytes = image.read(8 * 1024 * 1024);
        QVERIFY(bytes.contains("CIDATA     "));                   // the FAT volume label, 11 bytes
        QVERIFY(bytes.contains("instance-id: \"ib-build-42\""));  // a file's data
    }

    void commandLine()
    {
        QemuLaunchSpec spec;
        spec.name = QStringLiteral("ib-build-42");
        spec.diskPath = QStringLiteral("/var/lib/ib/builds/42/disk,1.qcow2");
        spec.seedFolder = QStringLiteral("/var/lib/ib/builds/42/seed");
        spec.sshHostPort = 40022;
        spec.serialLogPath = QStringLiteral("/var/lib/ib/builds/42/serial.log");
        const QString line = QemuCommand::arguments(spec).join(QLatin1Char(' '));
        QVERIFY(line.contains(QStringLiteral("-machine q35 -accel tcg,thread=multi -cpu max -smp 2 -m 1024")));
        QVERIFY(line.contains(QStringLiteral("hostfwd=tcp:127.0.0.1:40022-:22")));
        QVERIFY(line.contains(QStringLiteral("file=/var/lib/ib/builds/42/disk,,1.qcow2,format=qcow2,cache=unsafe")));
        QVERIFY(line.contains(QStringLiteral("driver=vvfat,dir=/var/lib/ib/builds/42/seed,label=CIDATA,readonly=on")));
        QVERIFY(line.contains(QStringLiteral("-serial file:/var/lib/ib/builds/42/serial.log")));
        QVERIFY(line.contains(QStringLiteral("-no-reboot")));
    }
};

QTEST_GUILESS_MAIN(NoCloudSeedTest)
#include "tst_nocloudseed.moc"
