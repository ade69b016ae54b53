#pragma once

#include <QString>

namespace ib::ssh {

// What a person types to reach a VM the app keeps for debugging, with OpenSSH: the key,
// the known_hosts file and the host key pinned under `alias` (HostKeyAlias, so the
// known_hosts line is the same whatever the port: port 22 has no "[host]:22" form),
// StrictHostKeyChecking on, the login user as `-l`. Every value is quoted for a POSIX
// shell: the login user and host come from a cloud's image properties and replies.
struct OpenSshCommand
{
    QString keyPath;
    QString knownHostsPath;
    QString alias;  // e.g. "imagebuilder-<build id>"
    QString user;
    QString host;
    quint16 port = 22;

    QString commandLine() const;
    // The known_hosts line that pins `hostPublicKey` ("ssh-ed25519 AAAA... comment") to the alias.
    QString knownHostsLine(const QString &hostPublicKey) const;
};

}  // namespace ib::ssh
