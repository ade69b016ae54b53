#include "providers/local/Accelerator.h"

#include <QFile>
#include <QSysInfo>
#include <QTest>

using ib::local::Accelerator;
using ib::local::AcceleratorKind;
using ib::local::AcceleratorPreference;

Q_DECLARE_METATYPE(ib::local::AcceleratorKind)
Q_DECLARE_METATYPE(ib::local::AcceleratorPreference)

namespace {

// Shaped like the real file: two processors, flags on one long line each.
QString cpuinfo(const QString &extraFlag)
{
    const QString flags = QStringLiteral("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
                                         "pse36 clflush mmx fxsr sse sse2 ss ht syscall nx lm constant_tsc %1 "
                                         "sse4_1 sse4_2 x2apic hypervisor lahf_lm")
                              .arg(extraFlag);
    QString text;
    for (int cpu = 0; cpu < 2; ++cpu) {
        text += QStringLiteral("processor\t: %1\nvendor_id\t: GenuineIntel\nmodel name\t: Intel Xeon\n"
                               "flags\t\t: %2\nbugs\t\t: spectre_v1\n\n")
                    .arg(cpu)
                    .arg(flags);
    }
    return text;
}

const QStringList kBoth{QStringLiteral("tcg"), QStringLiteral("kvm")};

}  // namespace

class AcceleratorTest final : public QObject
{
    Q_OBJECT

private slots:
    void linuxDecision_data()
    {
        QTest::addColumn<AcceleratorPreference>("preference");
        QTest::addColumn<bool>("kvmOpens");
        QTest::addColumn<QString>("cpuinfo");
        QTest::addColumn<QStringList>("compiledIn");
        QTest::addColumn<AcceleratorKind>("expected");
        QTest::addColumn<QString>("reasonContains");

        const auto automatic = AcceleratorPreference::Automatic;
        QTest::newRow("vmx and /dev/kvm") << automatic << true << cpuinfo(QStringLiteral("vmx")) << kBoth << AcceleratorKind::Kvm
                                          << QStringLiteral("KVM");
        QTest::newRow("svm and /dev/kvm") << automatic << true << cpuinfo(QStringLiteral("svm")) << kBoth << AcceleratorKind::Kvm
                                          << QStringLiteral("KVM");
        // This machine: a nested PVM /dev/kvm that opens, no vmx/svm.
        QTest::newRow("nested kvm without vmx")
            << automatic << true << cpuinfo(QString()) << kBoth << AcceleratorKind::Tcg << QStringLiteral("no vmx or svm");
        QTest::newRow("vmx but no /dev/kvm") << automatic << false << cpuinfo(QStringLiteral("vmx")) << kBoth << AcceleratorKind::Tcg
                                             << QStringLiteral("Permission denied");
        QTest::newRow("flag lookalike is not vmx")
            << automatic << true << cpuinfo(QStringLiteral("vmxsvm")) << kBoth << AcceleratorKind::Tcg << QStringLiteral("no vmx");
        QTest::newRow("qemu built without kvm") << automatic << true << cpuinfo(QStringLiteral("vmx")) << QStringList{QStringLiteral("tcg")}
                                                << AcceleratorKind::Tcg << QStringLiteral("built without KVM");
        QTest::newRow("unknown qemu accelerators")
            << automatic << true << cpuinfo(QStringLiteral("vmx")) << QStringList{} << AcceleratorKind::Kvm << QStringLiteral("KVM");
        QTest::newRow("forced software") << AcceleratorPreference::Software << true << cpuinfo(QStringLiteral("vmx")) << kBoth
                                         << AcceleratorKind::Tcg << QStringLiteral("settings");
        QTest::newRow("forced hardware on nested kvm") << AcceleratorPreference::Hardware << true << cpuinfo(QString()) << kBoth
                                                       << AcceleratorKind::Kvm << QStringLiteral("automatic");
    }

    void linuxDecision()
    {
        QFETCH(AcceleratorPreference, preference);
        QFETCH(bool, kvmOpens);
        QFETCH(QString, cpuinfo);
        QFETCH(QStringList, compiledIn);
        QFETCH(AcceleratorKind, expected);
        QFETCH(QString, reasonContains);

        const Accelerator a =
            Accelerator::decideLinux(preference, kvmOpens, kvmOpens ? QString() : QStringLiteral("Permission denied"), cpuinfo, compiledIn);
        QCOMPARE(a.kind(), expected);
        QVERIFY2(a.reason().contains(reasonContains), qPrintable(a.reason()));
    }

