#include "builds/BuildService.h"

#include "builds/BuildLog.h"
#include "builds/BuildRules.h"
#include "builds/BuildRunner.h"
#include "catalog/ApplicationCatalog.h"
#include "ledger/ResourceLedger.h"
#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "platform/Platform.h"
#include "providers/DeferredProvider.h"
#include "providers/local/LocalProvider.h"
#include "providers/openstack/CloudAccountStore.h"
#include "providers/openstack/OpenStackProvider.h"
#include "secrets/SecretStore.h"
#include "storage/Store.h"
#include "tasks/StoreThread.h"
#include "templates/TemplateRules.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QUuid>

namespace ib {

namespace {

void warnIfFailed(const Result<void> &result)
{
    if (!result)
        logging::get("build")->error("cannot record build progress: {}", result.error().message.toStdString());
}

}  // namespace

BuildService::BuildService(Store &store, const ApplicationCatalog &catalog, BuildSettings settings, ProviderFactory factory,
                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
    , m_defaultFactory(!factory)
    , m_factory(factory ? std::move(factory) : defaultProviderFactory(m_settings, &store))
    , m_runs(QStringLiteral("build"), std::max(1, m_settings.concurrency))
{
    m_logFlush.setSingleShot(true);
    m_logFlush.setInterval(LogBatchMs);
    connect(&m_logFlush, &QTimer::timeout, this, &BuildService::flushLogLines);
    m_cancelPoll.setInterval(1000);
    connect(&m_cancelPoll, &QTimer::timeout, this, &BuildService::pollCancelRequests);
    m_cancelPoll.start();
    // The folders of builds (disks with their host keys, seeds, logs), images and base images
    // are this user's alone (0700 / a private ACL): nothing in them is for other users.
    if (!m_settings.dataDirectory.isEmpty()) {
        for (const auto &folder : {m_settings.buildsDirectory(), m_settings.imagesDirectory(), m_settings.baseImagesDirectory()}) {
            if (!QDir().mkpath(folder))
                continue;
            if (auto restricted = platform::restrictToOwner(folder); !restricted)
                logging::get("build")->warn("{}", restricted.error().message.toStdString());
        }
    }
}

BuildService::~BuildService()
{
    shutdown();
}

BuildService::ProviderFactory BuildService::defaultProviderFactory(const BuildSettings &settings)
{
    return defaultProviderFactory(settings, nullptr);
}

BuildService::ProviderFactory BuildService::defaultProviderFactory(const BuildSettings &settings, Store *store)
{
    return [settings, store](const QString &providerId) -> std::unique_ptr<Provider> {
        if (providerId == QLatin1String("local"))
            return std::make_unique<local::LocalProvider>(settings);
        if (!store || providerId.isEmpty())
            return nullptr;
        // A cloud account: the provider needs its password, also to clean up after a crash.
        auto secrets = SecretStore::forThisProcess();
        openstack::CloudAccountStore accounts(*store, secrets.get());
        auto account = accounts.find(providerId);
        if (!account)
            return nullptr;
        return std::make_unique<openstack::OpenStackProvider>(account.value(), accounts.password(account.value()),
                                                              &ApplicationCatalog::builtin());
    };
}

Result<BaseImage> BuildService::resolveBaseImage(const QString &baseImageId, const QString &providerId)
{
    if (providerId.isEmpty() || providerId == QLatin1String("local"))
        return m_store.baseImageById(baseImageId);
    auto provider = m_factory(providerId);
    if (!provider)
        return makeError(ErrorKind::NotFound,
                         tr("There is no provider or cloud account \"%1\"; `cloud list` shows the accounts.").arg(providerId));
    return provider->baseImage(baseImageId);
}

Result<ImageTemplate> BuildService::checkNameAndTemplate(Store &store, const ApplicationCatalog &catalog, const QString &templateId,
                                                         const QString &imageName)
{
    if (const auto problem = buildrules::checkImageName(imageName); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("imageName: ") + problem);
    auto t = store.findTemplate(templateId);
    if (!t)
        return makeError(t.error().kind, QStringLiteral("template: ") + t.error().message);
    const auto problems = TemplateRules(catalog).validate(t.value());
    if (TemplateRules::hasErrors(problems))
        return makeError(ErrorKind::Invalid, QStringLiteral("template: ") +
                                                 tr("\"%1\" breaks a rule (%2); update it first.").arg(t->name, problems.first().message));
    return t;
}

Result<BuildService::Checked> BuildService::checked(const QString &templateId, const QString &imageName, const QString &baseImageId,
                                                    const QString &providerId)
{
    auto t = checkNameAndTemplate(m_store, m_catalog, templateId, imageName);
    if (!t)
        return t.error();
    auto base = resolveBaseImage(baseImageId, providerId);
    if (!base)
        return makeError(base.error().kind, QStringLiteral("baseImage: ") + base.error().message);
    if (const auto problem = buildrules::checkBaseImage(t.value(), base.value(), m_catalog); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("baseImage: ") + problem);
    if (!m_factory(base->provider))
        return makeError(ErrorKind::Unsupported,
                         QStringLiteral("baseImage: ") + tr("no provider \"%1\" is configured.").arg(base->provider));
    return Checked{t.value(), base.value()};
}

Result<void> BuildService::check(const QString &templateId, const QString &imageName, const QString &baseImageId, const QString &providerId)
{
    if (auto ok = checked(templateId, imageName, baseImageId, providerId); !ok)
        return ok.error();
    return {};
}

Result<BuildRecord> BuildService::start(const QString &templateId, const QString &imageName, const QString &baseImageId,
                                        const QString &buildId, const QString &providerId)
{
    // The template and base image as checked: read once (a cloud's base image is a request).
    auto ok = checked(templateId, imageName, baseImageId, providerId);
    if (!ok)
        return ok.error();
    auto recorded = record(m_store, m_settings, ok->frozen, imageName, ok->base, buildId);
    if (recorded)
        queue(recorded.value());
    return recorded;
}

BuildService::Preparation BuildService::prepare(const QString &templateId, const QString &imageName, const BaseImage &baseImage,
                                                const QString &buildId) const
{
    return [store = &m_store, catalog = &m_catalog, settings = m_settings, templateId, imageName, baseImage,
            buildId]() -> Result<BuildRecord> {
        auto t = checkNameAndTemplate(*store, *catalog, templateId, imageName);
        if (!t)
            return t.error();
        if (const auto problem = buildrules::checkBaseImage(t.value(), baseImage, *catalog); !problem.isEmpty())
            return makeError(ErrorKind::Invalid, QStringLiteral("baseImage: ") + problem);
        return record(*store, settings, t.value(), imageName, baseImage, buildId);
    };
}

Result<BuildRecord> BuildService::record(Store &store, const BuildSettings &settings, const ImageTemplate &frozen, const QString &imageName,
                                         const BaseImage &base, const QString &buildId)
{
    BuildRecord build;
    build.id = buildId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : buildId;
    build.templateId = frozen.id;
    build.templateRevision = frozen.revision;
    build.snapshot = frozen;
    build.imageName = imageName;
    build.baseImage = base;
    build.provider = base.provider;
    build.ownerHost = QHostInfo::localHostName();
    build.ownerPid = QCoreApplication::applicationPid();
    build.logPath = BuildLog::pathFor(settings.buildsDirectory(), build.id);
    if (build.logPath.isEmpty())
        return makeError(ErrorKind::Invalid, tr("\"%1\" is not a build id (a UUID).").arg(build.id));
    // This installation's own ledger owns the build from now on: only what it records is
    // ever removed or killed by this machine's sweep.
    if (auto owned = ResourceLedger(settings.dataDirectory).addBuild(build.id, build.provider); !owned)
        return owned.error();
    auto created = store.createBuild(build);
    if (!created)
        return created.error();
    // What Build Image compares the template with next time (this machine's own record).
    if (auto remembered = ResourceLedger(settings.dataDirectory).rememberBuilt(frozen); !remembered)
        logging::get("build")->warn("cannot record the template built: {}", remembered.error().message.toStdString());
    logging::get("build")->info("build {} queued: template {} revision {}, image \"{}\"", build.id.toStdString(), frozen.id.toStdString(),
                                frozen.revision, imageName.toStdString());
    return created;
}

void BuildService::queue(const BuildRecord &recorded)
{
    m_queue.enqueue(recorded);
    m_queuedIds.insert(recorded.id);
    emit buildQueued(recorded);
    schedule();
}

void BuildService::applySettings(BuildSettings settings)
{
    settings.dataDirectory = m_settings.dataDirectory;  // the ledger, logs and images stay where they are
    m_settings = std::move(settings);
    if (m_defaultFactory)
        m_factory = defaultProviderFactory(m_settings, &m_store);
    m_runs.setMaxThreads(std::max(1, m_settings.concurrency));
    schedule();
}

void BuildService::schedule()
{
    while (!m_queue.isEmpty() && m_active.size() < std::max(1, m_settings.concurrency)) {
        auto build = m_queue.dequeue();
        m_queuedIds.remove(build.id);
        launch(build);
    }
}

void BuildService::launch(const BuildRecord &build)
{
    // Made on the build's thread when first used: a cloud's account and keychain reads stay
    // off this (the UI) thread.
    auto provider = std::make_unique<DeferredProvider>(m_factory, build.provider);
    auto log = std::make_shared<BuildLog>(build.id, build.logPath);
    // Colleagues on a shared store read the log live from the database.
    log->setStoreSink(&m_store, build.id);
    auto runner = std::make_shared<BuildRunner>(m_store, m_catalog, build, std::move(provider), m_settings, log);
    const QString id = build.id;
    // On the runner's thread: lines are collected and handed to this thread in batches.
    connect(
        log.get(), &BuildLog::lineAppended, this, [this, id](const QString &line) { queueLogLine(id, line); }, Qt::DirectConnection);
    connect(runner.get(), &BuildRunner::stepChanged, this, &BuildService::buildStepChanged);
    connect(runner.get(), &BuildRunner::finished, this, &BuildService::onRunnerFinished);
    connect(runner.get(), &BuildRunner::vmKept, this, &BuildService::buildVmKept);
    m_active.insert(id, Active{runner, log});
    m_runs.start(
        &m_store,
        [this, runner]() mutable {
            runner->run();
            // The runner is an object of this thread: its last reference is dropped here, not
            // on the task's thread (shutdown() waits for every task before this object goes).
            QMetaObject::invokeMethod(
                this, [done = std::move(runner)] {}, Qt::QueuedConnection);
        },
        QStringLiteral("build-") + id.left(8));
}

void BuildService::queueLogLine(const QString &buildId, const QString &line)
{
    QMutexLocker lock(&m_logMutex);
    m_pendingLog[buildId].append(line);
    if (m_logFlushPosted)
        return;
    m_logFlushPosted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_logFlush.isActive())
                m_logFlush.start();
        },
        Qt::QueuedConnection);
}

