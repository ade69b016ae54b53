#pragma once

#include "QemuLaunchSpec.h"

#include <QString>
#include <QStringList>

namespace ib::local {

// The qemu-system-x86_64 argument list for one build VM: q35 (no floppy controller for
// cloud-init to probe), virtio disk and network, user-mode networking with SSH forwarded
// from 127.0.0.1 only, serial console to a file, no display, no reboot (a guest that
// reboots by mistake stops QEMU instead of looping).
class QemuCommand final
{
public:
    static QStringList arguments(const QemuLaunchSpec &spec);

    // QEMU's option syntax: a comma inside a value is written twice.
    static QString escapeOptionValue(const QString &value);

    // The NoCloud seed folder as a FAT disk labelled CIDATA:
    // "-drive if=virtio,driver=vvfat,dir=FOLDER,label=CIDATA,readonly=on"
    static QStringList seedDriveArguments(const QString &folder);
};

}  // namespace ib::local
