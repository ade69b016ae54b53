#include "ssh/SshError.h"

namespace ib::ssh {

QString sshErrorKindName(SshErrorKind kind)
{
    switch (kind) {
    case SshErrorKind::Unreachable:
        return QStringLiteral("Unreachable");
    case SshErrorKind::Refused:
        return QStringLiteral("Refused");
    case SshErrorKind::TimedOut:
        return QStringLiteral("TimedOut");
    case SshErrorKind::HostKeyMismatch:
        return QStringLiteral("HostKeyMismatch");
    case SshErrorKind::AuthenticationFailed:
        return QStringLiteral("AuthenticationFailed");
    case SshErrorKind::Disconnected:
        return QStringLiteral("Disconnected");
    case SshErrorKind::RemoteCommandFailed:
        return QStringLiteral("RemoteCommandFailed");
    case SshErrorKind::Cancelled:
        return QStringLiteral("Cancelled");
    case SshErrorKind::SftpFailed:
        return QStringLiteral("SftpFailed");
    case SshErrorKind::SudoNeedsPassword:
        return QStringLiteral("SudoNeedsPassword");
    case SshErrorKind::Internal:
        return QStringLiteral("Internal");
    }
    return QStringLiteral("Unknown");
}

}  // namespace ib::ssh
