#include "ProcessRun.h"

#include <QProcess>

namespace ib::local {

Result<ProcessOutput> runProcess(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted()) {
        return makeError(ErrorKind::Io, QStringLiteral("Could not run %1: %2.").arg(program, process.errorString()));
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return makeError(ErrorKind::Io,
                         QStringLiteral("%1 did not finish within %2 s and was stopped.").arg(program).arg(timeoutMs / 1000));
    }
    if (process.exitStatus() == QProcess::CrashExit) {
        return makeError(ErrorKind::Io, QStringLiteral("%1 crashed (%2).").arg(program, process.errorString()));
    }
    return ProcessOutput{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
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