    void qemuArguments()
    {
        const Accelerator tcg(AcceleratorKind::Tcg, ib::TwoTexts{});
        QCOMPARE(tcg.qemuArguments(), (QStringList{QStringLiteral("-accel"), QStringLiteral("tcg,thread=multi"), QStringLiteral("-cpu"),
                                                   QStringLiteral("max")}));
        const Accelerator kvm(AcceleratorKind::Kvm, ib::TwoTexts{});
        QCOMPARE(kvm.qemuArguments(),
                 (QStringList{QStringLiteral("-accel"), QStringLiteral("kvm"), QStringLiteral("-cpu"), QStringLiteral("host")}));
    }

    void macosAndWindows()
    {
        const QStringList hvf{QStringLiteral("tcg"), QStringLiteral("hvf")};
        QCOMPARE(Accelerator::decideMacos(AcceleratorPreference::Automatic, true, hvf).kind(), AcceleratorKind::Hvf);
        const Accelerator noHv = Accelerator::decideMacos(AcceleratorPreference::Automatic, false, hvf);
        QCOMPARE(noHv.kind(), AcceleratorKind::Tcg);
        QVERIFY(noHv.reason().contains(QStringLiteral("kern.hv_support")));
        QCOMPARE(Accelerator::decideWindows(AcceleratorPreference::Automatic, {QStringLiteral("tcg"), QStringLiteral("whpx")}).kind(),
                 AcceleratorKind::Whpx);
        QCOMPARE(Accelerator::decideWindows(AcceleratorPreference::Automatic, {QStringLiteral("tcg")}).kind(), AcceleratorKind::Tcg);
    }

    void whpxCommandLine()
    {
        const Accelerator whpx =
            Accelerator::decideWindows(AcceleratorPreference::Automatic, {QStringLiteral("tcg"), QStringLiteral("whpx")});
        QCOMPARE(whpx.qemuArguments(),
                 (QStringList{QStringLiteral("-accel"), QStringLiteral("whpx,kernel-irqchip=off"), QStringLiteral("-accel"),
                              QStringLiteral("tcg,thread=multi"), QStringLiteral("-cpu"), QStringLiteral("max")}));
        QCOMPARE(whpx.reason(), QStringLiteral("Using WHPX hardware acceleration."));
        const Accelerator noWhpx = Accelerator::decideWindows(AcceleratorPreference::Automatic, {QStringLiteral("tcg")});
        QCOMPARE(noWhpx.reason(), QStringLiteral("Using TCG (software emulation, slow) because this QEMU was built without WHPX."));
    }

