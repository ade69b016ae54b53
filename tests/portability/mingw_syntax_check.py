#!/usr/bin/env python3
"""Parses every source of core/, ui/ and app/ with the MinGW-w64 cross compiler.

The sources and their flags come from the Linux build's compile_commands.json (the
project's compile definitions, the Qt module folders, the autogen folders). The flags are
turned into a Windows compile: Linux-only include folders dropped, the Linux mkspec
swapped for win32-g++, and the few third-party headers the code uses (libssh, spdlog, fmt,
yaml-cpp, qtkeychain, curl, OpenSSL, libarchive) made reachable through a folder of their own, so that nothing else
of /usr/include (glibc's, Linux's) can stand in for a Windows header.

A source fails on any compiler error, and the run fails on any warning too (a Windows build
with the ci preset treats warnings as errors; the warnings are printed under their file).
Files that a Windows build does not compile (the Unix side of the platform layer, named
*Unix.cpp) are left out.

Usage: mingw_syntax_check.py BUILD_DIR SOURCE_DIR [--jobs N] [--only REGEX] [--extra FILE]
  --extra FILE  also check FILE with the flags of a core source (used to show the
                check failing on a POSIX call).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

COMPILER = "x86_64-w64-mingw32-g++-posix"
THIRD_PARTY = ["libssh", "spdlog", "fmt", "yaml-cpp", "qt6keychain", "curl", "openssl"]
# Libraries whose headers lie directly in /usr/include (libarchive's): linked one by one.
THIRD_PARTY_HEADERS = ["archive.h", "archive_entry.h"]
# Debian keeps some headers of a library in its multiarch folder (curl's all of them,
# OpenSSL's configuration.h): both folders are merged under the library's name.
MULTIARCH_INCLUDE = "/usr/include/x86_64-linux-gnu"
QT_MKSPECS = "/usr/lib/x86_64-linux-gnu/qt6/mkspecs"
CHECKED_FOLDERS = ("core", "ui", "app")


def windows_flags(arguments, third_party_dir):
    """The -D/-I/-isystem flags of a Linux compile, made fit for a Windows one."""
    out = []
    i = 0
    while i < len(arguments):
        a = arguments[i]
        value = None
        for prefix in ("-D", "-I", "-isystem"):
            if a == prefix and i + 1 < len(arguments):
                value = (prefix, arguments[i + 1])
                i += 1
                break
            if a.startswith(prefix) and a != prefix and prefix != "-isystem":
                value = (prefix, a[len(prefix):])
                break
        i += 1
        if value is None:
            continue  # warnings, optimisation, -fPIC, -o, -c: not a Windows compile's business
        prefix, v = value
        if prefix == "-D":
            if v.startswith("FMT_SHARED") or v.startswith("SPDLOG_SHARED_LIB"):
                pass  # keep: the Windows build links the shared ones too
            out += ["-D" + v]
            continue
        if v.startswith(QT_MKSPECS):
            v = os.path.join(QT_MKSPECS, "win32-g++")
        elif v == "/usr/include" or (v.startswith("/usr/include/") and "/qt6" not in v):
            continue  # reached through third_party_dir instead
        out += [prefix, v]
    out += ["-isystem", third_party_dir]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("source_dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="")
    parser.add_argument("--extra", action="append", default=[])
    args = parser.parse_args()

    if shutil.which(COMPILER) is None:
        print(f"{COMPILER} is not installed: run packaging/setup/deps.sh --test "
              "(it installs g++-mingw-w64-x86-64-posix) or apt-get install g++-mingw-w64-x86-64-posix.")
        return 1

    with open(os.path.join(args.build_dir, "compile_commands.json")) as f:
        database = json.load(f)

    source_dir = os.path.realpath(args.source_dir)
    third_party_dir = tempfile.mkdtemp(prefix="ib-mingw-include-")
    for name in THIRD_PARTY:
        merged = os.path.join(third_party_dir, name)
        for folder in (os.path.join(MULTIARCH_INCLUDE, name), os.path.join("/usr/include", name)):
            if not os.path.isdir(folder):
                continue
            os.makedirs(merged, exist_ok=True)
            for entry in os.listdir(folder):
                if not os.path.lexists(os.path.join(merged, entry)):
                    os.symlink(os.path.join(folder, entry), os.path.join(merged, entry))
    for header in THIRD_PARTY_HEADERS:
        if os.path.exists(os.path.join("/usr/include", header)):
            os.symlink(os.path.join("/usr/include", header), os.path.join(third_party_dir, header))

    jobs = {}
    core_flags = None
    for entry in database:
        path = os.path.realpath(entry["file"])
        relative = os.path.relpath(path, source_dir)
        if not relative.startswith(tuple(f + "/" for f in CHECKED_FOLDERS)):
            continue
        if re.search(r"Unix\.cpp$", relative):
            continue
        if not os.path.exists(path):
            print(f"skip {relative}: in compile_commands.json but not in the tree (re-run cmake)")
            continue
        arguments = entry.get("arguments") or shlex.split(entry["command"])
        flags = windows_flags(arguments[1:], third_party_dir)
        if relative.startswith("core/") and core_flags is None:
            core_flags = flags
        if args.only and not re.search(args.only, relative):
            continue
        jobs[relative] = (path, flags, entry["directory"])
    # The Windows side of the platform layer: the Linux build does not compile it.
    for relative in ["core/platform/PlatformWindows.cpp", "core/platform/PlatformWin32.cpp"] + args.extra:
        path = os.path.realpath(os.path.join(source_dir, relative)) if not os.path.isabs(relative) else relative
        if os.path.exists(path) and core_flags is not None and (not args.only or re.search(args.only, relative) or relative in args.extra):
            jobs[os.path.relpath(path, source_dir)] = (path, core_flags, args.build_dir)

    if not jobs:
        print("No source to check: is compile_commands.json from a configured build of this tree?")
        return 1

    def check(item):
        relative, (path, flags, directory) = item
        command = [COMPILER, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-D_WIN32_WINNT=0x0A00"] + flags + [path]
        started = time.monotonic()
        done = subprocess.run(command, cwd=directory, capture_output=True, text=True)
        return relative, done.returncode, done.stderr, time.monotonic() - started

    failures = 0
    warnings = 0
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for relative, rc, stderr, seconds in pool.map(check, sorted(jobs.items())):
            warnings += stderr.count("warning:")
            if rc != 0:
                failures += 1
                print(f"FAIL {relative} ({seconds:.1f} s)")
                errors = [line for line in stderr.splitlines() if "error" in line]
                print("\n".join("    " + line for line in errors[:10]))
            else:
                print(f"ok   {relative} ({seconds:.1f} s)")
            # Said, not only counted: a warning here is a Windows build's warning (CI: -Werror).
            for line in [line for line in stderr.splitlines() if "warning:" in line][:10]:
                print("    " + line)
    shutil.rmtree(third_party_dir, ignore_errors=True)
    total = time.monotonic() - started
    print(f"{len(jobs) - failures} of {len(jobs)} sources parse for Windows (MinGW-w64), {warnings} warnings, {total:.0f} s.")
    if failures:
        print("A source above uses something Windows does not have: move the call behind core/platform/Platform.h "
              "(PlatformUnix.cpp / PlatformWindows.cpp) or guard it with #ifdef Q_OS_UNIX and give Windows its branch.")
    if warnings:
        print("A Windows build warns above (an #ifdef branch that leaves a parameter unused, a narrowing the "
              "Windows types make): the ci preset makes warnings errors, so fix them here too.")
    return 1 if failures or warnings else 0


if __name__ == "__main__":
    sys.exit(main())
