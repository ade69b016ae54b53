#include "baseimages/BaseImageLibrary.h"

#include "builds/CloudImageNames.h"

#include "catalog/ApplicationCatalog.h"
#include "ledger/TrustedPaths.h"
#include "logging/Logging.h"
#include "platform/Platform.h"
#include "platform/Process.h"
#include "providers/local/QemuImage.h"
#include "providers/local/QemuTools.h"
#include "storage/Store.h"
#include "util/InertText.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUuid>

namespace ib {

namespace {

// Output as it comes (qemu-img convert -p: "(12.34/100%)\r"): its last line to `progress`.
std::function<void(const QByteArray &)> lastLineTo(const std::function<void(const QString &)> &progress)
{
    auto pending = std::make_shared<QByteArray>();
    return [pending, progress](const QByteArray &chunk) {
        static const QRegularExpression lineBreak(QStringLiteral("[\r\n]"));
        *pending += chunk;
        const auto cut = std::max(pending->lastIndexOf('\r'), pending->lastIndexOf('\n'));
        if (cut >= 0 && progress) {
            const auto text = QString::fromUtf8(pending->left(cut)).split(lineBreak, Qt::SkipEmptyParts);
            if (!text.isEmpty())
                progress(text.last().trimmed());
            *pending = pending->mid(cut + 1);
        }
    };
}

}  // namespace

BaseImageLibrary::BaseImageLibrary(Store &store, const ApplicationCatalog &catalog, BuildSettings settings)
    : m_store(store)
    , m_catalog(catalog)
    , m_settings(std::move(settings))
{}

QString BaseImageLibrary::checkLoginUser(const QString &user)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z_][a-z0-9_-]{0,31}$"));
    if (user.isEmpty())
        return tr("Give the image's default login user (debian, ubuntu, rocky, ...).");
    if (!valid.match(user).hasMatch())
        return tr("\"%1\" is not a valid Linux user name (lower-case letters, digits, '_' and '-', at most 32).").arg(user);
    if (user == QLatin1String("root"))
        return tr(
            "Builds log in as the image's default user and use sudo; root logins are disabled in cloud images. Give the default user.");
    return {};
}

Result<BaseImage> BaseImageLibrary::importFile(const QString &file, const QString &osKey, const QString &loginUser, const QString &name,
                                               const std::function<void(const QString &)> &progress, const QString &architecture)
{
    const QFileInfo info(file);
    if (!info.isFile())
        return makeError(ErrorKind::NotFound, QStringLiteral("file: ") + tr("%1 does not exist or is not a file.").arg(file));
    const auto *os = m_catalog.findOs(osKey);
    if (!os) {
        QStringList known;
        for (const auto &o : m_catalog.operatingSystems())
            known.append(o.key());
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("os: ") +
                             tr("\"%1\" is not in the OS catalog; choose one of: %2.").arg(osKey, known.join(QStringLiteral(", "))));
    }
    if (const auto problem = checkLoginUser(loginUser); !problem.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("user: ") + problem);
    const QString arch = architectureFromText(architecture);
    if (arch.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("arch: ") + tr("\"%1\" is not an architecture Image Builder builds on; "
                                                                           "give x86_64 (amd64) or aarch64 (arm64).")
                                                                            .arg(architecture));

    auto tools = local::QemuTools::find(m_settings.qemuSystemProgram, m_settings.qemuImgProgram);
    if (!tools)
        return tools.error();
    local::QemuImage img(tools->imgProgram());
    // The file is untrusted: its header is read first (no backing or data file, qcow2 or
    // raw), then qemu-img reads it with its format named and under CPU and memory limits.
    auto source = img.inspectUntrusted(info.absoluteFilePath());
    if (!source)
        return makeError(source.error().kind == ErrorKind::NotFound ? ErrorKind::NotFound : ErrorKind::Invalid,
                         QStringLiteral("file: ") + tr("%1 cannot be imported: %2").arg(file, source.error().message));
    if (source->format != QLatin1String("qcow2") && source->format != QLatin1String("raw"))
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("file: ") + tr("%1 is a %2 image; import a qcow2 or raw file.").arg(file, source->format));

    BaseImage base;
    base.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    base.name = name.isEmpty() ? info.completeBaseName() : name;
    base.provider = QStringLiteral("local");
    base.os = OsSpec{os->type, os->distro, os->version};
    base.loginUser = loginUser;
    base.architecture = arch;
    QDir().mkpath(m_settings.baseImagesDirectory());
    base.path = m_settings.baseImagesDirectory() + QLatin1Char('/') + base.id + QStringLiteral(".qcow2");
    const QString partial = base.path + QStringLiteral(".partial");

    platform::ProcessSpec spec;
    spec.program = tools->imgProgram();
    spec.arguments = {QStringLiteral("convert"), QStringLiteral("-p"),    QStringLiteral("-f"),    source->format,
                      QStringLiteral("-O"),      QStringLiteral("qcow2"), info.absoluteFilePath(), partial};
    spec.mergeChannels = true;
    spec.child = local::QemuImage::untrustedLimits(3LL * 3600);
    spec.pollMs = 500;
    spec.onOutput = lastLineTo(progress);
    const auto run = platform::runProcess(spec);
    if (run.outcome == platform::ProcessResult::Outcome::NotStarted)
        return makeError(ErrorKind::Io, tr("Cannot run qemu-img: %1").arg(run.errorString));
    if (!run.succeeded()) {
        QFile::remove(partial);
        return makeError(
            ErrorKind::Io,
            tr("Copying %1 into the library failed: %2").arg(file, platform::lastLines(run.standardOutput, 5).join(QLatin1Char('\n'))));
    }
    if (!QFile::rename(partial, base.path)) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, tr("Cannot move the copy to %1.").arg(base.path));
    }
    base.sizeBytes = source->virtualSize;
    auto saved = m_store.addBaseImage(base);
    if (!saved) {
        QFile::remove(base.path);
        return saved.error();
    }
    logging::get("build")->info("base image {} imported from {} as {}", base.id.toStdString(), file.toStdString(), osKey.toStdString());
    return saved;
}

