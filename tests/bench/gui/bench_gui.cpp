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

#include "BenchGuiSupport.h"

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
using namespace ib::bench;

namespace {

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
