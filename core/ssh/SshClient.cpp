#include "ssh/SshClient.h"

#include "logging/Logging.h"
#include "platform/Platform.h"
#include "ssh/SshLineSplitter.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>  // ssh_send_keepalive: declared here in 0.10, works for clients too
#include <libssh/sftp.h>

#include <QFile>
#include <QStringList>

#include <fcntl.h>  // O_WRONLY and friends for sftp_open: Windows' C runtime has them too

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace ib::ssh {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPollSlice{100};  // how often blocked loops look at cancel()
const QByteArray kPgidMarker = QByteArrayLiteral("\x1eIBPGID:");

// SFTP writes kept in flight at once, and their size: the pipelining that makes the
// upload as fast as OpenSSH's (libssh 0.10's sftp_write waits for each reply).
constexpr int kSftpInFlight = 32;
constexpr qsizetype kSftpChunk = 64LL * 1024;

QString shortCommand(const QString &command)
{
    QString oneLine = command.simplified();
    if (oneLine.size() > 120)
        oneLine = oneLine.left(117) + QStringLiteral("...");
    return oneLine;
}

QString seconds(milliseconds ms)
{
    return QString::number(static_cast<double>(ms.count()) / 1000.0, 'g', 3);
}

void putU32(QByteArray &buffer, quint32 value)
{
    const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
                           static_cast<char>(value)};
    buffer.append(bytes, 4);
}

quint32 getU32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

// Splits "ssh-ed25519 AAAA... comment" into its type and base64 parts.
std::optional<std::pair<QByteArray, QByteArray>> parsePublicKeyLine(const QString &line)
{
    const QStringList parts = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return std::nullopt;
    return std::make_pair(parts.at(0).toLatin1(), parts.at(1).toLatin1());
}

}  // namespace

// ---------------------------------------------------------------------------------------

class SshClient::Private
{
public:
    explicit Private(SshConnectionSettings settings)
        : s(std::move(settings))
        , log(ib::logging::get("ssh"))
    {
        if (!s.password.isEmpty())
            ib::logging::registerSecret(s.password);
    }

    ~Private() { closeSession(); }

    QString target() const { return QStringLiteral("%1@%2:%3").arg(s.user, s.host).arg(s.port); }
    std::string targetStd() const { return target().toStdString(); }

    SshError error(SshErrorKind kind, const QString &message) const
    {
        log->warn("{}: {}", targetStd(), message.toStdString());
        return SshError::make(kind, message);
    }

    SshError cancelledError() const
    {
        log->info("{}: cancelled", targetStd());
        return SshError::make(SshErrorKind::Cancelled, QStringLiteral("The operation on %1 was cancelled.").arg(target()));
    }

    SshError notConnectedError() const
    {
        return SshError::make(SshErrorKind::Disconnected, QStringLiteral("Not connected to %1: connect first (or again after the "
                                                                         "connection was lost).")
                                                              .arg(target()));
    }

    void closeSession()
    {
        if (session) {
            ssh_disconnect(session);
            ssh_free(session);
            session = nullptr;
        }
    }

    // Sleeps, but wakes at once on cancel(). False when cancelled.
    bool interruptibleSleep(milliseconds duration)
    {
        std::unique_lock lock(waitMutex);
        waitCondition.wait_for(lock, duration, [this] { return cancelled.load(); });
        return !cancelled.load();
    }

    // Waits for the session socket to have something to read (or a short while), through
    // libssh's own poll loop, which is the same on every platform. Whatever arrives is
    // handed to the session, where the non-blocking call that comes next picks it up.
    static void waitSocket(ssh_session ss, int timeoutMs)
    {
        ssh_event event = ssh_get_fd(ss) == SSH_INVALID_SOCKET ? nullptr : ssh_event_new();
        if (!event || ssh_event_add_session(event, ss) != SSH_OK) {
            if (event)
                ssh_event_free(event);
            std::this_thread::sleep_for(milliseconds(timeoutMs));
            return;
        }
        ssh_event_dopoll(event, timeoutMs);
        ssh_event_remove_session(event, ss);
        ssh_event_free(event);
    }

    Result<void, SshError> connect();
    Result<void, SshError> connectOnce(Clock::time_point attemptDeadline);
    Result<void, SshError> checkHostKey(ssh_session ss);
    Result<void, SshError> authenticate(ssh_session ss, Clock::time_point deadline);
    SshError classifyConnectError(ssh_session ss, const char *during) const;

    Result<SshExecResult, SshError> exec(const QString &command, const SshExecOptions &options, bool asRoot, QByteArray *stderrHead);
    void killRemoteGroup(qint64 pgid, bool asRoot);
    Result<ssh_channel, SshError> openChannel();

    Result<void, SshError> upload(const std::function<qint64(char *, qint64)> &read, qint64 size, const QString &remotePath, int mode);
    SshError sftpError(sftp_session sftp, const QString &what, const QString &remotePath) const;

    SshConnectionSettings s;
    std::shared_ptr<spdlog::logger> log;
    ssh_session session = nullptr;
    std::atomic<bool> cancelled{false};
    std::mutex waitMutex;
    std::condition_variable waitCondition;
};

// ---------------------------------------------------------------------------------------
// Connecting

