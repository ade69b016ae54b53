#include "providers/local/LocalProvider.h"

#include "cloudinit/NoCloudSeed.h"
#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "platform/Platform.h"
#include "platform/Process.h"
#include "providers/local/Accelerator.h"
#include "providers/local/PasstNetwork.h"
#include "providers/local/QemuCommand.h"
#include "providers/local/QemuImage.h"
#include "providers/local/QemuTools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

namespace ib::local {

namespace {

constexpr qint64 GiB = 1024LL * 1024 * 1024;

QString lastBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > 64LL * 1024)
        f.seek(f.size() - 64LL * 1024);
    return QString::fromUtf8(f.readAll());
}

QString lastLines(const QString &path, int count)
{
    auto lines = lastBytes(path).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto &l : lines)
        l.remove(QLatin1Char('\r'));
    return lines.mid(std::max<qsizetype>(0, lines.size() - count)).join(QLatin1Char('\n'));
}

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

AcceleratorPreference preferenceFrom(const QString &setting)
{
    if (setting == QLatin1String("hardware") || setting == QLatin1String("kvm"))
        return AcceleratorPreference::Hardware;
    if (setting == QLatin1String("software") || setting == QLatin1String("tcg"))
        return AcceleratorPreference::Software;
    return AcceleratorPreference::Automatic;
}

// The command line of a process this installation starts, as the ledger records it.
QString commandLineRecord(const QString &program, const QStringList &arguments)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(QStringList{program} + arguments)).toJson(QJsonDocument::Compact));
}

// True when pid is a live process whose command line is exactly the one recorded (the
// QEMU this installation started for that build): never kill a stranger that inherited a
// recycled pid, nor anything a record names by pid alone. An unknown command line (a
// platform that does not tell) is "not ours".
bool processMatches(qint64 pid, const QString &recorded)
{
    const auto doc = QJsonDocument::fromJson(recorded.toUtf8());
    if (pid <= 0 || !doc.isArray() || doc.array().isEmpty())
        return false;
    QStringList expected;
    for (const QJsonArray jsonItems = doc.array(); const auto &v : jsonItems)
        expected.append(v.toString());
    return platform::processCommandLine(pid) == expected;
}

bool processAlive(qint64 pid)
{
    return platform::processAlive(pid);
}

}  // namespace

LocalProvider::LocalProvider(BuildSettings settings)
    : m_settings(std::move(settings))
{}

LocalProvider::~LocalProvider()
{
    if (m_qemu && m_qemu->state() != QProcess::NotRunning) {
        m_qemu->kill();
        m_qemu->waitForFinished(5000);
    }
    stopPasst();
}

void LocalProvider::stopPasst()
{
    if (m_passt && m_passt->state() != QProcess::NotRunning) {
        m_passt->kill();
        m_passt->waitForFinished(5000);
    }
    m_passt.reset();
    if (!m_passtSocket.isEmpty())
        QFile::remove(m_passtSocket);  // the path this object chose, never one from a record
    m_passtSocket.clear();
}

