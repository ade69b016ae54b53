#!/bin/sh
# Quick start, command 2: installs what is missing, builds, and runs every test.
#   run-tests.sh            every test (the VM tests boot real QEMU VMs: slow)
#   run-tests.sh -L fast    only the fast ones (any ctest arguments pass through)
# Needs root: the tests add throwaway users for their sshd and build a base image with
# debootstrap. Nothing of the machine's own sshd or PostgreSQL is touched.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "The tests need root (throwaway sshd users, debootstrap); running them with sudo." >&2
  exec sudo -E "$0" "$@"
fi
"$here/packaging/setup/deps.sh" test
"$here/packaging/setup/build.sh"
build=${IB_BUILD_DIR:-$here/build}
# Two at a time; tests that boot VMs hold the "vm" resource lock, so only one runs at once.
ctest --test-dir "$build" --output-on-failure -j 2 -LE bench "$@"
