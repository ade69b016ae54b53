#!/bin/sh
# Quick start, command 1: installs what is missing, builds, offers to make a Debian 12 base
# image when the base image library is empty (Linux; asks first, needs root), and starts
# Image Builder.
#   IB_BUILD_DIR   build folder (default ./build)
#   IB_BASE_IMAGE  yes: make the base image without asking; no: do not offer it
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
"$here/packaging/setup/deps.sh" build
# The app and the CLI only: the tests are run-tests.sh's (they are most of the build).
"$here/packaging/setup/build.sh" imagebuilder imagebuilder-cli
build=${IB_BUILD_DIR:-$here/build}
cli=$build/app/cli/imagebuilder-cli

# A first image needs a base image. On Linux the CLI makes Debian 12 from Debian's archive
# with the script the tests use; it needs root for debootstrap, so ask before sudo runs.
offer_base_image() {
  [ "$(uname -s)" = Linux ] || return 0
  [ "${IB_BASE_IMAGE:-}" != no ] || return 0
  count=$("$cli" base-image list --json 2>/dev/null | grep -c '"id"' || true)
  [ "${count:-0}" -eq 0 ] || return 0
  echo "The base image library is empty: a build starts its VM from a base image."
  if [ "$(id -u)" = 0 ]; then
    how="this runs as root"
  else
    how="sudo runs only the image script as root and may ask for your password"
  fi
  if [ "${IB_BASE_IMAGE:-}" != yes ]; then
    if [ ! -t 0 ]; then
      echo "Not asking (no terminal). To make one from Debian's archive (needs root for debootstrap, about 3-6 minutes):"
      echo "  $cli base-image create debian:12"
      echo "or import a distribution's cloud image: $cli base-image import FILE (Image Builder's first-start guide offers both)."
      return 0
    fi
    printf "Make a Debian 12 base image now from Debian's archive? It needs root for debootstrap (%s)\nand takes about 3-6 minutes the first time. [y/N] " "$how"
    read -r answer || answer=""
    case "$answer" in
      y|Y|yes|Yes|YES) ;;
      *) echo "Skipped. Image Builder's first-start guide offers it again, or import a cloud image there."; return 0 ;;
    esac
  fi
  "$here/packaging/setup/deps.sh" base-image
  if ! "$cli" base-image create debian:12; then
    echo "No base image was made (the lines above say why); Image Builder's guide can import a cloud image instead." >&2
  fi
}
offer_base_image

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): start Image Builder from a desktop session," >&2
  echo "or use the command line: $cli --help" >&2
  exit 1
fi
exec "$build/app/gui/imagebuilder" "$@"
