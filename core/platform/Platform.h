#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <optional>

class QProcess;

// The one place where Unix and Windows differ. Everything else in core/, ui/ and app/ calls
// these functions instead of POSIX or Win32; the portability test parses every other source
// with a Windows compiler to keep it so.
namespace ib::platform {

// Makes a file readable and writable (a folder also enterable) by the current user only:
// mode 0600 / 0700 on Unix; on Windows a protected ACL granting only the current user.
Result<void> restrictToOwner(const QString &path);

// True when `path` is a regular file, without following a final symbolic link and without
// opening it (opening a FIFO blocks; opening a device may act). Unix: lstat's S_ISREG, so
// not a link, folder, device, FIFO or socket. Windows has no FIFOs or devices among files
// (named pipes and devices live in \\.\): there it is "exists, not a folder, not a
// reparse point (a symbolic link, a junction, an AF_UNIX socket, a cloud placeholder)".
bool isRegularFile(const QString &path);

// The permission bits of a local file as a Unix mode (e.g. 0755), for copying a file to a
// Unix machine with its mode. Windows derives them from Qt's view of the file.
std::optional<int> fileMode(const QString &path);

// True while a process with this id exists (also when it belongs to another user).
bool processAlive(qint64 pid);

// The process's arguments, program first. Empty when unknown: the process is gone, or the
// platform does not tell (Windows gives no other process's command line without reading its
// memory). Callers that act on a process only when its command line matches must treat
// "empty" as "not ours".
QStringList processCommandLine(qint64 pid);

// When the process started, as an opaque text that differs between two processes that got
// the same pid one after the other (Linux: /proc/PID/stat's starttime; macOS: the kernel's
// start time; Windows: the creation time). Empty when the process is gone or unknown.
QString processStartTime(qint64 pid);

// Stops a process and the processes it started: its process group on Unix when it leads
// one (see ChildOptions::newProcessGroup), the process tree on Windows. Without force it
// asks (SIGTERM); Windows has no polite request for a windowless process, so it always
// terminates there. False when nothing could be signalled.
bool terminateProcessTree(qint64 pid, bool force);

struct ResourceLimits
{
    qint64 cpuSeconds = 0;         // 0: no limit
    qint64 addressSpaceBytes = 0;  // 0: no limit
};

struct ChildOptions
{
    // The child leads a new process group (Unix) / console process group (Windows), so
    // terminateProcessTree reaches whatever it starts.
    bool newProcessGroup = false;
    ResourceLimits limits;
    // The child is killed when this process dies, even by SIGKILL or a crash (Linux: the
    // parent-death signal, which fires when the thread that started the child ends, so start
    // such children from a thread that outlives them; Windows: a kill-on-close job object;
    // macOS: not available, said by dieWithParentSupported()).
    bool dieWithParent = false;
};

// Sets up how a QProcess starts its child. Call before start(); it replaces any child
// process modifier set before (QProcess keeps one), so put every wish in one ChildOptions.
// On Windows the limits and the job object apply once the process has started (a few
// instructions of the child may run before).
void configureChild(QProcess &process, const ChildOptions &options);

// True where ChildOptions::dieWithParent is enforced by the operating system.
bool dieWithParentSupported();

// The terminal on standard input: whether there is one (Windows: a console, which NUL, a
// pipe or a file is not), and turning its echo off for a password prompt. setStdinEcho
// returns whether echo was on before, to put back after the prompt; nullopt when there is
// no terminal to change.
bool stdinIsTerminal();
std::optional<bool> setStdinEcho(bool on);

// Running as root (Unix) / elevated administrator (Windows): whoever may do without sudo.
bool runningPrivileged();

// The computer's CPU as QSysInfo::currentCpuArchitecture() names it ("x86_64", "arm64"),
// but the hardware's on a Mac that runs this program's x86-64 build under Rosetta (QSysInfo
// gives the process's there; HVF runs the hardware's guests).
QString cpuArchitecture();

// The Unix mode bits that Qt's permission flags stand for (owner, group, others; the
// "user" flags are ignored as they describe the current user, not the file).
int modeFromPermissions(int qtPermissions);

}  // namespace ib::platform
