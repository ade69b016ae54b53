#include "OpenSshCommand.h"

#include "SshClient.h"

namespace ib::ssh {

QString OpenSshCommand::commandLine() const
{
    const auto q = [](const QString &text) { return SshClient::shellQuote(text); };
    // UserKnownHostsFile takes several files separated by white space: the path goes in
    // double quotes (OpenSSH splits option values as a shell would), inside the shell's quotes.
    QString inner = knownHostsPath;
    inner.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QStringLiteral("ssh -i %1 -o %2 -o HostKeyAlias=%3 -o StrictHostKeyChecking=yes -p %4 -l %5 %6")
        .arg(q(keyPath), q(QStringLiteral("UserKnownHostsFile=\"%1\"").arg(inner)), q(alias))
        .arg(port)
        .arg(q(user), q(host));
}

QString OpenSshCommand::knownHostsLine(const QString &hostPublicKey) const
{
    // The key type and base64 only: a comment is not needed, and a line break in it would
    // start another entry.
    return alias + QLatin1Char(' ') + hostPublicKey.section(QLatin1Char(' '), 0, 1) + QLatin1Char('\n');
}

}  // namespace ib::ssh