void BuildService::flushLogLines()
{
    QHash<QString, QStringList> batch;
    {
        QMutexLocker lock(&m_logMutex);
        batch.swap(m_pendingLog);
        m_logFlushPosted = false;
    }
    for (auto it = batch.cbegin(); it != batch.cend(); ++it) {
        emit buildLogLines(it.key(), it.value());
        for (const auto &line : it.value())
            emit buildLogLine(it.key(), line);
    }
}

void BuildService::onRunnerFinished(const QString &buildId, BuildState state, const QString &cause)
{
    flushLogLines();  // the last lines come before the end
    // Its task ends right after this signal; a build started now may wait for that thread.
    m_active.remove(buildId);
    emit buildFinished(buildId, state, cause);
    schedule();
}

Result<void> BuildService::cancel(const QString &buildId)
{
    if (cancelHere(buildId, StoreWrite::Now))
        return {};
    auto build = m_store.buildById(buildId);
    if (!build)
        return build.error();
    if (cancelHere(build->id, StoreWrite::Now))  // `buildId` was the start of the id
        return {};
    auto route = cancelElsewhere(m_store, m_settings.dataDirectory, build.value());
    if (route && route.value() == CancelRoute::Sweep)
        sweep();
    return route ? Result<void>() : route.error();
}

