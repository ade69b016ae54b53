#include "baseimages/BaseImageLibrary.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"

#include <QTest>

using namespace ib;

// The file names of the distributions' cloud images: what they say about OS and user (the
// GUI's import prefill and the CLI's import defaults), and the hint that names them.
class CloudImageNamesTest final : public QObject
{
    Q_OBJECT

private slots:
    void guessesFromTheFileName_data();
    void guessesFromTheFileName();
    void everyKnownImageIsInTheOsCatalog();
    void theHintNamesTheFilesToDownload();
    void arm64DownloadsForAnArm64Computer();
};

void CloudImageNamesTest::guessesFromTheFileName_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("os");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("arch");  // issue 20: from the name too
    QTest::newRow("debian genericcloud") << "/home/a/Downloads/debian-12-genericcloud-amd64.qcow2"
                                         << "debian:12"
                                         << "debian"
                                         << "x86_64";
    QTest::newRow("debian generic") << "debian-12-generic-amd64.qcow2"
                                    << "debian:12"
                                    << "debian"
                                    << "x86_64";
    QTest::newRow("debian dated") << "debian-12-genericcloud-amd64-20240211-1654.qcow2"
                                  << "debian:12"
                                  << "debian"
                                  << "x86_64";
    QTest::newRow("ubuntu jammy") << "jammy-server-cloudimg-amd64.img"
                                  << "ubuntu:22.04"
                                  << "ubuntu"
                                  << "x86_64";
    QTest::newRow("ubuntu noble") << "C:\\images\\noble-server-cloudimg-amd64.img"
                                  << "ubuntu:24.04"
                                  << "ubuntu"
                                  << "x86_64";
    QTest::newRow("ubuntu by number") << "ubuntu-24.04-server-cloudimg-amd64.img"
                                      << "ubuntu:24.04"
                                      << "ubuntu"
                                      << "x86_64";
    QTest::newRow("rocky base") << "Rocky-9-GenericCloud-Base.latest.x86_64.qcow2"
                                << "rocky:9"
                                << "rocky"
                                << "x86_64";
    QTest::newRow("rocky short") << "Rocky-9-GenericCloud.latest.x86_64.qcow2"
                                 << "rocky:9"
                                 << "rocky"
                                 << "x86_64";
    QTest::newRow("rocky point release") << "Rocky-9.4-GenericCloud-Base-9.4-20240609.0.x86_64.qcow2"
                                         << "rocky:9"
                                         << "rocky"
                                         << "x86_64";
    QTest::newRow("debian 11 is not in the catalog") << "debian-11-genericcloud-amd64.qcow2"
                                                     << ""
                                                     << ""
                                                     << "x86_64";
    QTest::newRow("debian arm64") << "debian-12-genericcloud-arm64.qcow2"
                                  << "debian:12"
                                  << "debian"
                                  << "aarch64";
    QTest::newRow("ubuntu arm64") << "noble-server-cloudimg-arm64.img"
                                  << "ubuntu:24.04"
                                  << "ubuntu"
                                  << "aarch64";
    QTest::newRow("rocky aarch64") << "Rocky-9-GenericCloud-Base.latest.aarch64.qcow2"
                                   << "rocky:9"
                                   << "rocky"
                                   << "aarch64";
    QTest::newRow("arm64 of an unknown OS") << "my-arm64-image.qcow2"
                                            << ""
                                            << ""
                                            << "aarch64";
    QTest::newRow("unknown") << "my-image.qcow2"
                             << ""
                             << ""
                             << "";
    QTest::newRow("debian in a folder name only") << "/srv/debian-12-images/disk.qcow2"
                                                  << ""
                                                  << ""
                                                  << "";
}

void CloudImageNamesTest::guessesFromTheFileName()
{
    QFETCH(QString, file);
    QFETCH(QString, os);
    QFETCH(QString, user);
    QFETCH(QString, arch);
    const auto guess = CloudImageNames::guess(file);
    QCOMPARE(guess.osKey, os);
    QCOMPARE(guess.loginUser, user);
    QCOMPARE(guess.architecture, arch);
    QCOMPARE(guess.isKnown(), !os.isEmpty());
}

