#include "ssh/SshClientPrivate.h"
#include "ssh/SshLineSplitter.h"

#include <libssh/callbacks.h>
#include <libssh/server.h>  // ssh_send_keepalive: declared here in 0.10, works for clients too

#include <algorithm>

namespace ib::ssh {

using detail::Clock;
using detail::kPollSlice;
using detail::milliseconds;
using detail::seconds;
using detail::shortCommand;

namespace {

const QByteArray kPgidMarker = QByteArrayLiteral("\x1eIBPGID:");

}  // namespace

// Everything the channel callbacks touch while exec() polls.
struct detail::ExecState
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

namespace {

using detail::ExecState;

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
using EventPtr = std::unique_ptr<ssh_event_struct, EventDeleter>;

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

    detail::ExecState state;
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

    if (auto failure = pollUntilClosed(state, command, options, asRoot)) {
        if (failure->kind == SshErrorKind::Disconnected) {
            // ssh_free() frees the session's channels: let go of ours first.
            static_cast<void>(channel.release());
            closeSession();
        }
        return *failure;
    }
    return execResult(state, command, options);
}

// Dispatches the channel's packets to `state` until the command's channel closes. Stops it
// (its whole process group) on cancel() or the timeout; says so, or that the link was lost.
std::optional<SshError> SshClient::Private::pollUntilClosed(detail::ExecState &state, const QString &command, const SshExecOptions &options,
                                                            bool asRoot)
{
    EventPtr event(ssh_event_new());
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
    return failure;
}

// After the channel closed: the last partial lines, then the exit status as a result, or as
// RemoteCommandFailed unless failure is allowed.
Result<SshExecResult, SshError> SshClient::Private::execResult(detail::ExecState &state, const QString &command,
                                                               const SshExecOptions &options)
{
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

}  // namespace ib::ssh