SshError SshClient::Private::classifyConnectError(ssh_session ss, const char *during) const
{
    const QString raw = QString::fromUtf8(ssh_get_error(ss));
    const QString where = QStringLiteral("%1:%2").arg(s.host).arg(s.port);
    const auto has = [&raw](const char *text) { return raw.contains(QLatin1String(text), Qt::CaseInsensitive); };
    if (has("host key") || has("hostkey"))
        return SshError::make(SshErrorKind::HostKeyMismatch,
                              QStringLiteral("%1 offers no host key of the expected type (%2): check the address and port, and "
                                             "that the machine got the build's host keys.")
                                  .arg(where, raw));
    if (has("refused"))
        return SshError::make(SshErrorKind::Refused,
                              QStringLiteral("Nothing accepts SSH connections at %1 (connection refused): check the host "
                                             "and port, that the machine has finished booting and that sshd runs.")
                                  .arg(where));
    if (has("resolve") || has("unreachable") || has("no route"))
        return SshError::make(SshErrorKind::Unreachable,
                              QStringLiteral("Cannot reach %1 (%2): check the host name or address, the network and "
                                             "any firewall in between.")
                                  .arg(where, raw));
    if (has("timeout") || has("timed out"))
        return SshError::make(SshErrorKind::TimedOut,
                              QStringLiteral("%1 did not answer in time (%2): check that the machine runs and that no "
                                             "firewall drops the traffic.")
                                  .arg(where, raw));
    if (has("disconnect") || has("closed") || has("reset") || has("socket error") || has("broken pipe") || has("socket exception"))
        return SshError::make(SshErrorKind::Disconnected,
                              QStringLiteral("%1 closed the connection during %2 (%3): sshd may still be starting, or "
                                             "it refuses this client; see the server's sshd log.")
                                  .arg(where, QLatin1String(during), raw));
    return SshError::make(SshErrorKind::Internal, QStringLiteral("SSH to %1 failed during %2: %3").arg(where, QLatin1String(during), raw));
}

Result<void, SshError> SshClient::Private::connect()
{
    closeSession();
    if (cancelled)
        return cancelledError();
    const auto start = Clock::now();
    const auto overallDeadline = start + std::max(s.retryDeadline, s.connectTimeout);
    milliseconds backoff{250};
    int attempt = 0;
    for (;;) {
        ++attempt;
        const auto attemptDeadline = std::min(Clock::now() + s.connectTimeout, overallDeadline);
        auto result = connectOnce(attemptDeadline);
        if (result.ok()) {
            log->info("{}: connected (attempt {})", targetStd(), attempt);
            return result;
        }
        const SshErrorKind kind = result.error().kind;
        const bool retryable = kind == SshErrorKind::Refused || kind == SshErrorKind::TimedOut || kind == SshErrorKind::Unreachable ||
                               kind == SshErrorKind::Disconnected;
        if (retryable && s.giveUp) {
            if (const QString reason = s.giveUp(); !reason.isEmpty()) {
                SshError e = result.error();
                e.message = QStringLiteral("%1 (after %2 attempts in %3 s; the last: %4)")
                                .arg(reason)
                                .arg(attempt)
                                .arg(seconds(std::chrono::duration_cast<milliseconds>(Clock::now() - start)))
                                .arg(e.message);
                log->warn("{}: {}", targetStd(), e.message.toStdString());
                return e;
            }
        }
        if (!retryable || Clock::now() + backoff >= overallDeadline) {
            SshError e = result.error();
            if (attempt > 1)
                e.message += QStringLiteral(" (gave up after %1 attempts in %2 s)")
                                 .arg(attempt)
                                 .arg(seconds(std::chrono::duration_cast<milliseconds>(Clock::now() - start)));
            log->warn("{}: {}", targetStd(), e.message.toStdString());
            return e;
        }
        log->debug("{}: attempt {} failed ({}), retrying in {} ms", targetStd(), attempt, sshErrorKindName(kind).toStdString(),
                   backoff.count());
        if (!interruptibleSleep(backoff))
            return cancelledError();
        backoff = std::min(backoff * 2, milliseconds(500));
    }
}

