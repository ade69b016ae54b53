#!/usr/bin/env python3
"""Checks the Windows and macOS deploy lists against what the programs really link.

The link lines of imagebuilder and imagebuilder-cli come from this (Linux) build's
build.ninja; libssh's own needs from readelf. Every library there must be named in
packaging/windows/deploy-libraries.txt and packaging/macos/deploy-libraries.txt, unless the
EXEMPT table below says why that platform does not load it. Then check-deployed.cmake is run
on a made-up install tree built from each list (it must pass) and on the tree with one
library taken out (it must fail and name it).

Usage: deploy_lists_test.py BUILD_DIR SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Libraries of the Linux link line that Windows or macOS do not load, and why.
EXEMPT = {
    "Qt6DBus": {"windows": "QtKeychain uses the Credential Manager there, not the Secret Service over D-Bus",
                "macos": "QtKeychain uses the Keychain there, not the Secret Service over D-Bus"},
    "GLX": {"windows": "X11's OpenGL binding, Linux only", "macos": "X11's OpenGL binding, Linux only"},
    "OpenGL": {"windows": "Qt's Windows build loads opengl32.dll from the system",
               "macos": "OpenGL.framework is part of macOS"},
    # A guess, to be confirmed by the workflow's deploy check: Debian builds libssh with GSSAPI;
    # MSYS2's and Homebrew's packages are not known to.
    "gssapi_krb5": {"windows": "not linked by MSYS2's libssh (guess; deploy.cmake would report it)",
                    "macos": "GSS.framework is part of macOS"},
    "z": {"macos": "libz is part of macOS"},
    "curl": {"macos": "libcurl is part of macOS (/usr/lib/libcurl.4.dylib): CMake's FindCURL finds the SDK's, as Homebrew's "
                      "curl is keg-only"},
    "c": {"windows": "the C runtime (UCRT) is part of Windows", "macos": "libSystem"},
    "ld-linux-x86-64": {"windows": "Linux's loader", "macos": "Linux's loader"},
}


def link_libraries(build_dir, output):
    with open(os.path.join(build_dir, "build.ninja")) as f:
        text = f.read()
    block = re.search(r"^build " + re.escape(output) + r": .*?\n((?:  .*\n)+)", text, re.M)
    if not block:
        sys.exit(f"{output} is not in build.ninja: build the project first")
    line = re.search(r"^  LINK_LIBRARIES = (.*)$", block.group(1), re.M)
    return [p for p in (line.group(1).split() if line else []) if ".so" in p]


def logical(path):
    name = os.path.basename(path)
    name = re.sub(r"^lib", "", name)
    return re.sub(r"\.so(\..*)?$", "", name)


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    return [logical(m) for m in re.findall(r"Shared library: \[([^\]]+)\]", out)]


def deploy_list(path):
    entries = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, regex = line.split()[:2]
                entries[name] = regex
    return entries


def fake_path(regex):
    """A path inside a made-up install tree that the regex matches."""
    path = regex.rstrip("$")
    path = path.replace("(-x64)?", "-x64").replace("[^/]*", "-1")
    path = path.replace("\\.", ".")
    if path.endswith("/"):
        path += "Versions/A/Lib"
    return path.lstrip("/")


def run_check(source_dir, root, list_file):
    script = os.path.join(source_dir, "packaging/windows/check-deployed.cmake")
    return subprocess.run(["cmake", f"-DIB_DEPLOY_ROOT={root}", f"-DIB_DEPLOY_LIST={list_file}", "-P", script],
                          capture_output=True, text=True)


def main():
    build_dir, source_dir = sys.argv[1], sys.argv[2]
    linked = {}
    for output in ("app/gui/imagebuilder", "app/cli/imagebuilder-cli"):
        for path in link_libraries(build_dir, output):
            linked[logical(path)] = path
    if not linked:
        sys.exit("no shared library on the link lines: is this a configured build?")
    ssh = linked.get("ssh")
    for dependency in needed(os.path.realpath(ssh)) if ssh else []:
        linked.setdefault(dependency, f"(needed by {ssh})")

    failures = 0
    for platform in ("windows", "macos"):
        list_file = os.path.join(source_dir, "packaging", platform, "deploy-libraries.txt")
        entries = deploy_list(list_file)
        for name in sorted(linked):
            if name in entries:
                print(f"ok   {platform:8} {name:12} deployed as {entries[name]}")
            elif platform in EXEMPT.get(name, {}):
                print(f"ok   {platform:8} {name:12} not deployed: {EXEMPT[name][platform]}")
            else:
                failures += 1
                print(f"FAIL {platform:8} {name:12} is linked ({linked[name]}) but packaging/{platform}/deploy-libraries.txt "
                      "does not name it: add it there (or to EXEMPT in this test, with the reason)")

        # The deploy check itself, on a made-up tree: passes complete, fails with one missing.
        with tempfile.TemporaryDirectory() as root:
            for regex in entries.values():
                target = os.path.join(root, fake_path(regex))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                open(target, "w").close()
            done = run_check(source_dir, root, list_file)
            if done.returncode != 0:
                failures += 1
                print(f"FAIL {platform:8} check-deployed.cmake rejects a complete tree:\n{done.stderr}")
            else:
                print(f"ok   {platform:8} check-deployed.cmake accepts a complete tree")
            victim = os.path.join(root, fake_path(entries["ssh"]))
            os.remove(victim)
            done = run_check(source_dir, root, list_file)
            if done.returncode == 0 or "ssh (" not in done.stderr:
                failures += 1
                print(f"FAIL {platform:8} check-deployed.cmake does not notice libssh missing")
            else:
                print(f"ok   {platform:8} check-deployed.cmake names libssh when it is missing")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
