#include "providers/local/Accelerator.h"

#include <QFile>
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
        const Accelerator tcg(AcceleratorKind::Tcg, QString());
        QCOMPARE(tcg.qemuArguments(), (QStringList{QStringLiteral("-accel"), QStringLiteral("tcg,thread=multi"), QStringLiteral("-cpu"),
                                                   QStringLiteral("max")}));
        const Accelerator kvm(AcceleratorKind::Kvm, QString());
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
#include "AcceleratorTest.moc"