void BuildService::cancel(const QString &buildId, QObject *context, std::function<void(Result<void>)> done)
{
    if (cancelHere(buildId, StoreWrite::OnStoreThread)) {
        if (done)
            done(Result<void>());
        return;
    }
    const auto answer = [guard = QPointer<QObject>(context), done = std::move(done)](const Result<void> &result) {
        if (guard && done)
            done(result);
    };
    // Another process's build (or one of this process's that ended meanwhile): its row and
    // this installation's ledger are read, and the request written, on the store thread.
    StoreThread *thread = pollThread();
    thread->post(
        [thread, self = QPointer<BuildService>(this), store = &m_store, dataDirectory = m_settings.dataDirectory, buildId, answer] {
            auto build = store->buildById(buildId);
            auto route = build ? cancelElsewhere(*store, dataDirectory, build.value()) : Result<CancelRoute>(build.error());
            thread->deliver([self, route, answer] {
                // Its owner is gone: its clean-up (a cloud's deletes) runs as a task too.
                if (self && route && route.value() == CancelRoute::Sweep)
                    self->sweepInBackground();
                answer(route ? Result<void>() : route.error());
            });
        });
}

bool BuildService::cancelHere(const QString &id, StoreWrite write)
{
    if (auto it = m_active.find(id); it != m_active.end()) {
        it->runner->cancel();
        return true;
    }
    if (!m_queuedIds.contains(id))
        return false;
    m_queuedIds.remove(id);
    m_queue.removeIf([&](const BuildRecord &b) { return b.id == id; });
    const QString cause = QStringLiteral("Cancelled before it started.");
    if (write == StoreWrite::Now)
        warnIfFailed(m_store.finishBuild(id, BuildState::Cancelled, cause));
    else
        pollThread()->post([store = &m_store, id, cause] { warnIfFailed(store->finishBuild(id, BuildState::Cancelled, cause)); });
    emit buildFinished(id, BuildState::Cancelled, cause);
    return true;
}

