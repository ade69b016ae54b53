#include "BenchGuiSupport.h"

#include <QCoreApplication>
#include <QFile>

namespace ib::bench {

QElapsedTimer g_sinceMain;

Options parse(const QStringList &args)
{
    Options o;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const auto &a = args.at(i);
        const auto next = [&] { return i + 1 < args.size() ? args.at(++i) : QString(); };
        if (a == QLatin1String("--templates"))
            o.templates = next().toInt();
        else if (a == QLatin1String("--builds"))
            o.builds = next().toInt();
        else if (a == QLatin1String("--duration"))
            o.durationS = next().toInt();
        else if (a == QLatin1String("--rate"))
            o.rate = next().toInt();
        else if (a == QLatin1String("--runs"))
            o.startupRuns = next().toInt();
        else if (a == QLatin1String("--store-dir"))
            o.keepDir = next();
        else if (a == QLatin1String("--phase")) {
            o.phase = next();
            o.dir = next();
        }
    }
    return o;
}

void result(const char *key, double value)
{
    std::printf("RESULT %s %.1f\n", key, value);
    std::fflush(stdout);
}

double msSince(const QElapsedTimer &t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

double memoryMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const auto &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Runs the event loop until `done` (checked after every batch of events, and at least every
// millisecond) or the timeout. The thread sleeps between events as the app's event loop
// does: a loop of processEvents(AllEvents, 5) returned at once when nothing was pending and
// so spun, which made the measured UI thread a CPU hog the scheduler preempted (stalls
// that the app, idle in its event loop, does not have).
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QTimer tick;
    tick.start(1);
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

}  // namespace ib::bench
