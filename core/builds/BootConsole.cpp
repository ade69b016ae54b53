#include "builds/BootConsole.h"

#include <array>

namespace ib {

namespace {

struct Sign
{
    QLatin1String phrase;
    const char *meaning;
};

// Each phrase is what the part that gave up prints on a serial console: SeaBIOS (QEMU's
// firmware), GRUB 2's rescue mode, the Linux kernel, Debian's initramfs-tools and systemd's
// emergency.service. Each waits there for a person at the console: SSH will never come.
const std::array<Sign, 7> kStoppedSigns{{
    {QLatin1String("No bootable device"), "the firmware found no bootable disk"},
    {QLatin1String("grub rescue>"), "GRUB cannot find its files and waits in rescue mode"},
    {QLatin1String("Entering rescue mode"), "GRUB cannot find its files and waits in rescue mode"},
    {QLatin1String("Kernel panic - not syncing"), "the kernel panicked"},
    {QLatin1String("Dropping to a shell"), "the initramfs cannot mount the root file system and waits at its shell"},
    {QLatin1String("You are in emergency mode"), "systemd stopped in emergency mode"},
    {QLatin1String("Cannot open access to console, the root account is locked"), "systemd stopped in emergency mode"},
}};

// cloud-init's final_message module prints this by default (cc_final_message.py:
// "Cloud-init v. {{version}} finished at {{timestamp}}. ...").
const QLatin1String kFinishedPrefix("Cloud-init v. ");
const QLatin1String kFinishedWords(" finished at ");

}  // namespace

std::optional<QString> stoppedBootSign(const QString &console)
{
    for (const auto &sign : kStoppedSigns) {
        if (console.contains(sign.phrase))
            return QStringLiteral("%1 (the console shows \"%2\")").arg(QLatin1String(sign.meaning), sign.phrase);
    }
    return std::nullopt;
}

bool bootFinished(const QString &console)
{
    for (qsizetype at = console.indexOf(kFinishedPrefix); at >= 0; at = console.indexOf(kFinishedPrefix, at + 1)) {
        const auto lineEnd = console.indexOf(QLatin1Char('\n'), at);
        const auto line = QStringView(console).mid(at, lineEnd < 0 ? -1 : lineEnd - at);
        if (line.contains(kFinishedWords))
            return true;
    }
    return false;
}

QString BootWatch::verdict(const QString &console, std::chrono::milliseconds sinceLaunch)
{
    if (const auto sign = stoppedBootSign(console))
        return QStringLiteral("The boot stopped: %1.").arg(*sign);
    if (!m_finishedAt && bootFinished(console))
        m_finishedAt = sinceLaunch;
    if (m_finishedAt && sinceLaunch - *m_finishedAt >= m_afterFinish)
        return QStringLiteral("The image finished its first boot (cloud-init's final message is on the console), but SSH did not "
                              "let a fresh key in for %1 s after that: the image's SSH server does not run or does not listen "
                              "(masked, disabled or removed by the user script?).")
            .arg(std::chrono::duration_cast<std::chrono::seconds>(m_afterFinish).count());
    return {};
}

}  // namespace ib
