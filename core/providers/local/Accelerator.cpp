#include "Accelerator.h"

#include "ProcessRun.h"

#include <QFile>
#include <QRegularExpression>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ib::local {

Accelerator::Accelerator(AcceleratorKind kind, QString reason)
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
        // WHPX has no "host" CPU model in QEMU.
        return {QStringLiteral("-accel"), name(m_kind), QStringLiteral("-cpu"), QStringLiteral("max")};
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

Accelerator Accelerator::decide(AcceleratorPreference preference, AcceleratorKind hardware, bool works, const QString &whyNot,
                                const QStringList &compiledIn)
{
    const QString hw = name(hardware).toUpper();
    const bool inQemu = compiledIn.isEmpty() || compiledIn.contains(name(hardware));
    switch (preference) {
    case AcceleratorPreference::Software:
        return {AcceleratorKind::Tcg, QStringLiteral("Using TCG (software emulation) because the settings ask for it; builds are "
                                                     "several times slower than with %1.")
                                          .arg(hw)};
    case AcceleratorPreference::Hardware:
        if (works && inQemu) {
            return {hardware, QStringLiteral("Using %1 because the settings ask for hardware acceleration.").arg(hw)};
        }
        return {hardware, QStringLiteral("Using %1 because the settings ask for hardware acceleration, although %2; "
                                         "if the VM does not start, set the accelerator back to automatic.")
                              .arg(hw, inQemu ? whyNot : QStringLiteral("this QEMU was built without %1").arg(hw))};
    case AcceleratorPreference::Automatic:
        break;
    }
    if (!inQemu) {
        return {AcceleratorKind::Tcg,
                QStringLiteral("Using TCG (software emulation, slow) because this QEMU was built without %1.").arg(hw)};
    }
    if (!works) {
        return {AcceleratorKind::Tcg, QStringLiteral("Using TCG (software emulation, slow) because %1.").arg(whyNot)};
    }
    return {hardware, QStringLiteral("Using %1 hardware acceleration.").arg(hw)};
}

Accelerator Accelerator::decideLinux(AcceleratorPreference preference, bool kvmOpens, const QString &kvmError, const QString &cpuinfo,
                                     const QStringList &compiledIn)
{
    QString whyNot;
    bool works = false;
    if (!kvmOpens) {
        whyNot = kvmError.isEmpty() ? QStringLiteral("/dev/kvm cannot be opened")
                                    : QStringLiteral("/dev/kvm cannot be opened (%1)").arg(kvmError);
    } else if (!cpuHasVirtualization(cpuinfo)) {
        whyNot = QStringLiteral("/dev/kvm opens but the CPU shows no vmx or svm in /proc/cpuinfo (a nested or "
                                "paravirtual KVM that cannot boot a stock kernel)");
    } else {
        works = true;
    }
    return decide(preference, AcceleratorKind::Kvm, works, whyNot, compiledIn);
}

Accelerator Accelerator::decideMacos(AcceleratorPreference preference, bool hvSupport, const QStringList &compiledIn)
{
    return decide(preference, AcceleratorKind::Hvf, hvSupport,
                  QStringLiteral("macOS reports no Hypervisor.framework support (sysctl kern.hv_support is not 1)"), compiledIn);
}

Accelerator Accelerator::decideWindows(AcceleratorPreference preference, const QStringList &compiledIn)
{
    // Whether the Windows Hypervisor Platform feature is on shows only when QEMU starts;
    // a QEMU built with WHPX is the best sign we have without calling WinHvPlatform.
    const bool listed = compiledIn.contains(QStringLiteral("whpx"));
    return decide(preference, AcceleratorKind::Whpx, listed,
                  QStringLiteral("QEMU does not list WHPX (turn on the Windows Hypervisor Platform feature)"), compiledIn);
}

Accelerator Accelerator::detect(AcceleratorPreference preference, const QStringList &compiledIn)
{
#if defined(Q_OS_LINUX)
    bool opens = false;
    QString error;
    const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        opens = true;
        ::close(fd);
    } else {
        error = QString::fromLocal8Bit(std::strerror(errno));
    }
    QString cpuinfo;
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly)) {
        cpuinfo = QString::fromLatin1(file.readAll());
    }
    return decideLinux(preference, opens, error, cpuinfo, compiledIn);
#elif defined(Q_OS_MACOS)
    bool hv = false;
    auto run = runProcess(QStringLiteral("/usr/sbin/sysctl"), {QStringLiteral("-n"), QStringLiteral("kern.hv_support")}, 5000);
    if (run && run->exitCode == 0) {
        hv = run->standardOutput.trimmed() == "1";
    }
    return decideMacos(preference, hv, compiledIn);
#elif defined(Q_OS_WIN)
    return decideWindows(preference, compiledIn);
#else
    Q_UNUSED(preference)
    Q_UNUSED(compiledIn)
    return {AcceleratorKind::Tcg, QStringLiteral("Using TCG (software emulation, slow) because Image Builder knows no hardware "
                                                 "accelerator on this system.")};
#endif
}

}  // namespace ib::local
