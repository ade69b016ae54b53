#include "ssh/SshClient.h"

#include "platform/Platform.h"
#include "ssh/SshClientPrivate.h"

#include <QFile>

#include <algorithm>
#include <cstring>

namespace ib::ssh {

using detail::shortCommand;

QString detail::shortCommand(const QString &command)
{
    QString oneLine = command.simplified();
    if (oneLine.size() > 120)
        oneLine = oneLine.left(117) + QStringLiteral("...");
    return oneLine;
}

QString detail::seconds(milliseconds ms)
{
    return QString::number(static_cast<double>(ms.count()) / 1000.0, 'g', 3);
}

// ---------------------------------------------------------------------------------------
// The state behind the face

SshClient::Private::Private(SshConnectionSettings settings)
    : s(std::move(settings))
    , log(ib::logging::get("ssh"))
{
    if (!s.password.isEmpty())
        ib::logging::registerSecret(s.password);
}

SshError SshClient::Private::error(SshErrorKind kind, const QString &message) const
{
    log->warn("{}: {}", targetStd(), message.toStdString());
    return SshError::make(kind, message);
}

SshError SshClient::Private::cancelledError() const
{
    log->info("{}: cancelled", targetStd());
    return SshError::make(SshErrorKind::Cancelled, QStringLiteral("The operation on %1 was cancelled.").arg(target()));
}

SshError SshClient::Private::notConnectedError() const
{
    return SshError::make(SshErrorKind::Disconnected, QStringLiteral("Not connected to %1: connect first (or again after the "
                                                                     "connection was lost).")
                                                          .arg(target()));
}

void SshClient::Private::closeSession()
{
    if (session) {
        ssh_disconnect(session);
        ssh_free(session);
        session = nullptr;
    }
}

bool SshClient::Private::interruptibleSleep(detail::milliseconds duration)
{
    std::unique_lock lock(waitMutex);
    waitCondition.wait_for(lock, duration, [this] { return cancelled.load(); });
    return !cancelled.load();
}

// Whatever arrives is handed to the session, where the non-blocking call that comes next
// picks it up.
void SshClient::Private::waitSocket(ssh_session ss, int timeoutMs)
{
    ssh_event event = ssh_get_fd(ss) == SSH_INVALID_SOCKET ? nullptr : ssh_event_new();
    if (!event || ssh_event_add_session(event, ss) != SSH_OK) {
        if (event)
            ssh_event_free(event);
        std::this_thread::sleep_for(detail::milliseconds(timeoutMs));
        return;
    }
    ssh_event_dopoll(event, timeoutMs);
    ssh_event_remove_session(event, ss);
    ssh_event_free(event);
}

// ---------------------------------------------------------------------------------------
// The public face

SshClient::SshClient(SshConnectionSettings settings)
    : m_d(std::make_unique<Private>(std::move(settings)))
{}

SshClient::~SshClient() = default;

Result<void, SshError> SshClient::connect()
{
    return m_d->connect();
}

void SshClient::disconnect()
{
    m_d->closeSession();
}

bool SshClient::isConnected() const
{
    return m_d->session && ssh_is_connected(m_d->session);
}

Result<SshExecResult, SshError> SshClient::exec(const QString &command, const SshExecOptions &options)
{
    return m_d->exec(command, options, false, nullptr);
}

Result<SshExecResult, SshError> SshClient::execAsRoot(const QString &command, const SshExecOptions &options)
{
    QByteArray stderrHead;
    SshExecOptions sudoOptions = options;
    sudoOptions.allowFailure = true;
    auto result = m_d->exec(QStringLiteral("sudo -n -- sh -c ") + shellQuote(command), sudoOptions, true, &stderrHead);
    if (!result)
        return result;
    if (result->succeeded())
        return result;
    const QString said = QString::fromUtf8(stderrHead).trimmed().section(QLatin1Char('\n'), 0, 0);
    if (stderrHead.contains("a password is required") || stderrHead.contains("is not in the sudoers") ||
        stderrHead.contains("may not run sudo")) {
        return m_d->error(SshErrorKind::SudoNeedsPassword,
                          QStringLiteral("User \"%1\" on %2 cannot run commands as root without a password (sudo said: \"%3\"). "
                                         "Give it passwordless sudo (a file in /etc/sudoers.d/ with \"%1 ALL=(ALL) NOPASSWD:ALL\"; "
                                         "cloud-init does this for the image's default user) or connect as a user that has it.")
                              .arg(m_d->s.user, m_d->target(), said));
    }
    if (result->exitStatus == 127 && stderrHead.contains("sudo"))
        return m_d->error(
            SshErrorKind::RemoteCommandFailed,
            QStringLiteral("sudo is not installed on %1: install it in the base image, or connect as root.").arg(m_d->target()));
    if (options.allowFailure)
        return result;
    SshError e;
    e.kind = SshErrorKind::RemoteCommandFailed;
    e.exitStatus = result->exitStatus;
    e.exitSignal = result->exitSignal;
    e.message =
        result->exitSignal.isEmpty()
            ? QStringLiteral("`%1` (as root) on %2 failed with exit status %3: see its output for the cause.")
                  .arg(shortCommand(command), m_d->target())
                  .arg(result->exitStatus)
            : QStringLiteral("`%1` (as root) on %2 was ended by signal %3.").arg(shortCommand(command), m_d->target(), result->exitSignal);
    m_d->log->warn("{}: {}", m_d->targetStd(), e.message.toStdString());
    return e;
}

Result<void, SshError> SshClient::upload(const QByteArray &data, const QString &remotePath, int mode)
{
    qint64 position = 0;
    const auto read = [&](char *buffer, qint64 maxLength) -> qint64 {
        const qint64 n = std::min<qint64>(maxLength, data.size() - position);
        std::memcpy(buffer, data.constData() + position, static_cast<size_t>(n));
        position += n;
        return n;
    };
    return m_d->upload(read, data.size(), remotePath, mode);
}

Result<void, SshError> SshClient::uploadFile(const QString &localPath, const QString &remotePath, int mode)
{
    QFile file(localPath);
    if (!file.open(QIODevice::ReadOnly))
        return m_d->error(SshErrorKind::SftpFailed, QStringLiteral("Cannot open %1 to upload it: %2.").arg(localPath, file.errorString()));
    if (mode < 0) {
        const std::optional<int> localMode = platform::fileMode(localPath);
        if (!localMode)
            return m_d->error(SshErrorKind::SftpFailed, QStringLiteral("Cannot read the mode of %1.").arg(localPath));
        mode = *localMode;
    }
    const auto read = [&](char *buffer, qint64 maxLength) -> qint64 { return file.read(buffer, maxLength); };
    return m_d->upload(read, file.size(), remotePath, mode);
}

void SshClient::cancel()
{
    {
        std::lock_guard lock(m_d->waitMutex);
        m_d->cancelled = true;
    }
    m_d->waitCondition.notify_all();
}

bool SshClient::isCancelled() const
{
    return m_d->cancelled;
}

void SshClient::resetCancel()
{
    m_d->cancelled = false;
}

QString SshClient::target() const
{
    return m_d->target();
}

QString SshClient::shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

}  // namespace ib::ssh
