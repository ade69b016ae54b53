#!/bin/sh
# Quick start, command 1: installs what is missing, builds, and starts Image Builder.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
"$here/packaging/setup/deps.sh" build
"$here/packaging/setup/build.sh"
build=${IB_BUILD_DIR:-$here/build}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): start Image Builder from a desktop session," >&2
  echo "or use the command line: $build/app/cli/imagebuilder-cli --help" >&2
  exit 1
fi
exec "$build/app/gui/imagebuilder" "$@"