    // What `sysctl kern.hv_support hw.optional.arm64 sysctl.proc_translated` prints on each
    // kind of Mac (an unknown key goes to stderr and is missing from stdout).
    void macSysctl_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<bool>("hv");
        QTest::addColumn<bool>("arm");
        QTest::addColumn<bool>("translated");
        QTest::newRow("apple silicon") << QStringLiteral("kern.hv_support: 1\nhw.optional.arm64: 1\nsysctl.proc_translated: 0\n") << true
                                       << true << false;
        QTest::newRow("rosetta") << QStringLiteral("kern.hv_support: 1\nhw.optional.arm64: 1\nsysctl.proc_translated: 1\n") << true << true
                                 << true;
        QTest::newRow("intel") << QStringLiteral("kern.hv_support: 1\n") << true << false << false;
        QTest::newRow("intel without vt-x") << QStringLiteral("kern.hv_support: 0\nhw.optional.arm64: 0\n") << false << false << false;
    }

    void macSysctl()
    {
        QFETCH(QString, output);
        QFETCH(bool, hv);
        QFETCH(bool, arm);
        QFETCH(bool, translated);
        const ib::local::MacHost host = Accelerator::parseMacSysctl(output);
        QCOMPARE(host.hvSupport, hv);
        QCOMPARE(host.appleSilicon, arm);
        QCOMPARE(host.translated, translated);
    }

    void macDecision()
    {
        const QStringList hvf{QStringLiteral("tcg"), QStringLiteral("hvf")};
        const auto intel = Accelerator::parseMacSysctl(QStringLiteral("kern.hv_support: 1\n"));
        const Accelerator onIntel = Accelerator::decideMacos(AcceleratorPreference::Automatic, intel, hvf);
        QCOMPARE(onIntel.kind(), AcceleratorKind::Hvf);
        QCOMPARE(onIntel.qemuArguments(),
                 (QStringList{QStringLiteral("-accel"), QStringLiteral("hvf"), QStringLiteral("-cpu"), QStringLiteral("host")}));

        const auto silicon = Accelerator::parseMacSysctl(QStringLiteral("kern.hv_support: 1\nhw.optional.arm64: 1\n"));
        const Accelerator x86OnSilicon = Accelerator::decideMacos(AcceleratorPreference::Automatic, silicon, hvf);
        QCOMPARE(x86OnSilicon.kind(), AcceleratorKind::Tcg);
        QCOMPARE(x86OnSilicon.qemuArguments(), (QStringList{QStringLiteral("-accel"), QStringLiteral("tcg,thread=multi"),
                                                            QStringLiteral("-cpu"), QStringLiteral("max")}));
        QVERIFY(x86OnSilicon.reason().contains(QStringLiteral("Apple Silicon")));
        QVERIFY(x86OnSilicon.reason().contains(QStringLiteral("slow")));
        QVERIFY(x86OnSilicon.reason().contains(QStringLiteral("an arm64 base image of the same OS builds with HVF")));
        // Forcing hardware cannot make HVF run an x86-64 guest there.
        QCOMPARE(Accelerator::decideMacos(AcceleratorPreference::Hardware, silicon, hvf).kind(), AcceleratorKind::Tcg);
        QCOMPARE(Accelerator::decideMacos(AcceleratorPreference::Automatic, silicon, hvf, QStringLiteral("aarch64")).kind(),
                 AcceleratorKind::Hvf);
        QCOMPARE(Accelerator::decideMacos(AcceleratorPreference::Automatic, intel, hvf, QStringLiteral("aarch64")).kind(),
                 AcceleratorKind::Tcg);
    }

    // Issue 20: KVM and WHPX run the host's own architecture only; an arm64 image on an
    // x86-64 PC (or the reverse) runs under TCG, and the sentence says why.
    void foreignGuests()
    {
        QVERIFY(!Accelerator::foreignGuest(AcceleratorKind::Kvm, QStringLiteral("x86_64"), QStringLiteral("x86_64")));
        QVERIFY(!Accelerator::foreignGuest(AcceleratorKind::Kvm, QStringLiteral("arm64"), QStringLiteral("aarch64")));
        const auto armOnPc = Accelerator::foreignGuest(AcceleratorKind::Kvm, QStringLiteral("x86_64"), QStringLiteral("aarch64"));
        QVERIFY(armOnPc);
        QCOMPARE(armOnPc->kind(), AcceleratorKind::Tcg);
        QCOMPARE(armOnPc->reason(), QStringLiteral("Using TCG (software emulation, very slow) because KVM runs only guests of this "
                                                   "computer's own architecture (x86-64), not this arm64 image."));
        const auto pcOnArm = Accelerator::foreignGuest(AcceleratorKind::Whpx, QStringLiteral("arm64"), QStringLiteral("x86_64"));
        QVERIFY(pcOnArm);
        QVERIFY2(pcOnArm->reason().contains(QStringLiteral("WHPX runs only guests of this computer's own architecture (arm64), not "
                                                           "this x86-64 image")),
                 qPrintable(pcOnArm->reason()));
#if defined(Q_OS_LINUX)
        if (QSysInfo::currentCpuArchitecture() == QLatin1String("x86_64"))
            QCOMPARE(Accelerator::detect(AcceleratorPreference::Automatic, {}, QStringLiteral("aarch64")).kind(), AcceleratorKind::Tcg);
#endif
    }

    // On this machine the answer is known: /dev/kvm without vmx/svm must give TCG.
    void detectHere()
    {
        const Accelerator a = Accelerator::detect(AcceleratorPreference::Automatic);
        QVERIFY(!a.reason().isEmpty());
        qInfo("%s", qPrintable(a.reason()));
#if defined(Q_OS_LINUX)
        QFile file(QStringLiteral("/proc/cpuinfo"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        if (!Accelerator::cpuHasVirtualization(QString::fromLatin1(file.readAll()))) {
            QCOMPARE(a.kind(), AcceleratorKind::Tcg);
        }
#endif
    }
};

QTEST_GUILESS_MAIN(AcceleratorTest)
#include "tst_accelerator.moc"