QString BaseImageLibrary::cloudImageHint()
{
    QString hint =
        tr("Import a distribution's cloud image instead (imagebuilder-cli base-image import FILE --os DISTRO:VERSION --user LOGIN):");
    for (const auto &line : CloudImageNames::downloadLines())
        hint += QStringLiteral("\n  ") + line;
    return hint;
}

QString BaseImageLibrary::baseImageScript()
{
    const QString name = QStringLiteral("make-debian-base-image.sh");
    QStringList candidates;
    if (const auto fromEnv = qEnvironmentVariable("IMAGEBUILDER_BASE_IMAGE_SCRIPT"); !fromEnv.isEmpty())
        candidates.append(fromEnv);
    const QString appDir = QCoreApplication::applicationDirPath();
    candidates.append(appDir + QStringLiteral("/../share/imagebuilder/") + name);
    candidates.append(QStringLiteral(IB_SOURCE_DIR "/packaging/base-image/") + name);
    for (const auto &c : candidates) {
        if (QFileInfo(c).isFile())
            return QFileInfo(c).absoluteFilePath();
    }
    return {};
}

bool BaseImageLibrary::isRoot()
{
    // Root needs no sudo or pkexec for the script. Off Linux the script cannot run at all
    // (checkCanCreate says so first), so what this says there changes nothing.
    return platform::runningPrivileged();
}

QString BaseImageLibrary::pkexecProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("pkexec"));
}

