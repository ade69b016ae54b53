#!/bin/sh
# SSH benchmark: our SshClient against OpenSSH (ssh, scp) on one throwaway sshd.
#   tests/bench/ssh/run.sh [BUILD_DIR] [--size-mb N] [--runs N]
# Builds nothing: build first (ninja -C BUILD_DIR bench_ssh). Needs root (the sshd
# fixture creates its test users).
set -eu
build=./build
case "${1:-}" in
  ""|--*) ;;
  *) build=$1; shift ;;
esac
bench="$build/tests/bench/ssh/bench_ssh"
if [ ! -x "$bench" ]; then
  echo "No $bench: build it first (ninja -C $build bench_ssh)." >&2
  exit 2
fi
exec "$bench" "$@"
