#pragma once

// Private to core/ssh: the state behind SshClient, shared by its four parts.
//   SshClient.cpp   the public face, and sudo's answers turned into errors
//   SshConnect.cpp  the session: connect with retries, host key, login
//   SshExec.cpp     commands on a channel: output, exit status, cancel and timeout
//   SftpUpload.cpp  uploads: pipelined SFTP writes, then the mode and size checked
// libssh stays out of every public header; only these files include it.

#include "logging/Logging.h"
#include "ssh/SshClient.h"

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace ib::ssh {

namespace detail {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline constexpr milliseconds kPollSlice{100};  // how often blocked loops look at cancel()

// A command on one line, cut to 120 characters, for messages.
QString shortCommand(const QString &command);
// "1.5": a duration in seconds, for messages.
QString seconds(milliseconds ms);

struct ExecState;  // SshExec.cpp

}  // namespace detail

class SshClient::Private
{
public:
    using Clock = detail::Clock;

    explicit Private(SshConnectionSettings settings);
    ~Private() { closeSession(); }
    Private(const Private &) = delete;
    Private &operator=(const Private &) = delete;

    QString target() const { return QStringLiteral("%1@%2:%3").arg(s.user, s.host).arg(s.port); }
    std::string targetStd() const { return target().toStdString(); }

    // An error, logged as a warning with the target.
    SshError error(SshErrorKind kind, const QString &message) const;
    SshError cancelledError() const;
    SshError notConnectedError() const;
    void closeSession();

    // Sleeps, but wakes at once on cancel(). False when cancelled.
    bool interruptibleSleep(detail::milliseconds duration);
    // Waits for the session socket to have something to read (or a short while), through
    // libssh's own poll loop, which is the same on every platform.
    static void waitSocket(ssh_session ss, int timeoutMs);

    // SshConnect.cpp
    Result<void, SshError> connect();
    Result<void, SshError> connectOnce(Clock::time_point attemptDeadline);
    Result<void, SshError> configureSession(ssh_session ss) const;
    Result<void, SshError> handshake(ssh_session ss, Clock::time_point attemptDeadline);
    Result<void, SshError> checkHostKey(ssh_session ss);
    Result<void, SshError> checkPinnedHostKey(ssh_session ss);
    Result<void, SshError> checkKnownHost(ssh_session ss);
    Result<void, SshError> authenticate(ssh_session ss, Clock::time_point deadline);
    std::optional<SshError> runAuthStep(ssh_session ss, Clock::time_point deadline, const std::function<int()> &step);
    SshError classifyConnectError(ssh_session ss, const char *during) const;

    // SshExec.cpp
    Result<SshExecResult, SshError> exec(const QString &command, const SshExecOptions &options, bool asRoot, QByteArray *stderrHead);
    std::optional<SshError> pollUntilClosed(detail::ExecState &state, const QString &command, const SshExecOptions &options, bool asRoot);
    Result<SshExecResult, SshError> execResult(detail::ExecState &state, const QString &command, const SshExecOptions &options);
    void killRemoteGroup(qint64 pgid, bool asRoot);
    Result<ssh_channel, SshError> openChannel();

    // SftpUpload.cpp
    class SftpWriter;
    Result<void, SshError> upload(const std::function<qint64(char *, qint64)> &read, qint64 size, const QString &remotePath, int mode);
    Result<void, SshError> checkUploaded(sftp_session sftp, const QString &remotePath, quint64 size, quint64 written, int mode);
    SshError sftpError(sftp_session sftp, const QString &what, const QString &remotePath) const;

    SshConnectionSettings s;
    std::shared_ptr<spdlog::logger> log;
    ssh_session session = nullptr;
    std::atomic<bool> cancelled{false};
    std::mutex waitMutex;
    std::condition_variable waitCondition;
};

}  // namespace ib::ssh
