#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>
#include <functional>

namespace ib::ssh {

// Where to connect, how to recognise the server and how to log in.
// At least one host key source and one credential must be set.
struct SshConnectionSettings
{
    QString host;
    quint16 port = 22;
    QString user;

    // The server's host key, known in advance (the build generates the VM's host keys):
    // one OpenSSH public key line, "ssh-ed25519 AAAA... [comment]".
    QString pinnedHostKey;
    // Or an OpenSSH known_hosts file that lists the host (used when no key is pinned).
    QString knownHostsFile;

    // Credentials, tried in this order: in-memory private key (OpenSSH PEM), key file,
    // ssh-agent (SSH_AUTH_SOCK), password.
    QByteArray privateKey;
    QString privateKeyFile;
    bool useAgent = false;
    QString password;

    // One attempt: TCP connect, SSH greeting, key exchange and login must finish in this.
    std::chrono::milliseconds connectTimeout{10000};
    // Attempts are repeated with back-off until this much time has passed since the first
    // (a booting VM answers "refused" or not at all for a while). 0: a single attempt.
    std::chrono::milliseconds retryDeadline{0};
    // Asked between attempts, on the connecting thread: a non-empty answer ends the retries at
    // once, and becomes the error's message (a boot that has visibly stopped, for one).
    std::function<QString()> giveUp;
    // Sent when a command has been silent this long, so idle links are not dropped.
    std::chrono::milliseconds keepAliveInterval{15000};
    // Bound on single protocol round trips after login (opening a channel, SFTP requests).
    std::chrono::milliseconds operationTimeout{30000};
};

}  // namespace ib::ssh
