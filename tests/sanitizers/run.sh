#!/bin/sh
# Builds every test with AddressSanitizer + UndefinedBehaviorSanitizer (Debug, -Werror,
# -fno-sanitize-recover=all, LeakSanitizer on) into ./build-asan and runs the fast, gui,
# sshd and pg labels under them (halt_on_error=1). Not part of the default test run: a
# cold build takes about 40 minutes on 2 cores.
#   tests/sanitizers/run.sh                 build, then run the four labels
#   tests/sanitizers/run.sh -R tst_mainwindow --repeat until-fail:20   (ctest arguments pass through)
# Suppressions live beside this script, each with the reason it is there; a report that
# is not suppressed fails its test. Core dumps of a crash are kept (disable_coredump=0).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${IB_ASAN_BUILD_DIR:-$here/build-asan}
"$here/packaging/setup/deps.sh" test
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIB_SANITIZE=address,undefined -DIB_WERROR=ON
fi
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
sup=$here/tests/sanitizers
# Every report also goes to a file (log_path): a child process a test starts (the CLI, the
# app) may report where the test does not look, and ctest shows only failing tests' output.
reports=$build/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1:disable_coredump=0:suppressions=$sup/asan.supp:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$sup/ubsan.supp:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$sup/lsan.supp:print_suppressions=0"
if [ $# -eq 0 ]; then
  set -- -L 'fast|gui|sshd|pg'
fi
status=0
ctest --test-dir "$build" --output-on-failure -j 2 -LE 'vm|bench|fuzz|portability|lint' "$@" || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "Sanitizer reports (in $reports):" >&2
  for f in "$reports"/*; do echo "== $f" >&2; head -n 40 "$f" >&2; done
  [ "$status" != 0 ] || status=1
fi
exit "$status"
