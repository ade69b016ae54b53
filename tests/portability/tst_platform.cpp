// The Unix side of the platform layer (core/platform/PlatformUnix.cpp) with real processes
// and files; the Windows side runs under Wine (wine_test.sh).
#include "model/BuildTypes.h"
#include "platform/Platform.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>

#include <sys/stat.h>

using namespace ib;

namespace {

bool waitGone(qint64 pid, int milliseconds = 5000)
{
    for (int waited = 0; waited < milliseconds && platform::processAlive(pid); waited += 50)
        QThread::msleep(50);
    return !platform::processAlive(pid);
}

}  // namespace

class PlatformTest final : public QObject
{
    Q_OBJECT

private slots:
    // Issue 20: the CPU whose guests hardware acceleration runs. Off a Mac it is QSysInfo's
    // (a Mac's Rosetta case is sysctl's, compiled only there), and it is what the base
    // image rules compare images with.
    void cpuArchitecture()
    {
#ifdef Q_OS_MACOS
        QVERIFY(!hostArchitecture().isEmpty());  // an Intel Mac or Apple Silicon, whatever this build's CPU
#else
        QCOMPARE(platform::cpuArchitecture(), QSysInfo::currentCpuArchitecture());
        QCOMPARE(hostArchitecture(), architectureFromText(QSysInfo::currentCpuArchitecture()));
#endif
    }

    void liveness()
    {
        QVERIFY(platform::processAlive(QCoreApplication::applicationPid()));
        // 0 and -1 would reach the caller's group and every process through kill().
        QVERIFY(!platform::processAlive(0));
        QVERIFY(!platform::processAlive(-1));
        QVERIFY(!platform::processAlive(qint64(1) << 40));
        QVERIFY(!platform::terminateProcessTree(0, true));
        QVERIFY(!platform::terminateProcessTree(-1, true));
        QVERIFY(platform::processAlive(1));  // init exists (and is not ours: EPERM counts as alive)
    }

    void commandLineAndStartTime()
    {
        QProcess process;
        process.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 30"), QStringLiteral("ib marker \u00e4")});
        QVERIFY(process.waitForStarted());
        const qint64 pid = process.processId();
        // QProcess runs the program by its full path.
        const QStringList expected{QStringLiteral("-c"), QStringLiteral("sleep 30"), QStringLiteral("ib marker \u00e4")};
        QTRY_COMPARE(platform::processCommandLine(pid).mid(1), expected);
        QVERIFY(platform::processCommandLine(pid).first().endsWith(QStringLiteral("/sh")));
        const QString started = platform::processStartTime(pid);
        QVERIFY(!started.isEmpty());
        QCOMPARE(platform::processStartTime(pid), started);
        // Another process's differs: init's, which started at boot. (Not this test's own: its
        // child can start within the same clock tick, and /proc counts in ticks.)
        QVERIFY(platform::processStartTime(1) != started);
        process.kill();
        process.waitForFinished();
        QVERIFY(platform::processCommandLine(pid).isEmpty());
        QVERIFY(platform::processStartTime(pid).isEmpty());
    }

