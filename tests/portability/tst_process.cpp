// The one helper that runs a child program to its end (core/platform/Process), with real
// processes: output, input, a timeout, a cancel that ends the process group, a child
// stopped through its stdin, a bounded tail for long output.
#include "platform/Platform.h"
#include "platform/Process.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <atomic>

using namespace ib::platform;
using Outcome = ProcessResult::Outcome;

class TestProcess final : public QObject
{
    Q_OBJECT

private:
    static ProcessSpec shell(const QString &script)
    {
        ProcessSpec spec;
        spec.program = QStringLiteral("/bin/sh");
        spec.arguments = {QStringLiteral("-c"), script};
        return spec;
    }

private slots:
    // QProcess says when it is used wrongly (reading stderr of merged channels, ...).
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral("QProcess"))); }

    void collectsOutputAndExitCode()
    {
        const auto run = runProcess(shell(QStringLiteral("echo out; echo err >&2; exit 3")));
        QCOMPARE(run.outcome, Outcome::Finished);
        QCOMPARE(run.exitCode, 3);
        QVERIFY(!run.succeeded());
        QCOMPARE(run.standardOutput, QByteArray("out\n"));
        QCOMPARE(run.standardError, QByteArray("err\n"));
    }

    void inputReachesStdinAndIsClosed()
    {
        ProcessSpec spec;
        spec.program = QStringLiteral("cat");
        spec.input = "first line\nsecond";
        const auto run = runProcess(spec);
        QVERIFY(run.succeeded());
        QCOMPARE(run.standardOutput, spec.input);
    }

    void mergedChannelsKeepTheOrder()
    {
        auto spec = shell(QStringLiteral("echo one; echo two >&2; echo three"));
        spec.mergeChannels = true;
        const auto run = runProcess(spec);
        QVERIFY(run.succeeded());
        QCOMPARE(run.standardOutput, QByteArray("one\ntwo\nthree\n"));
        QVERIFY(run.standardError.isEmpty());
    }

    void aProgramThatCannotStartSaysWhy()
    {
        ProcessSpec spec;
        spec.program = QStringLiteral("/nonexistent/ib-no-such-program");
        const auto run = runProcess(spec);
        QCOMPARE(run.outcome, Outcome::NotStarted);
        QVERIFY(!run.errorString.isEmpty());
    }

    void aTimeoutStopsIt()
    {
        auto spec = shell(QStringLiteral("sleep 30"));
        spec.timeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const auto run = runProcess(spec);
        QCOMPARE(run.outcome, Outcome::TimedOut);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }

    // A cancel ends what the child started too, where it leads a process group.
    void aCancelEndsTheProcessGroup()
    {
        auto spec = shell(QStringLiteral("sleep 60 & echo $!; wait"));
        ChildOptions child;
        child.newProcessGroup = true;
        spec.child = child;
        qint64 grandchild = 0;
        spec.onOutput = [&grandchild](const QByteArray &chunk) { grandchild = chunk.trimmed().toLongLong(); };
        spec.cancelled = [&grandchild] { return grandchild > 0; };
        const auto run = runProcess(spec);
        QCOMPARE(run.outcome, Outcome::Cancelled);
        QVERIFY(grandchild > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(grandchild), 5000);
    }

    // A child that stops itself when its stdin closes (the base image script's wrapper):
    // the caller's stop closes it, and the child's own clean-up runs before it ends.
    void aStopThroughStdinLetsTheChildCleanUp()
    {
        auto spec = shell(QStringLiteral("echo started; while read -r _; do :; done; echo cleaned-up"));
        spec.closeInput = false;
        bool started = false;
        spec.onOutput = [&started](const QByteArray &chunk) { started = started || chunk.contains("started"); };
        spec.cancelled = [&started] { return started; };
        spec.stop = [](QProcess &process) {
            process.closeWriteChannel();
            process.waitForFinished(10000);
        };
        const auto run = runProcess(spec);
        QCOMPARE(run.outcome, Outcome::Cancelled);
        QVERIFY2(run.standardOutput.contains("cleaned-up"), run.standardOutput.constData());
    }

    // Long output handed over as it comes; the result keeps a bounded tail.
    void longOutputKeepsATail()
    {
        auto spec = shell(QStringLiteral("head -c 300000 /dev/zero | tr '\\000' x; echo; echo the-end"));
        qsizetype handed = 0;
        spec.onOutput = [&handed](const QByteArray &chunk) { handed += chunk.size(); };
        const auto run = runProcess(spec);
        QVERIFY(run.succeeded());
        QCOMPARE(handed, qsizetype(300000 + 1 + 8));
        QCOMPARE(run.standardOutput.size(), OutputTailBytes);
        QCOMPARE(lastLines(run.standardOutput, 1), QStringList{QStringLiteral("the-end")});
    }

    void lastLinesEndAtCarriageReturnsToo()
    {
        QCOMPARE(lastLines("a\n\n  (10.00/100%)\r(20.00/100%)\rqemu-img: error\n", 2),
                 (QStringList{QStringLiteral("(20.00/100%)"), QStringLiteral("qemu-img: error")}));
        QVERIFY(lastLines({}, 3).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
