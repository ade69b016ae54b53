#include "Accelerator.h"

#include "ProcessRun.h"
#include "model/BuildTypes.h"

#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>

namespace ib::local {

Accelerator::Accelerator(AcceleratorKind kind, TwoTexts reason)
    : m_kind(kind)
    , m_reason(std::move(reason))
{}

QString Accelerator::name(AcceleratorKind kind)
{
    switch (kind) {
    case AcceleratorKind::Kvm:
        return QStringLiteral("kvm");
    case AcceleratorKind::Hvf:
        return QStringLiteral("hvf");
    case AcceleratorKind::Whpx:
        return QStringLiteral("whpx");
    case AcceleratorKind::Tcg:
        return QStringLiteral("tcg");
    }
    return QStringLiteral("tcg");
}

QStringList Accelerator::qemuArguments() const
{
    switch (m_kind) {
    case AcceleratorKind::Kvm:
    case AcceleratorKind::Hvf:
        return {QStringLiteral("-accel"), name(m_kind), QStringLiteral("-cpu"), QStringLiteral("host")};
    case AcceleratorKind::Whpx:
        // WHPX has no "host" CPU model in QEMU; a second -accel is tried when the first
        // cannot start (QEMU's documented behaviour for repeated -accel).
        return {QStringLiteral("-accel"), QStringLiteral("whpx,kernel-irqchip=off"),
                QStringLiteral("-accel"), QStringLiteral("tcg,thread=multi"),
                QStringLiteral("-cpu"),   QStringLiteral("max")};
    case AcceleratorKind::Tcg:
        break;
    }
    return {QStringLiteral("-accel"), QStringLiteral("tcg,thread=multi"), QStringLiteral("-cpu"), QStringLiteral("max")};
}

bool Accelerator::cpuHasVirtualization(const QString &cpuinfo)
{
    static const QRegularExpression flagsLine(QStringLiteral(R"(^flags\s*:(.*)$)"), QRegularExpression::MultilineOption);
    static const QRegularExpression vmxOrSvm(QStringLiteral(R"((^|\s)(vmx|svm)(\s|$))"));
    auto it = flagsLine.globalMatch(cpuinfo);
    while (it.hasNext()) {
        if (vmxOrSvm.match(it.next().captured(1)).hasMatch()) {
            return true;
        }
    }
    return false;
}

Accelerator Accelerator::decide(AcceleratorPreference preference, AcceleratorKind hardware, bool works, const TwoTexts &whyNot,
                                const QStringList &compiledIn)
{
    const QString hw = name(hardware).toUpper();
    const bool inQemu = compiledIn.isEmpty() || compiledIn.contains(name(hardware));
    switch (preference) {
    case AcceleratorPreference::Software:
        return {AcceleratorKind::Tcg, said(QT_TR_NOOP("Using TCG (software emulation) because the settings ask for it; builds are "
                                                      "several times slower than with %1."))
                                          .arg(hw)};
    case AcceleratorPreference::Hardware:
        if (works && inQemu) {
            return {hardware, said(QT_TR_NOOP("Using %1 because the settings ask for hardware acceleration.")).arg(hw)};
        }
        return {hardware, said(QT_TR_NOOP("Using %1 because the settings ask for hardware acceleration, although %2; "
                                          "if the VM does not start, set the accelerator back to automatic."))
                              .arg(hw)
                              .arg(inQemu ? whyNot : said(QT_TR_NOOP("this QEMU was built without %1")).arg(hw))};
    case AcceleratorPreference::Automatic:
        break;
    }
    if (!inQemu) {
        return {AcceleratorKind::Tcg,
                said(QT_TR_NOOP("Using TCG (software emulation, slow) because this QEMU was built without %1.")).arg(hw)};
    }
    if (!works) {
        return {AcceleratorKind::Tcg, said(QT_TR_NOOP("Using TCG (software emulation, slow) because %1.")).arg(whyNot)};
    }
    return {hardware, said(QT_TR_NOOP("Using %1 hardware acceleration.")).arg(hw)};
}

Accelerator Accelerator::decideLinux(AcceleratorPreference preference, bool kvmOpens, const QString &kvmError, const QString &cpuinfo,
                                     const QStringList &compiledIn)
{
    TwoTexts whyNot;
    bool works = false;
    if (!kvmOpens) {
        whyNot = kvmError.isEmpty() ? said(QT_TR_NOOP("/dev/kvm cannot be opened"))
                                    : said(QT_TR_NOOP("/dev/kvm cannot be opened (%1)")).arg(kvmError);
    } else if (!cpuHasVirtualization(cpuinfo)) {
        whyNot = said(QT_TR_NOOP("/dev/kvm opens but the CPU shows no vmx or svm in /proc/cpuinfo (a nested or "
                                 "paravirtual KVM that cannot boot a stock kernel)"));
    } else {
        works = true;
    }
    return decide(preference, AcceleratorKind::Kvm, works, whyNot, compiledIn);
}

Accelerator Accelerator::decideMacos(AcceleratorPreference preference, bool hvSupport, const QStringList &compiledIn)
{
    return decide(preference, AcceleratorKind::Hvf, hvSupport,
                  said(QT_TR_NOOP("macOS reports no Hypervisor.framework support (sysctl kern.hv_support is not 1)")), compiledIn);
}

Accelerator Accelerator::decideMacos(AcceleratorPreference preference, const MacHost &host, const QStringList &compiledIn,
                                     const QString &guestArchitecture)
{
    const bool armGuest = architectureFromText(guestArchitecture) == QLatin1String(ArchArm64);
    if (host.appleSilicon && !armGuest && preference != AcceleratorPreference::Software) {
        return {AcceleratorKind::Tcg,
                said(QT_TR_NOOP("Using TCG (software emulation, slow: expect the build to take several times longer than on an Intel "
                                "Mac or a Linux PC) because this Mac has an Apple Silicon CPU and HVF runs only arm64 guests, not "
                                "this x86-64 image; an arm64 base image of the same OS builds with HVF."))};
    }
    if (!host.appleSilicon && armGuest)
        return {AcceleratorKind::Tcg, said(QT_TR_NOOP("Using TCG (software emulation, slow) because this Mac has an Intel CPU and HVF "
                                                      "runs only x86-64 guests, not this arm64 image."))};
    return decideMacos(preference, host.hvSupport, compiledIn);
}

MacHost Accelerator::parseMacSysctl(const QString &output)
{
    MacHost host;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon < 0)
            continue;
        const QString key = line.left(colon).trimmed();
        const bool on = line.mid(colon + 1).trimmed() == QLatin1String("1");
        if (key == QLatin1String("kern.hv_support"))
            host.hvSupport = on;
        else if (key == QLatin1String("hw.optional.arm64"))
            host.appleSilicon = on;
        else if (key == QLatin1String("sysctl.proc_translated"))
            host.translated = on;
    }
    return host;
}

