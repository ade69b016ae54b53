#!/bin/sh
# Configures and builds Image Builder into ./build (or $IB_BUILD_DIR).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${IB_BUILD_DIR:-$here/build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j "$jobs"