QString BaseImageLibrary::checkCanCreate(RootVia via)
{
#ifndef Q_OS_LINUX
    Q_UNUSED(via)
    return tr("Making a Debian base image needs Linux (debootstrap and loop devices).\n") + cloudImageHint();
#else
    // debootstrap runs the new system's own programs to finish it, so the image is of this
    // computer's CPU: amd64 (extlinux) on an x86-64 one, arm64 (UEFI) on an arm64 one.
    if (hostArchitecture().isEmpty())
        return tr("Making a base image here builds a Debian for this computer's CPU, and Image Builder builds only x86-64 and arm64 "
                  "images; this one is %1.\n")
                   .arg(platform::cpuArchitecture()) +
               cloudImageHint();
    if (baseImageScript().isEmpty())
        return tr("The base image script make-debian-base-image.sh is not installed.\n") + cloudImageHint();
    if (isRoot())
        return {};
    const QString why =
        tr("Making a base image needs root: debootstrap builds a Debian system, then a loop device installs its boot loader. ");
    switch (via) {
    case RootVia::None:
        return why +
               tr("Run `imagebuilder-cli base-image create debian:12` in a terminal: it runs only the script through sudo and adds the "
                  "image to your library.\n") +
               cloudImageHint();
    case RootVia::Sudo:
    case RootVia::SudoNoPrompt:
        if (QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty())
            return why + tr("sudo is not installed: run it as root, or install sudo.\n") + cloudImageHint();
        return {};
    case RootVia::Pkexec:
        if (pkexecProgram().isEmpty())
            return why +
                   tr("pkexec (polkit) is not installed, so this app cannot ask for the administrator password. "
                      "Install it (apt install pkexec), or run `imagebuilder-cli base-image create debian:12` in a terminal "
                      "(it runs only the script through sudo).\n") +
                   cloudImageHint();
        return {};
    }
    return {};
#endif
}

Result<BaseImage> BaseImageLibrary::createDebian12(const std::function<void(const QString &)> &progress, const std::atomic_bool *cancel,
                                                   RootVia via)
{
    if (const auto problem = checkCanCreate(via); !problem.isEmpty())
        return makeError(baseImageScript().isEmpty() ? ErrorKind::NotFound : ErrorKind::Unsupported, problem);
    const auto script = baseImageScript();
    QDir().mkpath(m_settings.baseImagesDirectory());
    const QString output = m_settings.baseImagesDirectory() + QStringLiteral("/debian-12-made-here.qcow2.partial");
    // The script runs in its own session (so its own process group), watched by a loop that
    // reads our pipe: when the pipe closes (cancel, or this process died) the whole group
    // gets SIGTERM, so debootstrap stops too and the script's clean-up (mounts, loop device)
    // runs. Works the same when the script runs as root through sudo or pkexec, where we
    // may not signal it. setsid does not fork here (a background job leads no group), so $!
    // is the group's id; the watcher is disowned so bash does not report its end. Its stdin
    // is named (fd 3): without job control bash gives background jobs /dev/null.
    static const QString wrapper = QStringLiteral("exec 3<&0\n"
                                                  "setsid bash \"$0\" \"$@\" </dev/null 3<&- &\n"
                                                  "s=$!\n"
                                                  "{ while read -r _; do :; done; kill -TERM -- \"-$s\" 2>/dev/null; } <&3 &\n"
                                                  "w=$!\n"
                                                  "exec 3<&-\n"
                                                  "disown \"$w\"\n"
                                                  "wait \"$s\"; rc=$?\n"
                                                  "kill \"$w\" 2>/dev/null\n"
                                                  "exit \"$rc\"\n");
    QString program = QStringLiteral("/bin/bash");
    // The image is of this computer's CPU (checkCanCreate): the script's --arch for arm64.
    const QString architecture = hostArchitecture();
    QStringList arguments{QStringLiteral("-c"), wrapper, script};
    if (architecture == QLatin1String(ArchArm64))
        arguments << QStringLiteral("--arch") << QStringLiteral("arm64");
    arguments << output;
    const bool elevated = !isRoot() && via != RootVia::None;
    if (elevated) {
        arguments.prepend(program);
        if (via == RootVia::Pkexec) {
            program = pkexecProgram();
        } else {
            program = QStringLiteral("sudo");
            arguments.prepend(QStringLiteral("--"));
            if (via == RootVia::SudoNoPrompt)
                arguments.prepend(QStringLiteral("-n"));
            else
                arguments.prepend(QStringLiteral("--prompt=[sudo] password for %p (to make the base image as root): "));
        }
        if (progress)
            progress(via == RootVia::Pkexec ? tr("Asking for the administrator password (polkit) to run the base image script as root ...")
                                            : tr("Running the base image script as root through sudo ..."));
    }
    auto ran = runMakerScript(program, arguments, output, progress, cancel);
    if (!ran)
        return ran.error();
    if (!ran->succeeded()) {
        QFile::remove(output);
        const QString last = platform::lastLines(ran->standardOutput, 15).join(QLatin1Char('\n'));
        if (elevated && via == RootVia::Pkexec && (ran->exitCode == 126 || ran->exitCode == 127))
            return makeError(
                ErrorKind::Cancelled,
                tr("The administrator password was not given (pkexec: %1), so no base image was made.\n%2").arg(last, cloudImageHint()));
        if (elevated && last.contains(QLatin1String("a password is required")))
            return makeError(
                ErrorKind::Unsupported,
                tr("sudo needs a password and there is no terminal to ask on. Run `imagebuilder-cli base-image create debian:12` "
                   "in a terminal.\n%1")
                    .arg(cloudImageHint()));
        return makeError(ErrorKind::Io, tr("Making the Debian 12 base image failed:\n%1\n%2").arg(last, cloudImageHint()));
    }
    auto imported = importFile(output, QStringLiteral("debian:12"), QStringLiteral("debian"),
                               QStringLiteral("Debian 12 (made here from Debian's archive)"), progress, architecture);
    QFile::remove(output);
    return imported;
}

