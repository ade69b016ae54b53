#!/bin/sh
# GUI benchmark: start-up, filter and live-log figures beside their targets.
#   tests/bench/gui/run.sh [BUILD_DIR] [--templates N] [--builds N] [--duration S] [--rate N] [--runs N]
# Builds nothing: build first (ninja -C BUILD_DIR bench_gui). Runs under offscreen unless
# QT_QPA_PLATFORM says otherwise (QT_QPA_PLATFORM=xcb DISPLAY=:98 for an Xvfb display).
set -eu
build=./build
case "${1:-}" in
  ""|--*) ;;
  *) build=$1; shift ;;
esac
bench="$build/tests/bench/gui/bench_gui"
if [ ! -x "$bench" ]; then
  echo "No $bench: build it first (ninja -C $build bench_gui)." >&2
  exit 2
fi
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec "$bench" "$@"
