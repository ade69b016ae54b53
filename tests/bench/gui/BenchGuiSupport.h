#pragma once

// What the phases of bench_gui share: its options, its RESULT lines, the clocks and probes
// it measures with. One phase runs in each process (bench_gui.cpp runs them in turn).

#include <QElapsedTimer>
#include <QEvent>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

namespace ib::bench {

// From main()'s first line: the start-up phase's clock.
extern QElapsedTimer g_sinceMain;

struct Options
{
    int templates = 100000;
    int builds = 10000;
    int durationS = 60;
    int rate = 50000;
    int startupRuns = 3;
    QString phase;
    QString dir;
    QString keepDir;  // --store-dir: fill once, reuse on the next runs
};

Options parse(const QStringList &args);
// A "RESULT key value" line for the runner to collect.
void result(const char *key, double value);
double msSince(const QElapsedTimer &t);
// VmHWM (peak) or VmRSS of this process, in MB.
double memoryMb(const char *field);
// Runs the event loop until `done` (checked after every batch of events, and at least every
// millisecond) or the timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

// The phases (each in a process of its own).
int fill(const Options &o);

// The largest gap between two turns of the event loop, measured by a 5 ms precise timer.
class StallProbe final : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double now = msSince(m_clock);
            const double cpu = threadCpuMs();
            // How much of a stall this thread spent on the CPU tells our work from a machine
            // busy with other processes.
            if (now - m_last - m_timer.interval() > m_traceMs && m_traceMs > 0)
                std::fprintf(stderr, "stall of %.0f ms ending at %.0f ms (%.0f ms of it on the CPU)\n", now - m_last - m_timer.interval(),
                             now, cpu - m_lastCpu);
            m_worst = std::max(m_worst, now - m_last - m_timer.interval());
            m_last = now;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuMs();
        m_worst = 0;
        m_timer.start();
    }
    double worstMs() const { return std::max(0.0, m_worst); }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    }

    // IB_BENCH_TRACE=1 prints stalls over 100 ms; IB_BENCH_TRACE=N over N ms.
    const int m_traceMs =
        qEnvironmentVariableIsSet("IB_BENCH_TRACE")
            ? std::max(1, qEnvironmentVariableIntValue("IB_BENCH_TRACE") == 1 ? 100 : qEnvironmentVariableIntValue("IB_BENCH_TRACE"))
            : 0;
    double m_lastCpu = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    double m_worst = 0;
};

// Fires once the widget has painted (and the frame has been flushed: the zero timer runs
// after the paint pass that sent the event has ended).
class PaintWatch final : public QObject
{
public:
    explicit PaintWatch(QWidget *widget)
        : m_widget(widget)
    {
        widget->installEventFilter(this);
    }
    void arm(std::function<void()> done)
    {
        m_done = std::move(done);
        m_armed = true;
    }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_widget && event->type() == QEvent::Paint && m_armed) {
            m_armed = false;
            QTimer::singleShot(0, this, [this] {
                if (m_done)
                    m_done();
            });
        }
        return false;
    }

private:
    QWidget *m_widget;
    bool m_armed = false;
    std::function<void()> m_done;
};

}  // namespace ib::bench
