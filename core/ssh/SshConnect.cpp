#include "ssh/SshClientPrivate.h"

#include <QFile>
#include <QStringList>

#include <algorithm>

namespace ib::ssh {

using detail::Clock;
using detail::milliseconds;
using detail::seconds;

namespace {

// Splits "ssh-ed25519 AAAA... comment" into its type and base64 parts.
std::optional<std::pair<QByteArray, QByteArray>> parsePublicKeyLine(const QString &line)
{
    const QStringList parts = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return std::nullopt;
    return std::make_pair(parts.at(0).toLatin1(), parts.at(1).toLatin1());
}

}  // namespace

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
                // One arg() call: the reason quotes the VM's console, whose "%2" must stay as it is.
                e.message = QStringLiteral("%1 (after %2 attempts in %3 s; the last: %4)")
                                .arg(reason, QString::number(attempt),
                                     seconds(std::chrono::duration_cast<milliseconds>(Clock::now() - start)), e.message);
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

    if (auto configured = configureSession(ss); !configured)
        return configured.error();
    if (auto connected = handshake(ss, attemptDeadline); !connected)
        return connected.error();
    if (auto hostKey = checkHostKey(ss); !hostKey)
        return hostKey.error();
    if (auto auth = authenticate(ss, attemptDeadline); !auth)
        return auth.error();

    ssh_set_blocking(ss, 1);
    long operationSeconds = std::max<long>(1, static_cast<long>((s.operationTimeout.count() + 999) / 1000));
    ssh_options_set(ss, SSH_OPTIONS_TIMEOUT, &operationSeconds);
    session = ss;
    ss = nullptr;  // the guard lets go
    return {};
}

// Sets every option of a new session: where, who, the ciphers and where its host key is
// checked. Nothing is read from ~/.ssh/config.
Result<void, SshError> SshClient::Private::configureSession(ssh_session ss) const
{
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
        return {};
    }
    if (!s.knownHostsFile.isEmpty()) {
        const QByteArray file = QFile::encodeName(s.knownHostsFile);
        ssh_options_set(ss, SSH_OPTIONS_KNOWNHOSTS, file.constData());
        ssh_options_set(ss, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
        return {};
    }
    return SshError::make(SshErrorKind::HostKeyMismatch,
                          QStringLiteral("No host key to check %1 against: give the expected host key or a known_hosts "
                                         "file; an unknown server is never trusted.")
                              .arg(target()));
}

// The TCP connect, greeting and key exchange, non-blocking, so that the connect timeout and
// cancel() are ours to enforce.
Result<void, SshError> SshClient::Private::handshake(ssh_session ss, Clock::time_point attemptDeadline)
{
    ssh_set_blocking(ss, 0);
    for (;;) {
        const int rc = ssh_connect(ss);
        if (rc == SSH_OK)
            return {};
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
}

Result<void, SshError> SshClient::Private::checkHostKey(ssh_session ss)
{
    return s.pinnedHostKey.isEmpty() ? checkKnownHost(ss) : checkPinnedHostKey(ss);
}

// The server's key must be the one the build generated (configureSession has parsed it).
Result<void, SshError> SshClient::Private::checkPinnedHostKey(ssh_session ss)
{
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

Result<void, SshError> SshClient::Private::checkKnownHost(ssh_session ss)
{
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

// Runs one non-blocking libssh auth call to its end: nothing when it logged in,
// AuthenticationFailed (with no message) when the server said no, or why it could not ask.
std::optional<SshError> SshClient::Private::runAuthStep(ssh_session ss, Clock::time_point deadline, const std::function<int()> &step)
{
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
}

Result<void, SshError> SshClient::Private::authenticate(ssh_session ss, Clock::time_point deadline)
{
    QStringList tried;
    const auto run = [&](const std::function<int()> &step) { return runAuthStep(ss, deadline, step); };
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

}  // namespace ib::ssh
