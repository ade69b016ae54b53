#!/bin/sh
# Configures and builds Image Builder into ./build (or $IB_BUILD_DIR).
#   build.sh [TARGET...]   only these targets (run-app.sh: the app and the CLI); default all
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${IB_BUILD_DIR:-$here/build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
if [ $# -gt 0 ]; then
  cmake --build "$build" -j "$jobs" --target "$@"
else
  cmake --build "$build" -j "$jobs"
fi
