// The desktop app under load, through its real code paths (Store, TemplateController,
// BuildService, MainWindow, BuildDetailsWindow), each figure beside its target:
//   start-up   process start to the main window's first paint, with --templates templates
//              and --builds builds in a SQLite store (and to the whole table loaded)
//   filter     a key typed into the filter box to the table repainted with the result
//   log        a build's Build Details window fed --rate lines/s for --duration s through
//              BuildLog (file, store chunks, lineAppended) as a running build feeds it:
//              the largest event-loop stall and the peak memory (RSS)
// Without a phase argument it runs every phase, each in a fresh process of its own
// (`--phase fill|startup|log DIR`), and prints the table. The platform is whatever
// QT_QPA_PLATFORM says (offscreen under ctest; xcb with a DISPLAY for Xvfb).
#include "MainWindow.h"
#include "builds/BuildDetailsWindow.h"
#include "builds/BuildLog.h"
#include "builds/BuildLogView.h"
#include "builds/BuildService.h"
#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "providers/Provider.h"
#include "settings/AppSettings.h"
#include "storage/Store.h"
#include "storage/StoreWatcher.h"
#include "templates/TemplateController.h"
#include "templates/TemplateFilterProxyModel.h"
#include "templates/TemplateRules.h"
#include "templates/TemplateTableModel.h"
#include "util/Prompts.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <optional>

using namespace ib;

