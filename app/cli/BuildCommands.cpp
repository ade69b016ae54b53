// imagebuilder-cli: build commands (image and base-image: ImageCommands.cpp).
#include "Cli.h"
#include "CliSupport.h"
#include "TableOutput.h"

#include "baseimages/BaseImageLibrary.h"
#include "builds/BuildLog.h"
#include "builds/BuildService.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/ResourceLedger.h"
#include "ledger/TrustedPaths.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
#include "templates/TemplateChanges.h"
#include "util/InertText.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <atomic>
#include <csignal>

namespace ib::cli {

namespace {

QString duration(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid())
        return QStringLiteral("-");
    const qint64 s = from.secsTo(to.isValid() ? to : QDateTime::currentDateTimeUtc());
    return s >= 60 ? QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0')) : QStringLiteral("%1s").arg(s);
}

QJsonObject buildJson(const BuildRecord &b)
{
    QJsonArray steps;
    for (const auto &s : b.steps)
        steps.append(QJsonObject{{QStringLiteral("step"), buildStepName(s.step)},
                                 {QStringLiteral("startedAt"), s.startedAt.toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("finishedAt"), s.finishedAt.toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("outcome"), s.outcome}});
    return QJsonObject{{QStringLiteral("id"), b.id},
                       {QStringLiteral("templateId"), b.templateId},
                       {QStringLiteral("templateRevision"), b.templateRevision},
                       {QStringLiteral("template"), b.snapshot.toJson()},
                       {QStringLiteral("imageName"), b.imageName},
                       {QStringLiteral("baseImageId"), b.baseImage.id},
                       {QStringLiteral("baseImageName"), b.baseImage.name},
                       {QStringLiteral("provider"), b.provider},
                       {QStringLiteral("state"), buildStateName(b.state)},
                       {QStringLiteral("currentStep"), buildStepName(b.currentStep)},
                       {QStringLiteral("failureCause"), b.failureCause},
                       {QStringLiteral("ownerHost"), b.ownerHost},
                       {QStringLiteral("ownerPid"), static_cast<double>(b.ownerPid)},
                       {QStringLiteral("logPath"), b.logPath},
                       {QStringLiteral("imageId"), b.imageId},
                       {QStringLiteral("createdAt"), b.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("startedAt"), b.startedAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("finishedAt"), b.finishedAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("steps"), steps}};
}

// A build's log from the store's chunks, for a build that runs (or ran) on another
// machine: its log file is not here. With `follow`, prints new chunks until it has ended.
int printLogFromStore(Store &store, const QString &buildId, bool follow, QTextStream &out, QTextStream &err)
{
    qint64 seq = 0;
    bool printedAny = false;
    if (follow) {
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    while (true) {
        // Read the state before the chunks: a build that had ended then has all of them.
        auto b = store.buildById(buildId);
        if (!b) {
            err << "error: " << inertForTerminal(b.error().message) << '\n';
            return Failure;
        }
        // A page of chunks at a time, so that a long log is never held whole.
        constexpr int pageChunks = 256;
        for (qsizetype read = pageChunks; read == pageChunks;) {
            auto chunks = store.logChunks(buildId, seq, pageChunks);
            if (!chunks) {
                err << "error: " << inertForTerminal(chunks.error().message) << '\n';
                return Failure;
            }
            for (const auto &c : chunks.value()) {
                out << inertForTerminal(c.text);
                seq = c.seq;
                printedAny = true;
            }
            out.flush();
            read = chunks->size();
        }
        if (!follow || isFinished(b->state) || g_interrupted) {
            if (!printedAny)
                err << "The log of build " << inertForLine(b->id.left(8)) << " is on "
                    << (b->ownerHost.isEmpty() ? QStringLiteral("the machine that ran it") : inertForLine(b->ownerHost))
                    << (b->logPath.isEmpty() ? QString() : QStringLiteral(" (") + inertForLine(b->logPath) + QLatin1Char(')'))
                    << " and none of it is in the store yet.\n";
            return Ok;
        }
        QEventLoop loop;
        QTimer::singleShot(500, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

}  // namespace

int Cli::follow(const QString &buildId, bool printLog)
{
    // Prints the log file as it grows until the build has ended.
    QFile log;
    qint64 offset = 0;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    bool cancelAsked = false;
    while (true) {
        auto b = m_store->buildById(buildId);
        if (!b) {
            m_err << "error: " << inertForTerminal(b.error().message) << '\n';
            return Failure;
        }
        const QString logPath = BuildLog::pathFor(m_builds->settings().buildsDirectory(), b->id);
        if (printLog && !logPath.isEmpty() && trusted::isRegularFile(logPath)) {
            if (!log.isOpen()) {
                log.setFileName(logPath);
                log.open(QIODevice::ReadOnly);
            }
            if (log.isOpen()) {
                log.seek(offset);
                const auto chunk = log.readAll();
                const auto cut = chunk.lastIndexOf('\n');
                if (cut >= 0) {
                    m_out << inertForTerminal(QString::fromUtf8(chunk.left(cut + 1)));
                    m_out.flush();
                    offset += cut + 1;
                }
            }
        }
        if (isFinished(b->state) && !m_builds->isActive(b->id)) {
            if (b->state == BuildState::Succeeded) {
                auto image = m_store->imageById(b->imageId);
                m_err << "Build " << inertForLine(b->id) << " succeeded: image \"" << inertForLine(b->imageName) << "\" "
                      << inertForLine(image ? image->location : b->imageId) << '\n';
                return Ok;
            }
            m_err << "Build " << inertForLine(b->id) << " " << buildStateName(b->state) << ": " << inertForTerminal(b->failureCause)
                  << '\n';
            return Failure;
        }
        if (g_interrupted && !cancelAsked) {
            cancelAsked = true;
            m_err << "Cancelling the build and cleaning up...\n";
            if (auto c = m_builds->cancel(b->id); !c)
                m_err << "error: " << inertForTerminal(c.error().message) << '\n';
        }
        QEventLoop loop;
        QTimer::singleShot(300, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

int Cli::buildCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption templ(QStringLiteral("template"), QString(), QStringLiteral("ID-OR-NAME"));
    const QCommandLineOption followOpt(QStringLiteral("follow"));
    const QCommandLineOption json(QStringLiteral("json"));
    if (verb == QLatin1String("start"))
        p.addOptions({templ,
                      {QStringLiteral("image-name"), QString(), QStringLiteral("N")},
                      {QStringLiteral("base-image"), QString(), QStringLiteral("ID")},
                      followOpt,
                      {QStringLiteral("build-id"), QString(), QStringLiteral("UUID")},  // the background runner's
                      {QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")},
                      QCommandLineOption(QStringLiteral("keep-vm-on-failure"))});
    else if (verb == QLatin1String("list"))
        p.addOptions({templ, json});
    else if (verb == QLatin1String("show"))
        p.addOption(json);
    else if (verb == QLatin1String("log"))
        p.addOption(followOpt);
    else if (verb != QLatin1String("cancel")) {
        m_err << "unknown command \"build " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("build")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    if (verb == QLatin1String("start"))
        return buildStart(p);
    if (verb == QLatin1String("list"))
        return buildList(p);

    const auto positional = p.positionalArguments();
    if (positional.size() != 1) {
        m_err << "build " << verb << " needs exactly one build ID\n";
        return Invalid;
    }
    auto b = m_store->buildById(positional.first());
    if (!b) {
        m_err << "error: " << inertForTerminal(b.error().message) << '\n';
        return exitFor(b.error());
    }
    if (verb == QLatin1String("show"))
        return buildShow(b.value(), p.isSet(json));
    if (verb == QLatin1String("log"))
        return buildLog(b.value(), p.isSet(followOpt));
    return buildCancel(b.value());
}

// Issue 15: on a team store a colleague's script runs with this user's credentials. When the
// template changed since this computer last built it (its own ledger), say what changed and
// show the scripts' line diff before the build starts.
void Cli::sayChangesSinceLastBuild(const QString &templateIdOrName)
{
    auto t = m_store->findTemplate(templateIdOrName);
    if (!t)
        return;
    auto last = ResourceLedger(m_builds->settings().dataDirectory).lastBuilt(t->id);
    if (!last || !last->has_value())
        return;
    const auto &before = **last;
    const auto fields = templatechanges::changedFields(before, t.value());
    if (fields.isEmpty())
        return;
    QString savedBy;
    if (auto revisions = m_store->templateRevisions(t->id); revisions && !revisions->isEmpty())
        savedBy = revisions->last().savedBy;
    QStringList names;
    for (auto f : fields)
        names << TemplateRules::fieldKey(f);
    m_err << "Template \"" << inertForLine(t->name) << "\" changed since this computer last built it (revision " << before.revision
          << " -> " << t->revision << (savedBy.isEmpty() ? QString() : QStringLiteral(", saved by ") + inertForLine(savedBy))
          << "): " << names.join(QStringLiteral(", ")) << '\n';
    const auto show = [this](const char *label, const QString &from, const QString &to) {
        const auto lines = templatechanges::lineDiff(from, to);
        if (lines.isEmpty())
            return;
        m_err << label << ":\n";
        for (const auto &line : lines.mid(0, 60))
            m_err << "  " << inertForLine(line) << '\n';
        if (lines.size() > 60)
            m_err << "  (" << lines.size() - 60 << " more lines: `template show` prints the whole script)\n";
    };
    show("userScript", before.userScript, t->userScript);
    show("testScript", before.testScript, t->testScript);
    m_err.flush();
}

int Cli::buildStart(const QCommandLineParser &p)
{
    const auto value = [&](const char *name) { return p.value(QString::fromLatin1(name)); };
    QStringList missing;
    if (!p.isSet(QStringLiteral("template")))
        missing.append(QStringLiteral("template: name the template with --template ID-OR-NAME"));
    if (!p.isSet(QStringLiteral("image-name")))
        missing.append(QStringLiteral("imageName: name the new image with --image-name"));
    if (!p.isSet(QStringLiteral("base-image")))
        missing.append(QStringLiteral("baseImage: choose the base image with --base-image ID (see `base-image list`)"));
    if (!missing.isEmpty()) {
        for (const auto &m : missing)
            m_err << m << '\n';
        return Invalid;
    }
    if (auto ok = m_builds->check(value("template"), value("image-name"), value("base-image"), value("provider")); !ok) {
        m_err << inertForTerminal(ok.error().message) << '\n';
        return exitFor(ok.error());
    }
    sayChangesSinceLastBuild(value("template"));
    if (!p.isSet(QStringLiteral("follow")))
        return buildStartInBackground(p);
    if (p.isSet(QStringLiteral("keep-vm-on-failure")))
        m_builds->setKeepVmOnFailure(true);
    auto started = m_builds->start(value("template"), value("image-name"), value("base-image"), value("build-id"), value("provider"));
    if (!started) {
        m_err << inertForTerminal(started.error().message) << '\n';
        return exitFor(started.error());
    }
    m_err << "Build " << started->id << " started; Ctrl-C cancels it." << Qt::endl;
    return follow(started->id, true);
}

// The build runs in a process of its own (this program with --follow), so this command can return.
int Cli::buildStartInBackground(const QCommandLineParser &p)
{
    const auto value = [&](const char *name) { return p.value(QString::fromLatin1(name)); };
    const auto id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QProcess runner;
    runner.setProgram(QCoreApplication::applicationFilePath());
    runner.setArguments({QStringLiteral("--db"), m_store->location(), QStringLiteral("build"), QStringLiteral("start"),
                         QStringLiteral("--template"), value("template"), QStringLiteral("--image-name"), value("image-name"),
                         QStringLiteral("--base-image"), value("base-image"), QStringLiteral("--follow"), QStringLiteral("--build-id"), id,
                         QStringLiteral("--provider"), value("provider")});
    if (p.isSet(QStringLiteral("keep-vm-on-failure")))
        runner.setArguments(runner.arguments() << QStringLiteral("--keep-vm-on-failure"));
    // The password this process connected with (from the URL, or the keychain) reaches
    // the child through its environment, readable only by this user, never on its
    // command line; the child takes it out of its environment at once.
    auto environment = QProcessEnvironment::systemEnvironment();
    if (const auto password = m_store->connectionPassword(); !password.isEmpty())
        environment.insert(QLatin1String(StoreLocation::PasswordVariable), password);
    runner.setProcessEnvironment(environment);
    runner.setStandardInputFile(QProcess::nullDevice());
    runner.setStandardOutputFile(QProcess::nullDevice());
    runner.setStandardErrorFile(QProcess::nullDevice());
    qint64 pid = 0;
    if (!runner.startDetached(&pid)) {
        m_err << "error: cannot start the build process: " << runner.errorString() << '\n';
        return Failure;
    }
    for (int i = 0; i < 100; ++i) {
        if (m_store->buildById(id)) {
            m_out << id << '\n';
            return Ok;
        }
        QThread::msleep(100);
    }
    m_err << "error: the build process (pid " << pid << ") did not start the build; run with --follow to see why\n";
    return Failure;
}

int Cli::buildList(const QCommandLineParser &p)
{
    QString templateId;
    if (const int status = templateFilter(*m_store, m_err, p.value(QStringLiteral("template")), templateId); status != Ok)
        return status;
    auto builds = m_store->listBuilds(templateId);
    if (!builds) {
        m_err << "error: " << inertForTerminal(builds.error().message) << '\n';
        return Failure;
    }
    printRecords<BuildRecord>(m_out, builds.value(), p.isSet(QStringLiteral("json")), &buildJson,
                              {{"ID", [](const BuildRecord &b) { return b.id.left(8); }},
                               {"IMAGE", [](const BuildRecord &b) { return b.imageName; }},
                               {"TEMPLATE", [](const BuildRecord &b) { return b.snapshot.name; }},
                               {"BASE IMAGE", [](const BuildRecord &b) { return b.baseImage.name; }},
                               {"PROVIDER", [](const BuildRecord &b) { return b.provider; }},
                               {"STATE",
                                [](const BuildRecord &b) {
                                    return b.state == BuildState::Running ? QStringLiteral("running: ") + buildStepName(b.currentStep)
                                                                          : buildStateName(b.state);
                                }},
                               {"STARTED", [](const BuildRecord &b) { return tableTime(b.startedAt); }},
                               {"DURATION", [](const BuildRecord &b) { return duration(b.startedAt, b.finishedAt); }}});
    return Ok;
}

int Cli::buildShow(const BuildRecord &b, bool json)
{
    if (json) {
        auto o = buildJson(b);
        QJsonArray resources;
        if (auto list = m_store->buildResources(b.id)) {
            for (const auto &r : list.value())
                resources.append(QJsonObject{{QStringLiteral("kind"), r.kind},
                                             {QStringLiteral("identifier"), r.identifier},
                                             {QStringLiteral("detail"), r.detail},
                                             {QStringLiteral("state"), r.state}});
        }
        o.insert(QStringLiteral("resources"), resources);
        printJson(m_out, QJsonDocument(o));
        return Ok;
    }
    m_out << "ID:          " << inertForLine(b.id) << '\n'
          << "Image:       " << inertForLine(b.imageName) << '\n'
          << "Template:    " << inertForLine(b.snapshot.name) << " (revision " << b.templateRevision << ")\n"
          << "Base image:  " << inertForLine(b.baseImage.name) << " [" << inertForLine(b.baseImage.os.key()) << "]\n"
          << "Provider:    " << inertForLine(b.provider) << '\n'
          << "State:       " << buildStateName(b.state)
          << (b.state == BuildState::Running ? QStringLiteral(" (") + buildStepTitle(b.currentStep) + QLatin1Char(')') : QString()) << '\n'
          << "Started:     " << (b.startedAt.isValid() ? b.startedAt.toLocalTime().toString(Qt::ISODate) : QStringLiteral("-")) << '\n'
          << "Duration:    " << duration(b.startedAt, b.finishedAt) << '\n'
          << "Runs on:     " << inertForLine(b.ownerHost) << " (pid " << b.ownerPid << ")\n"
          << "Log:         " << inertForLine(b.logPath) << '\n';
    if (!b.imageId.isEmpty())
        m_out << "Image id:    " << inertForLine(b.imageId) << '\n';
    m_out << "Steps:\n";
    for (const auto &s : b.steps)
        m_out << "  " << buildStepTitle(s.step).leftJustified(34)
              << (s.outcome.isEmpty() ? QStringLiteral("running") : inertForLine(s.outcome)).leftJustified(12)
              << duration(s.startedAt, s.finishedAt) << '\n';
    if (!b.failureCause.isEmpty())
        m_out << "Cause:\n" << inertForTerminal(b.failureCause) << '\n';
    return Ok;
}

int Cli::buildLog(const BuildRecord &b, bool followLog)
{
    // Run on another machine of a team store: the log file is there, its chunks here.
    // The file's path is derived from this installation's builds folder and the build id,
    // never taken from the (shared) row.
    const QString path = BuildLog::pathFor(m_builds->settings().buildsDirectory(), b.id);
    if (!m_builds->isActive(b.id) && (path.isEmpty() || !QFile::exists(path)))
        return printLogFromStore(*m_store, b.id, followLog, m_out, m_err);
    if (followLog) {
        follow(b.id, true);
        return Ok;  // how the build ended is in the log; the log was printed
    }
    for (const auto &line : BuildLog::readFile(path, 1000000))
        m_out << inertForTerminal(line) << '\n';
    return Ok;
}

int Cli::buildCancel(const BuildRecord &b)
{
    if (auto c = m_builds->cancel(b.id); !c) {
        m_err << "error: " << inertForTerminal(c.error().message) << '\n';
        return exitFor(c.error());
    }
    // Wait for the owner to end it, so the caller knows when it is gone.
    for (int i = 0; i < 300; ++i) {
        auto now = m_store->buildById(b.id);
        auto resources = m_store->buildResources(b.id);
        const bool clean = resources && std::none_of(resources->cbegin(), resources->cend(),
                                                     [](const BuildResource &r) { return r.state != QLatin1String("gone"); });
        if (now && isFinished(now->state) && clean) {
            m_out << "Build " << inertForLine(b.id) << " " << buildStateName(now->state) << '\n';
            return Ok;
        }
        QThread::msleep(100);
    }
    m_err << "The build was asked to cancel but has not ended within 30 s; `build show " << b.id.left(8) << "` tells its state.\n";
    return Failure;
}

}  // namespace ib::cli
