#pragma once

// What the SSH engine's tests (tst_sshconnect, tst_sshclient) share: an error's kind in
// words for a failure message, and a command's output lines.
#include "ssh/SshClient.h"

#include <QStringList>

namespace ib::test {

template <typename T>
QString kindName(const ib::Result<T, ssh::SshError> &result)
{
    return result ? QStringLiteral("ok") : ssh::sshErrorKindName(result.error().kind) + QStringLiteral(": ") + result.error().message;
}

// The command's standard output, a line an entry (a failure is said as a warning).
inline QStringList run(ssh::SshClient &client, const QString &command)
{
    QStringList lines;
    ssh::SshExecOptions options;
    options.onStdoutLine = [&lines](const QString &line) { lines << line; };
    options.allowFailure = true;
    const auto result = client.exec(command, options);
    if (!result)
        qWarning("%s: %s", qPrintable(command), qPrintable(kindName(result)));
    return lines;
}

}  // namespace ib::test
