#pragma once

#include "ssh/SshConnectionSettings.h"
#include "ssh/SshError.h"
#include "ssh/SshExecOptions.h"
#include "ssh/SshExecResult.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace ib::ssh {

// One SSH session over libssh. A blocking API for worker threads: each worker owns its
// client and calls it from that thread only; cancel() alone may be called from any thread.
// Nothing here throws; every failure is an SshError whose message says what to check.
class SshClient final
{
public:
    explicit SshClient(SshConnectionSettings settings);
    ~SshClient();
    SshClient(const SshClient &) = delete;
    SshClient &operator=(const SshClient &) = delete;

    // Connects, checks the host key and logs in; retries refused / silent / dropped
    // attempts with back-off until settings.retryDeadline. Never retries a host key
    // mismatch or a failed login.
    Result<void, SshError> connect();
    void disconnect();
    bool isConnected() const;

    // Runs a command through the user's login shell and streams its output. The command
    // runs in its own process group, which cancel() and timeouts kill as a whole.
    Result<SshExecResult, SshError> exec(const QString &command, const SshExecOptions &options = {});
    // Runs a command as root through `sudo -n sh -c COMMAND`. SudoNeedsPassword when the
    // user may not use sudo without a password.
    Result<SshExecResult, SshError> execAsRoot(const QString &command, const SshExecOptions &options = {});

    // SFTP upload; the remote file gets exactly this mode and is checked by size.
    Result<void, SshError> upload(const QByteArray &data, const QString &remotePath, int mode = 0644);
    // mode -1: the local file's permission bits.
    Result<void, SshError> uploadFile(const QString &localPath, const QString &remotePath, int mode = -1);

    // Thread-safe. The blocked call (and every later one) returns Cancelled within a second;
    // a running remote command's whole process group is killed first.
    void cancel();
    bool isCancelled() const;
    // Makes the client usable again after a cancel (a new build step, a test).
    void resetCancel();

    // "user@host:port", for messages.
    QString target() const;

    // Quotes a string for a POSIX shell: 'it'\''s'.
    static QString shellQuote(const QString &text);

private:
    class Private;
    std::unique_ptr<Private> m_d;
};

}  // namespace ib::ssh