Result<BuildService::CancelRoute> BuildService::cancelElsewhere(Store &store, const QString &dataDirectory, const BuildRecord &build)
{
    const auto &id = build.id;
    ResourceLedger ledger(dataDirectory);
    auto ours = ledger.build(id);
    if (isFinished(build.state)) {
        // A failed build whose VM was kept for debugging still holds resources.
        auto resources = store.buildResources(id);
        const bool holds = (ours && ledger.holdsResources(id)) ||
                           (resources && std::any_of(resources->cbegin(), resources->cend(),
                                                     [](const BuildResource &r) { return r.state != QLatin1String("gone"); }));
        if (!holds)
            return makeError(
                ErrorKind::Invalid,
                tr("Build %1 has already ended (%2); there is nothing to cancel.").arg(id.left(8), buildStateName(build.state)));
    }
    // Whether this installation ran the build is its ledger's to say, not the shared row's
    // host name and pid (another machine may have the same name, or may have written them).
    if (ours && !ResourceLedger::ownerAlive(ours.value()))
        return CancelRoute::Sweep;
    if (!store.requestCancel(id))
        return makeError(ErrorKind::Io, tr("Cannot ask %1 to cancel the build.").arg(build.ownerHost));
    return CancelRoute::Requested;
}

Result<QString> BuildService::deleteImage(const ImageRecord &image)
{
    QString note;
    if (image.provider == QLatin1String("local") || image.provider.isEmpty()) {
        auto path = trusted::insideFolder(m_settings.imagesDirectory(), image.location);
        if (!path) {
            note = tr("The file %1 was left in place: it is not in this installation's images folder %2.")
                       .arg(image.location, m_settings.imagesDirectory());
        } else if (QFileInfo::exists(*path)) {
            if (!trusted::isRegularFile(*path))
                return makeError(ErrorKind::Invalid, tr("%1 is not a regular file; nothing was removed.").arg(*path));
            if (!QFile::remove(*path))
                return makeError(ErrorKind::Io, tr("Cannot remove %1; the image's record is kept.").arg(*path));
        }
    } else {
        auto provider = m_factory(image.provider);
        if (!provider)
            return makeError(
                ErrorKind::NotFound,
                tr("The image is on cloud account \"%1\", which is not configured; add it with `cloud add`.").arg(image.provider));
        // From the cloud first: a record without its image is harmless, the reverse is a leak.
        if (auto removed = provider->deleteImage(image.location); !removed)
            return removed.error();
    }
    if (auto removed = m_store.removeImage(image.id); !removed && removed.error().kind != ErrorKind::NotFound)
        return removed.error();
    return note;
}

StoreThread *BuildService::pollThread()
{
    if (m_ownPollThread)
        return m_ownPollThread.get();
    if (!m_sharedPollThread)
        m_sharedPollThread = StoreThread::of(&m_store);
    if (m_sharedPollThread)
        return m_sharedPollThread;
    m_ownPollThread = std::make_unique<StoreThread>(m_store);
    return m_ownPollThread.get();
}

void BuildService::pollCancelRequests()
{
    if (m_active.isEmpty() || m_pollInFlight)
        return;
    m_pollInFlight = true;
    StoreThread *thread = pollThread();
    const bool own = thread == m_ownPollThread.get();
    thread->post([thread, own, self = QPointer<BuildService>(this), store = &m_store, ids = m_active.keys()] {
        QStringList requested;
        for (const auto &id : ids) {
            auto asked = store->cancelRequested(id);
            if (asked && asked.value())
                requested.append(id);
        }
        // Back on this object's thread, unless it is gone by then.
        thread->deliver([thread, own, self, requested] {
            if (!self)
                return;
            self->m_pollInFlight = false;
            for (const auto &id : requested) {
                if (auto it = self->m_active.find(id); it != self->m_active.end())
                    it->runner->cancel();
            }
            // Nothing left to poll: a thread of this service's own gives its connection back
            // (on a team store, no session held between builds).
            if (own && self->m_active.isEmpty())
                thread->post([store = &self->m_store] { store->releaseThreadConnection(); });
        });
    });
}