Result<bool> LocalProvider::startPasst(BuildContext &context, const QString &program, const QString &socketPath, quint16 port)
{
    stopPasst();
    const QStringList args = PasstNetwork::arguments(socketPath, port, platform::runningPrivileged());
    auto intent = context.recordIntent(QStringLiteral("process"), QString(), commandLineRecord(program, args));
    if (!intent)
        return intent.error();
    QFile::remove(socketPath);
    m_passt = std::make_unique<QProcess>();
    platform::ChildOptions child;
    child.dieWithParent = true;
    platform::configureChild(*m_passt, child);
    m_passt->setProcessChannelMode(QProcess::MergedChannels);
    m_passt->setStandardInputFile(QProcess::nullDevice());
    m_passt->start(program, args);
    if (!m_passt->waitForStarted(10000)) {
        context.markGone(*intent);
        return makeError(ErrorKind::Io, QStringLiteral("Cannot start %1: %2").arg(program, m_passt->errorString()));
    }
    context.markCreated(*intent, QString::number(m_passt->processId()));
    m_passtSocket = socketPath;
    // Its socket is there once it listens (it binds SSH's port first).
    for (int i = 0; i < 100 && m_passt->state() == QProcess::Running && !QFileInfo::exists(socketPath); ++i)
        m_passt->waitForFinished(50);
    if (m_passt->state() == QProcess::Running && QFileInfo::exists(socketPath))
        return true;
    QStringList saidLines = QString::fromUtf8(m_passt->readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    saidLines.removeIf([](const QString &line) { return line.startsWith(QLatin1String("Failed to send")); });  // its syslog
    const QString said = saidLines.join(QLatin1Char(' ')).trimmed();
    stopPasst();
    context.markGone(*intent);
    if (said.contains(QLatin1String("in use")))
        return false;
    return makeError(ErrorKind::Io,
                     QStringLiteral("passt did not start (%1). Repair passt, or turn off \u201cKeep build VMs away from this "
                                    "computer's own services\u201d in Settings \u25b8 Local VMs to build on QEMU's user "
                                    "networking.")
                         .arg(said.isEmpty() ? QStringLiteral("no socket after 5 s") : said));
}

void LocalProvider::cancel()
{
    m_cancelled = true;
}

QString LocalProvider::diagnostics(const QString &workDirectory) const
{
    QString out;
    // The VM started last: the build's, or the one that tests the image.
    const auto qemu = lastLines(m_qemuLogPath.isEmpty() ? workDirectory + QStringLiteral("/qemu.log") : m_qemuLogPath, 10);
    if (!qemu.isEmpty())
        out += QStringLiteral("QEMU said:\n") + qemu + QLatin1Char('\n');
    const auto serial = lastLines(serialLogPath(workDirectory), 20);
    if (!serial.isEmpty())
        out += QStringLiteral("Last lines of the VM's console:\n") + serial;
    return out;
}

QString LocalProvider::consoleTail(const QString &workDirectory) const
{
    return lastBytes(serialLogPath(workDirectory));
}

QString LocalProvider::serialLogPath(const QString &workDirectory) const
{
    // The VM started last (the build's, or the one that tests the image); before any, the
    // build's default name.
    return m_serialLogPath.isEmpty() ? workDirectory + QStringLiteral("/serial.log") : m_serialLogPath;
}

Result<QString> LocalProvider::runTool(BuildContext &context, const QString &program, const QStringList &arguments, int timeoutMs)
{
    platform::ProcessSpec spec;
    spec.program = program;
    spec.arguments = arguments;
    spec.mergeChannels = true;
    spec.timeoutMs = timeoutMs;
    spec.cancelled = [this, &context] { return m_cancelled || context.isCancelled(); };
    const auto run = platform::runProcess(spec);
    const QString name = QFileInfo(program).fileName();
    using Outcome = platform::ProcessResult::Outcome;
    if (run.outcome == Outcome::NotStarted)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot run %1: %2").arg(program, run.errorString));
    if (run.outcome == Outcome::Cancelled)
        return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while %1 ran.").arg(name));
    if (run.outcome == Outcome::TimedOut)
        return makeError(ErrorKind::Io, QStringLiteral("%1 did not finish in %2 s.").arg(name).arg(timeoutMs / 1000));
    const auto output = QString::fromUtf8(run.standardOutput).trimmed();
    if (!run.succeeded())
        return makeError(ErrorKind::Io, QStringLiteral("%1 failed (status %2): %3").arg(name).arg(run.exitCode).arg(output));
    return output;
}

Result<VmAddress> LocalProvider::launch(BuildContext &context, const LaunchSpec &spec)
{
    const auto &base = context.build().baseImage;
    if (!QFileInfo::exists(base.path))
        return makeError(ErrorKind::NotFound,
                         QStringLiteral("The base image file %1 is gone; import the base image again.").arg(base.path));
    VmFiles files;
    files.backingPath = base.path;
    files.prefix = QString();
    files.instanceId = QStringLiteral("ib-") + context.build().id;
    files.initStagesOnly = defersCloudInitModules();
    files.architecture = base.architecture;
    return launchVm(context, spec, files);
}

Result<VmAddress> LocalProvider::launchTest(BuildContext &context, const ImageRecord &image, const LaunchSpec &spec)
{
    if (!QFileInfo::exists(image.location))
        return makeError(ErrorKind::NotFound, QStringLiteral("The captured image %1 is gone.").arg(image.location));
    // A first boot as a user's: a throwaway overlay (the image is never written), a new
    // instance id, the image's own cloud-init stages, all of them.
    VmFiles files;
    files.backingPath = image.location;
    files.prefix = QStringLiteral("test-");
    files.instanceId = QStringLiteral("ib-test-") + context.build().id;
    files.initStagesOnly = false;
    files.architecture = image.architecture;
    return launchVm(context, spec, files);
}

Result<VmAddress> LocalProvider::launchVm(BuildContext &context, const LaunchSpec &spec, const VmFiles &files)
{
    // The row's architecture is a shared row's: only the two this program knows start a VM.
    if (files.architecture.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("The image's CPU architecture is not one Image Builder knows (x86-64 or "
                                                            "arm64); import the base image again and say which it is."));
    auto tools = QemuTools::find(m_settings.qemuSystemProgram, m_settings.qemuImgProgram, files.architecture);
    if (!tools)
        return tools.error();
    context.log(QStringLiteral("QEMU %1: %2 (%3 guest)").arg(tools->version().toString(), tools->systemProgram(), files.architecture));
    const auto accel = Accelerator::detect(preferenceFrom(m_settings.accelerator), tools->accelerators(), files.architecture);
    context.log(QStringLiteral("Accelerator %1: %2").arg(Accelerator::name(accel.kind()), accel.reason()));

    QDir().mkpath(context.workDirectory());
    auto seed = makeDiskAndSeed(context, spec, files, *tools);
    if (!seed)
        return seed.error();
    const VmNetwork network = chooseNetwork(context, files);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        if (m_cancelled || context.isCancelled())
            return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled before the VM started."));
        auto started = startQemu(context, files, *seed, network, *tools, accel, attempt);
        if (!started)
            return started.error();
        if (*started)
            return **started;
    }
    return makeError(ErrorKind::Io, QStringLiteral("QEMU could not forward SSH to a free port after 3 attempts."));
}

