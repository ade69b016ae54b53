#!/bin/sh
# Quick start, command 2: installs what is missing, builds, and runs every test.
#   run-tests.sh            every test (the VM tests boot real QEMU VMs: slow)
#   run-tests.sh -L fast    only the fast ones (any ctest arguments pass through)
# The tests that start a throwaway sshd, PostgreSQL or VM need root (test users,
# debootstrap); nothing of the machine's own sshd or PostgreSQL is touched. As a user, the
# packages are installed through sudo when missing, the build stays yours, and only the
# test run goes through sudo, unless the run is `-L fast`, which needs no root.
# At the end it prints the time of each phase and of each label, against the 35-minute
# budget of the whole command on a 2-core machine from a cold cache.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${IB_BUILD_DIR:-$here/build}
budget_s=$((35 * 60))
t_start=$(date +%s)

"$here/packaging/setup/deps.sh" test
t_deps=$(date +%s)
"$here/packaging/setup/build.sh"
t_build=$(date +%s)

as_root=""
if [ "$(id -u)" != 0 ] && [ "$*" != "-L fast" ]; then
  echo "The sshd, PostgreSQL and VM tests need root (throwaway users, debootstrap); running ctest with sudo." >&2
  as_root="sudo -E"
fi

# Two at a time; tests that boot VMs hold the "vm" resource lock, so only one runs at once.
# ctest ends with its Label Time Summary: the seconds each label's tests took, added up
# (two run at once, so the labels add up to about twice the wall time).
# A test that crashes fails at once and leaves a core dump in its folder, whose stack is
# printed below: Qt Test's own crash handler forks a debugger, and with a corrupted heap
# that fork deadlocked, so the test hung until its timeout instead (issue 14).
export QTEST_DISABLE_STACK_DUMP=1
# shellcheck disable=SC3045  # dash, Debian's sh, has ulimit -c
ulimit -c unlimited 2>/dev/null || true
marker=$(mktemp)
out=$(mktemp)
rcfile=$(mktemp)
{ rc=0; $as_root ctest --test-dir "$build" --output-on-failure -j 2 -LE 'bench|fuzz|vm-slow|lint|arm64' "$@" || rc=$?; echo "$rc" >"$rcfile"; } 2>&1 | tee "$out"
rc=$(cat "$rcfile")
t_end=$(date +%s)
find "$build" \( -name 'core' -o -name 'core.[0-9]*' \) -type f -newer "$marker" 2>/dev/null | while IFS= read -r core; do
  exe=$(file -b "$core" 2>/dev/null | sed -n "s/.*execfn: '\([^']*\)'.*/\1/p")
  echo "---- core dump $core (${exe:-unknown program}) ----"
  if [ -n "$exe" ] && command -v gdb >/dev/null 2>&1; then
    gdb -batch -ex 'thread apply all bt 20' "$exe" "$core" 2>/dev/null | tail -n 80
  fi
done
rm -f "$marker"

mmss() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }
total=$((t_end - t_start))
echo
echo "Time of this run:"
echo "  install missing packages  $(mmss $((t_deps - t_start)))"
echo "  build                     $(mmss $((t_build - t_deps)))"
echo "  tests (wall)              $(mmss $((t_end - t_build)))"
echo "  total                     $(mmss "$total") of the $(mmss "$budget_s") budget ($(( (budget_s - total) / 60 )) min to spare)"
if [ "$total" -gt "$budget_s" ]; then
  echo "WARNING: over the time budget of the test command (35 min on 2 cores from a cold cache)." >&2
fi
# ctest's own count, again as the last line ("N passed, N failed"), after the times above.
counts=$(sed -n 's/^[0-9]*% tests passed, \([0-9]*\) tests* failed out of \([0-9]*\)$/\1 \2/p' "$out" | tail -n 1)
if [ -n "$counts" ]; then
  failed=${counts% *}
  echo "tests: $((${counts#* } - failed)) passed, $failed failed"
fi
rm -f "$out" "$rcfile"
exit "$rc"
