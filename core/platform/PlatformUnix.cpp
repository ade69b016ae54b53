// The Unix side of the platform layer: Linux and macOS (and the BSDs, untested).
#include "platform/Platform.h"

#include <QFile>
#include <QProcess>
#include <QSysInfo>

#include <cerrno>
#include <climits>
#include <cstring>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#elif defined(Q_OS_MACOS)
#include <sys/sysctl.h>
#endif

namespace ib::platform {

namespace {

// kill(0, ...) and kill(-1, ...) reach the caller's group and every process: a pid read from
// anywhere must be a single positive pid before it is signalled.
bool validPid(qint64 pid)
{
    return pid > 0 && pid <= INT_MAX;
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

}  // namespace

Result<void> restrictToOwner(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    // O_NOFOLLOW: a symbolic link planted in place of the file must not carry the change
    // elsewhere; O_NONBLOCK: a FIFO opens without waiting for a writer.
    const int fd = ::open(name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP)
            return makeError(ErrorKind::Invalid, QStringLiteral("%1 is a symbolic link: remove it; Image Builder restricts only "
                                                                "its own files.")
                                                     .arg(path));
        return makeError(ErrorKind::Io, QStringLiteral("Cannot open %1 to make it private: %2.").arg(path, systemError(error)));
    }
    struct stat info
    {};
    int rc = ::fstat(fd, &info);
    if (rc == 0)
        rc = ::fchmod(fd, S_ISDIR(info.st_mode) ? 0700 : 0600);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make %1 private to its owner: %2.").arg(path, systemError(error)));
    return {};
}

std::optional<int> fileMode(const QString &path)
{
    struct stat info
    {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return std::nullopt;
    return static_cast<int>(info.st_mode & 07777);
}

bool isRegularFile(const QString &path)
{
    struct stat info
    {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return false;
    return S_ISREG(info.st_mode);
}

bool processAlive(qint64 pid)
{
    if (!validPid(pid))
        return false;
    // EPERM: it exists but belongs to someone else.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

QStringList processCommandLine(qint64 pid)
{
    if (!validPid(pid))
        return {};
#if defined(Q_OS_LINUX)
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray all = file.read(1 << 20);
    if (all.endsWith('\0'))
        all.chop(1);
    if (all.isEmpty())
        return {};  // a zombie or a kernel thread
    QStringList arguments;
    for (const QByteArray &part : all.split('\0'))
        arguments << QFile::decodeName(part);
    return arguments;
#elif defined(Q_OS_MACOS)
    // KERN_PROCARGS2: argc (int), the executable path, NUL padding, then argc arguments.
    int mib[3] = {CTL_KERN, KERN_PROCARGS2, static_cast<int>(pid)};
    size_t size = 0;
    if (::sysctl(mib, 3, nullptr, &size, nullptr, 0) != 0 || size < sizeof(int))
        return {};
    QByteArray buffer(static_cast<qsizetype>(size), '\0');
    if (::sysctl(mib, 3, buffer.data(), &size, nullptr, 0) != 0 || size < sizeof(int))
        return {};
    buffer.truncate(static_cast<qsizetype>(size));
    int argc = 0;
    std::memcpy(&argc, buffer.constData(), sizeof argc);
    qsizetype at = buffer.indexOf('\0', sizeof(int));
    while (at >= 0 && at < buffer.size() && buffer.at(at) == '\0')
        ++at;
    QStringList arguments;
    while (at >= 0 && at < buffer.size() && arguments.size() < argc) {
        qsizetype end = buffer.indexOf('\0', at);
        if (end < 0)
            end = buffer.size();
        arguments << QFile::decodeName(buffer.mid(at, end - at));
        at = end + 1;
    }
    return arguments;
#else
    return {};
#endif
}

QString processStartTime(qint64 pid)
{
    if (!validPid(pid))
        return {};
#if defined(Q_OS_LINUX)
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = file.read(4096);
    // The command name (field 2) is in parentheses and may hold spaces or ')'.
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // Field 22 (starttime) is the 20th after the name.
    return fields.size() > 19 ? QString::fromLatin1(fields.at(19)) : QString();
#elif defined(Q_OS_MACOS)
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, static_cast<int>(pid)};
    kinfo_proc info{};
    size_t size = sizeof info;
    if (::sysctl(mib, 4, &info, &size, nullptr, 0) != 0 || size == 0)
        return {};
    return QStringLiteral("%1.%2").arg(info.kp_proc.p_starttime.tv_sec).arg(info.kp_proc.p_starttime.tv_usec);
#else
    return {};
#endif
}

bool terminateProcessTree(qint64 pid, bool force)
{
    if (!validPid(pid))
        return false;
    const int signal = force ? SIGKILL : SIGTERM;
    const pid_t id = static_cast<pid_t>(pid);
    if (::getpgid(id) == id && id != ::getpgrp())
        return ::kill(-id, signal) == 0;
    return ::kill(id, signal) == 0;
}

void configureChild(QProcess &process, const ChildOptions &options)
{
    const pid_t parent = ::getpid();
    // Runs in the child between fork and exec: async-signal-safe calls only.
    process.setChildProcessModifier([options, parent] {
        if (options.newProcessGroup)
            ::setpgid(0, 0);
        if (options.limits.cpuSeconds > 0) {
            const rlimit limit{static_cast<rlim_t>(options.limits.cpuSeconds), static_cast<rlim_t>(options.limits.cpuSeconds)};
            ::setrlimit(RLIMIT_CPU, &limit);
        }
        if (options.limits.addressSpaceBytes > 0) {
            const rlimit limit{static_cast<rlim_t>(options.limits.addressSpaceBytes),
                               static_cast<rlim_t>(options.limits.addressSpaceBytes)};
            ::setrlimit(RLIMIT_AS, &limit);
        }
#if defined(Q_OS_LINUX)
        if (options.dieWithParent) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)  // the parent died before the line above
                ::_exit(127);
        }
#else
        Q_UNUSED(parent)
#endif
    });
}

bool dieWithParentSupported()
{
#if defined(Q_OS_LINUX)
    return true;
#else
    return false;
#endif
}

bool stdinIsTerminal()
{
    return ::isatty(STDIN_FILENO) != 0;
}

std::optional<bool> setStdinEcho(bool on)
{
    termios settings{};
    if (!stdinIsTerminal() || ::tcgetattr(STDIN_FILENO, &settings) != 0)
        return std::nullopt;
    const bool wasOn = (settings.c_lflag & static_cast<tcflag_t>(ECHO)) != 0;
    if (on)
        settings.c_lflag |= static_cast<tcflag_t>(ECHO);
    else
        settings.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    if (::tcsetattr(STDIN_FILENO, TCSANOW, &settings) != 0)
        return std::nullopt;
    return wasOn;
}

bool runningPrivileged()
{
    return ::geteuid() == 0;
}

QString cpuArchitecture()
{
#if defined(Q_OS_MACOS)
    // 1 on Apple Silicon, also for a process translated by Rosetta; absent on Intel Macs.
    int arm64 = 0;
    size_t size = sizeof arm64;
    if (::sysctlbyname("hw.optional.arm64", &arm64, &size, nullptr, 0) == 0 && arm64 == 1)
        return QStringLiteral("arm64");
#endif
    return QSysInfo::currentCpuArchitecture();
}

}  // namespace ib::platform