    // A child in its own group starts a grandchild; terminating the tree ends both.
    void processGroup()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("grandchild"));
        QProcess process;
        platform::configureChild(process, platform::ChildOptions{true, {}, false});
        process.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 60 & echo $! > '%1'; wait").arg(pidFile)});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY(QFileInfo(pidFile).size() > 0);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 grandchild = file.readAll().trimmed().toLongLong();
        QVERIFY(platform::processAlive(grandchild));
        QVERIFY(platform::terminateProcessTree(process.processId(), false));
        QVERIFY(process.waitForFinished(5000));
        QVERIFY2(waitGone(grandchild), "the grandchild outlived its group's SIGTERM");
        // This test's own group was not signalled (we are still here to say so).
        QVERIFY(platform::processAlive(QCoreApplication::applicationPid()));
    }

    void limits()
    {
        QProcess process;
        platform::configureChild(process, platform::ChildOptions{false, {7, qint64(512) << 20}, false});
        process.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("ulimit -t; ulimit -v")});
        QVERIFY(process.waitForFinished(5000));
        const QStringList lines = QString::fromLatin1(process.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines, (QStringList{QStringLiteral("7"), QString::number(512 * 1024)}));
    }

    // The parent-death signal: a helper process starts a sleeper with dieWithParent and is
    // then killed with SIGKILL; the sleeper must go with it.
    void dieWithParent()
    {
        if (!platform::dieWithParentSupported())
            QSKIP("not enforced on this platform");
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("child"));
        QProcess helper;
        helper.setProgram(QCoreApplication::applicationFilePath());
        helper.setArguments({QStringLiteral("--spawn-orphan"), pidFile});
        helper.start();
        QVERIFY(helper.waitForStarted());
        QTRY_VERIFY(QFileInfo(pidFile).size() > 0);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 child = file.readAll().trimmed().toLongLong();
        QVERIFY(platform::processAlive(child));
        helper.kill();
        QVERIFY(helper.waitForFinished(5000));
        QVERIFY2(waitGone(child), "the child outlived its parent");
    }

    void ownerOnly()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("secret"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther | QFileDevice::ReadGroup));
        QCOMPARE(*platform::fileMode(file), 0644);
        QVERIFY(platform::restrictToOwner(file).ok());
        QCOMPARE(*platform::fileMode(file), 0600);

        const QString folder = dir.filePath(QStringLiteral("folder"));
        QVERIFY(QDir().mkdir(folder));
        QVERIFY(platform::restrictToOwner(folder).ok());
        QCOMPARE(*platform::fileMode(folder), 0700);

        // A planted symbolic link is refused and its target left as it was.
        const QString target = dir.filePath(QStringLiteral("target"));
        QFile t(target);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.close();
        QVERIFY(t.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(target, link));
        const auto refused = platform::restrictToOwner(link);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY(refused.error().message.contains(QStringLiteral("symbolic link")));
        QCOMPARE(*platform::fileMode(target), 0604);

        const auto missing = platform::restrictToOwner(dir.filePath(QStringLiteral("nothing")));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("nothing")));
        QVERIFY(!platform::fileMode(dir.filePath(QStringLiteral("nothing"))).has_value());
    }

    void regularFile()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("build.log"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QVERIFY(platform::isRegularFile(file));
        const QString link = dir.filePath(QStringLiteral("link.log"));
        QVERIFY(QFile::link(file, link));
        QVERIFY(!platform::isRegularFile(link));  // the link is not followed
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("gone")), dir.filePath(QStringLiteral("dangling.log"))));
        QVERIFY(!platform::isRegularFile(dir.filePath(QStringLiteral("dangling.log"))));
        QVERIFY(!platform::isRegularFile(dir.path()));
        const QString fifo = dir.filePath(QStringLiteral("log.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!platform::isRegularFile(fifo));  // and it did not block on opening it
        QVERIFY(!platform::isRegularFile(dir.filePath(QStringLiteral("missing"))));
        QVERIFY(!platform::isRegularFile(QString()));
    }

    // This program again with --stdin-probe, its standard input a pipe, then a terminal
    // (script(1) gives it a pseudo-terminal).
    void stdinEcho()
    {
        QProcess piped;
        piped.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--stdin-probe")});
        QVERIFY(piped.waitForFinished(10000));
        QCOMPARE(piped.readAllStandardOutput().trimmed(), QByteArray("terminal=0 echo-was=none"));

        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) is not installed (bsdutils): no pseudo-terminal to try echo on");
        QProcess onTerminal;
        onTerminal.start(script, {QStringLiteral("-qec"), QCoreApplication::applicationFilePath() + QStringLiteral(" --stdin-probe"),
                                  QStringLiteral("/dev/null")});
        onTerminal.closeWriteChannel();
        QVERIFY(onTerminal.waitForFinished(10000));
        // Echo was on; off after the first call, which the second one reports; then back on.
        QCOMPARE(onTerminal.readAllStandardOutput().trimmed(), QByteArray("terminal=1 echo-was=1 then=0 restored=1"));
    }

    void modeFromPermissions()
    {
        const auto p = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser |
                       QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QCOMPARE(platform::modeFromPermissions(static_cast<int>(p.toInt())), 0751);
    }
};

// --spawn-orphan FILE: the helper of dieWithParent (starts a sleeper, writes its pid, waits).
int main(int argc, char **argv)
{
    if (argc == 3 && QByteArray(argv[1]) == "--spawn-orphan") {
        QCoreApplication app(argc, argv);
        QProcess sleeper;
        platform::configureChild(sleeper, platform::ChildOptions{false, {}, true});
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        if (!sleeper.waitForStarted())
            return 2;
        QFile file(QString::fromLocal8Bit(argv[2]));
        if (!file.open(QIODevice::WriteOnly))
            return 3;
        file.write(QByteArray::number(sleeper.processId()));
        file.close();
        sleeper.waitForFinished(-1);
        return 0;
    }
    if (argc == 2 && QByteArray(argv[1]) == "--stdin-probe") {
        const bool terminal = platform::stdinIsTerminal();
        const auto wasOn = platform::setStdinEcho(false);
        if (!wasOn) {
            std::printf("terminal=%d echo-was=none\n", terminal ? 1 : 0);
            return 0;
        }
        const auto then = platform::setStdinEcho(true);
        const auto restored = platform::setStdinEcho(*wasOn);
        std::printf("terminal=%d echo-was=%d then=%d restored=%d\n", terminal ? 1 : 0, *wasOn ? 1 : 0, then.value_or(false) ? 1 : 0,
                    restored.value_or(false) ? 1 : 0);
        return 0;
    }
    QCoreApplication app(argc, argv);
    PlatformTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_platform.moc"