Result<QString> LocalProvider::makeDiskAndSeed(BuildContext &context, const LaunchSpec &spec, const VmFiles &files, const QemuTools &tools)
{
    const auto work = context.workDirectory();
    // The disk: an overlay the VM writes to; the base image is never written.
    m_serialLogPath = work + QStringLiteral("/%1serial.log").arg(files.prefix);
    m_qemuLogPath = work + QStringLiteral("/%1qemu.log").arg(files.prefix);
    m_overlayPath = work + QStringLiteral("/%1disk.qcow2").arg(files.prefix);
    auto overlayIntent = context.recordIntent(QStringLiteral("file"), m_overlayPath, QStringLiteral("overlay"));
    if (!overlayIntent)
        return overlayIntent.error();
    QemuImage img(tools.imgProgram());
    auto overlay = img.createOverlay(files.backingPath, m_overlayPath, spec.diskGb * GiB);
    if (!overlay)
        return overlay.error();
    context.markCreated(*overlayIntent);
    context.log(QStringLiteral("Disk: %1 GB overlay on %2").arg(overlay->virtualSize / GiB).arg(files.backingPath));

    const QString seed = work + QStringLiteral("/%1seed").arg(files.prefix);
    auto seedIntent = context.recordIntent(QStringLiteral("folder"), seed, QStringLiteral("cloud-init seed"));
    if (!seedIntent)
        return seedIntent.error();
    cloudinit::NoCloudSeed nocloud;
    nocloud.instanceId = files.instanceId;
    nocloud.hostname = spec.hostname;
    nocloud.authorizedKey = spec.authorizedKey;
    nocloud.hostPrivateKey = QString::fromUtf8(spec.hostPrivateKey);
    nocloud.hostPublicKey = spec.hostPublicKey.section(QLatin1Char(' '), 0, 1);
    nocloud.initStagesOnly = files.initStagesOnly;
    if (auto written = nocloud.writeTo(seed); !written)
        return written.error();
    context.markCreated(*seedIntent);
    return seed;
}

