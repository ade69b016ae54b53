#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>
#include <QVersionNumber>

namespace ib::local {

// The QEMU programs a local build runs: the system emulator and qemu-img, with the
// emulator's version and the accelerators compiled into it.
class QemuTools final
{
public:
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
