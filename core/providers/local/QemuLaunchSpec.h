#pragma once

#include "Accelerator.h"
#include "QmpChannel.h"

#include <QString>
#include <QtGlobal>

namespace ib::local {

// Everything one VM of a local build is started with.
struct QemuLaunchSpec
{
    QString name;             // shows in ps and in QEMU's window title
    QString diskPath;         // the build's qcow2 overlay
    QString seedFolder;       // NoCloud seed, served by vvfat; empty for none
    quint16 sshHostPort = 0;  // forwarded from 127.0.0.1 only, to the guest's 22
    // passt's socket (PasstNetwork), which forwards SSH itself; empty: QEMU's user networking.
    QString netSocketPath;
    int cpus = 2;
    int memoryMiB = 1024;
    QString serialLogPath;  // the console, for the build log and post-mortems
    QmpEndpoint qmp;        // QMP for a clean stop where no signal asks for one; empty for none
    Accelerator accelerator{AcceleratorKind::Tcg, TwoTexts{}};
    // "x86_64" (a q35 PC) or "aarch64" (QEMU's virt machine, booted by the UEFI code image
    // `firmwarePath` as read-only pflash).
    QString architecture = QStringLiteral("x86_64");
    QString firmwarePath;
};

}  // namespace ib::local
