// The Win32 side of the platform layer (core/platform/PlatformWin32.cpp), compiled and
// linked with MinGW-w64 and run under Wine by wine_test.sh. Plain C++: Debian has no Qt
// for Windows to link. Exit status 0 when every check holds; each failure is printed.
#include "platform/PlatformWin32.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// clang-format off: tlhelp32.h needs windows.h first
#include <tlhelp32.h>
// clang-format on

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace win32 = ib::platform::win32;

namespace {

int g_failures = 0;

void check(bool ok, const char *what)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        ++g_failures;
}

std::wstring selfPath()
{
    wchar_t buffer[MAX_PATH * 4];
    const DWORD n = GetModuleFileNameW(nullptr, buffer, static_cast<DWORD>(std::size(buffer)));
    return std::wstring(buffer, n);
}

// Starts this program again with `argument`; the pid, or 0.
DWORD spawn(const std::wstring &argument)
{
    std::wstring command = L"\"" + selfPath() + L"\" " + argument;
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &info))
        return 0;
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
    return info.dwProcessId;
}

DWORD childOf(DWORD parent)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    DWORD found = 0;
    for (BOOL more = Process32FirstW(snapshot, &entry); more && !found; more = Process32NextW(snapshot, &entry)) {
        if (entry.th32ParentProcessID == parent)
            found = entry.th32ProcessID;
    }
    CloseHandle(snapshot);
    return found;
}

bool waitUntil(bool (*condition)(DWORD), DWORD pid, int milliseconds)
{
    for (int waited = 0; waited < milliseconds; waited += 100) {
        if (condition(pid))
            return true;
        Sleep(100);
    }
    return condition(pid);
}

// Wine keeps no ACL on a Linux file system without user extended attributes: it shows one
// made from the Unix mode, so a read-back there proves nothing either way.
bool underWine()
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr;
}

void checkOrSkipUnderWine(bool ok, const char *what)
{
    if (underWine() && !ok) {
        std::printf("skip %s (Wine shows an ACL made from the Unix mode; checked on Windows in the workflow)\n", what);
        return;
    }
    check(ok, what);
}

bool dead(DWORD pid)
{
    return !win32::processAlive(pid);
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--sleep") == 0) {
        Sleep(120000);
        return 0;
    }
    if (argc > 1 && std::strcmp(argv[1], "--parent") == 0) {
        spawn(L"--sleep");
        Sleep(120000);
        return 0;
    }

    // Liveness.
    check(win32::processAlive(GetCurrentProcessId()), "processAlive: this process is alive");
    check(!win32::processAlive(0), "processAlive: pid 0 is never a process of ours");
    check(!win32::processAlive(0xfffffff0UL), "processAlive: an unused pid is not alive");

    // A tree: parent -> grandchild; terminating the parent's tree ends both.
    const DWORD parent = spawn(L"--parent");
    check(parent != 0, "a child process starts");
    DWORD grandchild = 0;
    for (int i = 0; i < 100 && !grandchild; ++i) {
        Sleep(100);
        grandchild = childOf(parent);
    }
    check(grandchild != 0 && win32::processAlive(grandchild), "the child started a grandchild");
    const unsigned long long created = win32::processCreationTime(parent);
    check(created != 0 && created == win32::processCreationTime(parent), "processCreationTime: known and stable");
    check(win32::terminateProcessTree(parent), "terminateProcessTree reports the child terminated");
    check(waitUntil(dead, parent, 5000), "the child is gone");
    check(grandchild != 0 && waitUntil(dead, grandchild, 5000), "the grandchild is gone with it");

    // A kill-on-close job: closing its last handle ends the confined process.
    const DWORD confined = spawn(L"--sleep");
    void *job = win32::confineInJob(confined, true, 0, 512LL * 1024 * 1024);
    check(job != nullptr, "confineInJob: the process is in a kill-on-close job with a memory limit");
    win32::closeHandle(job);
    check(waitUntil(dead, confined, 5000), "closing the job's handle ends the confined process");
    if (!dead(confined))
        win32::terminateProcessTree(confined);

    // The console: echo can be set exactly when standard input is one (ctest gives a pipe or
    // NUL, a developer's prompt a console); nothing else may claim a console mode.
    const int echoWas = win32::setConsoleEcho(true);
    check((echoWas >= 0) == win32::stdinIsConsole(), "setConsoleEcho works exactly when stdinIsConsole says so");

    // Owner-only files and folders.
    wchar_t temp[MAX_PATH];
    GetTempPathW(MAX_PATH, temp);
    const std::wstring folder = std::wstring(temp) + L"ib-platform-test-\uD55C\uAE00 folder";
    CreateDirectoryW(folder.c_str(), nullptr);
    const std::wstring file = folder + L"\\secret file.txt";
    HANDLE h = CreateFileW(file.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    check(h != INVALID_HANDLE_VALUE, "a file in a folder with a Korean name and spaces is created");
    CloseHandle(h);
    check(win32::isPlainFile(win32::longPath(file)), "isPlainFile: a file is plain");
    check(!win32::isPlainFile(folder), "isPlainFile: a folder is not");
    check(!win32::isPlainFile(folder + L"\\missing.txt"), "isPlainFile: a missing file is not");
    const std::wstring link = folder + L"\\link.txt";
    if (CreateSymbolicLinkW(link.c_str(), file.c_str(), SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE)) {
        check(!win32::isPlainFile(link), "isPlainFile: a symbolic link to a file is not (not followed)");
        DeleteFileW(link.c_str());
    } else {
        std::printf("skip isPlainFile on a symbolic link (this system lets no unprivileged user make one)\n");
    }
    const unsigned long folderRc = win32::restrictToOwner(win32::longPath(folder), true);
    if (folderRc)
        std::wprintf(L"     restrictToOwner(folder): %ls\n", win32::errorText(folderRc).c_str());
    check(folderRc == 0, "restrictToOwner succeeds on the folder");
    const unsigned long fileRc = win32::restrictToOwner(win32::longPath(file), false);
    check(fileRc == 0, "restrictToOwner succeeds on the file (\\\\?\\ long path form)");
    checkOrSkipUnderWine(win32::onlyOwnerMayAccess(file), "the file's ACL grants only the current user, not inherited");
    checkOrSkipUnderWine(win32::onlyOwnerMayAccess(folder), "the folder's ACL grants only the current user, not inherited");
    DeleteFileW(file.c_str());
    RemoveDirectoryW(folder.c_str());

    check(win32::longPath(L"C:\\a") == L"\\\\?\\C:\\a", "longPath prefixes a drive path");
    check(win32::longPath(L"\\\\server\\share") == L"\\\\server\\share", "longPath leaves a UNC path alone");
    check(!win32::errorText(ERROR_ACCESS_DENIED).empty(), "errorText has a sentence for ERROR_ACCESS_DENIED");

    std::printf("%d failure(s)\n", g_failures);
    return g_failures == 0 ? 0 : 1;
}
