#!/bin/bash
# The house lint (issue 17): clang-tidy with the checks of .clang-tidy, then clazy with the
# Qt-specific ones, over our own sources. Prints every finding, a count per check, and
# exits 1 on any finding (0: none; 77: clang-tidy or clazy is not installed).
#   tests/lint/run.sh                 core app ui
#   tests/lint/run.sh core app        only these folders (any path under the source tree)
# It reads the compile database (compile_commands.json) of $IB_LINT_BUILD_DIR, default
# ./build-lint, configuring that folder first if it has none; the moc/uic output must exist,
# so it builds the autogen targets. Only files in the database are linted (not the Windows
# half of the platform layer on Linux). Not in the default test run: ctest -L lint.
#   IB_LINT_JOBS   parallel jobs (default 2)
#   IB_LINT_TOOLS  "tidy clazy" (default), or one of them
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build=${IB_LINT_BUILD_DIR:-$source_dir/build-lint}
jobs=${IB_LINT_JOBS:-2}
tools=${IB_LINT_TOOLS:-tidy clazy}
[ $# -gt 0 ] || set -- core app ui

# Checks clazy runs beyond its level0 and level1:
#   auto-unexpected-qstringbuilder  `auto s = a % b` keeps a QStringBuilder of temporaries
#                                   that dangle (the tree once had this bug); named even
#                                   though clazy 1.11 has it in level1
#   old-style-connect               STYLE.md: pointer-to-member connect, never SIGNAL()
#   assert-with-side-effects        Q_ASSERT is compiled out of release builds
#   isempty-vs-count                isEmpty() says what is meant and is never slower
#   qstring-varargs                 a QString through a C vararg is undefined behaviour
# Turned off from level0/level1:
#   qstring-ref                     suggests midRef()/QStringRef, which Qt 6 removed
#   non-pod-global-static           Q_GLOBAL_STATIC matters for a library others load at
#                                   start-up; ours are file-local tables and mutexes
# Left out: level2's function-args-by-ref/-by-value (performance-unnecessary-value-param
# covers it), qstring-allocations (QT_NO_CAST_FROM_ASCII already forbids the implicit
# conversions), rule-of-three and ctor-missing-parent-argument (noisy with Qt ownership),
# container-inside-loop (flags lists built per turn and then moved away), and
# qt6-deprecated-api-fixes (a Qt 5 porting aid: it flags the non-deprecated
# QProcess::start(program, arguments)).
clazy_checks=level0,level1,auto-unexpected-qstringbuilder,old-style-connect,assert-with-side-effects,isempty-vs-count,qstring-varargs,no-qstring-ref,no-non-pod-global-static

need() { command -v "$1" >/dev/null || { echo "lint: $1 is missing (apt-get install $2)" >&2; exit 77; }; }
case " $tools " in *" tidy "*) need clang-tidy clang-tidy ;; esac
case " $tools " in *" clazy "*) need clazy-standalone clazy ;; esac

if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
# The sources include moc output (and ui/ the uic headers): run moc/uic of our three
# folders' targets, nothing else (their _autogen targets would first build what they link).
# shellcheck disable=SC2044  # build folder paths have no spaces
config=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
for info in $(find "$build/core" "$build/ui" "$build/app" -path '*_autogen.dir/AutogenInfo.json' 2>/dev/null); do
  (cd "$(dirname "$(dirname "$(dirname "$info")")")" && cmake -E cmake_autogen "$info" "$config" >/dev/null)
done

# The files to lint: the database's sources under the given paths (never the build folder).
regex=""
for p in "$@"; do
  p=${p%/}
  abs=$(cd "$source_dir" && realpath -m "$p")
  regex="$regex|$(printf '%s' "$abs" | sed 's/[.[\*^$()+?{}|]/\\&/g')(/|\$)"
done
regex="^(${regex#|})"
mapfile -t files < <(python3 - "$build/compile_commands.json" "$regex" "$build" <<'EOF'
import json, os, re, sys
db, rx, build = sys.argv[1], re.compile(sys.argv[2]), os.path.realpath(sys.argv[3])
seen = set()
for e in json.load(open(db)):
    f = os.path.realpath(os.path.join(e["directory"], e["file"]))
    if f in seen or f.startswith(build + "/") or "_autogen" in f or not rx.search(f):
        continue
    seen.add(f)
    print(f)
EOF
)
if [ ${#files[@]} -eq 0 ]; then
  echo "lint: no file of the compile database under: $*" >&2
  exit 2
fi
echo "lint: ${#files[@]} files under $* ($tools), $jobs at a time, build $build"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
header_filter="^$source_dir/(core|ui|app)/([a-z0-9]+/)*[A-Z][A-Za-z0-9]*\\.h\$"  # as in .clang-tidy
t0=$(date +%s)
if [[ " $tools " == *" tidy "* ]]; then
  if command -v run-clang-tidy >/dev/null; then
    # run-clang-tidy (clang-tools) takes a regex on the database's file names.
    list=$(printf '%s\n' "${files[@]}" | sed 's/[.[\*^$()+?{}|]/\\&/g' | paste -sd '|')
    run-clang-tidy -p "$build" -j "$jobs" -quiet "^($list)\$" >"$out/tidy.all" 2>&1 || true
  else
    printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$jobs" sh -c \
      'clang-tidy -p "$0" --quiet "$2" >"$1/tidy.$(echo "$2" | md5sum | cut -c1-12)" 2>&1 || true' "$build" "$out"
  fi
fi
if [[ " $tools " == *" clazy "* ]]; then
  printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$jobs" sh -c \
    'clazy-standalone -p "$0" -checks="$1" -header-filter="$2" -ignore-dirs="_autogen" "$4" >"$3/clazy.$(echo "$4" | md5sum | cut -c1-12)" 2>&1 || true' \
    "$build" "$clazy_checks" "$header_filter" "$out"
fi
t1=$(date +%s)

# run-clang-tidy colours its output whatever the terminal; the colours go first.
# A finding is "file:line:col: warning|error: text [check]"; a header included by several
# files is reported once. Errors (a file that does not parse) count as findings too.
findings=$out/findings
cat "$out"/tidy.* "$out"/clazy.* 2>/dev/null \
  | sed 's/\x1b\[[0-9;]*m//g' \
  | grep -E "^$source_dir/[^:]+:[0-9]+:[0-9]+: (warning|error): " \
  | sed -E 's/ \[-W(clazy-[a-z0-9-]+)\]$/ [\1]/' \
  | sort -u >"$findings" || true
n=$(wc -l <"$findings")
if [ "$n" -gt 0 ]; then
  sed "s|^$source_dir/||" "$findings"
  echo
  echo "lint: findings per check:"
  sed -E 's/.*\[([^]]+)\]$/\1/; t; s/.*/(no check named)/' "$findings" | sort | uniq -c | sort -rn
fi
echo "lint: $n findings in ${#files[@]} files ($((t1 - t0)) s)"
[ "$n" -eq 0 ]