void CloudImageNamesTest::everyKnownImageIsInTheOsCatalog()
{
    const auto &catalog = ApplicationCatalog::builtin();
    for (const auto &k : CloudImageNames::known()) {
        const auto *os = catalog.findOs(k.osKey);
        QVERIFY2(os, qPrintable(k.osKey));
        QCOMPARE(k.loginUser, os->loginUser);
        for (const auto &name : k.fileNames) {
            // Every published name is recognised as what it is.
            QCOMPARE(CloudImageNames::guess(name).osKey, k.osKey);
            QCOMPARE(CloudImageNames::guess(name).architecture, QLatin1String(ArchX86));
        }
        // The arm64 one too (issue 20: local builds with HVF on Apple Silicon).
        QCOMPARE(CloudImageNames::guess(k.arm64FileName).osKey, k.osKey);
        QCOMPARE(CloudImageNames::guess(k.arm64FileName).architecture, QLatin1String(ArchArm64));
        QVERIFY(k.arm64Url.startsWith(QStringLiteral("https://")));
    }
    // And every OS in the catalog has a cloud image to import.
    for (const auto &os : catalog.operatingSystems())
        QVERIFY2(CloudImageNames::forOs(os.key()), qPrintable(os.key()));
}

void CloudImageNamesTest::theHintNamesTheFilesToDownload()
{
    const QString hint = BaseImageLibrary::cloudImageHint();
    for (const char *name : {"debian-12-genericcloud-amd64.qcow2", "jammy-server-cloudimg-amd64.img", "noble-server-cloudimg-amd64.img",
                             "Rocky-9-GenericCloud-Base.latest.x86_64.qcow2", "--user debian", "--user ubuntu", "--user rocky"})
        QVERIFY2(hint.contains(QLatin1String(name)), name);
}

// Issue 20: on an arm64 computer the hints name the arm64 images (and --arch for the CLI).
void CloudImageNamesTest::arm64DownloadsForAnArm64Computer()
{
    const auto debian = CloudImageNames::download(QStringLiteral("debian:12"), QLatin1String(ArchArm64));
    QCOMPARE(debian.fileName, QStringLiteral("debian-12-genericcloud-arm64.qcow2"));
    QCOMPARE(debian.url, QStringLiteral("https://cloud.debian.org/images/cloud/bookworm/latest/"));
    QCOMPARE(debian.loginUser, QStringLiteral("debian"));
    QCOMPARE(CloudImageNames::download(QStringLiteral("rocky:9"), QLatin1String(ArchArm64)).url,
             QStringLiteral("https://dl.rockylinux.org/pub/rocky/9/images/aarch64/"));
    QCOMPARE(CloudImageNames::download(QStringLiteral("ubuntu:24.04"), QLatin1String(ArchX86)).fileName,
             QStringLiteral("noble-server-cloudimg-amd64.img"));
    QVERIFY(CloudImageNames::download(QStringLiteral("alpine:3"), QLatin1String(ArchArm64)).fileName.isEmpty());

    const QStringList arm = CloudImageNames::downloadLines(QLatin1String(ArchArm64));
    QCOMPARE(arm.first(),
             QStringLiteral("Debian 12: debian-12-genericcloud-arm64.qcow2 from https://cloud.debian.org/images/cloud/bookworm/"
                            "latest/ (--os debian:12 --user debian --arch aarch64)"));
    QCOMPARE(arm.filter(QStringLiteral("--arch aarch64")).size(), arm.size());
    const QStringList pc = CloudImageNames::downloadLines(QLatin1String(ArchX86));
    QVERIFY(pc.filter(QStringLiteral("arm64")).isEmpty());
    QVERIFY(pc.filter(QStringLiteral("--arch")).isEmpty());
}

QTEST_GUILESS_MAIN(CloudImageNamesTest)
#include "tst_cloudimagenames.moc"
