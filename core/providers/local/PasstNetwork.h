#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace ib::local {

// The build VM's network on Linux when passt is installed: passt is a user-mode stack
// that, unlike QEMU 7.2's user networking (slirp), can leave this computer out. Started
// with --no-map-gw, the guest reaches the internet through passt's sockets but nothing on
// this computer's loopback (slirp maps 10.0.2.2 to it: a database, an admin API, a
// cloud metadata proxy listening on 127.0.0.1 would answer the build's script). SSH is
// forwarded from 127.0.0.1 only, as with slirp. QEMU joins with -netdev stream.
class PasstNetwork final
{
public:
    // Whether a build VM uses passt, and why not when it does not (for the build log).
    struct Choice
    {
        QString program;  // empty: QEMU's user networking
        QString reason;
    };
    // isolate: the setting (Settings > Local VMs). resolvConf: where the host's resolver is
    // named (a loopback resolver, such as systemd-resolved's 127.0.0.53, is left out with
    // the rest of the loopback, so the VM keeps slirp there).
    static Choice choose(bool isolate, const QString &resolvConf = QStringLiteral("/etc/resolv.conf"));

    // passt in the foreground, for one QEMU (it quits when QEMU closes the socket), quiet,
    // forwarding 127.0.0.1:sshHostPort to the guest's port 22. Started as root, it keeps
    // root (--runas 0:0) so it can make its socket in the owner-only builds folder;
    // otherwise it runs as the user who started it.
    static QStringList arguments(const QString &socketPath, quint16 sshHostPort, bool runningAsRoot);

    // The longest socket path passt keeps whole (2023-03-09 cuts a longer one at 98 bytes:
    // measured, not documented).
    static constexpr int MaxSocketPathBytes = 98;

    // True when the first nameserver in the file is a loopback address.
    static bool resolverIsLoopback(const QString &resolvConf);
};

}  // namespace ib::local