Accelerator Accelerator::decideWindows(AcceleratorPreference preference, const QStringList &compiledIn)
{
    // Whether the Windows Hypervisor Platform feature is on shows only when QEMU starts;
    // a QEMU built with WHPX is the best sign we have without calling WinHvPlatform.
    const bool listed = compiledIn.contains(QStringLiteral("whpx"));
    return decide(preference, AcceleratorKind::Whpx, listed,
                  said(QT_TR_NOOP("QEMU does not list WHPX (turn on the Windows Hypervisor Platform feature)")), compiledIn);
}

std::optional<Accelerator> Accelerator::foreignGuest(AcceleratorKind hardware, const QString &hostArchitecture,
                                                     const QString &guestArchitecture)
{
    // The model's one reading of architecture names (amd64/arm64 aliases included); a name
    // it does not know (a RISC-V host) is compared and shown as the system gives it.
    const auto known = [](const QString &a) {
        const QString k = architectureFromText(a);
        return k.isEmpty() ? a : k;
    };
    if (known(hostArchitecture) == known(guestArchitecture))
        return std::nullopt;
    const auto title = [&known](const QString &a) { return architectureFromText(a).isEmpty() ? a : architectureTitle(known(a)); };
    return Accelerator{AcceleratorKind::Tcg,
                       said(QT_TR_NOOP("Using TCG (software emulation, very slow) because %1 runs only guests of this computer's own "
                                       "architecture (%2), not this %3 image."))
                           .arg(name(hardware).toUpper())
                           .arg(title(hostArchitecture))
                           .arg(title(guestArchitecture))};
}

Accelerator Accelerator::detect(AcceleratorPreference preference, const QStringList &compiledIn, const QString &guestArchitecture)
{
#if defined(Q_OS_LINUX)
    if (auto foreign = foreignGuest(AcceleratorKind::Kvm, QSysInfo::currentCpuArchitecture(), guestArchitecture))
        return *foreign;
    // Opening it read-write is what QEMU does; "Permission denied" means the user is not in
    // the kvm group.
    QFile kvm(QStringLiteral("/dev/kvm"));
    const bool opens = kvm.open(QIODevice::ReadWrite | QIODevice::ExistingOnly | QIODevice::Unbuffered);
    const QString error = opens ? QString() : kvm.errorString();
    kvm.close();
    QString cpuinfo;
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly)) {
        cpuinfo = QString::fromLatin1(file.readAll());
    }
    return decideLinux(preference, opens, error, cpuinfo, compiledIn);
#elif defined(Q_OS_MACOS)
    // A key this Mac does not know (hw.optional.arm64 on older Intel Macs) makes sysctl exit
    // non-zero but still print the others.
    auto run = runProcess(
        QStringLiteral("/usr/sbin/sysctl"),
        {QStringLiteral("kern.hv_support"), QStringLiteral("hw.optional.arm64"), QStringLiteral("sysctl.proc_translated")}, 5000);
    const MacHost host = run ? parseMacSysctl(QString::fromLatin1(run->standardOutput)) : MacHost{};
    return decideMacos(preference, host, compiledIn, guestArchitecture);
#elif defined(Q_OS_WIN)
    if (auto foreign = foreignGuest(AcceleratorKind::Whpx, QSysInfo::currentCpuArchitecture(), guestArchitecture))
        return *foreign;
    return decideWindows(preference, compiledIn);
#else
    Q_UNUSED(preference)
    Q_UNUSED(compiledIn)
    Q_UNUSED(guestArchitecture)
    return {AcceleratorKind::Tcg, said(QT_TR_NOOP("Using TCG (software emulation, slow) because Image Builder knows no hardware "
                                                  "accelerator on this system."))};
#endif
}

}  // namespace ib::local
