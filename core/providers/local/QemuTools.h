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
    // and Windows, in the usual install folders.
    static Result<QemuTools> find(const QString &configuredSystem = {}, const QString &configuredImg = {});

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
    QemuTools(QString system, QString img, QVersionNumber version, QStringList accelerators);

    QString m_system;
    QString m_img;
    QVersionNumber m_version;
    QStringList m_accelerators;
};

}  // namespace ib::local
