// The Windows side of the platform layer: Qt types in, PlatformWin32's plain calls out.
// Compiled here only through MinGW-w64 (tests/portability); Windows runs it in the workflow.
#include "platform/Platform.h"
#include "platform/PlatformWin32.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSysInfo>

#include <windows.h>  // CREATE_NEW_PROCESS_GROUP for QProcess's CreateProcess arguments

#include <cstdio>
#include <io.h>

namespace ib::platform {

namespace {

bool validPid(qint64 pid)
{
    return pid > 0 && pid <= static_cast<qint64>(0xffffffffLL);
}

QString errorText(unsigned long code)
{
    return QString::fromStdWString(win32::errorText(code));
}

}  // namespace

Result<void> restrictToOwner(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink() || info.isJunction())
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("%1 is a link: remove it; Image Builder restricts only its own files.").arg(path));
    if (!info.exists())
        return makeError(ErrorKind::NotFound, QStringLiteral("Cannot make %1 private: it does not exist.").arg(path));
    const std::wstring native = win32::longPath(QDir::toNativeSeparators(info.absoluteFilePath()).toStdWString());
    const unsigned long rc = win32::restrictToOwner(native, info.isDir());
    if (rc != 0)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make %1 private to its owner: %2.").arg(path, errorText(rc)));
    return {};
}

std::optional<int> fileMode(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return std::nullopt;
    return modeFromPermissions(static_cast<int>(info.permissions().toInt()));
}

bool isRegularFile(const QString &path)
{
    if (path.isEmpty())
        return false;
    // Attributes only: nothing is opened, and a reparse point is not followed.
    const QString absolute = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    return win32::isPlainFile(win32::longPath(absolute.toStdWString()));
}

bool processAlive(qint64 pid)
{
    return validPid(pid) && win32::processAlive(static_cast<unsigned long>(pid));
}

QStringList processCommandLine(qint64 pid)
{
    Q_UNUSED(pid)
    return {};
}

QString processStartTime(qint64 pid)
{
    const unsigned long long created = validPid(pid) ? win32::processCreationTime(static_cast<unsigned long>(pid)) : 0;
    return created ? QString::number(created) : QString();
}

bool terminateProcessTree(qint64 pid, bool force)
{
    Q_UNUSED(force)
    return validPid(pid) && win32::terminateProcessTree(static_cast<unsigned long>(pid));
}

namespace {

// Holds a job object's handle while its QProcess lives, and closes it when the process has
// ended (or its QProcess goes first), not when Image Builder ends: one handle per QEMU start
// would pile up over a day of builds. With kill-on-close, closing also ends anything the
// child left behind in its job.
class JobHandle final : public QObject
{
public:
    JobHandle(void *job, QProcess &process)
        : QObject(&process)
        , m_job(job)
    {
        QObject::connect(&process, &QProcess::finished, this, &QObject::deleteLater);
    }
    ~JobHandle() override { win32::closeHandle(m_job); }
    JobHandle(const JobHandle &) = delete;
    JobHandle &operator=(const JobHandle &) = delete;

private:
    void *m_job;
};

}  // namespace

void configureChild(QProcess &process, const ChildOptions &options)
{
    if (options.newProcessGroup) {
        process.setCreateProcessArgumentsModifier(
            [](QProcess::CreateProcessArguments *arguments) { arguments->flags |= CREATE_NEW_PROCESS_GROUP; });
    }
    if (!options.dieWithParent && options.limits.cpuSeconds <= 0 && options.limits.addressSpaceBytes <= 0)
        return;
    QObject::connect(&process, &QProcess::started, &process, [&process, options] {
        void *job = win32::confineInJob(static_cast<unsigned long>(process.processId()), options.dieWithParent, options.limits.cpuSeconds,
                                        options.limits.addressSpaceBytes);
        // With kill-on-close the handle stays open while the child runs: if Image Builder ends
        // first, however it ends, the system closes it and the child goes with it.
        if (!options.dieWithParent)
            win32::closeHandle(job);
        else if (job)
            new JobHandle(job, process);
    });
}

bool dieWithParentSupported()
{
    return true;
}

bool stdinIsTerminal()
{
    // _isatty alone says yes for NUL (any character device); a console has a console mode.
    return _isatty(_fileno(stdin)) != 0 && win32::stdinIsConsole();
}

std::optional<bool> setStdinEcho(bool on)
{
    const int wasOn = win32::setConsoleEcho(on);
    if (wasOn < 0)
        return std::nullopt;
    return wasOn == 1;
}

bool runningPrivileged()
{
    return win32::runningElevated();
}

QString cpuArchitecture()
{
    return QSysInfo::currentCpuArchitecture();
}

}  // namespace ib::platform
