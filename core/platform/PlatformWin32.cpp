#include "platform/PlatformWin32.h"

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

#include <memory>
#include <set>
#include <vector>

namespace ib::platform::win32 {

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

bool processAlive(unsigned long pid)
{
    if (pid == 0)
        return false;
    Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
    if (!process)
        return GetLastError() == ERROR_ACCESS_DENIED;
    DWORD code = 0;
    return GetExitCodeProcess(process.get(), &code) && code == STILL_ACTIVE;
}

unsigned long long processCreationTime(unsigned long pid)
{
    if (pid == 0)
        return 0;
    Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!process || !GetProcessTimes(process.get(), &created, &exited, &kernel, &user))
        return 0;
    return (static_cast<unsigned long long>(created.dwHighDateTime) << 32) | created.dwLowDateTime;
}

bool terminateProcessTree(unsigned long pid)
{
    if (pid == 0)
        return false;
    std::vector<DWORD> order{pid};
    Handle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (snapshot.get() != INVALID_HANDLE_VALUE) {
        std::vector<PROCESSENTRY32W> all;
        PROCESSENTRY32W entry{};
        entry.dwSize = sizeof entry;
        for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry))
            all.push_back(entry);
        std::set<DWORD> seen{pid};
        for (std::size_t i = 0; i < order.size(); ++i) {
            for (const PROCESSENTRY32W &e : all) {
                if (e.th32ParentProcessID == order[i] && seen.insert(e.th32ProcessID).second)
                    order.push_back(e.th32ProcessID);
            }
        }
    }
    bool rootTerminated = false;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Handle process(OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, *it));
        const bool done = process && TerminateProcess(process.get(), 1);
        if (done)
            WaitForSingleObject(process.get(), 5000);
        if (*it == pid)
            rootTerminated = done;
    }
    return rootTerminated;
}

unsigned long restrictToOwner(const std::wstring &path, bool directory)
{
    std::vector<BYTE> sid = currentUserSid();
    if (sid.empty())
        return GetLastError() ? GetLastError() : ERROR_INVALID_SID;
    EXPLICIT_ACCESS_W access{};
    access.grfAccessPermissions = GENERIC_ALL;
    access.grfAccessMode = SET_ACCESS;
    access.grfInheritance = directory ? SUB_CONTAINERS_AND_OBJECTS_INHERIT : NO_INHERITANCE;
    access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    access.Trustee.TrusteeType = TRUSTEE_IS_USER;
    access.Trustee.ptstrName = reinterpret_cast<LPWSTR>(sid.data());
    PACL acl = nullptr;
    DWORD rc = SetEntriesInAclW(1, &access, nullptr, &acl);
    if (rc != ERROR_SUCCESS)
        return rc;
    std::wstring name = path;
    // PROTECTED: the folder's inherited entries (Users, Authenticated Users) are dropped.
    rc = SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                               nullptr, acl, nullptr);
    LocalFree(acl);
    return rc;
}

bool onlyOwnerMayAccess(const std::wstring &path)
{
    std::vector<BYTE> sid = currentUserSid();
    PACL acl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    std::wstring name = path;
    if (sid.empty() || GetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &acl, nullptr,
                                             &descriptor) != ERROR_SUCCESS)
        return false;
    bool only = acl != nullptr;
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD revision = 0;
    if (GetSecurityDescriptorControl(descriptor, &control, &revision) && !(control & SE_DACL_PROTECTED))
        only = false;
    for (DWORD i = 0; only && i < acl->AceCount; ++i) {
        void *ace = nullptr;
        if (!GetAce(acl, i, &ace)) {
            only = false;
            break;
        }
        const auto *header = static_cast<const ACE_HEADER *>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue;  // a deny entry takes nothing from the owner's privacy
        auto *allowed = static_cast<ACCESS_ALLOWED_ACE *>(ace);
        if (!EqualSid(reinterpret_cast<PSID>(&allowed->SidStart), sid.data()))
            only = false;
    }
    LocalFree(descriptor);
    return only;
}

bool runningElevated()
{
    HANDLE raw = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw))
        return false;
    Handle token(raw);
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    return GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size) && elevation.TokenIsElevated != 0;
}

bool stdinIsConsole()
{
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    return input != INVALID_HANDLE_VALUE && input != nullptr && GetConsoleMode(input, &mode);
}

int setConsoleEcho(bool on)
{
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (input == INVALID_HANDLE_VALUE || input == nullptr || !GetConsoleMode(input, &mode))
        return -1;
    const int wasOn = (mode & ENABLE_ECHO_INPUT) ? 1 : 0;
    mode = on ? (mode | ENABLE_ECHO_INPUT) : (mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
    return SetConsoleMode(input, mode) ? wasOn : -1;
}

bool isPlainFile(const std::wstring &path)
{
    // GetFileAttributesW reads the entry itself: a reparse point (symbolic link, junction) is
    // reported as one, not followed.
    const DWORD attributes = GetFileAttributesW(path.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return false;
    return (attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE)) == 0;
}

void *confineInJob(unsigned long pid, bool killOnClose, long long cpuSeconds, long long memoryBytes)
{
    HANDLE job = CreateJobObjectW(nullptr, nullptr);
    if (!job)
        return nullptr;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    if (killOnClose)
        limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (cpuSeconds > 0) {
        limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_TIME;
        limits.BasicLimitInformation.PerProcessUserTimeLimit.QuadPart = cpuSeconds * 10'000'000;
    }
    if (memoryBytes > 0) {
        limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY;
        limits.ProcessMemoryLimit = static_cast<SIZE_T>(memoryBytes);
    }
    Handle child(OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, FALSE, pid));
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits) || !child ||
        !AssignProcessToJobObject(job, child.get())) {
        CloseHandle(job);
        return nullptr;
    }
    return job;
}

void closeHandle(void *handle)
{
    if (handle)
        CloseHandle(handle);
}

std::wstring errorText(unsigned long code)
{
    wchar_t *text = nullptr;
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                                   code, 0, reinterpret_cast<LPWSTR>(&text), 0, nullptr);
    std::wstring message = n ? std::wstring(text, n) : L"error " + std::to_wstring(code);
    if (text)
        LocalFree(text);
    while (!message.empty() && (message.back() == L'\n' || message.back() == L'\r' || message.back() == L' ' || message.back() == L'.'))
        message.pop_back();
    return message;
}

std::wstring longPath(const std::wstring &absoluteNativePath)
{
    if (absoluteNativePath.rfind(L"\\\\", 0) == 0)
        return absoluteNativePath;
    return L"\\\\?\\" + absoluteNativePath;
}

}  // namespace ib::platform::win32
