#include "QemuCommand.h"

#include <QDir>

namespace ib::local {

QString QemuCommand::escapeOptionValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char(','), QStringLiteral(",,"));
    return escaped;
}

QStringList QemuCommand::seedDriveArguments(const QString &folder)
{
    return {QStringLiteral("-drive"),
            QStringLiteral("if=virtio,driver=vvfat,dir=%1,label=CIDATA,readonly=on").arg(escapeOptionValue(QDir(folder).absolutePath()))};
}

QStringList QemuCommand::arguments(const QemuLaunchSpec &spec)
{
    QStringList args;
    if (!spec.name.isEmpty()) {
        args << QStringLiteral("-name") << escapeOptionValue(spec.name);
    }
    if (spec.architecture == QLatin1String("aarch64")) {
        // QEMU's generic arm64 board (no PC firmware in it): UEFI from a read-only pflash.
        args << QStringLiteral("-machine") << QStringLiteral("virt");
        args << QStringLiteral("-drive")
             << QStringLiteral("if=pflash,format=raw,unit=0,readonly=on,file=%1").arg(escapeOptionValue(spec.firmwarePath));
    } else {
        args << QStringLiteral("-machine") << QStringLiteral("q35");
    }
    args << spec.accelerator.qemuArguments();
    args << QStringLiteral("-smp") << QString::number(spec.cpus) << QStringLiteral("-m") << QString::number(spec.memoryMiB);
    args << QStringLiteral("-nographic") << QStringLiteral("-monitor") << QStringLiteral("none") << QStringLiteral("-no-reboot");
    args << QStringLiteral("-serial")
         << (spec.serialLogPath.isEmpty() ? QStringLiteral("null") : QStringLiteral("file:") + spec.serialLogPath);
    if (!spec.qmp.isEmpty()) {
        args << QStringLiteral("-qmp") << spec.qmp.qemuOption();
    }
    // The overlay is thrown away unless the build ends well, and QEMU writes it out when it
    // quits (the build stops it cleanly before the capture reads it): the guest's flushes
    // (dpkg's fsyncs, journal commits) need not reach the host's disk.
    args << QStringLiteral("-drive")
         << QStringLiteral("if=virtio,file=%1,format=qcow2,cache=unsafe,discard=unmap").arg(escapeOptionValue(spec.diskPath));
    // The guest may discard a single 4 KiB block (the overlay's cluster size): generalize's
    // fstrim then frees every block of a deleted file, so the captured image reads zeros
    // where the user script and the logs were. QEMU ignores a discard smaller than a cluster.
    args << QStringLiteral("-global") << QStringLiteral("virtio-blk-pci.discard_granularity=4096");
    if (!spec.seedFolder.isEmpty()) {
        args << seedDriveArguments(spec.seedFolder);
    }
    if (spec.netSocketPath.isEmpty())
        args << QStringLiteral("-netdev") << QStringLiteral("user,id=net0,hostfwd=tcp:127.0.0.1:%1-:22").arg(spec.sshHostPort);
    else
        args << QStringLiteral("-netdev")
             << QStringLiteral("stream,id=net0,server=off,addr.type=unix,addr.path=%1").arg(escapeOptionValue(spec.netSocketPath));
    args << QStringLiteral("-device") << QStringLiteral("virtio-net-pci,netdev=net0");
    args << QStringLiteral("-device") << QStringLiteral("virtio-rng-pci");
    return args;
}

}  // namespace ib::local
