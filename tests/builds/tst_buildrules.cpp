#include "builds/BuildRules.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"

#include <QTest>

using namespace ib;

namespace {

BaseImage base(const QString &name, const QString &os, const QString &architecture)
{
    BaseImage b;
    b.id = name;
    b.name = name;
    b.os.distro = os.section(QLatin1Char(':'), 0, 0);
    b.os.version = os.section(QLatin1Char(':'), 1);
    b.loginUser = b.os.distro;
    b.architecture = architecture;
    return b;
}

ImageTemplate debian12()
{
    ImageTemplate t;
    t.name = QStringLiteral("web");
    t.os.distro = QStringLiteral("debian");
    t.os.version = QStringLiteral("12");
    return t;
}

QStringList names(const QList<BaseImage> &list)
{
    QStringList out;
    for (const auto &b : list)
        out << b.name;
    return out;
}

}  // namespace

// Issue 20: which base image a local build should use on this computer's CPU, for every
// host (the host is a parameter, so an Apple Silicon Mac's rules run here too).
class BuildRulesTest final : public QObject
{
    Q_OBJECT

private slots:
    void thisComputersArchitectureIsListedFirst();
    void aForeignImageNamesTheListedNativeOne();
    void withoutANativeOneTheDownloadIsNamed();
    void nothingIsSaidForANativeOrUnknownImage();
};

void BuildRulesTest::thisComputersArchitectureIsListedFirst()
{
    const QList<BaseImage> all{base(QStringLiteral("arm-a"), QStringLiteral("debian:12"), QLatin1String(ArchArm64)),
                               base(QStringLiteral("pc-a"), QStringLiteral("debian:12"), QLatin1String(ArchX86)),
                               base(QStringLiteral("jammy"), QStringLiteral("ubuntu:22.04"), QLatin1String(ArchX86)),
                               base(QStringLiteral("arm-b"), QStringLiteral("debian:12"), QLatin1String(ArchArm64)),
                               base(QStringLiteral("pc-b"), QStringLiteral("debian:12"), QLatin1String(ArchX86))};
    const auto &catalog = ApplicationCatalog::builtin();
    const auto onPc = buildrules::suitableBaseImages(debian12(), all, catalog, QLatin1String(ArchX86));
    QCOMPARE(names(onPc.suitable),
             (QStringList{QStringLiteral("pc-a"), QStringLiteral("pc-b"), QStringLiteral("arm-a"), QStringLiteral("arm-b")}));
    QCOMPARE(onPc.hidden, 1);
    const auto onMac = buildrules::suitableBaseImages(debian12(), all, catalog, QLatin1String(ArchArm64));
    QCOMPARE(names(onMac.suitable),
             (QStringList{QStringLiteral("arm-a"), QStringLiteral("arm-b"), QStringLiteral("pc-a"), QStringLiteral("pc-b")}));
    // A CPU Image Builder does not know (""): the order as given.
    const auto elsewhere = buildrules::suitableBaseImages(debian12(), all, catalog, QString());
    QCOMPARE(names(elsewhere.suitable),
             (QStringList{QStringLiteral("arm-a"), QStringLiteral("pc-a"), QStringLiteral("arm-b"), QStringLiteral("pc-b")}));
}

