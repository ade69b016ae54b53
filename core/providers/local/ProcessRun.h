#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ib::local {

// What a finished program left behind. A non-zero exit code is not an error here: the
// caller knows what the program's codes mean.
struct ProcessOutput
{
    int exitCode = 0;
    QByteArray standardOutput;
    QByteArray standardError;
};

// Runs a program to its end (blocking: call it from a worker thread, never the UI
// thread). An error when it cannot start, crashes or outlives timeoutMs (then it is killed).
Result<ProcessOutput> runProcess(const QString &program, const QStringList &arguments, int timeoutMs);

// The first lines of a program's stderr (or stdout), for an error message.
QString processMessage(const ProcessOutput &output);

}  // namespace ib::local
