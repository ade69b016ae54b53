#include "builds/BuildRunner.h"
#include "builds/BootConsole.h"

#include "builds/BuildLog.h"
#include "builds/BuildRules.h"
#include "catalog/ApplicationCatalog.h"
#include "logging/Logging.h"
#include "ssh/OpenSshCommand.h"
#include "ssh/SshClient.h"
#include "ssh/SshKeyPair.h"
#include "storage/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace ib {

namespace {

constexpr int kFailureLines = 20;

// The ledger must not stop a build; a failed write is logged and the build goes on.
void record(const Result<void> &result)
{
    if (!result)
        logging::get("build")->error("cannot record build progress: {}", result.error().message.toStdString());
}

QString indent(const QStringList &lines)
{
    QStringList out;
    for (const auto &l : lines)
        out.append(QStringLiteral("  ") + l);
    return out.join(QLatin1Char('\n'));
}

// The errors in cloud-init's result.json (v1.errors) or status.json (v1.<stage>.errors).
QStringList cloudInitErrors(const QJsonObject &v1)
{
    QStringList lines;
    const auto add = [&lines](const QJsonValue &errors) {
        for (const QJsonArray jsonItems = errors.toArray(); const auto &error : jsonItems)
            lines.append(error.toString());
    };
    add(v1.value(QStringLiteral("errors")));
    for (auto it = v1.begin(); it != v1.end(); ++it) {
        if (it->isObject())
            add(it->toObject().value(QStringLiteral("errors")));
    }
    return lines;
}

}  // namespace

BuildRunner::BuildRunner(Store &store, const ApplicationCatalog &catalog, BuildRecord build, std::unique_ptr<Provider> provider,
                         BuildSettings settings, std::shared_ptr<BuildLog> log)
    : m_store(store)
    , m_catalog(catalog)
    , m_build(std::move(build))
    , m_provider(std::move(provider))
    , m_settings(std::move(settings))
    , m_log(std::move(log))
    , m_ledger(m_settings.dataDirectory, &m_store)
{}

BuildRunner::~BuildRunner() = default;

QString BuildRunner::workDirectory() const
{
    return m_settings.buildsDirectory() + QLatin1Char('/') + m_build.id;
}

void BuildRunner::log(const QString &text)
{
    m_log->append(buildStepName(m_build.currentStep), text);
}

Result<QString> BuildRunner::recordIntent(const QString &kind, const QString &identifier, const QString &detail)
{
    auto id = m_ledger.recordIntent(m_build.id, kind, identifier, detail);
    if (!id)
        log(QStringLiteral("Cannot record the %1 %2 before making it: %3").arg(kind, identifier, id.error().message));
    return id;
}

void BuildRunner::markCreated(const QString &resourceId, const QString &identifier)
{
    if (auto r = m_ledger.markCreated(resourceId, identifier); !r)
        log(QStringLiteral("Cannot record a resource: %1").arg(r.error().message));
}

void BuildRunner::markGone(const QString &resourceId)
{
    if (auto r = m_ledger.markGone(resourceId); !r)
        log(QStringLiteral("Cannot record a resource: %1").arg(r.error().message));
}

void BuildRunner::cancel()
{
    if (m_cancelled.exchange(true))
        return;
    {
        QMutexLocker lock(&m_sshMutex);
        if (m_ssh)
            m_ssh->cancel();
    }
    if (m_provider)
        m_provider->cancel();
}

QStringList BuildRunner::destroyResources(ResourceLedger &ledger, Provider &provider, const QString &buildId,
                                          const std::function<void(const QString &)> &log)
{
    return ledger.destroyAll(provider, buildId, log);
}