int BuildService::sweep()
{
    QSet<QString> ours = m_queuedIds;
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it)
        ours.insert(it.key());
    return sweepDead(m_store, m_settings, m_factory, ours,
                     [this](const QString &id, BuildState state, const QString &cause) { emit buildFinished(id, state, cause); });
}

void BuildService::sweepInBackground()
{
    // A build started meanwhile is this process's, alive: the sweep passes it over.
    m_sweeps.start(
        &m_store,
        [self = QPointer<BuildService>(this), store = &m_store, settings = m_settings, factory = m_factory] {
            const int swept = sweepDead(*store, settings, factory, {}, [self](const QString &id, BuildState state, const QString &cause) {
                QMetaObject::invokeMethod(
                    self, [self, id, state, cause] { emit self->buildFinished(id, state, cause); }, Qt::QueuedConnection);
            });
            if (swept > 0)
                logging::get("build")->warn("Swept {} build(s) left by a process that ended", swept);
            else
                logging::get("build")->info("Sweep: no build left by a process that ended");
        },
        QStringLiteral("sweep"));
}

int BuildService::sweepDead(Store &store, const BuildSettings &settings, const ProviderFactory &factory, const QSet<QString> &ours,
                            const std::function<void(const QString &, BuildState, const QString &)> &interrupted)
{
    // Only builds this installation's ledger records, with the resources it recorded: a
    // shared row (its host, pid, log path or resources) never decides what is removed.
    ResourceLedger ledger(settings.dataDirectory, &store);
    auto open = ledger.openBuilds();
    if (!open) {
        logging::get("build")->error("cannot read the resource ledger: {}", open.error().message.toStdString());
        return 0;
    }
    int swept = 0;
    for (const auto &owned : open.value()) {
        const QString &id = owned.id;
        if (ours.contains(id) || ResourceLedger::ownerAlive(owned))
            continue;
        auto provider = factory(owned.provider);
        BuildLog log(id, BuildLog::pathFor(settings.buildsDirectory(), id));
        log.append(QStringLiteral("sweep"),
                   QStringLiteral("Image Builder (pid %1) is gone; removing what the build left behind.").arg(owned.ownerPid));
        QStringList failures;
        const bool holds = ledger.holdsResources(id);
        if (provider)
            failures = ledger.destroyAll(*provider, id, [&log](const QString &line) { log.append(QStringLiteral("sweep"), line); });
        else if (holds)
            failures.append(QStringLiteral("No provider \"%1\" is configured any more: its resources stay (add the cloud account "
                                           "again to remove them).")
                                .arg(owned.provider));
        auto build = store.buildById(id);
        if (build && build->id == id && !isFinished(build->state)) {
            QString cause =
                QStringLiteral("Interrupted during step \"%1\": the Image Builder process that ran it (pid %2) ended without finishing it.")
                    .arg(buildStepTitle(build->currentStep))
                    .arg(owned.ownerPid);
            if (!failures.isEmpty())
                cause += QStringLiteral("\nResources still left: ") + failures.join(QStringLiteral("; "));
            warnIfFailed(store.finishStep(id, build->currentStep, QStringLiteral("interrupted")));
            warnIfFailed(store.finishBuild(id, BuildState::Interrupted, cause));
            log.append(QStringLiteral("sweep"), cause);
            interrupted(id, BuildState::Interrupted, cause);
        }
        if (!failures.isEmpty())
            log.append(QStringLiteral("sweep"), QStringLiteral("Left for the next start: ") + failures.join(QStringLiteral("; ")));
        // The overlay and seed live in the build's folder; the logs stay.
        BuildRunner::removeAllButLogs(settings.buildsDirectory() + QLatin1Char('/') + id);
        if (failures.isEmpty())
            warnIfFailed(ledger.closeBuild(id));
        logging::get("build")->warn("swept build {} left by pid {}", id.toStdString(), owned.ownerPid);
        ++swept;
    }
    return swept;
}

void BuildService::shutdown()
{
    m_cancelPoll.stop();
    m_ownPollThread.reset();  // lets the poll in progress finish
    for (const auto &b : std::as_const(m_queue))
        warnIfFailed(m_store.finishBuild(b.id, BuildState::Cancelled, QStringLiteral("Cancelled before it started: Image Builder quit.")));
    m_queue.clear();
    m_queuedIds.clear();
    for (auto &a : m_active)
        a.runner->cancel();
    m_runs.waitForDone();
    m_sweeps.waitForDone();
    m_active.clear();
}

std::shared_ptr<BuildLog> BuildService::liveLog(const QString &buildId) const
{
    const auto it = m_active.constFind(buildId);
    return it == m_active.cend() ? nullptr : it->log;
}

}  // namespace ib
