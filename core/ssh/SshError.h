#pragma once

#include "util/Result.h"

#include <QString>

#include <utility>

namespace ib::ssh {

enum class SshErrorKind {
    Unreachable,           // no route to the host, or its name does not resolve
    Refused,               // nothing listens on the port (yet: a booting VM says this)
    TimedOut,              // no answer in time: connect, SSH greeting, or a command's own timeout
    HostKeyMismatch,       // the server's host key is not the one we expect: never accepted
    AuthenticationFailed,  // the server refused every key and password we offered
    Disconnected,          // the connection was lost (server stopped, VM rebooted, network gone)
    RemoteCommandFailed,   // the command ended with a non-zero status or a signal
    Cancelled,             // SshClient::cancel() was called
    SftpFailed,            // the file transfer failed (path, permissions, disk full)
    SudoNeedsPassword,     // the user cannot run sudo without a password
    Internal,              // libssh failed in a way none of the above describes
};

// The error of every SshClient call. exitStatus and exitSignal are set for
// RemoteCommandFailed (exitStatus -1 when a signal ended the command).
struct SshError : BasicError<SshErrorKind>
{
    int exitStatus = -1;
    QString exitSignal;

    static SshError make(SshErrorKind kind, QString message)
    {
        SshError error;
        error.kind = kind;
        error.message = std::move(message);
        return error;
    }
};

// "Refused", "TimedOut", ...: for logs and test output.
QString sshErrorKindName(SshErrorKind kind);

}  // namespace ib::ssh