Result<void, SshError> SshClient::Private::connectOnce(Clock::time_point attemptDeadline)
{
    ssh_session ss = ssh_new();
    if (!ss)
        return SshError::make(SshErrorKind::Internal, QStringLiteral("libssh could not create a session (out of memory?)."));
    struct Guard
    {
        ssh_session &ss;
        ~Guard()
        {
            if (ss) {
                ssh_disconnect(ss);
                ssh_free(ss);
            }
        }
    } guard{ss};

    const QByteArray host = s.host.toUtf8();
    const QByteArray user = s.user.toUtf8();
    unsigned int port = s.port;
    bool processConfig = false;  // never read ~/.ssh/config: the settings are the whole truth
    int verbosity = SSH_LOG_NOLOG;
    long timeoutSeconds = std::max<long>(1, static_cast<long>((s.connectTimeout.count() + 999) / 1000));
    ssh_options_set(ss, SSH_OPTIONS_PROCESS_CONFIG, &processConfig);
    ssh_options_set(ss, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    ssh_options_set(ss, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(ss, SSH_OPTIONS_PORT, &port);
    ssh_options_set(ss, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(ss, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    // AES-GCM runs on the CPU's AES instructions through OpenSSL; libssh 0.10's own
    // chacha20-poly1305 is plain C and several times slower.
    const char *ciphers = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr";
    ssh_options_set(ss, SSH_OPTIONS_CIPHERS_C_S, ciphers);
    ssh_options_set(ss, SSH_OPTIONS_CIPHERS_S_C, ciphers);

    if (!s.pinnedHostKey.isEmpty()) {
        const auto parsed = parsePublicKeyLine(s.pinnedHostKey);
        if (!parsed)
            return SshError::make(SshErrorKind::HostKeyMismatch,
                                  QStringLiteral("The expected host key for %1 is not an OpenSSH public key line "
                                                 "(\"ssh-ed25519 AAAA...\"): check the key handed to the connection.")
                                      .arg(target()));
        // Ask for the pinned key's type, so the server does not offer another of its keys.
        QByteArray algorithms = parsed->first;
        if (algorithms == "ssh-rsa")
            algorithms = "rsa-sha2-512,rsa-sha2-256,ssh-rsa";
        ssh_options_set(ss, SSH_OPTIONS_HOSTKEYS, algorithms.constData());
        ssh_options_set(ss, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
        ssh_options_set(ss, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    } else if (!s.knownHostsFile.isEmpty()) {
        const QByteArray file = QFile::encodeName(s.knownHostsFile);
        ssh_options_set(ss, SSH_OPTIONS_KNOWNHOSTS, file.constData());
        ssh_options_set(ss, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    } else {
        return SshError::make(SshErrorKind::HostKeyMismatch,
                              QStringLiteral("No host key to check %1 against: give the expected host key or a known_hosts "
                                             "file; an unknown server is never trusted.")
                                  .arg(target()));
    }

    // Non-blocking, so that the connect timeout and cancel() are ours to enforce.
    ssh_set_blocking(ss, 0);
    for (;;) {
        const int rc = ssh_connect(ss);
        if (rc == SSH_OK)
            break;
        if (rc != SSH_AGAIN)
            return classifyConnectError(ss, "the connection set-up");
        if (cancelled)
            return cancelledError();
        if (Clock::now() >= attemptDeadline)
            return SshError::make(SshErrorKind::TimedOut,
                                  QStringLiteral("%1:%2 accepted no SSH session within %3 s: check that the machine has "
                                                 "booted, that sshd listens on that port and that nothing drops the traffic.")
                                      .arg(s.host)
                                      .arg(s.port)
                                      .arg(seconds(s.connectTimeout)));
        waitSocket(ss, 20);
    }

    auto hostKey = checkHostKey(ss);
    if (!hostKey)
        return hostKey.error();
    auto auth = authenticate(ss, attemptDeadline);
    if (!auth)
        return auth.error();

    ssh_set_blocking(ss, 1);
    long operationSeconds = std::max<long>(1, static_cast<long>((s.operationTimeout.count() + 999) / 1000));
    ssh_options_set(ss, SSH_OPTIONS_TIMEOUT, &operationSeconds);
    session = ss;
    ss = nullptr;  // the guard lets go
    return {};
}

Result<void, SshError> SshClient::Private::checkHostKey(ssh_session ss)
{
    if (!s.pinnedHostKey.isEmpty()) {
        const auto parsed = parsePublicKeyLine(s.pinnedHostKey);
        ssh_key expected = nullptr;
        const ssh_keytypes_e type = ssh_key_type_from_name(parsed->first.constData());
        if (type == SSH_KEYTYPE_UNKNOWN || ssh_pki_import_pubkey_base64(parsed->second.constData(), type, &expected) != SSH_OK)
            return SshError::make(SshErrorKind::HostKeyMismatch,
                                  QStringLiteral("The expected host key for %1 cannot be read (type \"%2\"): check the key "
                                                 "handed to the connection.")
                                      .arg(target(), QString::fromLatin1(parsed->first)));
        ssh_key actual = nullptr;
        const bool gotKey = ssh_get_server_publickey(ss, &actual) == SSH_OK && actual;
        const bool same = gotKey && ssh_key_cmp(expected, actual, SSH_KEY_CMP_PUBLIC) == 0;
        QString fingerprint;
        if (gotKey) {
            unsigned char *hash = nullptr;
            size_t hashLength = 0;
            if (ssh_get_publickey_hash(actual, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLength) == SSH_OK) {
                char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLength);
                fingerprint = QString::fromLatin1(text);
                ssh_string_free_char(text);
                ssh_clean_pubkey_hash(&hash);
            }
        }
        ssh_key_free(expected);
        ssh_key_free(actual);
        if (!same)
            return SshError::make(SshErrorKind::HostKeyMismatch,
                                  QStringLiteral("The host key of %1:%2 (%3) is not the expected one: this is not the machine "
                                                 "the build created, or it was set up without the build's host keys. Check the "
                                                 "address and port; the connection was refused.")
                                      .arg(s.host)
                                      .arg(s.port)
                                      .arg(fingerprint.isEmpty() ? QStringLiteral("unknown") : fingerprint));
        return {};
    }

    switch (ssh_session_is_known_server(ss)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
        return SshError::make(SshErrorKind::HostKeyMismatch,
                              QStringLiteral("The host key of %1:%2 differs from the one in %3: the machine was replaced or "
                                             "someone is in between. Check the address; update the known_hosts entry only if "
                                             "you know why it changed.")
                                  .arg(s.host)
                                  .arg(s.port)
                                  .arg(s.knownHostsFile));
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        return SshError::make(SshErrorKind::HostKeyMismatch,
                              QStringLiteral("%1:%2 is not listed in %3, so its host key cannot be checked: add its key "
                                             "(for a port other than 22 as \"[host]:port\").")
                                  .arg(s.host)
                                  .arg(s.port)
                                  .arg(s.knownHostsFile));
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return SshError::make(SshErrorKind::HostKeyMismatch, QStringLiteral("Cannot check the host key of %1 against %2: %3")
                                                             .arg(target(), s.knownHostsFile, QString::fromUtf8(ssh_get_error(ss))));
}

Result<void, SshError> SshClient::Private::authenticate(ssh_session ss, Clock::time_point deadline)
{
    QStringList tried;
    // Runs one non-blocking libssh auth call to its end.
    const auto run = [&](const std::function<int()> &step) -> std::optional<SshError> {
        for (;;) {
            const int rc = step();
            if (rc == SSH_AUTH_SUCCESS)
                return std::nullopt;
            if (rc == SSH_AUTH_DENIED || rc == SSH_AUTH_PARTIAL)
                return SshError::make(SshErrorKind::AuthenticationFailed, QString());
            if (rc == SSH_AUTH_ERROR)
                return classifyConnectError(ss, "login");
            if (cancelled)
                return cancelledError();
            if (Clock::now() >= deadline)
                return SshError::make(SshErrorKind::TimedOut,
                                      QStringLiteral("%1 did not finish the login within %2 s: check the server's load and sshd log.")
                                          .arg(target(), seconds(s.connectTimeout)));
            waitSocket(ss, 20);
        }
    };
    const auto fatal = [](const std::optional<SshError> &e) { return e && e->kind != SshErrorKind::AuthenticationFailed; };

    if (!s.privateKey.isEmpty()) {
        ssh_key key = nullptr;
        if (ssh_pki_import_privkey_base64(s.privateKey.constData(), nullptr, nullptr, nullptr, &key) != SSH_OK)
            return SshError::make(SshErrorKind::AuthenticationFailed,
                                  QStringLiteral("The private key for %1 cannot be read: it must be an unencrypted OpenSSH or PEM "
                                                 "private key.")
                                      .arg(target()));
        auto e = run([&] { return ssh_userauth_publickey(ss, nullptr, key); });
        ssh_key_free(key);
        if (!e)
            return {};
        if (fatal(e))
            return *e;
        tried << QStringLiteral("the build's key");
    }
    if (!s.privateKeyFile.isEmpty()) {
        ssh_key key = nullptr;
        const QByteArray file = QFile::encodeName(s.privateKeyFile);
        if (ssh_pki_import_privkey_file(file.constData(), nullptr, nullptr, nullptr, &key) != SSH_OK)
            return SshError::make(SshErrorKind::AuthenticationFailed,
                                  QStringLiteral("The key file %1 cannot be read: check that it exists, is readable and is an "
                                                 "unencrypted private key.")
                                      .arg(s.privateKeyFile));
        auto e = run([&] { return ssh_userauth_publickey(ss, nullptr, key); });
        ssh_key_free(key);
        if (!e)
            return {};
        if (fatal(e))
            return *e;
        tried << QStringLiteral("the key in %1").arg(s.privateKeyFile);
    }
#ifndef Q_OS_WIN
    // libssh 0.10 speaks to ssh-agent over a Unix socket only; on Windows it has no agent
    // call at all (neither Pageant nor OpenSSH's named pipe), so keys come from files there.
    if (s.useAgent && !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) {
        auto e = run([&] { return ssh_userauth_agent(ss, nullptr); });
        if (!e)
            return {};
        if (fatal(e))
            return *e;
        tried << QStringLiteral("the keys of ssh-agent");
    }
#endif
    if (!s.password.isEmpty()) {
        const QByteArray password = s.password.toUtf8();
        auto e = run([&] { return ssh_userauth_password(ss, nullptr, password.constData()); });
        if (!e)
            return {};
        if (fatal(e))
            return *e;
        tried << QStringLiteral("the password");
    }
    if (tried.isEmpty())
        return SshError::make(SshErrorKind::AuthenticationFailed,
                              QStringLiteral("No credentials to log in to %1: give a private key, a key file, ssh-agent or a "
                                             "password.")
                                  .arg(target()));
    return SshError::make(SshErrorKind::AuthenticationFailed,
                          QStringLiteral("%1 refused the login of user \"%2\" with %3: check the user name and that the public "
                                         "key is in that user's ~/.ssh/authorized_keys (or the password).")
                              .arg(QStringLiteral("%1:%2").arg(s.host).arg(s.port), s.user, tried.join(QStringLiteral(", then "))));
}

// ---------------------------------------------------------------------------------------
// Running commands

namespace {

// Everything the channel callbacks touch while exec() polls.
struct ExecState
{
    const SshExecOptions *options = nullptr;
    std::optional<SshLineSplitter> stdoutLines;
    std::optional<SshLineSplitter> stderrLines;
    QByteArray *stderrHead = nullptr;  // first bytes of stderr, for the sudo helper
    QByteArray markerBuffer;
    bool markerDone = false;
    qint64 pgid = -1;
    bool closed = false;
    bool gotStatus = false;
    int exitStatus = -1;
    QString exitSignal;
    bool deliver = true;  // false once cancelled: nothing more reaches the caller
    Clock::time_point lastActivity = Clock::now();

    void deliverStdout(QByteArrayView data)
    {
        if (!deliver)
            return;
        if (options->onStdoutData)
            options->onStdoutData(data);
        if (stdoutLines)
            stdoutLines->feed(data);
    }

    void deliverStderr(QByteArrayView data)
    {
        if (!deliver || data.isEmpty())
            return;
        if (stderrHead && stderrHead->size() < 4096)
            stderrHead->append(data.first(std::min<qsizetype>(data.size(), 4096 - stderrHead->size())));
        if (options->onStderrData)
            options->onStderrData(data);
        if (stderrLines)
            stderrLines->feed(data);
    }

    // The wrapper's first line on stderr names the process group; it is not the command's.
    void onStderr(QByteArrayView data)
    {
        if (markerDone) {
            deliverStderr(data);
            return;
        }
        markerBuffer.append(data);
        const qsizetype newline = markerBuffer.indexOf('\n');
        const qsizetype common = std::min(markerBuffer.size(), kPgidMarker.size());
        if (markerBuffer.left(common) != kPgidMarker.left(common) || (newline < 0 && markerBuffer.size() > 64)) {
            markerDone = true;  // not ours: a shell that failed before the wrapper ran
            deliverStderr(markerBuffer);
            markerBuffer.clear();
            return;
        }
        if (newline < 0)
            return;
        markerDone = true;
        bool ok = false;
        const qint64 value = markerBuffer.mid(kPgidMarker.size(), newline - kPgidMarker.size()).toLongLong(&ok);
        if (ok && value > 1)
            pgid = value;
        const QByteArray rest = markerBuffer.mid(newline + 1);
        markerBuffer.clear();
        deliverStderr(rest);
    }
};

int onChannelData(ssh_session, ssh_channel, void *data, uint32_t len, int isStderr, void *userdata)
{
    auto *state = static_cast<ExecState *>(userdata);
    state->lastActivity = Clock::now();
    const QByteArrayView bytes(static_cast<const char *>(data), static_cast<qsizetype>(len));
    if (isStderr)
        state->onStderr(bytes);
    else
        state->deliverStdout(bytes);
    return static_cast<int>(len);
}

void onChannelClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<ExecState *>(userdata)->closed = true;
}

void onExitStatus(ssh_session, ssh_channel, int status, void *userdata)
{
    auto *state = static_cast<ExecState *>(userdata);
    state->gotStatus = true;
    state->exitStatus = status;
}

void onExitSignal(ssh_session, ssh_channel, const char *signal, int, const char *, const char *, void *userdata)
{
    auto *state = static_cast<ExecState *>(userdata);
    state->gotStatus = true;
    state->exitStatus = -1;
    state->exitSignal = QString::fromLatin1(signal ? signal : "?");
}

struct EventDeleter
{
    void operator()(ssh_event_struct *event) const { ssh_event_free(event); }
};

struct ChannelDeleter
{
    void operator()(ssh_channel_struct *channel) const
    {
        if (!ssh_channel_is_closed(channel))
            ssh_channel_close(channel);
        ssh_channel_free(channel);
    }
};

using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;

}  // namespace

Result<ssh_channel, SshError> SshClient::Private::openChannel()
{
    ssh_channel channel = ssh_channel_new(session);
    if (!channel)
        return SshError::make(SshErrorKind::Internal, QStringLiteral("libssh could not create a channel."));
    if (ssh_channel_open_session(channel) != SSH_OK) {
        ssh_channel_free(channel);
        if (!ssh_is_connected(session))
            return error(SshErrorKind::Disconnected, QStringLiteral("The connection to %1 was lost: the machine may have rebooted or sshd "
                                                                    "stopped. Connect again.")
                                                         .arg(target()));
        return error(SshErrorKind::Internal, QStringLiteral("%1 refused a new session channel (%2): check MaxSessions in its sshd_config.")
                                                 .arg(target(), QString::fromUtf8(ssh_get_error(session))));
    }
    return channel;
}

void SshClient::Private::killRemoteGroup(qint64 pgid, bool asRoot)
{
    // TERM first so the command may clean up, then KILL whatever is left of the group.
    const QString group = QString::number(pgid);
    // (No "--": dash's kill refuses it. A dead member waiting to be reaped would still count
    // for kill -0, so ask ps for live ones.)
    QString script = QStringLiteral("kill -TERM -%1 2>/dev/null; i=0; "
                                    "while [ $i -lt 10 ] && ps -eo pgid=,stat= 2>/dev/null | grep -q '^ *%1 [^Z]'; "
                                    "do sleep 0.05; i=$((i+1)); done; kill -KILL -%1 2>/dev/null; true")
                         .arg(group);
    if (asRoot)
        script = QStringLiteral("sudo -n sh -c ") + SshClient::shellQuote(script);
    auto channel = openChannel();
    if (!channel) {
        log->warn("{}: cannot kill remote process group {}: {}", targetStd(), pgid, channel.error().message.toStdString());
        return;
    }
    ChannelPtr holder(*channel);
    if (ssh_channel_request_exec(holder.get(), script.toUtf8().constData()) != SSH_OK) {
        log->warn("{}: cannot kill remote process group {}", targetStd(), pgid);
        return;
    }
    const auto deadline = Clock::now() + milliseconds(800);
    char sink[256];
    while (Clock::now() < deadline && !ssh_channel_is_eof(holder.get())) {
        if (ssh_channel_read_timeout(holder.get(), sink, sizeof sink, 0, 50) < 0)
            break;
    }
    log->info("{}: killed remote process group {}", targetStd(), pgid);
}

Result<SshExecResult, SshError> SshClient::Private::exec(const QString &command, const SshExecOptions &options, bool asRoot,
                                                         QByteArray *stderrHead)
{
    if (cancelled)
        return cancelledError();
    if (!session || !ssh_is_connected(session))
        return notConnectedError();

    ExecState state;
    state.options = &options;
    state.stderrHead = stderrHead;
    if (options.onStdoutLine)
        state.stdoutLines.emplace(options.onStdoutLine);
    if (options.onStderrLine)
        state.stderrLines.emplace(options.onStderrLine);

    // Declared before the channel: it must outlive it (closing may still dispatch packets).
    ssh_channel_callbacks_struct callbacks{};
    auto opened = openChannel();
    if (!opened)
        return opened.error();
    ChannelPtr channel(*opened);

    ssh_callbacks_init(&callbacks);
    callbacks.userdata = &state;
    callbacks.channel_data_function = onChannelData;
    callbacks.channel_close_function = onChannelClose;
    callbacks.channel_exit_status_function = onExitStatus;
    callbacks.channel_exit_signal_function = onExitSignal;
    ssh_set_channel_callbacks(channel.get(), &callbacks);

    // sshd runs each command in a new session, so the login shell's pid ($$) is the process
    // group of everything the command starts; the wrapper says which it is.
    const QString wrapped = QStringLiteral("printf '\\036IBPGID:%s\\n' \"$$\" >&2\n") + command;
    log->debug("{}: exec {}", targetStd(), shortCommand(command).toStdString());
    if (ssh_channel_request_exec(channel.get(), wrapped.toUtf8().constData()) != SSH_OK) {
        if (!ssh_is_connected(session))
            return error(SshErrorKind::Disconnected,
                         QStringLiteral("The connection to %1 was lost before `%2` started.").arg(target(), shortCommand(command)));
        return error(
            SshErrorKind::Internal,
            QStringLiteral("%1 refused to run `%2`: %3").arg(target(), shortCommand(command), QString::fromUtf8(ssh_get_error(session))));
    }

    std::unique_ptr<ssh_event_struct, EventDeleter> event(ssh_event_new());
    ssh_event_add_session(event.get(), session);
    const auto start = Clock::now();
    bool sessionInEvent = true;
    std::optional<SshError> failure;
    while (!state.closed) {
        const bool timedOut = options.timeout.count() > 0 && Clock::now() - start >= options.timeout;
        if (cancelled || timedOut) {
            // The pid comes first on stderr; give it a moment if the command just started.
            const auto markerDeadline = Clock::now() + milliseconds(300);
            while (state.pgid < 0 && !state.markerDone && !state.closed && Clock::now() < markerDeadline)
                ssh_event_dopoll(event.get(), 20);
            state.deliver = false;
            ssh_event_remove_session(event.get(), session);
            sessionInEvent = false;
            if (state.pgid > 0 && !state.closed)
                killRemoteGroup(state.pgid, asRoot);
            if (cancelled)
                failure = cancelledError();
            else
                failure = error(SshErrorKind::TimedOut, QStringLiteral("`%1` on %2 did not finish within %3 s and was stopped: raise the "
                                                                       "timeout or check why it hangs.")
                                                            .arg(shortCommand(command), target(), seconds(options.timeout)));
            break;
        }
        const int rc = ssh_event_dopoll(event.get(), static_cast<int>(kPollSlice.count()));
        if (rc == SSH_ERROR || !ssh_is_connected(session)) {
            failure = error(SshErrorKind::Disconnected, QStringLiteral("The connection to %1 was lost while `%2` ran: the machine may have "
                                                                       "rebooted, sshd stopped or the network dropped. Check the machine; "
                                                                       "the command's effect is unknown.")
                                                            .arg(target(), shortCommand(command)));
            break;
        }
        if (Clock::now() - state.lastActivity >= s.keepAliveInterval) {
            state.lastActivity = Clock::now();
            log->debug("{}: keep-alive", targetStd());
            if (ssh_send_keepalive(session) != SSH_OK && !ssh_is_connected(session)) {
                failure = error(SshErrorKind::Disconnected,
                                QStringLiteral("The connection to %1 was lost while `%2` ran.").arg(target(), shortCommand(command)));
                break;
            }
        }
    }
    if (sessionInEvent)
        ssh_event_remove_session(event.get(), session);
    if (failure) {
        if (failure->kind == SshErrorKind::Disconnected) {
            // ssh_free() frees the session's channels: let go of ours first.
            event.reset();
            static_cast<void>(channel.release());
            closeSession();
        }
        return *failure;
    }
    if (!state.markerDone && !state.markerBuffer.isEmpty()) {
        state.markerDone = true;
        state.deliverStderr(state.markerBuffer);
    }
    if (state.stdoutLines)
        state.stdoutLines->finish();
    if (state.stderrLines)
        state.stderrLines->finish();

    SshExecResult result;
    result.exitStatus = state.exitStatus;
    result.exitSignal = state.exitSignal;
    if (result.succeeded()) {
        log->debug("{}: `{}` exited with 0", targetStd(), shortCommand(command).toStdString());
        return result;
    }
    if (options.allowFailure)
        return result;
    SshError e;
    e.kind = SshErrorKind::RemoteCommandFailed;
    e.exitStatus = result.exitStatus;
    e.exitSignal = result.exitSignal;
    if (!result.exitSignal.isEmpty())
        e.message = QStringLiteral("`%1` on %2 was ended by signal %3: see its output; something on the machine "
                                   "killed it (out of memory? a reboot?).")
                        .arg(shortCommand(command), target(), result.exitSignal);
    else if (!state.gotStatus)
        e.message =
            QStringLiteral("`%1` on %2 ended without an exit status: check the server's sshd log.").arg(shortCommand(command), target());
    else
        e.message = QStringLiteral("`%1` on %2 failed with exit status %3: see its output for the cause.")
                        .arg(shortCommand(command), target())
                        .arg(result.exitStatus);
    log->warn("{}: {}", targetStd(), e.message.toStdString());
    return e;
}

// ---------------------------------------------------------------------------------------
// SFTP

SshError SshClient::Private::sftpError(sftp_session sftp, const QString &what, const QString &remotePath) const
{
    if (cancelled)
        return cancelledError();
    if (!ssh_is_connected(session))
        return error(SshErrorKind::Disconnected,
                     QStringLiteral("The connection to %1 was lost while %2 %3.").arg(target(), what, remotePath));
    QString reason;
    switch (sftp ? sftp_get_error(sftp) : -1) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        reason = QStringLiteral("the folder does not exist: create it first");
        break;
    case SSH_FX_PERMISSION_DENIED:
        reason = QStringLiteral("permission denied: upload to a folder user \"%1\" may write, then move the file with sudo").arg(s.user);
        break;
    case SSH_FX_FAILURE:
        reason = QStringLiteral("the server failed (disk full?)");
        break;
    case SSH_FX_OP_UNSUPPORTED:
        reason = QStringLiteral("the server does not support it");
        break;
    default:
        reason = QString::fromUtf8(ssh_get_error(session));
        break;
    }
    return error(SshErrorKind::SftpFailed, QStringLiteral("SFTP on %1 failed while %2 %3: %4.").arg(target(), what, remotePath, reason));
}

Result<void, SshError> SshClient::Private::upload(const std::function<qint64(char *, qint64)> &read, qint64 size, const QString &remotePath,
                                                  int mode)
{
    if (cancelled)
        return cancelledError();
    if (!session || !ssh_is_connected(session))
        return notConnectedError();
    const auto started = Clock::now();

    struct SftpDeleter
    {
        void operator()(sftp_session_struct *sftp) const { sftp_free(sftp); }
    };
    std::unique_ptr<sftp_session_struct, SftpDeleter> sftp(sftp_new(session));
    if (!sftp || sftp_init(sftp.get()) != SSH_OK) {
        if (!ssh_is_connected(session))
            return sftpError(sftp.get(), QStringLiteral("starting SFTP for"), remotePath);
        return error(SshErrorKind::SftpFailed,
                     QStringLiteral("%1 offers no SFTP: check \"Subsystem sftp\" in its sshd_config.").arg(target()));
    }
    const QByteArray path = remotePath.toUtf8();
    sftp_file file = sftp_open(sftp.get(), path.constData(), O_WRONLY | O_CREAT | O_TRUNC, static_cast<mode_t>(mode));
    if (!file)
        return sftpError(sftp.get(), QStringLiteral("creating"), remotePath);

    // Pipelined SSH_FXP_WRITE requests straight on the SFTP channel (libssh 0.10 has no
    // asynchronous write); replies are read back here, so libssh's own reader stays in step.
    ssh_channel channel = sftp->channel;
    const QByteArray handle(static_cast<const char *>(ssh_string_data(file->handle)), static_cast<qsizetype>(ssh_string_len(file->handle)));
    std::deque<quint32> inFlight;
    std::optional<SshError> failure;

    const auto readExact = [&](char *buffer, qsizetype length) -> bool {
        qsizetype got = 0;
        const auto deadline = Clock::now() + s.operationTimeout;
        while (got < length) {
            if (cancelled) {
                failure = cancelledError();
                return false;
            }
            const int n = ssh_channel_read_timeout(channel, buffer + got, static_cast<uint32_t>(length - got), 0,
                                                   static_cast<int>(kPollSlice.count()));
            if (n < 0 || (n == 0 && (ssh_channel_is_eof(channel) || !ssh_is_connected(session)))) {
                failure = sftpError(nullptr, QStringLiteral("writing"), remotePath);
                return false;
            }
            if (n == 0 && Clock::now() >= deadline) {
                failure = error(SshErrorKind::TimedOut, QStringLiteral("%1 stopped answering while writing %2.").arg(target(), remotePath));
                return false;
            }
            got += n;
        }
        return true;
    };
    const auto readReply = [&]() -> bool {
        char header[4];
        if (!readExact(header, 4))
            return false;
        const quint32 length = getU32(header);
        if (length < 9 || length > 256 * 1024) {
            failure = error(SshErrorKind::SftpFailed, QStringLiteral("%1 sent a malformed SFTP reply.").arg(target()));
            return false;
        }
        QByteArray body(static_cast<qsizetype>(length), Qt::Uninitialized);
        if (!readExact(body.data(), body.size()))
            return false;
        const quint32 id = getU32(body.constData() + 1);
        const auto found = std::find(inFlight.begin(), inFlight.end(), id);
        if (static_cast<unsigned char>(body.at(0)) != SSH_FXP_STATUS || found == inFlight.end()) {
            failure = error(SshErrorKind::SftpFailed, QStringLiteral("%1 sent an unexpected SFTP reply.").arg(target()));
            return false;
        }
        inFlight.erase(found);
        const quint32 status = getU32(body.constData() + 5);
        if (status != SSH_FX_OK) {
            QString reason = QStringLiteral("status %1").arg(status);
            if (body.size() >= 13) {
                const quint32 messageLength = getU32(body.constData() + 9);
                if (messageLength <= static_cast<quint32>(body.size() - 13))
                    reason = QString::fromUtf8(body.mid(13, messageLength));
            }
            failure =
                error(SshErrorKind::SftpFailed,
                      QStringLiteral("SFTP on %1 failed while writing %2: %3 (disk full? quota?).").arg(target(), remotePath, reason));
            return false;
        }
        return true;
    };

    QByteArray packet;
    packet.reserve(kSftpChunk + 64 + handle.size());
    quint64 offset = 0;
    for (;;) {
        if (cancelled) {
            failure = cancelledError();
            break;
        }
        while (static_cast<int>(inFlight.size()) >= kSftpInFlight)
            if (!readReply())
                break;
        if (failure)
            break;
        packet.clear();
        const quint32 id = ++sftp->id_counter;
        const qsizetype headerSize = 4 + 1 + 4 + 4 + handle.size() + 8 + 4;
        packet.resize(headerSize + kSftpChunk);
        const qint64 n = read(packet.data() + headerSize, kSftpChunk);
        if (n < 0) {
            failure = error(SshErrorKind::SftpFailed, QStringLiteral("Cannot read the local data to upload to %1.").arg(remotePath));
            break;
        }
        if (n == 0)
            break;
        QByteArray header;
        putU32(header, static_cast<quint32>(headerSize - 4 + n));
        header.append(static_cast<char>(SSH_FXP_WRITE));
        putU32(header, id);
        putU32(header, static_cast<quint32>(handle.size()));
        header.append(handle);
        putU32(header, static_cast<quint32>(offset >> 32));
        putU32(header, static_cast<quint32>(offset & 0xffffffffu));
        putU32(header, static_cast<quint32>(n));
        std::memcpy(packet.data(), header.constData(), static_cast<size_t>(headerSize));
        const qsizetype total = headerSize + n;
        qsizetype written = 0;
        while (written < total) {
            const int w = ssh_channel_write(channel, packet.constData() + written, static_cast<uint32_t>(total - written));
            if (w <= 0)
                break;
            written += w;
        }
        if (written < total) {
            failure = sftpError(nullptr, QStringLiteral("writing"), remotePath);
            break;
        }
        inFlight.push_back(id);
        offset += static_cast<quint64>(n);
    }
    while (!failure && !inFlight.empty())
        readReply();
    file->offset = offset;
    if (failure) {
        // Replies still owed would confuse libssh's reader: drop the SFTP channel with the session
        // state intact (sftp_free closes the channel).
        sftp_close(file);
        return *failure;
    }
    if (sftp_close(file) != SSH_OK)
        return sftpError(sftp.get(), QStringLiteral("closing"), remotePath);
    // The server applies the umask on create; set the mode that was asked for.
    if (sftp_chmod(sftp.get(), path.constData(), static_cast<mode_t>(mode)) != SSH_OK)
        return sftpError(sftp.get(), QStringLiteral("setting the mode of"), remotePath);
    sftp_attributes attributes = sftp_stat(sftp.get(), path.constData());
    if (!attributes)
        return sftpError(sftp.get(), QStringLiteral("checking"), remotePath);
    const quint64 remoteSize = attributes->size;
    const int remoteMode = static_cast<int>(attributes->permissions & 07777);
    sftp_attributes_free(attributes);
    if (remoteSize != static_cast<quint64>(size) || remoteSize != offset)
        return error(SshErrorKind::SftpFailed, QStringLiteral("%1 on %2 has %3 bytes after the upload, not %4: check the free space there.")
                                                   .arg(remotePath, target())
                                                   .arg(remoteSize)
                                                   .arg(size));
    if (remoteMode != mode)
        return error(SshErrorKind::SftpFailed,
                     QStringLiteral("%1 on %2 has mode %3 after the upload, not %4: check the file system's mount options.")
                         .arg(remotePath, target(), QString::number(remoteMode, 8), QString::number(mode, 8)));
    const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
    log->info("{}: uploaded {} bytes to {} in {} ms", targetStd(), size, path.toStdString(), ms);
    return {};
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
