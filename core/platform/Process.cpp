#include "platform/Process.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>

namespace ib::platform {

namespace {

void killTree(QProcess &process)
{
    if (process.processId() > 0)
        terminateProcessTree(process.processId(), true);
    process.kill();
    process.waitForFinished(5000);
}

}  // namespace

ProcessResult runProcess(const ProcessSpec &spec)
{
    ProcessResult result;
    QProcess process;
    if (spec.mergeChannels)
        process.setProcessChannelMode(QProcess::MergedChannels);
    if (spec.child)
        configureChild(process, *spec.child);
    process.start(spec.program, spec.arguments);
    if (!process.waitForStarted(spec.startTimeoutMs)) {
        result.outcome = ProcessResult::Outcome::NotStarted;
        result.errorString = process.errorString();
        process.kill();
        process.waitForFinished(1000);
        return result;
    }
    if (!spec.input.isEmpty())
        process.write(spec.input);
    if (spec.closeInput)
        process.closeWriteChannel();

    const auto takeOutput = [&] {
        const QByteArray chunk = process.readAllStandardOutput();
        if (chunk.isEmpty())
            return;
        result.standardOutput += chunk;
        if (!spec.onOutput)
            return;
        spec.onOutput(chunk);
        if (result.standardOutput.size() > OutputTailBytes)
            result.standardOutput = result.standardOutput.right(OutputTailBytes);
    };
    QElapsedTimer timer;
    timer.start();
    while (!process.waitForFinished(spec.pollMs)) {
        takeOutput();
        if (process.state() == QProcess::NotRunning)
            break;
        if (spec.cancelled && spec.cancelled()) {
            if (spec.stop)
                spec.stop(process);
            if (process.state() != QProcess::NotRunning)
                killTree(process);
            takeOutput();
            result.outcome = ProcessResult::Outcome::Cancelled;
            return result;
        }
        if (spec.timeoutMs && timer.elapsed() > *spec.timeoutMs) {
            killTree(process);
            takeOutput();
            result.outcome = ProcessResult::Outcome::TimedOut;
            return result;
        }
    }
    takeOutput();
    if (!spec.mergeChannels)
        result.standardError = process.readAllStandardError();
    if (process.exitStatus() == QProcess::CrashExit) {
        result.outcome = ProcessResult::Outcome::Crashed;
        result.errorString = process.errorString();
        return result;
    }
    result.exitCode = process.exitCode();
    return result;
}

QStringList lastLines(const QByteArray &output, int count)
{
    QStringList lines;
    // A progress line ends in a carriage return (qemu-img -p), the others in a line feed.
    static const QRegularExpression lineEnd(QStringLiteral("[\r\n]"));
    for (const auto &line : QString::fromUtf8(output).split(lineEnd)) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            lines.append(trimmed);
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - count));
}

}  // namespace ib::platform