LocalProvider::VmNetwork LocalProvider::chooseNetwork(BuildContext &context, const VmFiles &files) const
{
    // passt's socket: in the user's runtime folder (owner-only), since a Unix socket's path
    // is limited (passt 2023-03 keeps 98 bytes of it, and cuts a longer one) and the
    // build's folder is often deeper than that.
    const auto choice = PasstNetwork::choose(m_settings.isolateVmFromHost);
    VmNetwork network{choice.program, choice.reason, {}};
    network.socketPath = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) +
                         QStringLiteral("/ib-%1%2.sock").arg(files.prefix, context.build().id);
    if (!network.program.isEmpty() && QFile::encodeName(network.socketPath).size() > PasstNetwork::MaxSocketPathBytes)
        network = {
            {}, QStringLiteral("QEMU's user networking: the path of passt's socket would be too long (%1)").arg(network.socketPath), {}};
    context.log(QStringLiteral("Network: %1").arg(network.reason));
    return network;
}

Result<std::optional<VmAddress>> LocalProvider::startQemu(BuildContext &context, const VmFiles &files, const QString &seedFolder,
                                                          const VmNetwork &network, const QemuTools &tools, const Accelerator &accelerator,
                                                          int attempt)
{
    const quint16 port = freeLoopbackPort();
    auto portIntent = context.recordIntent(QStringLiteral("port"), QString::number(port), QStringLiteral("127.0.0.1 SSH forward"));
    if (!network.program.isEmpty()) {
        auto started = startPasst(context, network.program, network.socketPath, port);
        if (!started)
            return started.error();
        if (!*started) {
            if (portIntent)
                context.markGone(*portIntent);
            context.log(QStringLiteral("Port %1 was taken meanwhile; trying another (attempt %2)").arg(port).arg(attempt));
            return std::optional<VmAddress>();
        }
    }
    QemuLaunchSpec launch;
    launch.name = QStringLiteral("imagebuilder-%1").arg(files.prefix) + context.build().id;
    launch.diskPath = m_overlayPath;
    launch.seedFolder = seedFolder;
    launch.sshHostPort = port;
    launch.netSocketPath = network.program.isEmpty() ? QString() : network.socketPath;
    launch.cpus = m_settings.vmCpus;
    launch.memoryMiB = m_settings.vmMemoryMb;
    launch.serialLogPath = m_serialLogPath;
    launch.accelerator = accelerator;
    launch.architecture = files.architecture;
    launch.firmwarePath = tools.firmwarePath();
    // Windows only: a free loopback port other than SSH's (see QmpEndpoint::forLocalBuild).
    launch.qmp = QmpEndpoint::forLocalBuild(QemuTools::currentOs(), [port] {
        quint16 qmp = freeLoopbackPort();
        for (int i = 0; i < 5 && qmp == port; ++i)
            qmp = freeLoopbackPort();
        return qmp;
    });
    const QStringList args = QemuCommand::arguments(launch);
    auto processIntent = context.recordIntent(QStringLiteral("process"), QString(), commandLineRecord(tools.systemProgram(), args));
    if (!processIntent)
        return processIntent.error();
    m_qemu = std::make_unique<QProcess>();
    // QEMU ends with this process even when it is killed (Linux: the parent-death signal;
    // the build's worker thread, which starts it, outlives it: clean-up stops QEMU before
    // the thread ends. Windows: a kill-on-close job object, see configureChild).
    platform::ChildOptions child;
    child.dieWithParent = true;
    platform::configureChild(*m_qemu, child);
    m_qemu->setStandardInputFile(QProcess::nullDevice());
    m_qemu->setStandardOutputFile(m_qemuLogPath);
    m_qemu->setStandardErrorFile(m_qemuLogPath, QIODevice::Append);
    m_qemu->start(tools.systemProgram(), args);
    if (!m_qemu->waitForStarted(10000)) {
        context.markGone(*processIntent);
        return makeError(ErrorKind::Io, QStringLiteral("Cannot start %1: %2").arg(tools.systemProgram(), m_qemu->errorString()));
    }
    context.markCreated(*processIntent, QString::number(m_qemu->processId()));
    if (portIntent)
        context.markCreated(*portIntent);
    context.log(QStringLiteral("QEMU started (pid %1), SSH forwarded from 127.0.0.1:%2").arg(m_qemu->processId()).arg(port));
    // A QEMU that cannot start (a taken port, a bad option) exits at once.
    if (!m_qemu->waitForFinished(1500)) {
        openQmp(context, launch.qmp);
        return std::optional<VmAddress>(VmAddress{QStringLiteral("127.0.0.1"), port});
    }
    context.markGone(*processIntent);
    if (portIntent)
        context.markGone(*portIntent);
    stopPasst();
    const auto said = lastLines(m_qemuLogPath, 10);
    // QMP's port is taken: "-qmp tcp:...: Failed to bind socket: Address already in use".
    const bool qmpPortTaken = !launch.qmp.isEmpty() && said.contains(QLatin1String("Failed to bind socket"));
    if (!said.contains(QLatin1String("hostfwd")) && !said.contains(QLatin1String("host forwarding")) && !qmpPortTaken)
        return makeError(ErrorKind::Io, QStringLiteral("QEMU exited at once (status %1):\n%2").arg(m_qemu->exitCode()).arg(said));
    context.log(QStringLiteral("Port %1 was taken meanwhile; trying another (attempt %2)").arg(port).arg(attempt));
    return std::optional<VmAddress>();
}

