#pragma once

#include <QByteArrayView>
#include <QString>

#include <chrono>
#include <functional>

namespace ib::ssh {

// How SshClient::exec delivers a command's output and when it gives up.
struct SshExecOptions
{
    // Whole lines, without the line break, decoded as UTF-8 (invalid bytes become U+FFFD).
    // A "\r" not followed by "\n" starts the line over (progress bars keep their last state);
    // a last line without "\n" is delivered at the end.
    std::function<void(const QString &line)> onStdoutLine;
    std::function<void(const QString &line)> onStderrLine;
    // Raw bytes as they arrive, for callers that want the stream itself (checksums, files).
    std::function<void(QByteArrayView data)> onStdoutData;
    std::function<void(QByteArrayView data)> onStderrData;

    // 0: no limit. When exceeded, the remote command is killed and TimedOut returned.
    std::chrono::milliseconds timeout{0};
    // When false (default) a non-zero exit status or a signal is a RemoteCommandFailed error.
    bool allowFailure = false;
};

}  // namespace ib::ssh