void BuildRulesTest::aForeignImageNamesTheListedNativeOne()
{
    const auto pc = base(QStringLiteral("debian-12-pc"), QStringLiteral("debian:12"), QLatin1String(ArchX86));
    const auto arm = base(QStringLiteral("debian-12-arm"), QStringLiteral("debian:12"), QLatin1String(ArchArm64));
    // An x86-64 image on Apple Silicon.
    const QString onMac = buildrules::architectureAdvice(pc, {arm, pc}, QLatin1String(ArchArm64));
    QCOMPARE(onMac,
             QStringLiteral("This x86-64 image runs under software emulation on this arm64 computer (hardware acceleration runs only "
                            "arm64 guests): expect the build to take several times longer. \u201cdebian-12-arm\u201d is the same "
                            "OS for arm64: choose it to build with hardware acceleration."));
    // An arm64 image on a PC.
    const QString onPc = buildrules::architectureAdvice(arm, {pc, arm}, QLatin1String(ArchX86));
    QVERIFY2(onPc.startsWith(QStringLiteral("This arm64 image runs under software emulation on this x86-64 computer")), qPrintable(onPc));
    QVERIFY2(onPc.contains(QStringLiteral("\u201cdebian-12-pc\u201d is the same OS for x86-64")), qPrintable(onPc));
    // A name from a shared store's row reaches the label and the log inert.
    auto planted = pc;
    planted.name = QStringLiteral("pc\x1b]0;owned\x07\nsecond line");
    const QString inert = buildrules::architectureAdvice(arm, {planted, arm}, QLatin1String(ArchX86));
    QVERIFY2(!inert.contains(QChar(0x1b)) && !inert.contains(QLatin1Char('\n')), qPrintable(inert));
    QVERIFY2(inert.contains(QStringLiteral("pc^[]0;owned^G")), qPrintable(inert));
}

void BuildRulesTest::withoutANativeOneTheDownloadIsNamed()
{
    const auto pc = base(QStringLiteral("jammy-pc"), QStringLiteral("ubuntu:22.04"), QLatin1String(ArchX86));
    const QString onMac = buildrules::architectureAdvice(pc, {pc}, QLatin1String(ArchArm64));
    QVERIFY2(onMac.endsWith(QStringLiteral("To build faster, download jammy-server-cloudimg-arm64.img from "
                                           "https://cloud-images.ubuntu.com/jammy/current/ and import it (login user ubuntu).")),
             qPrintable(onMac));
    const auto rocky = base(QStringLiteral("rocky-arm"), QStringLiteral("rocky:9"), QLatin1String(ArchArm64));
    const QString onPc = buildrules::architectureAdvice(rocky, {rocky}, QLatin1String(ArchX86));
    QVERIFY2(onPc.contains(
                 QStringLiteral("Rocky-9-GenericCloud-Base.latest.x86_64.qcow2 from https://dl.rockylinux.org/pub/rocky/9/images/x86_64/")),
             qPrintable(onPc));
    // An OS no cloud image is known for: the way, without a file name.
    const auto other = base(QStringLiteral("alpine"), QStringLiteral("alpine:3"), QLatin1String(ArchX86));
    QVERIFY(buildrules::architectureAdvice(other, {other}, QLatin1String(ArchArm64))
                .endsWith(QStringLiteral("To build faster, import an arm64 cloud image of this OS.")));
}

void BuildRulesTest::nothingIsSaidForANativeOrUnknownImage()
{
    const auto pc = base(QStringLiteral("pc"), QStringLiteral("debian:12"), QLatin1String(ArchX86));
    QVERIFY(buildrules::architectureAdvice(pc, {pc}, QLatin1String(ArchX86)).isEmpty());
    // A stored architecture this program does not know starts no VM (LocalProvider says why).
    auto odd = base(QStringLiteral("odd"), QStringLiteral("debian:12"), QStringLiteral("sparc64; rm -rf /"));
    QVERIFY(buildrules::architectureAdvice(odd, {odd, pc}, QLatin1String(ArchArm64)).isEmpty());
    // This computer's CPU unknown: nothing to compare with.
    QVERIFY(buildrules::architectureAdvice(pc, {pc}, QString()).isEmpty());
    // A cloud's base image runs on the cloud, not here.
    auto glance = pc;
    glance.provider = QStringLiteral("nhn-kr1");
    QVERIFY(buildrules::architectureAdvice(glance, {glance}, QLatin1String(ArchArm64)).isEmpty());
}

QTEST_GUILESS_MAIN(BuildRulesTest)
#include "tst_buildrules.moc"