Result<QString, BuildRunner::StepError> BuildRunner::guestScript(const QString &name, const QStringList &arguments)
{
    QFile file(QStringLiteral(":/guest/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return StepError{QStringLiteral("Image Builder's guest script %1 is missing from this build of the program.").arg(name), {}, false};
    QStringList quoted;
    for (const auto &argument : arguments)
        quoted.append(ssh::SshClient::shellQuote(argument));
    const QString set = arguments.isEmpty() ? QString() : QStringLiteral("set -- ") + quoted.join(QLatin1Char(' ')) + QLatin1Char('\n');
    return QString(set + QString::fromUtf8(file.readAll()));
}

void BuildRunner::run()
{
    const auto logger = logging::get("build");
    QDir().mkpath(workDirectory());
    record(m_store.markBuildStarted(m_build.id, QHostInfo::localHostName(), QCoreApplication::applicationPid(), m_log->filePath()));
    m_build.state = BuildState::Running;
    logger->info("build {} started: image \"{}\" from template {} revision {}", m_build.id.toStdString(), m_build.imageName.toStdString(),
                 m_build.templateId.toStdString(), m_build.templateRevision);
    m_log->append(QStringLiteral("build"),
                  QStringLiteral("Build %1: image \"%2\" from template \"%3\" (revision %4) on base image \"%5\" (%6), provider %7")
                      .arg(m_build.id, m_build.imageName, m_build.snapshot.name)
                      .arg(m_build.templateRevision)
                      .arg(m_build.baseImage.name, m_build.baseImage.os.key(), m_build.provider));

    auto [state, cause] = runSteps();
    {
        QMutexLocker lock(&m_sshMutex);
        if (m_ssh)
            m_ssh->disconnect();
    }
    if (state == BuildState::Failed && m_settings.keepVmOnFailure && !m_address.host.isEmpty())
        keepVmUntilReleased(cause);
    cleanUp(state, cause);
    logger->info("build {} {}", m_build.id.toStdString(), buildStateName(state).toStdString());
    m_build.state = state;
    emit finished(m_build.id, state, cause);
    m_store.releaseThreadConnection();
}

std::pair<BuildState, QString> BuildRunner::runSteps()
{
    using StepFn = StepResult (BuildRunner::*)();
    const std::pair<BuildStep, StepFn> steps[] = {
        {BuildStep::Prepare, &BuildRunner::prepare},       {BuildStep::Launch, &BuildRunner::launch},
        {BuildStep::Connect, &BuildRunner::connect},       {BuildStep::Ready, &BuildRunner::waitReady},
        {BuildStep::Install, &BuildRunner::install},       {BuildStep::UserScript, &BuildRunner::userScript},
        {BuildStep::Generalize, &BuildRunner::generalize}, {BuildStep::Stop, &BuildRunner::stop},
        {BuildStep::Capture, &BuildRunner::capture},       {BuildStep::TestImage, &BuildRunner::testImage},
    };

    BuildState state = BuildState::Succeeded;
    QString cause;
    for (const auto &[step, fn] : steps) {
        if (m_cancelled) {
            state = BuildState::Cancelled;
            cause = QStringLiteral("Cancelled before step \"%1\".").arg(buildStepTitle(step));
            break;
        }
        m_build.currentStep = step;
        record(m_store.setBuildStep(m_build.id, step));
        emit stepChanged(m_build.id, step);
        m_log->append(buildStepName(step), QStringLiteral("== %1").arg(buildStepTitle(step)));
        const auto started = std::chrono::steady_clock::now();
        auto result = (this->*fn)();
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (result) {
            record(m_store.finishStep(m_build.id, step, QStringLiteral("ok")));
            m_log->append(buildStepName(step), QStringLiteral("== %1: done in %2 s").arg(buildStepTitle(step)).arg(seconds, 0, 'f', 1));
            continue;
        }
        const auto &error = result.error();
        if (error.cancelled || m_cancelled) {
            state = BuildState::Cancelled;
            cause = QStringLiteral("Cancelled during step \"%1\".").arg(buildStepTitle(step));
            record(m_store.finishStep(m_build.id, step, QStringLiteral("cancelled")));
        } else {
            state = BuildState::Failed;
            cause = QStringLiteral("Step \"%1\" failed: %2").arg(buildStepTitle(step), error.message);
            if (!error.lastLines.isEmpty())
                cause += QStringLiteral("\nLast lines of output:\n") + indent(error.lastLines);
            record(m_store.finishStep(m_build.id, step, QStringLiteral("failed")));
        }
        m_log->append(buildStepName(step), cause);
        break;
    }
    return {state, cause};
}

void BuildRunner::keepVmUntilReleased(const QString &cause)
{
    const QString ssh = debugAccess();
    const QString kept = cause + QStringLiteral("\nVM kept for debugging: %1\nRelease the VM (Cancel Build) to remove it.").arg(ssh);
    record(m_store.finishBuild(m_build.id, BuildState::Failed, kept));
    // The build has failed for everyone who looks; only its VM waits for the release.
    emit vmKept(m_build.id, kept, ssh);
    while (!m_cancelled)
        QThread::msleep(200);
}

void BuildRunner::cleanUp(BuildState state, QString &cause)
{
    m_build.currentStep = BuildStep::Cleanup;
    record(m_store.setBuildStep(m_build.id, BuildStep::Cleanup));
    emit stepChanged(m_build.id, BuildStep::Cleanup);
    m_log->append(QStringLiteral("cleanup"), QStringLiteral("== %1").arg(buildStepTitle(BuildStep::Cleanup)));
    const auto failures = destroyResources(m_ledger, *m_provider, m_build.id,
                                           [this](const QString &line) { m_log->append(QStringLiteral("cleanup"), line); });
    record(m_store.finishStep(m_build.id, BuildStep::Cleanup, failures.isEmpty() ? QStringLiteral("ok") : QStringLiteral("failed")));
    if (!failures.isEmpty()) {
        const QString note =
            QStringLiteral("Clean-up left %1 resource(s) behind; the next start of Image Builder tries again:\n").arg(failures.size()) +
            indent(failures);
        cause = cause.isEmpty() ? note : cause + QLatin1Char('\n') + note;
    }
    // Anything but the logs in the build's folder was a resource and is gone by now.
    removeAllButLogs(workDirectory());
    if (failures.isEmpty())
        record(m_ledger.closeBuild(m_build.id));

    record(m_store.finishBuild(m_build.id, state, cause, state == BuildState::Succeeded ? m_imageId : QString()));
    m_log->append(QStringLiteral("build"), QStringLiteral("Build %1.").arg(buildStateName(state)));
    m_log->finish();  // the held-back tail of a long log, then the store sink
}

void BuildRunner::removeAllButLogs(const QString &directory)
{
    QDir work(directory);
    for (const auto &entry : work.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (entry.suffix() == QLatin1String("log"))
            continue;
        if (entry.isDir())
            QDir(entry.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(entry.absoluteFilePath());
    }
}

QString BuildRunner::debugAccess()
{
    const QString keyPath = workDirectory() + QStringLiteral("/debug_key");
    QFile key(keyPath);
    if (key.open(QIODevice::WriteOnly)) {
        key.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        key.write(m_privateKey);
        key.close();
    }
    ssh::OpenSshCommand command;
    command.keyPath = keyPath;
    command.knownHostsPath = workDirectory() + QStringLiteral("/known_hosts");
    command.alias = QStringLiteral("imagebuilder-") + m_build.id;
    command.user = m_build.baseImage.loginUser;
    command.host = m_address.host;
    command.port = m_address.port;
    QFile hosts(command.knownHostsPath);
    if (hosts.open(QIODevice::WriteOnly)) {
        hosts.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        hosts.write(command.knownHostsLine(m_hostPublicKey).toUtf8());
    }
    hosts.close();
    QString ssh = command.commandLine();
    m_log->append(QStringLiteral("debug"), QStringLiteral("The VM is kept running for debugging. Reach it with:"));
    m_log->append(QStringLiteral("debug"), ssh);
    m_log->append(QStringLiteral("debug"), QStringLiteral("Cancel the build (or quit Image Builder) to remove it."));
    return ssh;
}

BuildRunner::StepResult BuildRunner::prepare()
{
    const auto *os = m_catalog.findOs(m_build.snapshot.os.key());
    if (!os)
        return StepError{QStringLiteral("The template's OS %1 is not in the catalog.").arg(m_build.snapshot.os.key()), {}, false};
    m_osFamily = os->family;
    adviseOnArchitecture();
    if (auto keys = newKeys(QStringLiteral("imagebuilder-build-"), QStringLiteral("imagebuilder-host-")); !keys)
        return keys;
    log(QStringLiteral("Generated the build's SSH key and the VM's host key (%1)").arg(m_hostPublicKey.section(QLatin1Char(' '), 0, 1)));
    return {};
}

// Issue 20: a local base image of another CPU architecture than this computer's builds
// under emulation. The log says so and names the faster way (the library is read only then).
void BuildRunner::adviseOnArchitecture()
{
    if (m_build.provider != QLatin1String("local") || architectureFromText(m_build.baseImage.architecture) == hostArchitecture())
        return;
    const auto all = m_store.listBaseImages();
    const auto suitable = all ? buildrules::suitableBaseImages(m_build.snapshot, all.value(), m_catalog).suitable : QList<BaseImage>{};
    if (const auto advice = buildrules::architectureAdvice(m_build.baseImage, suitable); !advice.isEmpty())
        log(advice);
}

// A new ed25519 key for the login and a new host key for the VM, comments ending in the
// build's id; both private halves are kept out of every log. The build's VM and the image
// test's VM each get their own.
BuildRunner::StepResult BuildRunner::newKeys(const QString &keyComment, const QString &hostKeyComment)
{
    auto key = ssh::SshKeyPair::generateEd25519(keyComment + m_build.id);
    auto hostKey = ssh::SshKeyPair::generateEd25519(hostKeyComment + m_build.id);
    if (!key || !hostKey)
        return StepError{
            QStringLiteral("Cannot generate SSH keys: %1").arg(!key ? key.error().message : hostKey.error().message), {}, false};
    m_publicKey = key->publicKey();
    m_privateKey = key->privateKeyPem();
    m_hostPublicKey = hostKey->publicKey();
    m_hostPrivateKey = hostKey->privateKeyPem();
    logging::registerSecret(QString::fromUtf8(m_privateKey));
    logging::registerSecret(QString::fromUtf8(m_hostPrivateKey));
    return {};
}

// What a provider boots: the default user with the current key, the pinned host key, the
// template's disk size.
LaunchSpec BuildRunner::launchSpec(const QString &hostname) const
{
    LaunchSpec spec;
    spec.loginUser = m_build.baseImage.loginUser;
    spec.authorizedKey = m_publicKey;
    spec.hostPrivateKey = m_hostPrivateKey;
    spec.hostPublicKey = m_hostPublicKey;
    spec.diskGb = m_build.snapshot.minStorageGb;
    spec.hostname = hostname;
    return spec;
}

// The SSH client of the current VM (m_address, the current keys), made under the mutex a
// cancel from another thread takes; not connected yet.
void BuildRunner::openSsh(std::chrono::milliseconds retryDeadline, const QElapsedTimer *sinceLaunch)
{
    ssh::SshConnectionSettings settings;
    settings.host = m_address.host;
    settings.port = m_address.port;
    settings.user = m_build.baseImage.loginUser;
    settings.pinnedHostKey = m_hostPublicKey;
    settings.privateKey = m_privateKey;
    settings.connectTimeout = std::chrono::seconds(20);
    settings.retryDeadline = retryDeadline;
    if (sinceLaunch) {
        // Read the console every 2 s at most, only while connectToBootingVm() waits (later
        // reconnects of this client must not read an old boot's console).
        settings.giveUp = [this, clock = *sinceLaunch, watch = std::make_shared<BootWatch>(),
                           lastLook = std::make_shared<qint64>(-1)]() -> QString {
            if (!m_watchingBoot)
                return {};
            const qint64 now = clock.elapsed();
            if (*lastLook >= 0 && now - *lastLook < 2000)
                return {};
            *lastLook = now;
            return watch->verdict(m_provider->consoleTail(workDirectory()), std::chrono::milliseconds(now));
        };
    }
    QMutexLocker lock(&m_sshMutex);
    m_ssh = std::make_unique<ssh::SshClient>(settings);
    if (m_cancelled)
        m_ssh->cancel();
}

BuildRunner::StepResult BuildRunner::launch()
{
    const auto spec = launchSpec(QStringLiteral("ib-") + m_build.id.left(8));
    m_sinceLaunch.start();
    auto address = m_provider->launch(*this, spec);
    if (!address)
        return StepError{address.error().message, {}, address.error().kind == ErrorKind::Cancelled};
    m_address = address.value();
    log(QStringLiteral("The VM answers SSH at %1:%2").arg(m_address.host).arg(m_address.port));
    return {};
}

BuildRunner::StepError BuildRunner::sshFailure(const QString &what, const QString &message, int kind)
{
    return StepError{what + QStringLiteral(": ") + message, m_log->lastLines(kFailureLines),
                     kind == static_cast<int>(ssh::SshErrorKind::Cancelled)};
}

Result<void, ssh::SshError> BuildRunner::connectToBootingVm()
{
    m_watchingBoot = true;
    auto connected = m_ssh->connect();
    m_watchingBoot = false;
    return connected;
}

BuildRunner::StepResult BuildRunner::connect()
{
    openSsh(m_settings.bootTimeout, &m_sinceLaunch);
    log(QStringLiteral("Connecting to %1 (waiting up to %2 s for the VM to boot)")
            .arg(m_ssh->target())
            .arg(m_settings.bootTimeout.count()));
    auto connected = connectToBootingVm();
    if (!connected) {
        auto failure =
            sshFailure(QStringLiteral("Cannot reach the VM over SSH"), connected.error().message, static_cast<int>(connected.error().kind));
        if (const auto said = m_provider->diagnostics(workDirectory()); !said.isEmpty() && !failure.cancelled)
            failure.lastLines = said.split(QLatin1Char('\n'));
        return failure;
    }
    m_buildVmBootTime = std::chrono::seconds(m_sinceLaunch.elapsed() / 1000);
    log(QStringLiteral("Logged in as %1 with the build's key; host key verified").arg(m_build.baseImage.loginUser));
    return {};
}

BuildRunner::StepResult BuildRunner::runRemote(const QString &source, const QString &command, bool asRoot, std::chrono::seconds timeout)
{
    ssh::SshExecOptions options;
    options.onStdoutLine = [this, &source](const QString &line) { m_log->append(source, line); };
    options.onStderrLine = [this, &source](const QString &line) { m_log->append(source + QStringLiteral(":err"), line); };
    options.timeout = timeout;
    auto result = asRoot ? m_ssh->execAsRoot(command, options) : m_ssh->exec(command, options);
    if (result)
        return {};
    const auto &e = result.error();
    if (e.kind == ssh::SshErrorKind::RemoteCommandFailed) {
        const QString how = e.exitSignal.isEmpty() ? QStringLiteral("exited with status %1").arg(e.exitStatus)
                                                   : QStringLiteral("was ended by signal %1").arg(e.exitSignal);
        // The command's own output, not the lines of earlier steps.
        QStringList own;
        const QString marker = QStringLiteral(" [") + source;
        for (const auto &line : m_log->lastLines(2000)) {
            if (line.contains(marker))
                own.append(line);
        }
        return StepError{QStringLiteral("%1 %2").arg(source, how), own.mid(std::max<qsizetype>(0, own.size() - kFailureLines)), false};
    }
    return sshFailure(source, e.message, static_cast<int>(e.kind));
}

BuildRunner::StepResult BuildRunner::waitReady()
{
    // Where the VM runs only the init stages (the provider defers the config and final
    // modules to the image's first boot), those are what the build waits for.
    const auto script = guestScript(QStringLiteral("cloud-init-wait.sh"),
                                    {m_provider->defersCloudInitModules() ? QStringLiteral("1") : QStringLiteral("0")});
    if (!script)
        return script.error();
    ssh::SshExecOptions options;
    options.allowFailure = true;
    options.timeout = std::chrono::seconds(900);
    QByteArray output;
    // The JSON goes into the log as one line, the rest as it comes.
    options.onStdoutLine = [this, &output](const QString &line) {
        const bool json = output.startsWith("ib-ready: result") || output.startsWith("ib-ready: init");
        output += line.toUtf8() + '\n';
        if (!json)
            m_log->append(QStringLiteral("ready"), line);
    };
    options.onStderrLine = [this](const QString &line) { m_log->append(QStringLiteral("ready:err"), line); };
    // The wait can outlast the session it started on: cloud-init's config stage (set-passwords)
    // or the image's own units may restart sshd, which a session survives on most images but
    // not on every one (KillMode=control-group). The wait only reads, so it is safe to ask
    // again on a new session, until the boot deadline.
    auto status = m_ssh->exec(*script, options);
    for (int reconnects = 0; !status && status.error().kind == ssh::SshErrorKind::Disconnected && reconnects < 5; ++reconnects) {
        log(QStringLiteral("The connection dropped while waiting for cloud-init (%1); connecting again.").arg(status.error().message));
        output.clear();
        if (auto again = m_ssh->connect(); !again)
            return sshFailure(QStringLiteral("Cannot reach the VM over SSH again"), again.error().message,
                              static_cast<int>(again.error().kind));
        status = m_ssh->exec(*script, options);
    }
    if (!status)
        return sshFailure(QStringLiteral("Waiting for cloud-init failed"), status.error().message, static_cast<int>(status.error().kind));
    if (output.startsWith("ib-ready: none")) {
        log(QStringLiteral("The image has no cloud-init running; nothing to wait for."));
        return {};
    }
    if (output.startsWith("ib-ready: result") || output.startsWith("ib-ready: init")) {
        const auto json = QJsonDocument::fromJson(output.mid(output.indexOf('\n') + 1));
        m_log->append(QStringLiteral("ready"), QString::fromUtf8(json.toJson(QJsonDocument::Compact)));
        const auto v1 = json.object().value(QStringLiteral("v1")).toObject();
        if (const auto errors = cloudInitErrors(v1); !errors.isEmpty())
            return StepError{QStringLiteral("cloud-init reported an error on the VM's first boot"), errors, false};
        if (!v1.value(QStringLiteral("recoverable_errors")).toObject().isEmpty())
            log(QStringLiteral("cloud-init finished with recoverable errors; going on."));
        const auto datasource = v1.value(QStringLiteral("datasource")).toString();
        if (output.startsWith("ib-ready: init"))
            log(QStringLiteral("cloud-init's init stages have finished (datasource %1). Its config and final modules "
                               "are left to the image's first boot; here they run nothing.")
                    .arg(datasource));
        else
            log(QStringLiteral("cloud-init has finished (datasource %1)").arg(datasource));
        return {};
    }
    // `cloud-init status`: 0 done; 2 done with recoverable errors (newer cloud-init); 1 error.
    if (status->exitStatus == 1)
        return StepError{QStringLiteral("cloud-init reported an error on the VM's first boot"), m_log->lastLines(kFailureLines), false};
    if (status->exitStatus == 2)
        log(QStringLiteral("cloud-init finished with recoverable errors; going on."));
    return {};
}

BuildRunner::StepResult BuildRunner::install()
{
    if (m_build.snapshot.applications.isEmpty()) {
        log(QStringLiteral("The template installs no applications."));
        return {};
    }
    for (const auto &appId : m_build.snapshot.applications) {
        const auto *app = m_catalog.findApp(appId);
        auto script = m_catalog.installScript(appId, m_osFamily);
        if (!app || !script)
            return StepError{script ? QStringLiteral("The catalog has no application %1.").arg(appId) : script.error().message, {}, false};
        log(QStringLiteral("Installing %1 %2").arg(app->name, app->versionFor(m_build.snapshot.os.key())));
        const auto remote = QStringLiteral("/tmp/imagebuilder-install-%1.sh").arg(appId);
        if (auto uploaded = m_ssh->upload(script.value(), remote, 0755); !uploaded)
            return sshFailure(QStringLiteral("Cannot upload the install script of %1").arg(app->name), uploaded.error().message,
                              static_cast<int>(uploaded.error().kind));
        if (auto ran = runRemote(QStringLiteral("install:") + appId, QStringLiteral("sh ") + remote, true, std::chrono::seconds(3600));
            !ran) {
            auto error = ran.error();
            error.message = QStringLiteral("installing %1: %2").arg(app->name, error.message);
            return error;
        }
    }
    return {};
}

BuildRunner::StepResult BuildRunner::userScript()
{
    return runTemplateScript(QStringLiteral("user script"), m_build.snapshot.userScript, std::chrono::seconds(6 * 3600));
}

// The template's user script and its test script run alike: uploaded to /tmp as the default
// user's file, run from its home with the output streamed to the step's log.
BuildRunner::StepResult BuildRunner::runTemplateScript(const QString &what, const QString &text, std::chrono::seconds limit)
{
    if (text.isEmpty()) {
        log(QStringLiteral("The template has no %1.").arg(what));
        return {};
    }
    auto name = what;
    name.replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString remote = QStringLiteral("/tmp/imagebuilder-") + name;
    if (auto uploaded = m_ssh->upload(text.toUtf8(), remote, 0755); !uploaded)
        return sshFailure(QStringLiteral("Cannot upload the %1").arg(what), uploaded.error().message,
                          static_cast<int>(uploaded.error().kind));
    log(QStringLiteral("Running the %1 as %2").arg(what, m_build.baseImage.loginUser));
    return runRemote(name, QStringLiteral("cd && ") + remote, false, limit);
}

}  // namespace ib
