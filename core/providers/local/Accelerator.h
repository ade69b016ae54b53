#pragma once

#include "util/TwoTexts.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace ib::local {

enum class AcceleratorKind {
    Kvm,   // Linux
    Hvf,   // macOS
    Whpx,  // Windows
    Tcg,   // QEMU's own translator: everywhere, slow (minutes instead of seconds to boot)
};

// The user's setting: let the machine decide, or force one side.
enum class AcceleratorPreference {
    Automatic,
    Hardware,  // KVM / HVF / WHPX even where the check says it will not work
    Software,  // TCG always
};

// What a Mac says of itself through sysctl (kern.hv_support, hw.optional.arm64,
// sysctl.proc_translated).
struct MacHost
{
    bool hvSupport = false;     // Hypervisor.framework is usable
    bool appleSilicon = false;  // an arm64 CPU (also when this program runs under Rosetta)
    bool translated = false;    // this program is an x86-64 build running under Rosetta
};

// Which accelerator a VM runs with, and a sentence saying why: in English in the build log,
// in the user's language in Settings.
class Accelerator final
{
    Q_DECLARE_TR_FUNCTIONS(ib::local::Accelerator)

public:
    Accelerator(AcceleratorKind kind, TwoTexts reason);

    AcceleratorKind kind() const { return m_kind; }
    QString reason() const { return m_reason.english; }     // the build log's
    QString shownReason() const { return m_reason.shown; }  // Settings' (translated)
    bool isHardware() const { return m_kind != AcceleratorKind::Tcg; }

    // "-accel kvm -cpu host" or "-accel tcg,thread=multi -cpu max". WHPX comes with
    // kernel-irqchip=off (the in-hypervisor APIC stops x86-64 Linux guests at reboot and with
    // several CPUs, QEMU issues #2042 and #1043) and TCG as QEMU's own fallback when the
    // Windows Hypervisor Platform feature turns out to be off.
    QStringList qemuArguments() const;

    static QString name(AcceleratorKind kind);

    // Decides on this machine: on Linux reads /dev/kvm and /proc/cpuinfo, on macOS
    // kern.hv_support, on Windows what QEMU was built with. compiledIn is what
    // "qemu-system-x86_64 -accel help" lists (QemuTools::accelerators()); empty = unknown.
    // `guestArchitecture` is the image's ("x86_64" or "aarch64", model/BuildTypes.h).
    static Accelerator detect(AcceleratorPreference preference, const QStringList &compiledIn = {},
                              const QString &guestArchitecture = QStringLiteral("x86_64"));
    // KVM and WHPX run guests of the host's own architecture only: for another (an arm64
    // image on an x86-64 PC), TCG and the sentence that says why; nothing when they match.
    // `hostArchitecture` as QSysInfo::currentCpuArchitecture() names it ("x86_64", "arm64").
    static std::optional<Accelerator> foreignGuest(AcceleratorKind hardware, const QString &hostArchitecture,
                                                   const QString &guestArchitecture);

    // The Linux rule, from what detect() read, so that it can be tested with a made-up
    // cpuinfo: KVM only when /dev/kvm opens AND the CPU shows vmx or svm. A nested
    // hypervisor may give a /dev/kvm that opens but cannot boot a stock kernel.
    static Accelerator decideLinux(AcceleratorPreference preference, bool kvmOpens, const QString &kvmError, const QString &cpuinfo,
                                   const QStringList &compiledIn);
    static Accelerator decideMacos(AcceleratorPreference preference, bool hvSupport, const QStringList &compiledIn);
    // HVF runs guests of the host's own architecture only: on Apple Silicon an x86-64 guest
    // runs under TCG (slow, said so). The way out, an arm64 base image of the template's OS,
    // is the library's to offer (buildrules::architectureAdvice, in Build Image and the log).
    static Accelerator decideMacos(AcceleratorPreference preference, const MacHost &host, const QStringList &compiledIn,
                                   const QString &guestArchitecture = QStringLiteral("x86_64"));
    // "kern.hv_support: 1\nhw.optional.arm64: 1\n" as `sysctl kern.hv_support hw.optional.arm64
    // sysctl.proc_translated` prints it (a key the Mac does not know is left out of stdout).
    static MacHost parseMacSysctl(const QString &output);
    static Accelerator decideWindows(AcceleratorPreference preference, const QStringList &compiledIn);

    // True when a "flags" line of /proc/cpuinfo has vmx (Intel VT-x) or svm (AMD-V).
    static bool cpuHasVirtualization(const QString &cpuinfo);

private:
    static Accelerator decide(AcceleratorPreference preference, AcceleratorKind hardware, bool works, const TwoTexts &whyNot,
                              const QStringList &compiledIn);
    static TwoTexts said(const char *source) { return TwoTexts::of("ib::local::Accelerator", source); }

    AcceleratorKind m_kind;
    TwoTexts m_reason;
};

}  // namespace ib::local