void LocalProvider::openQmp(BuildContext &context, const QmpEndpoint &endpoint)
{
    m_qmp.close();
    if (endpoint.isEmpty())
        return;
    // Connected now and for the life of the VM: QEMU serves one QMP client at a time, so no
    // other local process can use this loopback port to command the VM meanwhile (before
    // this connects, one could: the window is QEMU's first 1.5 s).
    if (auto opened = m_qmp.open(endpoint, 5000); !opened)
        context.log(
            QStringLiteral("QMP: %1; a VM that stops answering will be killed instead of stopped cleanly").arg(opened.error().message));
    else
        context.log(QStringLiteral("QMP connected at %1 (for a clean stop)").arg(endpoint.describe()));
}

Result<void> LocalProvider::waitStopped(BuildContext &context, std::chrono::seconds timeout)
{
    if (!m_qemu)
        return makeError(ErrorKind::Internal, QStringLiteral("No VM was started."));
    QElapsedTimer timer;
    timer.start();
    while (!m_qemu->waitForFinished(200)) {
        if (m_qemu->state() == QProcess::NotRunning)
            break;
        if (m_cancelled || context.isCancelled())
            return makeError(ErrorKind::Cancelled, QStringLiteral("Cancelled while the VM powered off."));
        if (timer.elapsed() > std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count())
            return makeError(
                ErrorKind::Io,
                QStringLiteral("The VM did not power off within %1 s.\n%2").arg(timeout.count()).arg(diagnostics(context.workDirectory())));
    }
    m_qmp.close();
    context.log(QStringLiteral("The VM has stopped (QEMU exited with status %1)").arg(m_qemu->exitCode()));
    return {};
}

Result<void> LocalProvider::haltFrozenVm(BuildContext &context, std::chrono::seconds timeout)
{
    if (!m_qemu)
        return makeError(ErrorKind::Internal, QStringLiteral("No VM was started."));
    context.log(QStringLiteral("Ending QEMU (pid %1); it flushes the disk as it quits").arg(m_qemu->processId()));
    if (m_qmp.isOpen()) {
        // Windows: QMP's "quit" is the request QEMU gets there (terminate() posts WM_CLOSE,
        // which a windowless QEMU never sees).
        if (auto quit = m_qmp.execute(QStringLiteral("quit"), 10000); !quit) {
            context.log(QStringLiteral("QMP quit: %1").arg(quit.error().message));
            m_qemu->terminate();
        }
    } else {
        m_qemu->terminate();
    }
    return waitStopped(context, timeout);
}

