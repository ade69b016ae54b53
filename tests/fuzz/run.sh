#!/bin/sh
# Runs one libFuzzer target for a given time:  tests/fuzz/run.sh TARGET SECONDS [LIBFUZZER-FLAGS...]
#   (e.g. -fork=1 -ignore_crashes=1 to go on past a known finding)
#   TARGET: template_import, clouds_yaml, qemu_img_info, ssh_line_splitter, user_script
#           (cloud_replies once core/providers/openstack/CloudReplies.h exists), or "all".
# It configures (once) and builds a clang build with AddressSanitizer, UBSan and libFuzzer
# in $IB_FUZZ_BUILD (default ./build-fuzz), then fuzzes from the seeds in
# tests/fuzz/corpus/TARGET; new inputs go to $IB_FUZZ_BUILD/corpus/TARGET, crashes to
# $IB_FUZZ_BUILD/crashes/TARGET. Exit status: 0 when nothing was found.
# Needs clang and libclang-rt-dev (packaging/setup/deps.sh --test installs them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
target=${1:?"usage: run.sh TARGET SECONDS (TARGET: $(ls "$here/corpus" | tr '\n' ' ')or all)"}
seconds=${2:?"usage: run.sh TARGET SECONDS"}
shift 2
build=${IB_FUZZ_BUILD:-$PWD/build-fuzz}

if [ "$target" = all ]; then
  rc=0
  for t in $(ls "$here/corpus"); do  # one after the other; each builds what changed
    [ -f "$here/Fuzz$(echo "$t" | sed -E 's/(^|_)([a-z])/\U\2/g').cpp" ] || continue
    "$0" "$t" "$seconds" || rc=1
  done
  exit $rc
fi

command -v clang++ >/dev/null || { echo "clang++ is missing: apt-get install clang libclang-rt-dev" >&2; exit 2; }
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DIB_FUZZ=ON -DIB_SANITIZE=address,undefined \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >"$build.configure.log" 2>&1 \
    || { cat "$build.configure.log" >&2; exit 2; }
fi
# IB_FUZZ_SKIP_BUILD=1: several targets fuzzing side by side after one build (two ninjas
# in one build folder would step on each other).
[ -n "${IB_FUZZ_SKIP_BUILD:-}" ] || cmake --build "$build" -j"${IB_FUZZ_JOBS:-2}" --target "fuzz_$target"

corpus="$build/corpus/$target"
crashes="$build/crashes/$target"
mkdir -p "$corpus" "$crashes"
# The dictionaries of JSON and YAML make the parsers' keywords cheap to find.
dict=""
[ -f "$here/dict/$target.dict" ] && dict="-dict=$here/dict/$target.dict"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export QT_QPA_PLATFORM=offscreen
cd "$crashes"
# -print_final_stats: executions, speed and coverage for the report.
"$build/tests/fuzz/fuzz_$target" $dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" "$@" "$corpus" "$here/corpus/$target"
