// imagebuilder-cli: build, image and base-image commands.
#include "Cli.h"
#include "TableOutput.h"

#include "baseimages/BaseImageLibrary.h"
#include "builds/BuildLog.h"
#include "builds/BuildService.h"
#include "builds/CloudImageNames.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/TrustedPaths.h"
#include "storage/Store.h"
#include "storage/StoreLocation.h"
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

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace ib::cli {

namespace {

std::atomic_bool g_interrupted{false};

bool stdinIsTerminal()
{
#ifdef Q_OS_UNIX
    return ::isatty(STDIN_FILENO) != 0;
#else
    return false;
#endif
}

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

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

QJsonObject imageJson(const ImageRecord &i)
{
    QJsonObject o{{QStringLiteral("id"), i.id},
                       {QStringLiteral("name"), i.name},
                       {QStringLiteral("provider"), i.provider},
                       {QStringLiteral("location"), i.location},
                       {QStringLiteral("format"), i.format},
                       {QStringLiteral("templateId"), i.templateId},
                       {QStringLiteral("templateRevision"), i.templateRevision},
                       {QStringLiteral("buildId"), i.buildId},
                       {QStringLiteral("os"), i.os.key()},
                       {QStringLiteral("loginUser"), i.loginUser},
                       {QStringLiteral("sizeBytes"), static_cast<double>(i.sizeBytes)},
                       {QStringLiteral("virtualSizeBytes"), static_cast<double>(i.virtualSizeBytes)},
                       {QStringLiteral("createdAt"), i.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("testState"), i.testState},
                       {QStringLiteral("datasources"), QJsonArray::fromStringList(i.datasources)}};
    // Issue 19's fields, only where set (a published image names its source).
    if (!i.checksum.isEmpty())
        o.insert(QStringLiteral("checksum"), i.checksum);
    if (!i.sourceImageId.isEmpty())
        o.insert(QStringLiteral("sourceImageId"), i.sourceImageId);
    return o;
}

// An image's test in a table: never blank, so an image that failed never reads as good.
QString testCell(const ImageRecord &i)
{
    return i.testState.isEmpty() ? QStringLiteral("-") : i.testState;
}

QJsonObject baseImageJson(const BaseImage &b)
{
    return QJsonObject{{QStringLiteral("id"), b.id},
                       {QStringLiteral("name"), b.name},
                       {QStringLiteral("provider"), b.provider},
                       {QStringLiteral("path"), b.path},
                       {QStringLiteral("os"), b.os.key()},
                       {QStringLiteral("loginUser"), b.loginUser},
                       {QStringLiteral("sizeBytes"), static_cast<double>(b.sizeBytes)},
                       {QStringLiteral("createdAt"), b.createdAt.toString(Qt::ISODateWithMs)}};
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
        auto chunks = store.logChunks(buildId, seq);
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

int exitFor(const Error &e)
{
    switch (e.kind) {
    case ErrorKind::NotFound:
        return NotFound;
    case ErrorKind::Invalid:
    case ErrorKind::InUse:
        return Invalid;
    case ErrorKind::Conflict:
        return Conflict;
    default:
        return Failure;
    }
}

// The --template filter of the list commands: the template's id, or empty for all.
int templateFilter(Store &store, QTextStream &err, const QString &idOrName, QString &templateId)
{
    templateId.clear();
    if (idOrName.isEmpty())
        return Ok;
    auto t = store.findTemplate(idOrName);
    if (!t) {
        err << "error: " << inertForTerminal(t.error().message) << '\n';
        return exitFor(t.error());
    }
    templateId = t->id;
    return Ok;
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

int Cli::imageCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    if (verb == QLatin1String("list"))
        p.addOptions({{QStringLiteral("template"), QString(), QStringLiteral("ID-OR-NAME")},
                      QCommandLineOption(QStringLiteral("json")),
                      {QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")}});
    else if (verb == QLatin1String("publish"))
        p.addOptions({{QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")},
                      {QStringLiteral("name"), QString(), QStringLiteral("N")},
                      {QStringLiteral("format"), QString(), QStringLiteral("qcow2|raw")},
                      QCommandLineOption(QStringLiteral("skip-datasource-check"))});
    else if (verb != QLatin1String("delete")) {
        m_err << "unknown command \"image " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("image")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    if (verb == QLatin1String("delete")) {
        if (p.positionalArguments().size() != 1) {
            m_err << "image delete needs exactly one image ID\n";
            return Invalid;
        }
        return imageDelete(p.positionalArguments().first());
    }
    if (verb == QLatin1String("publish"))
        return imagePublish(p);
    return imageList(p);
}

int Cli::imageDelete(const QString &id)
{
    auto image = m_store->imageById(id);
    if (!image) {
        m_err << "error: " << inertForTerminal(image.error().message) << '\n';
        return exitFor(image.error());
    }
    // A cloud's image goes from its Glance first; the record only once it is gone.
    if (image->provider != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(image->provider);
        if (!provider) {
            m_err << "error: image " << inertForLine(image->id.left(8)) << " is on cloud account \"" << inertForLine(image->provider)
                  << "\", which is not configured; add it with `cloud add`\n";
            return NotFound;
        }
        if (auto removed = provider->deleteImage(image->location); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return exitFor(removed.error());
        }
    }
    // A local file goes only when it lies inside this installation's images folder (the
    // record may be a colleague's, naming any path); BuildService::deleteImage says so.
    QString note;
    if (image->provider == QLatin1String("local")) {
        auto deleted = m_builds->deleteImage(image.value());
        if (!deleted) {
            m_err << "error: " << inertForTerminal(deleted.error().message) << '\n';
            return exitFor(deleted.error());
        }
        note = deleted.value();
    } else if (auto removed = m_store->removeImage(image->id); !removed) {
        m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
        return Failure;
    }
    if (!note.isEmpty())
        m_err << inertForTerminal(note) << '\n';
    m_out << "deleted " << inertForLine(image->id) << " (" << inertForLine(image->name) << ")\n";
    return Ok;
}

int Cli::imageList(const QCommandLineParser &p)
{
    QString templateId;
    if (const int status = templateFilter(*m_store, m_err, p.value(QStringLiteral("template")), templateId); status != Ok)
        return status;
    // A cloud's images are a Glance query on the properties its builds set, so images
    // built by colleagues (or with another store) show too.
    Result<QList<ImageRecord>> images = QList<ImageRecord>();
    const QString cloud = p.value(QStringLiteral("provider"));
    if (!cloud.isEmpty() && cloud != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(cloud);
        if (!provider) {
            m_err << "error: there is no cloud account \"" << cloud << "\"; `cloud list` shows the accounts\n";
            return NotFound;
        }
        images = provider->listImages(templateId);
    } else {
        images = m_store->listImages(templateId);
    }
    if (!images) {
        m_err << "error: " << inertForTerminal(images.error().message) << '\n';
        return Failure;
    }
    printRecords<ImageRecord>(m_out, images.value(), p.isSet(QStringLiteral("json")), &imageJson,
                              {{"ID", [](const ImageRecord &i) { return i.id.left(8); }},
                               {"NAME", [](const ImageRecord &i) { return i.name; }},
                               {"PROVIDER", [](const ImageRecord &i) { return i.provider; }},
                               {"OS", [](const ImageRecord &i) { return i.os.key(); }},
                               {"TEST", &testCell},
                               {"SIZE", [](const ImageRecord &i) { return QStringLiteral("%1 MB").arg(i.sizeBytes / (1024 * 1024)); }},
                               {"CREATED", [](const ImageRecord &i) { return tableTime(i.createdAt); }},
                               {"BUILD", [](const ImageRecord &i) { return i.buildId.left(8); }},
                               {"LOCATION", [](const ImageRecord &i) { return i.location; }}});
    return Ok;
}

int Cli::baseImageCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    if (verb == QLatin1String("import"))
        p.addOptions({{QStringLiteral("os"), QString(), QStringLiteral("DISTRO:VERSION")},
                      {QStringLiteral("user"), QString(), QStringLiteral("LOGIN")},
                      {QStringLiteral("name"), QString(), QStringLiteral("N")}});
    else if (verb == QLatin1String("list"))
        p.addOptions({QCommandLineOption(QStringLiteral("json")), {QStringLiteral("provider"), QString(), QStringLiteral("CLOUD-NAME")}});
    else if (verb != QLatin1String("remove") && verb != QLatin1String("create")) {
        m_err << "unknown command \"base-image " << verb << "\"\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("base-image")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    if (const int s = openStore(); s != Ok)
        return s;
    BaseImageLibrary library(*m_store, ApplicationCatalog::builtin(), m_builds->settings());
    if (verb == QLatin1String("import"))
        return baseImageImport(p, library);
    if (verb == QLatin1String("create"))
        return baseImageCreate(p.positionalArguments(), library);
    if (verb == QLatin1String("remove")) {
        if (p.positionalArguments().size() != 1) {
            m_err << "base-image remove needs exactly one base image ID\n";
            return Invalid;
        }
        if (auto removed = library.remove(p.positionalArguments().first()); !removed) {
            m_err << "error: " << inertForTerminal(removed.error().message) << '\n';
            return exitFor(removed.error());
        }
        m_out << "removed\n";
        return Ok;
    }
    return baseImageList(p);
}

int Cli::baseImageImport(const QCommandLineParser &p, BaseImageLibrary &library)
{
    QStringList problems;
    if (p.positionalArguments().size() != 1)
        problems.append(QStringLiteral("file: give exactly one image FILE (qcow2 or raw)"));
    // A distribution's cloud image says its OS and user by its file name.
    const auto guess = CloudImageNames::guess(p.positionalArguments().value(0));
    const bool osGiven = p.isSet(QStringLiteral("os"));
    const bool userGiven = p.isSet(QStringLiteral("user"));
    const QString osKey = osGiven ? p.value(QStringLiteral("os")) : guess.osKey;
    const QString login = userGiven ? p.value(QStringLiteral("user")) : guess.loginUser;
    if (osKey.isEmpty())
        problems.append(QStringLiteral("os: give the image's OS with --os DISTRO:VERSION (see `catalog os`)"));
    if (login.isEmpty())
        problems.append(QStringLiteral("user: give the image's default login user with --user (debian, ubuntu, rocky, ...)"));
    if (!problems.isEmpty()) {
        for (const auto &m : problems)
            m_err << m << '\n';
        return Invalid;
    }
    if (!osGiven || !userGiven)
        m_err << "From the file name: --os " << osKey << " --user " << login << '\n';
    auto imported =
        library.importFile(p.positionalArguments().first(), osKey, login, p.value(QStringLiteral("name")), [this](const QString &line) {
            m_err << "\r" << inertForLine(line);
            m_err.flush();
        });
    m_err << "\n";
    if (!imported) {
        m_err << inertForTerminal(imported.error().message) << '\n';
        return exitFor(imported.error());
    }
    m_out << imported->id << '\n';
    return Ok;
}

int Cli::baseImageCreate(const QStringList &positional, BaseImageLibrary &library)
{
    if (positional != QStringList{QStringLiteral("debian:12")}) {
        m_err << "os: base-image create makes debian:12 only (from Debian's archive, the one archive this needs).\n"
              << BaseImageLibrary::cloudImageHint() << '\n';
        return Invalid;
    }
    std::signal(SIGINT, onInterrupt);
    // Only the script runs as root (through sudo); the image goes into this user's library.
    const bool terminal = stdinIsTerminal();
    const auto via = terminal ? BaseImageLibrary::RootVia::Sudo : BaseImageLibrary::RootVia::SudoNoPrompt;
    if (!BaseImageLibrary::isRoot() && BaseImageLibrary::checkCanCreate(via).isEmpty())
        m_err << "Making a Debian 12 base image needs root for debootstrap (and a loop device for the boot loader): "
              << (terminal ? "sudo runs the script and may ask for your password.\n"
                           : "trying sudo -n (no terminal to ask for a password on).\n");
    m_err.flush();
    auto made = library.createDebian12(
        [this](const QString &line) {
            m_err << inertForTerminal(line) << '\n';
            m_err.flush();
        },
        &g_interrupted, via);
    if (!made) {
        m_err << inertForTerminal(made.error().message) << '\n';
        return made.error().kind == ErrorKind::Unsupported ? Invalid : exitFor(made.error());
    }
    m_out << made->id << '\n';
    return Ok;
}

int Cli::baseImageList(const QCommandLineParser &p)
{
    // A cloud's base images are its Glance images (public and the project's own).
    Result<QList<BaseImage>> list = QList<BaseImage>();
    const bool providerGiven = p.isSet(QStringLiteral("provider"));
    const QString cloud = p.value(QStringLiteral("provider"));
    if (providerGiven && cloud != QLatin1String("local")) {
        auto provider = m_builds->makeProvider(cloud);
        if (!provider) {
            m_err << "error: there is no cloud account \"" << cloud << "\"; `cloud list` shows the accounts\n";
            return NotFound;
        }
        list = provider->listBaseImages();
    } else {
        list = m_store->listBaseImages();
    }
    if (!list) {
        m_err << "error: " << inertForTerminal(list.error().message) << '\n';
        return Failure;
    }
    // A cloud's image ids are Glance's: shown whole, as build start --base-image needs them.
    printRecords<BaseImage>(m_out, list.value(), p.isSet(QStringLiteral("json")), &baseImageJson,
                            {{"ID", [providerGiven](const BaseImage &b) { return providerGiven ? b.id : b.id.left(8); }},
                             {"NAME", [](const BaseImage &b) { return b.name; }},
                             {"PROVIDER", [](const BaseImage &b) { return b.provider; }},
                             {"OS", [](const BaseImage &b) { return b.os.key(); }},
                             {"LOGIN", [](const BaseImage &b) { return b.loginUser; }},
                             {"SIZE", [](const BaseImage &b) { return QStringLiteral("%1 GB").arg(b.sizeBytes / (1024 * 1024 * 1024)); }},
                             {"PATH", [](const BaseImage &b) { return b.path; }}});
    return Ok;
}

}  // namespace ib::cli
