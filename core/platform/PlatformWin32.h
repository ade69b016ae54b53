#pragma once

// The Win32 calls of the platform layer, in plain C++ (no Qt, no windows.h in this header),
// so that they can be compiled, linked and run on their own: tests/portability builds them
// with MinGW-w64 and runs them under Wine. PlatformWindows.cpp wraps them for the rest of
// Image Builder.

#include <string>

namespace ib::platform::win32 {

// True while the process exists (also when it is not ours to query).
bool processAlive(unsigned long pid);

// The process's creation time in 100 ns units since 1601; 0 when it cannot be read.
unsigned long long processCreationTime(unsigned long pid);

// Terminates the process and every process it started (children first). True when the
// process itself was terminated.
bool terminateProcessTree(unsigned long pid);

// Replaces the ACL of a file or folder by one entry, full control for the current user,
// protected from the parent's inherited entries. 0 on success, else the Win32 error code.
unsigned long restrictToOwner(const std::wstring &path, bool directory);

// True when the current user is the only one the object's ACL grants anything to, and the
// ACL does not inherit: what restrictToOwner leaves. For tests.
bool onlyOwnerMayAccess(const std::wstring &path);

bool runningElevated();
// True when standard input is a console (GetConsoleMode works on it).
bool stdinIsConsole();
// Sets ENABLE_ECHO_INPUT of the console on standard input: 1 when echo was on before, 0
// when off, -1 when standard input is no console or the mode cannot be set.
int setConsoleEcho(bool on);

// True when the path names an existing file that is not a folder, not a reparse point
// (symbolic link, junction, AF_UNIX socket, placeholder) and not a device, read from its
// attributes without opening or following it.
bool isPlainFile(const std::wstring &path);

// A job object for one process: kill-on-close, a CPU time and a memory limit (0: none).
// Returns the job's handle (to keep open for kill-on-close) or nullptr.
void *confineInJob(unsigned long pid, bool killOnClose, long long cpuSeconds, long long memoryBytes);
void closeHandle(void *handle);

// The system's sentence for an error code.
std::wstring errorText(unsigned long code);

// "C:\very\long\path" -> "\\?\C:\very\long\path", which lifts the 260-character limit of
// the Win32 path functions; UNC and already-prefixed paths are left alone.
std::wstring longPath(const std::wstring &absoluteNativePath);

}  // namespace ib::platform::win32