namespace {

QElapsedTimer g_sinceMain;

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

// VmHWM (peak) or VmRSS of this process, in MB.
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

// --- fill --------------------------------------------------------------------------------

int fill(const Options &o)
{
    int noArgs = 0;
    QCoreApplication app(noArgs, nullptr);
    logging::init(logging::Target::Tests);
    auto opened = Store::open(QDir(o.dir).filePath(QStringLiteral("store.sqlite")));
    if (!opened) {
        std::fprintf(stderr, "cannot open the store: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto store = std::move(opened).value();
    QElapsedTimer timer;
    timer.start();

    BaseImage base;
    base.name = QStringLiteral("debian-12-genericcloud");
    base.os = {QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    base.loginUser = QStringLiteral("debian");
    base.path = QDir(o.dir).filePath(QStringLiteral("base.qcow2"));
    base.sizeBytes = 2LL << 30;
    auto added = store->addBaseImage(base);
    if (!added) {
        std::fprintf(stderr, "%s\n", qPrintable(added.error().message));
        return 1;
    }
    base = added.value();

    // A realistic template mix: names from a few words and a number, the catalog's OSes
    // and applications.
    const auto &catalog = ApplicationCatalog::builtin();
    const QStringList words{QStringLiteral("web"),    QStringLiteral("api"),     QStringLiteral("db"),     QStringLiteral("cache"),
                            QStringLiteral("worker"), QStringLiteral("edge"),    QStringLiteral("ci"),     QStringLiteral("batch"),
                            QStringLiteral("front"),  QStringLiteral("gateway"), QStringLiteral("search"), QStringLiteral("queue")};
    const QList<OsSpec> oses{{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")},
                             {QStringLiteral("linux"), QStringLiteral("ubuntu"), QStringLiteral("22.04")},
                             {QStringLiteral("linux"), QStringLiteral("ubuntu"), QStringLiteral("24.04")},
                             {QStringLiteral("linux"), QStringLiteral("rocky"), QStringLiteral("9")}};
    QList<QStringList> appsFor;
    for (const auto &os : oses) {
        QStringList ids;
        for (const auto &app : catalog.applications()) {
            if (app.supportsOs(os.key()))
                ids.append(app.id);
        }
        appsFor.append(ids);
    }

    auto db = store->database();
    if (!db.transaction()) {
        std::fprintf(stderr, "no transaction: %s\n", qPrintable(db.lastError().text()));
        return 1;
    }
    QSqlQuery t(db);
    t.prepare(
        QStringLiteral("INSERT INTO templates (id, name, name_key, os_type, os_distro, os_version, applications, min_storage_gb,"
                       " user_script, description, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
    QSqlQuery r(db);
    r.prepare(QStringLiteral("INSERT INTO template_revisions (template_id, revision, content, saved_at) VALUES (?, 1, ?, ?)"));
    const auto start = QDateTime::currentDateTimeUtc().addDays(-400);
    QList<ImageTemplate> made;
    made.reserve(o.templates);
    for (int i = 0; i < o.templates; ++i) {
        ImageTemplate tpl;
        tpl.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        tpl.name = words.at(i % words.size()) + QLatin1Char('-') + words.at((i / words.size()) % words.size()) + QLatin1Char('-') +
                   QString::number(i);
        tpl.os = oses.at(i % oses.size());
        const auto &apps = appsFor.at(i % oses.size());
        for (int k = 0; k < 3 && !apps.isEmpty(); ++k) {
            const auto &id = apps.at((i * 7 + k * 3) % apps.size());
            if (!tpl.applications.contains(id))
                tpl.applications.append(id);
        }
        tpl.minStorageGb = 10 + i % 50;
        tpl.userScript = QStringLiteral("#!/bin/bash -e\necho ready %1\n").arg(i);
        tpl.description = QStringLiteral("Benchmark template %1").arg(i);
        tpl.revision = 1;
        tpl.createdAt = tpl.updatedAt = start.addSecs(i * 300);
        const QString stamp = tpl.updatedAt.toString(Qt::ISODateWithMs);
        const QVariantList values{
            tpl.id,
            tpl.name,
            TemplateRules::nameKey(tpl.name),
            tpl.os.type,
            tpl.os.distro,
            tpl.os.version,
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tpl.applications)).toJson(QJsonDocument::Compact)),
            tpl.minStorageGb,
            tpl.userScript,
            tpl.description,
            stamp,
            stamp};
        for (int k = 0; k < values.size(); ++k)
            t.bindValue(k, values.at(k));
        r.bindValue(0, tpl.id);
        r.bindValue(1, QString::fromUtf8(QJsonDocument(tpl.contentToJson()).toJson(QJsonDocument::Compact)));
        r.bindValue(2, stamp);
        if (!t.exec() || !r.exec()) {
            std::fprintf(stderr, "insert failed: %s %s\n", qPrintable(t.lastError().text()), qPrintable(r.lastError().text()));
            return 1;
        }
        made.append(tpl);
    }
    if (!db.commit())
        return 1;

    // One build through the Store API gives the exact stored form; the rest copy it.
    if (o.builds > 0 && !made.isEmpty()) {
        BuildRecord first;
        first.templateId = made.first().id;
        first.templateRevision = 1;
        first.snapshot = made.first();
        first.imageName = QStringLiteral("image-0");
        first.baseImage = base;
        auto created = store->createBuild(first);
        if (!created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.error().message));
            return 1;
        }
        QSqlQuery copy(db);
        if (!db.transaction())
            return 1;
        copy.prepare(QStringLiteral(
            "INSERT INTO builds (id, template_id, template_revision, template_snapshot, image_name, base_image_id,"
            " base_image_snapshot, provider, state, current_step, failure_cause, owner_host, owner_pid, log_path,"
            " image_id, cancel_requested, created_at, started_at, finished_at)"
            " SELECT ?, ?, 1, ?, ?, base_image_id, base_image_snapshot, provider, ?, ?, ?, 'bench-host', 1, '', '', 0, ?, ?, ?"
            " FROM builds WHERE id = ?"));
        for (int i = 1; i < o.builds; ++i) {
            const auto &tpl = made.at((i * 13) % made.size());
            const bool failed = i % 5 == 0;
            const auto at = start.addSecs(i * 1200);
            const QVariantList values{QUuid::createUuid().toString(QUuid::WithoutBraces),
                                      tpl.id,
                                      QString::fromUtf8(QJsonDocument(tpl.toJson()).toJson(QJsonDocument::Compact)),
                                      QStringLiteral("image-%1").arg(i),
                                      failed ? QStringLiteral("failed") : QStringLiteral("succeeded"),
                                      failed ? QStringLiteral("user-script") : QStringLiteral("cleanup"),
                                      failed ? QStringLiteral("Step \"Run the user script\" failed: exit status 1")
                                             : QString(QLatin1String("")),
                                      at.toString(Qt::ISODateWithMs),
                                      at.addSecs(5).toString(Qt::ISODateWithMs),
                                      at.addSecs(600).toString(Qt::ISODateWithMs),
                                      created->id};
            for (int k = 0; k < values.size(); ++k)
                copy.bindValue(k, values.at(k));
            if (!copy.exec()) {
                std::fprintf(stderr, "build insert failed: %s\n", qPrintable(copy.lastError().text()));
                return 1;
            }
        }
        if (!db.commit())
            return 1;
    }
    result("fill_ms", msSince(timer));
    return 0;
}

// --- start-up and filter -----------------------------------------------------------------

int startup(const Options &o, int argc, char **argv)
{
    // What app/gui/main.cpp does, in its order.
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QApplication::setApplicationName(QStringLiteral("imagebuilder"));
    logging::init(logging::Target::GuiApp);
    auto opened = Store::open(QDir(o.dir).filePath(QStringLiteral("store.sqlite")));
    if (!opened) {
        std::fprintf(stderr, "cannot open the store: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto store = std::move(opened).value();
    const auto mark = [](const char *what) { std::fprintf(stderr, "  %7.1f ms  %s\n", msSince(g_sinceMain), what); };
    mark("store open");
    StallProbe stalls;
    double painted = -1;
    double loaded = -1;
    double loadStall = 0;
    {
        ui::TemplateController controller(*store, ApplicationCatalog::builtin());
        BuildService builds(*store, ApplicationCatalog::builtin(), ui::AppSettings().buildSettings());
        builds.sweep();
        mark("build service, sweep");
        ui::MainWindow window(controller);
        mark("main window made");
        window.setBuildService(&builds, *store);
        mark("build service set");
        StoreWatcher watcher(*store);
        window.setStoreWatcher(&watcher);
        PaintWatch watch(&window);
        watch.arm([&] {
            painted = msSince(g_sinceMain);
            std::printf("PAINTED\n");  // the parent measures process start to here
            std::fflush(stdout);
        });
        window.show();
        mark("shown");
        window.reload();
        stalls.start();

        const int expected = o.templates;
        if (!waitUntil([&] { return painted >= 0; }, 30000)) {
            std::fprintf(stderr, "the window never painted\n");
            return 1;
        }
        if (!waitUntil([&] { return window.model()->rowCount() >= expected && window.isLoading() == false; }, 120000)) {
            std::fprintf(stderr, "the templates never loaded (%d of %d)\n", window.model()->rowCount(), expected);
            return 1;
        }
        loaded = msSince(g_sinceMain);
        // Let the rest of the start-up (the last builds' states) settle, still measuring stalls.
        waitUntil([] { return false; }, 1500);
        loadStall = stalls.worstMs();
        result("startup_paint_ms", painted);
        result("startup_loaded_ms", loaded);
        result("startup_stall_ms", loadStall);
        result("startup_rss_mb", memoryMb("VmHWM:"));

        // Filter: each key typed, then wait for the table to repaint with the new rows.
        auto *edit = window.filterEdit();
        auto *viewport = window.view()->viewport();
        PaintWatch viewWatch(viewport);
        QList<double> latencies;
        bool rowsChanged = false;
        auto *proxy = window.proxyModel();
        QObject::connect(proxy, &QAbstractItemModel::layoutChanged, &window, [&] { rowsChanged = true; });
        QObject::connect(proxy, &QAbstractItemModel::rowsInserted, &window, [&] { rowsChanged = true; });
        QObject::connect(proxy, &QAbstractItemModel::rowsRemoved, &window, [&] { rowsChanged = true; });
        QObject::connect(proxy, &QAbstractItemModel::modelReset, &window, [&] { rowsChanged = true; });
        const auto measureKey = [&](const std::function<void()> &press) {
            bool done = false;
            QElapsedTimer t;
            t.start();
            viewWatch.arm([&] { done = true; });
            rowsChanged = false;
            press();
            QCoreApplication::processEvents();
            if (!rowsChanged)
                done = true;  // the same rows: nothing to repaint (the key has been handled)
            if (!waitUntil([&] { return done; }, 10000)) {
                std::fprintf(stderr, "the table did not repaint within 10 s of a key (filter \"%s\", %d rows shown)\n",
                             qPrintable(edit->text()), window.proxyModel()->rowCount());
                return false;
            }
            latencies.append(msSince(t));
            waitUntil([] { return false; }, 30);
            return true;
        };
        edit->setFocus();
        const QString typed = QStringLiteral("api-web-1");
        for (const QChar ch : typed) {
            if (!measureKey([&] { QTest::keyClick(edit, ch.toLatin1()); }))
                return 1;
        }
        for (int i = 0; i < typed.size(); ++i) {
            if (!measureKey([&] { QTest::keyClick(edit, Qt::Key_Backspace); }))
                return 1;
        }
        std::sort(latencies.begin(), latencies.end());
        result("filter_median_ms", latencies.at(latencies.size() / 2));
        result("filter_max_ms", latencies.last());
        const ib::ui::prompts::ScopedAnswerer quit([](const ib::ui::Prompt &) {
            return ib::ui::PromptReply{ib::ui::PromptAnswer::Accept, {}};
        });
        window.close();
    }
    return 0;
}

// --- log ---------------------------------------------------------------------------------

// A provider whose "launch" writes `rate` log lines a second for `seconds` through the
// build's own context (BuildRunner -> BuildLog -> BuildService -> the window), as a
// chatty install step would, then fails: no VM, every other part real.
class FloodProvider final : public Provider
{
public:
    FloodProvider(int rate, int seconds, std::atomic<qint64> *written)
        : m_rate(rate)
        , m_seconds(seconds)
        , m_written(written)
    {}
    QString id() const override { return QStringLiteral("local"); }
    Result<VmAddress> launch(BuildContext &context, const LaunchSpec &) override
    {
        QElapsedTimer clock;
        clock.start();
        qint64 n = 0;
        while (!m_cancelled && clock.elapsed() < qint64(m_seconds) * 1000) {
            const qint64 due = clock.elapsed() * m_rate / 1000;
            for (; n < due && !m_cancelled; ++n)
                context.log(
                    QStringLiteral("line %1: Setting up libfoo-dev (1.2.3-4) ... unpacking, configuring, triggers processed").arg(n));
            m_written->store(n);
            QThread::msleep(1);
        }
        return makeError(ErrorKind::Io, QStringLiteral("the benchmark's provider starts no VM"));
    }
    Result<void> waitStopped(BuildContext &, std::chrono::seconds) override { return {}; }
    Result<ImageRecord> capture(BuildContext &, const QString &) override
    {
        return makeError(ErrorKind::Unsupported, QStringLiteral("no capture"));
    }
    Result<void> destroy(const BuildResource &) override { return {}; }
    void cancel() override { m_cancelled = true; }

private:
    int m_rate;
    int m_seconds;
    std::atomic<qint64> *m_written;
    std::atomic<bool> m_cancelled{false};
};

int logPhase(const Options &o, int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ImageBuilder"));
    QApplication::setApplicationName(QStringLiteral("imagebuilder"));
    logging::init(logging::Target::GuiApp);
    auto opened = Store::open(QDir(o.dir).filePath(QStringLiteral("log-store.sqlite")));
    if (!opened)
        return 1;
    auto store = std::move(opened).value();
    ImageTemplate tpl;
    tpl.name = QStringLiteral("log bench %1").arg(QCoreApplication::applicationPid());
    tpl.os = {QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
    tpl.minStorageGb = 10;
    auto saved = store->createTemplate(tpl);
    BaseImage base;
    base.name = QStringLiteral("base");
    base.os = tpl.os;
    base.loginUser = QStringLiteral("debian");
    base.path = QDir(o.dir).filePath(QStringLiteral("base.qcow2"));
    auto baseSaved = store->addBaseImage(base);
    if (!saved || !baseSaved)
        return 1;

    std::atomic<qint64> written{0};
    auto settings = ui::AppSettings().buildSettings();
    BuildService service(*store, ApplicationCatalog::builtin(), settings,
                         [&](const QString &) { return std::make_unique<FloodProvider>(o.rate, o.durationS, &written); });
    auto started = service.start(saved->id, QStringLiteral("log bench image"), baseSaved->id);
    if (!started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    const QString id = started->id;
    bool finished = false;
    QObject::connect(&service, &BuildService::buildFinished, &service, [&](const QString &done) { finished = finished || done == id; });
    auto *window = ui::BuildDetailsWindow::showFor(&service, *store, id, nullptr);
    waitUntil([&] { return window->isLoaded(); }, 10000);
    const double before = memoryMb("VmRSS:");
    if (qEnvironmentVariableIsSet("IB_BENCH_VIEW_LINES"))
        window->logView()->setMaxLines(qEnvironmentVariableIntValue("IB_BENCH_VIEW_LINES"));
    StallProbe stalls;
    stalls.start();
    QElapsedTimer run;
    run.start();
    double peakRss = before;
    // RSS every 50 ms (VmHWM below has the kernel's own peak too); the loop sleeps between
    // events (the stall probe's timer wakes it every 5 ms), as the app's does.
    QTimer rss;
    QObject::connect(&rss, &QTimer::timeout, &rss, [&] { peakRss = std::max(peakRss, memoryMb("VmRSS:")); });
    rss.start(50);
    while (!finished && run.elapsed() < qint64(o.durationS + 120) * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    rss.stop();
    const double seconds = std::min(msSince(run) / 1000.0, static_cast<double>(o.durationS));
    const double worst = stalls.worstMs();
    waitUntil([] { return false; }, 300);
    window->logView()->flushPending();
    result("log_lines_per_s", static_cast<double>(written.load()) / seconds);
    result("log_stall_ms", worst);
    result("log_rss_before_mb", before);
    result("log_rss_peak_mb", std::max(peakRss, memoryMb("VmHWM:")));
    result("log_view_lines", window->logView()->lineCount());
    window->close();
    return 0;
}

// --- the runner --------------------------------------------------------------------------

struct Child
{
    QMap<QString, double> results;
    double paintedMs = -1;  // process start to the PAINTED line, as this process saw it
    bool ok = false;
};

Child runChild(const QStringList &args, const QProcessEnvironment &env)
{
    Child child;
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer t;
    t.start();
    p.start(QCoreApplication::applicationFilePath(), args);
    QByteArray buffer;
    while (p.state() != QProcess::NotRunning || p.bytesAvailable() > 0) {
        p.waitForReadyRead(100);
        buffer += p.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(nl);
            buffer.remove(0, nl + 1);
            if (line == "PAINTED")
                child.paintedMs = msSince(t);
            else if (line.startsWith("RESULT ")) {
                const auto parts = line.split(' ');
                child.results.insert(QString::fromLatin1(parts.value(1)), parts.value(2).toDouble());
            }
        }
        if (t.elapsed() > 15 * 60 * 1000) {
            p.kill();
            break;
        }
    }
    p.waitForFinished();
    child.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return child;
}

void row(const char *what, double value, const char *unit, const char *target, std::optional<double> limit)
{
    const char *verdict = !limit ? "" : (value < *limit ? "ok" : "OVER");
    std::printf("  %-44s %10.1f %-5s %-12s %s\n", what, value, unit, target, verdict);
}

int runAll(const Options &o, const QStringList &passThrough)
{
    int noArgs = 0;
    QCoreApplication app(noArgs, nullptr);
    QTemporaryDir temporary(QDir::temp().filePath(QStringLiteral("ib-bench-gui-XXXXXX")));
    struct
    {
        QString root;
        QString path() const { return root; }
        QString filePath(const QString &name) const { return QDir(root).filePath(name); }
    } dir{o.keepDir.isEmpty() ? temporary.path() : QDir(o.keepDir).absolutePath()};
    QDir().mkpath(dir.path());
    auto env = QProcessEnvironment::systemEnvironment();
    // Never the user's store, settings or logs.
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("xdg-data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("xdg-config")));
    env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), dir.filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("IMAGEBUILDER_DB"));
    const QString platform = env.value(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("(default)"));
    std::printf("Image Builder GUI benchmark: %d templates, %d builds, log %d lines/s for %d s, platform %s\n", o.templates, o.builds,
                o.rate, o.durationS, qPrintable(platform));
    std::fflush(stdout);

    if (QFile::exists(dir.filePath(QStringLiteral("store.sqlite")))) {
        std::printf("  reusing the store in %s\n", qPrintable(dir.path()));
    } else {
        auto fillRun = runChild(passThrough + QStringList{QStringLiteral("--phase"), QStringLiteral("fill"), dir.path()}, env);
        if (!fillRun.ok) {
            std::fprintf(stderr, "filling the store failed\n");
            return 1;
        }
        std::printf("  store filled in %.1f s\n", fillRun.results.value(QStringLiteral("fill_ms")) / 1000.0);
    }
    std::fflush(stdout);

    QList<Child> starts;
    for (int i = 0; i < std::max(1, o.startupRuns); ++i) {
        auto c = runChild(passThrough + QStringList{QStringLiteral("--phase"), QStringLiteral("startup"), dir.path()}, env);
        if (!c.ok) {
            std::fprintf(stderr, "start-up run %d failed\n", i + 1);
            return 1;
        }
        starts.append(c);
    }
    // The median run of the start-up figures.
    std::sort(starts.begin(), starts.end(), [](const Child &a, const Child &b) { return a.paintedMs < b.paintedMs; });
    const auto &s = starts.at(starts.size() / 2);
    const auto logRun = runChild(passThrough + QStringList{QStringLiteral("--phase"), QStringLiteral("log"), dir.path()}, env);
    if (!logRun.ok) {
        std::fprintf(stderr, "the log run failed\n");
        return 1;
    }
    const auto &r = s.results;
    const auto &l = logRun.results;
    std::printf("\n  %-44s %10s %-5s %-12s\n", "figure (median of start-up runs)", "value", "", "target");
    row("start-up: process start to first paint", s.paintedMs, "ms", "< 300 ms", 300);
    row("start-up: main() to first paint", r.value(QStringLiteral("startup_paint_ms")), "ms", "", std::nullopt);
    row("start-up: main() to every template loaded", r.value(QStringLiteral("startup_loaded_ms")), "ms", "", std::nullopt);
    row("start-up: largest event-loop stall", r.value(QStringLiteral("startup_stall_ms")), "ms", "< 50 ms", 50);
    row("start-up: peak memory (RSS)", r.value(QStringLiteral("startup_rss_mb")), "MB", "< 200 MB", 200);
    row("filter: key typed to table repainted, median", r.value(QStringLiteral("filter_median_ms")), "ms", "", std::nullopt);
    row("filter: key typed to table repainted, worst", r.value(QStringLiteral("filter_max_ms")), "ms", "< 50 ms", 50);
    row("log: lines per second delivered", l.value(QStringLiteral("log_lines_per_s")), "/s", "", std::nullopt);
    row("log: largest event-loop stall", l.value(QStringLiteral("log_stall_ms")), "ms", "< 50 ms", 50);
    row("log: memory before the run (RSS)", l.value(QStringLiteral("log_rss_before_mb")), "MB", "", std::nullopt);
    row("log: peak memory (RSS)", l.value(QStringLiteral("log_rss_peak_mb")), "MB", "< 200 MB", 200);
    row("log: lines kept in the view", l.value(QStringLiteral("log_view_lines")), "", "", std::nullopt);
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    g_sinceMain.start();
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    // ctest passes its quick settings this way.
    if (const auto extra = qEnvironmentVariable("IB_BENCH_GUI_ARGS"); !extra.isEmpty() && !args.contains(QStringLiteral("--phase")))
        args += extra.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const Options o = parse(args);
    if (o.phase == QLatin1String("fill"))
        return fill(o);
    if (o.phase == QLatin1String("startup"))
        return startup(o, argc, argv);
    if (o.phase == QLatin1String("log"))
        return logPhase(o, argc, argv);
    QStringList passThrough = args.mid(1);
    return runAll(o, passThrough);
}
