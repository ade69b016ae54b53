#pragma once

#include "platform/Platform.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace ib::platform {

// One way to run a child program to its end (issue 17): blocking, so for a worker thread,
// never the UI thread. Its stdin gets `input` and is closed; its output is collected, or
// handed over as it comes; a timeout or a cancel stops it. What the outcome means is the
// caller's to say: each keeps its own words for a program that could not start, ran too
// long, was cancelled or failed.
struct ProcessSpec
{
    QString program;
    QStringList arguments;
    QByteArray input;  // written to the child's stdin, which is then closed
    // False: stdin stays open while the child runs, for a child that takes its closing as
    // the sign to stop (see stop).
    bool closeInput = true;
    bool mergeChannels = false;    // stderr into stdout, in the order written
    std::optional<int> timeoutMs;  // none: no limit; else stopped (killed) after it
    // Limits, process group, death with this process (platform::configureChild).
    std::optional<ChildOptions> child;
    // Asked every pollMs while the child runs; true: the child is stopped (see stop), the
    // outcome is Cancelled.
    std::function<bool()> cancelled;
    // How a cancel stops the child: by default its process tree is killed (its group, where
    // child->newProcessGroup) and then the child. A caller whose child cleans up after itself
    // when its stdin closes (the base image script's wrapper) closes it here and waits.
    std::function<void(QProcess &)> stop;
    // Each chunk of standard output (of the merged output) as it arrives. With it, the
    // result keeps only the last OutputTailBytes of standard output (for an error message).
    std::function<void(const QByteArray &)> onOutput;
    int startTimeoutMs = 10000;
    int pollMs = 200;
};

struct ProcessResult
{
    enum class Outcome {
        Finished,    // it ran to its end: see exitCode
        NotStarted,  // errorString says why
        TimedOut,
        Cancelled,
        Crashed,  // ended by a signal (errorString)
    };
    Outcome outcome = Outcome::Finished;
    int exitCode = -1;
    QByteArray standardOutput;  // with onOutput: its last OutputTailBytes
    QByteArray standardError;   // empty with mergeChannels
    QString errorString;

    bool succeeded() const { return outcome == Outcome::Finished && exitCode == 0; }
};

constexpr qsizetype OutputTailBytes = qsizetype{64} * 1024;

ProcessResult runProcess(const ProcessSpec &spec);

// The last `count` non-empty lines of a program's output (a carriage return ends a line
// too), for an error message.
QStringList lastLines(const QByteArray &output, int count);

}  // namespace ib::platform
