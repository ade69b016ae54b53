#include "ProcessRun.h"

#include "platform/Process.h"

namespace ib::local {

Result<ProcessOutput> runProcess(const QString &program, const QStringList &arguments, int timeoutMs)
{
    platform::ProcessSpec spec;
    spec.program = program;
    spec.arguments = arguments;
    spec.timeoutMs = timeoutMs;
    spec.startTimeoutMs = 30000;
    auto run = platform::runProcess(spec);
    using Outcome = platform::ProcessResult::Outcome;
    switch (run.outcome) {
    case Outcome::NotStarted:
        return makeError(ErrorKind::Io, QStringLiteral("Could not run %1: %2.").arg(program, run.errorString));
    case Outcome::TimedOut:
    case Outcome::Cancelled:
        return makeError(ErrorKind::Io,
                         QStringLiteral("%1 did not finish within %2 s and was stopped.").arg(program).arg(timeoutMs / 1000));
    case Outcome::Crashed:
        return makeError(ErrorKind::Io, QStringLiteral("%1 crashed (%2).").arg(program, run.errorString));
    case Outcome::Finished:
        break;
    }
    return ProcessOutput{run.exitCode, run.standardOutput, run.standardError};
}

QString processMessage(const ProcessOutput &output)
{
    const QByteArray &text = output.standardError.trimmed().isEmpty() ? output.standardOutput : output.standardError;
    QStringList lines = QString::fromLocal8Bit(text).trimmed().split(QLatin1Char('\n'));
    if (lines.size() > 5) {
        lines = lines.mid(0, 5);
    }
    return lines.join(QLatin1Char(' ')).trimmed();
}

}  // namespace ib::local