Result<platform::ProcessResult> BaseImageLibrary::runMakerScript(const QString &program, const QStringList &arguments,
                                                                 const QString &output,
                                                                 const std::function<void(const QString &)> &progress,
                                                                 const std::atomic_bool *cancel)
{
    QByteArray pending;
    platform::ProcessSpec spec;
    spec.program = program;
    spec.arguments = arguments;
    spec.mergeChannels = true;
    // The wrapper watches its stdin: closing it ends the script's process group, and the
    // script's own clean-up (mounts, loop device) runs. So a cancel closes it and waits.
    spec.closeInput = false;
    spec.pollMs = 300;
    spec.cancelled = [cancel, &progress] {
        if (!cancel || !cancel->load())
            return false;
        if (progress)
            progress(tr("Cancelling: stopping the script and cleaning up ..."));
        return true;
    };
    spec.stop = [](QProcess &process) {
        process.closeWriteChannel();
        process.waitForFinished(60000);
    };
    spec.onOutput = [&pending, &progress](const QByteArray &chunk) {
        pending += chunk;
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(nl)).trimmed();
            pending.remove(0, nl + 1);
            if (progress && !line.isEmpty())
                progress(line);
        }
    };
    auto ran = platform::runProcess(spec);
    if (ran.outcome == platform::ProcessResult::Outcome::NotStarted)
        return makeError(ErrorKind::Io, tr("Cannot run %1: %2").arg(program, ran.errorString));
    if (ran.outcome == platform::ProcessResult::Outcome::Cancelled) {
        QFile::remove(output);
        return makeError(ErrorKind::Cancelled, tr("Making the base image was cancelled."));
    }
    return ran;
}

QString BaseImageLibrary::checkName(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter a name for the base image.");
    if (trimmed.toUtf8().size() > 255)
        return tr("The name is %1 bytes long in UTF-8; at most 255 (255 English or 85 Korean characters).").arg(trimmed.toUtf8().size());
    if (firstRefusedInName(trimmed) != 0)  // the names' one rule (util/InertText.h)
        return tr("The name has a control character; use letters, digits, spaces and punctuation.");
    return {};
}

Result<BaseImage> BaseImageLibrary::rename(const QString &id, const QString &name)
{
    if (const QString why = checkName(name); !why.isEmpty())
        return makeError(ErrorKind::Invalid, why);
    auto base = m_store.baseImageById(id);
    if (!base)
        return base.error();
    if (auto renamed = m_store.renameBaseImage(base->id, name.trimmed()); !renamed)
        return renamed.error();
    base->name = name.trimmed();
    return base;
}

Result<void> BaseImageLibrary::remove(const QString &id)
{
    auto base = m_store.baseImageById(id);
    if (!base)
        return base.error();
    // The row may come from a colleague's client: its path is removed only when it lies,
    // resolved, inside this installation's base image folder.
    const auto path = trusted::insideFolder(m_settings.baseImagesDirectory(), base->path);
    if (auto removed = m_store.removeBaseImage(base->id); !removed)
        return removed;
    if (path && trusted::isRegularFile(*path))
        QFile::remove(*path);
    else if (!path)
        logging::get("build")->warn("base image {} removed; its file {} was left: {}", base->id.toStdString(), base->path.toStdString(),
                                    path.error().message.toStdString());
    return {};
}

}  // namespace ib