Result<ImageRecord> LocalProvider::capture(BuildContext &context, const QString &imageId)
{
    auto tools = QemuTools::find(m_settings.qemuSystemProgram, m_settings.qemuImgProgram);
    if (!tools)
        return tools.error();
    QDir().mkpath(m_settings.imagesDirectory());
    const QString target = m_settings.imagesDirectory() + QLatin1Char('/') + imageId + QStringLiteral(".qcow2");
    const QString partial = target + QStringLiteral(".partial");
    auto intent = context.recordIntent(QStringLiteral("file"), partial, QStringLiteral("capture in progress"));
    if (!intent)
        return intent.error();
    QemuImage img(tools->imgProgram());
    QStringList args{QStringLiteral("convert"), QStringLiteral("-p"), QStringLiteral("-c"),   QStringLiteral("-f"),
                     QStringLiteral("qcow2"),   QStringLiteral("-O"), QStringLiteral("qcow2")};
    if (img.supportsZstd())
        args += {QStringLiteral("-o"), QStringLiteral("compression_type=zstd")};
    args += {QStringLiteral("-m"), QStringLiteral("4"), QStringLiteral("-W"), m_overlayPath, partial};
    context.log(QStringLiteral("Converting the disk into a compressed qcow2 (%1)")
                    .arg(img.supportsZstd() ? QStringLiteral("zstd") : QStringLiteral("zlib")));
    auto converted = runTool(context, tools->imgProgram(), args, 3 * 3600 * 1000);
    if (!converted)
        return converted.error();
    // The image is the build's to clean up until the store holds its record (the build
    // then lets it go): a crash in between leaves no file the next sweep does not remove.
    auto image = context.recordIntent(QStringLiteral("file"), target, QStringLiteral("captured image"));
    if (!image)
        return image.error();
    if (QFile::exists(target))
        QFile::remove(target);
    if (!QFile::rename(partial, target))
        return makeError(ErrorKind::Io, QStringLiteral("Cannot move %1 to %2.").arg(partial, target));
    context.markCreated(*image);
    context.markGone(*intent);
    auto info = img.info(target);
    if (!info)
        return info.error();
    ImageRecord record;
    record.location = target;
    record.format = QStringLiteral("qcow2");
    record.sizeBytes = QFileInfo(target).size();
    record.virtualSizeBytes = info->virtualSize;
    return record;
}

Result<void> LocalProvider::destroy(const BuildResource &resource)
{
    if (resource.kind == QLatin1String("process")) {
        if (m_qemu && QString::number(m_qemu->processId()) == resource.identifier && m_qemu->state() != QProcess::NotRunning) {
            m_qemu->kill();
            m_qemu->waitForFinished(10000);
            return {};
        }
        if (m_passt && QString::number(m_passt->processId()) == resource.identifier) {
            stopPasst();
            return {};
        }
        const qint64 pid = resource.identifier.toLongLong();
        if (pid <= 0)
            return {};  // never started
        if (!processMatches(pid, resource.detail))
            return {};  // gone, or the pid now belongs to someone else
        platform::terminateProcessTree(pid, true);
        for (int i = 0; i < 100 && processAlive(pid) && processMatches(pid, resource.detail); ++i)
            QThread::msleep(50);
        if (processAlive(pid) && processMatches(pid, resource.detail))
            return makeError(ErrorKind::Io, QStringLiteral("QEMU (pid %1) did not stop.").arg(pid));
        return {};
    }
    if (resource.kind == QLatin1String("file") || resource.kind == QLatin1String("folder")) {
        // Only inside this installation's builds and images folders, whatever the record says.
        auto path = trusted::insideFolder(m_settings.buildsDirectory(), resource.identifier);
        if (!path)
            path = trusted::insideFolder(m_settings.imagesDirectory(), resource.identifier);
        if (!path)
            return makeError(ErrorKind::Invalid, QStringLiteral("Refused to remove %1: %2").arg(resource.kind, path.error().message));
        const QFileInfo info(*path);
        if (resource.kind == QLatin1String("file")) {
            if ((info.exists() || info.isSymLink()) && !QFile::remove(*path))
                return makeError(ErrorKind::Io, QStringLiteral("Cannot remove %1.").arg(*path));
            return {};
        }
        QDir dir(*path);
        if (info.isDir() && !info.isSymLink() && !dir.removeRecursively())
            return makeError(ErrorKind::Io, QStringLiteral("Cannot remove %1.").arg(*path));
        return {};
    }
    if (resource.kind == QLatin1String("port"))
        return {};  // freed with the QEMU process that held it
    return makeError(ErrorKind::Unsupported, QStringLiteral("The local provider does not know resources of kind %1.").arg(resource.kind));
}

}  // namespace ib::local
