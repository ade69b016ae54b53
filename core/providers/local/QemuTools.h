#pragma once

#include "util/Result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVersionNumber>

namespace ib::local {

// The QEMU programs a local build runs: the system emulator and qemu-img, with the
// emulator's version and the accelerators compiled into it.
class QemuTools final
{
public:
    enum class HostOs { Linux, MacOs, Windows };
    static HostOs currentOs();

    // Where QEMU's installers put it, tried in this order after PATH: on Windows the
    // qemu.weilnetz.de installer (also what winget and Chocolatey run) under Program Files,
    // Scoop in the user profile, MSYS2; on macOS Homebrew (Apple Silicon, then Intel) and
    // MacPorts, which a program started from the Finder does not have on its PATH. `root`
    // prefixes the absolute Unix folders (for tests of an install layout).
    static QStringList installFolders(HostOs os, const QProcessEnvironment &environment, const QString &root = {});
    // "qemu-img" -> "qemu-img.exe" on Windows.
    static QString executableName(HostOs os, const QString &program);
    // The first folder holding the program as a file (executable on Unix); empty if none.
    static QString findIn(HostOs os, const QStringList &folders, const QString &program);
    // What to install and where to point Image Builder when `program` is nowhere.
    static QString notFoundMessage(HostOs os, const QString &program);

    // The oldest QEMU known to work: -accel with options, qcow2 compression_type.
    static QVersionNumber minimumVersion();

    // Configured paths win (a setting); an empty one is looked up on PATH and, on macOS
    // and Windows, in the usual install folders. `architecture` is the guest's (model/
    // BuildTypes.h): for "aarch64" the emulator is qemu-system-aarch64 (beside a configured
    // qemu-system-x86_64, or found as above) with its UEFI firmware (firmwarePath()).
    static Result<QemuTools> find(const QString &configuredSystem = {}, const QString &configuredImg = {},
                                  const QString &architecture = QStringLiteral("x86_64"));

    // The emulator's name for a guest architecture: "qemu-system-x86_64", "qemu-system-aarch64".
    static QString systemProgramName(const QString &architecture);
    // The configured x86-64 emulator's path turned into the same install's emulator for
    // `architecture` (its sibling); unchanged for x86_64, empty for an empty path.
    static QString siblingSystemProgram(const QString &configuredSystem, const QString &architecture);
    // Where an arm64 guest's UEFI firmware (a 64 MiB pflash code image) lies, tried in this
    // order: beside the emulator's install (<prefix>/share/qemu/edk2-aarch64-code.fd, as
    // QEMU's own install, Homebrew and MacPorts put it; on Windows <install>/share), then
    // Debian's qemu-efi-aarch64 (/usr/share/AAVMF/AAVMF_CODE.fd) and Fedora's edk2-aarch64.
    static QStringList aarch64FirmwareCandidates(HostOs os, const QString &systemProgram, const QString &root = {});

    QString firmwarePath() const { return m_firmware; }

    // "QEMU emulator version 7.2.22 (Debian ...)" or "qemu-img version 7.2.22" -> 7.2.22.
    static QVersionNumber parseVersion(const QString &versionOutput);
    // The names listed by "qemu-system-x86_64 -accel help".
    static QStringList parseAcceleratorList(const QString &helpOutput);

    QString systemProgram() const { return m_system; }
    QString imgProgram() const { return m_img; }
    QVersionNumber version() const { return m_version; }
    // Compiled into the emulator (kvm, tcg, hvf, whpx, ...); empty if QEMU would not say.
    QStringList accelerators() const { return m_accelerators; }

private:
    QemuTools(QString system, QString img, QVersionNumber version, QStringList accelerators, QString firmware = {});

    QString m_system;
    QString m_img;
    QVersionNumber m_version;
    QStringList m_accelerators;
    QString m_firmware;  // an aarch64 guest's UEFI code image; empty for x86_64 (SeaBIOS built in)
};

}  // namespace ib::local
