// The Windows side of the platform layer. Compiled and run here only through MinGW-w64 and
// Wine (tests/portability); Windows itself runs it in the workflow.
#include "platform/Platform.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
// clang-format off: aclapi.h needs windows.h first
#include <aclapi.h>
#include <tlhelp32.h>
// clang-format on

#include <io.h>

#include <cstdio>
#include <memory>
#include <set>
#include <vector>

namespace ib::platform {

namespace {

struct HandleCloser
{
    void operator()(HANDLE h) const
    {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
};
using Handle = std::unique_ptr<void, HandleCloser>;

bool validPid(qint64 pid)
{
    return pid > 0 && pid <= static_cast<qint64>(MAXDWORD);
}

QString systemError(DWORD code)
{
    wchar_t *text = nullptr;
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                   code, 0, reinterpret_cast<LPWSTR>(&text), 0, nullptr);
    QString message = n ? QString::fromWCharArray(text, static_cast<qsizetype>(n)).trimmed() : QStringLiteral("error %1").arg(code);
    if (text)
        LocalFree(text);
    while (message.endsWith(QLatin1Char('.')))
        message.chop(1);
    return message;
}

// The \\?\ form lifts the 260-character limit of the Win32 path functions.
std::wstring longPath(const QString &path)
{
    QString native = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    if (!native.startsWith(QLatin1String("\\\\")))
        native.prepend(QLatin1String("\\\\?\\"));
    return native.toStdWString();
}

// The current user's SID, in a buffer that owns it.
std::vector<BYTE> currentUserSid()
{
    HANDLE raw = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw))
        return {};
    Handle token(raw);
    DWORD size = 0;
    GetTokenInformation(token.get(), TokenUser, nullptr, 0, &size);
    std::vector<BYTE> buffer(size);
    if (size == 0 || !GetTokenInformation(token.get(), TokenUser, buffer.data(), size, &size))
        return {};
    const auto *user = reinterpret_cast<const TOKEN_USER *>(buffer.data());
    const DWORD sidLength = GetLengthSid(user->User.Sid);
    std::vector<BYTE> sid(sidLength);
    if (!CopySid(sidLength, sid.data(), user->User.Sid))
        return {};
    return sid;
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
    std::vector<BYTE> sid = currentUserSid();
    if (sid.empty())
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make %1 private: the current user's identity cannot be read (%2).")
                                            .arg(path, systemError(GetLastError())));

    EXPLICIT_ACCESS_W access{};
    access.grfAccessPermissions = GENERIC_ALL;
    access.grfAccessMode = SET_ACCESS;
    access.grfInheritance = info.isDir() ? SUB_CONTAINERS_AND_OBJECTS_INHERIT : NO_INHERITANCE;
    access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    access.Trustee.TrusteeType = TRUSTEE_IS_USER;
    access.Trustee.ptstrName = reinterpret_cast<LPWSTR>(sid.data());
    PACL acl = nullptr;
    DWORD rc = SetEntriesInAclW(1, &access, nullptr, &acl);
    if (rc != ERROR_SUCCESS)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make %1 private: %2.").arg(path, systemError(rc)));
    std::wstring name = longPath(path);
    // PROTECTED: the folder's inherited entries (Users, Authenticated Users) are dropped.
    rc = SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                               nullptr, acl, nullptr);
    LocalFree(acl);
    if (rc != ERROR_SUCCESS)
        return makeError(ErrorKind::Io, QStringLiteral("Cannot make %1 private to its owner: %2.").arg(path, systemError(rc)));
    return {};
}

std::optional<int> fileMode(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return std::nullopt;
    return modeFromPermissions(static_cast<int>(info.permissions().toInt()));
}

bool processAlive(qint64 pid)
{
    if (!validPid(pid))
        return false;
    Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid)));
    if (!process)
        return GetLastError() == ERROR_ACCESS_DENIED;  // exists, but is not ours to query
    DWORD code = 0;
    return GetExitCodeProcess(process.get(), &code) && code == STILL_ACTIVE;
}

QStringList processCommandLine(qint64 pid)
{
    Q_UNUSED(pid)
    return {};
}

bool terminateProcessTree(qint64 pid, bool force)
{
    Q_UNUSED(force)
    if (!validPid(pid))
        return false;
    // Children first (found through a snapshot of parent ids), so none is re-parented away.
    std::vector<DWORD> order{static_cast<DWORD>(pid)};
    Handle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (snapshot.get() != INVALID_HANDLE_VALUE) {
        std::vector<PROCESSENTRY32W> all;
        PROCESSENTRY32W entry{};
        entry.dwSize = sizeof entry;
        for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry))
            all.push_back(entry);
        std::set<DWORD> seen{static_cast<DWORD>(pid)};
        for (std::size_t i = 0; i < order.size(); ++i) {
            for (const PROCESSENTRY32W &e : all) {
                if (e.th32ParentProcessID == order[i] && seen.insert(e.th32ProcessID).second)
                    order.push_back(e.th32ProcessID);
            }
        }
    }
    bool rootTerminated = false;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Handle process(OpenProcess(PROCESS_TERMINATE, FALSE, *it));
        const bool done = process && TerminateProcess(process.get(), 1);
        if (*it == static_cast<DWORD>(pid))
            rootTerminated = done;
    }
    return rootTerminated;
}

void configureChild(QProcess &process, const ChildOptions &options)
{
    if (options.newProcessGroup) {
        process.setCreateProcessArgumentsModifier(
            [](QProcess::CreateProcessArguments *arguments) { arguments->flags |= CREATE_NEW_PROCESS_GROUP; });
    }
    const bool wantJob = options.dieWithParent || options.limits.cpuSeconds > 0 || options.limits.addressSpaceBytes > 0;
    if (!wantJob)
        return;
    QObject::connect(&process, &QProcess::started, &process, [&process, options] {
        HANDLE job = CreateJobObjectW(nullptr, nullptr);
        if (!job)
            return;
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
        if (options.dieWithParent)
            limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (options.limits.cpuSeconds > 0) {
            limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_TIME;
            limits.BasicLimitInformation.PerProcessUserTimeLimit.QuadPart = options.limits.cpuSeconds * 10'000'000;
        }
        if (options.limits.addressSpaceBytes > 0) {
            limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY;
            limits.ProcessMemoryLimit = static_cast<SIZE_T>(options.limits.addressSpaceBytes);
        }
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
        Handle child(OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, FALSE, static_cast<DWORD>(process.processId())));
        if (child)
            AssignProcessToJobObject(job, child.get());
        // With kill-on-close the handle stays open for the life of Image Builder: the system
        // closes it when Image Builder ends, however it ends, and the child goes with it.
        if (!options.dieWithParent)
            CloseHandle(job);
    });
}

bool dieWithParentSupported()
{
    return true;
}

bool stdinIsTerminal()
{
    return _isatty(_fileno(stdin)) != 0;
}

bool setStdinEcho(bool on)
{
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (input == INVALID_HANDLE_VALUE || !GetConsoleMode(input, &mode))
        return false;
    mode = on ? (mode | ENABLE_ECHO_INPUT) : (mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
    return SetConsoleMode(input, mode) != 0;
}

bool runningPrivileged()
{
    HANDLE raw = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw))
        return false;
    Handle token(raw);
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    return GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size) && elevation.TokenIsElevated != 0;
}

}  // namespace ib::platform
