#include "PasstNetwork.h"

#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>

namespace ib::local {

PasstNetwork::Choice PasstNetwork::choose(bool isolate, const QString &resolvConf)
{
#ifdef Q_OS_LINUX
    if (!isolate)
        return {{}, QStringLiteral("QEMU's user networking, as Settings ask: the VM can reach this computer's loopback at 10.0.2.2")};
    const QString passt = QStandardPaths::findExecutable(QStringLiteral("passt"));
    if (passt.isEmpty())
        return {{},
                QStringLiteral("QEMU's user networking: passt is not installed, so the VM can reach this computer's loopback at "
                               "10.0.2.2 (install passt to leave it out)")};
    if (resolverIsLoopback(resolvConf))
        return {{},
                QStringLiteral("QEMU's user networking: this computer's DNS resolver is on its loopback (%1), which passt would "
                               "leave out with the rest of it")
                    .arg(resolvConf)};
    return {passt, QStringLiteral("passt: the VM reaches the internet but not this computer's loopback")};
#else
    Q_UNUSED(isolate)
    Q_UNUSED(resolvConf)
    return {{}, QStringLiteral("QEMU's user networking: the VM can reach this computer's loopback at 10.0.2.2 (passt is Linux-only)")};
#endif
}

QStringList PasstNetwork::arguments(const QString &socketPath, quint16 sshHostPort, bool runningAsRoot)
{
    QStringList args{QStringLiteral("--foreground"), QStringLiteral("--quiet"), QStringLiteral("--one-off")};
    if (runningAsRoot)
        args << QStringLiteral("--runas") << QStringLiteral("0:0");
    args << QStringLiteral("--socket") << socketPath << QStringLiteral("--no-map-gw") << QStringLiteral("--udp-ports")
         << QStringLiteral("none") << QStringLiteral("--tcp-ports") << QStringLiteral("127.0.0.1/%1:22").arg(sshHostPort);
    return args;
}

bool PasstNetwork::resolverIsLoopback(const QString &resolvConf)
{
    QFile f(resolvConf);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine(4096)).trimmed();
        if (!line.startsWith(QLatin1String("nameserver")))
            continue;
        const QString address = line.section(QLatin1Char(' '), 1, 1, QString::SectionSkipEmpty).section(QLatin1Char('%'), 0, 0);
        return QHostAddress(address).isLoopback();
    }
    return false;
}

}  // namespace ib::local
