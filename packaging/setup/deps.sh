#!/bin/sh
# Installs what Image Builder needs on Debian 12 that is not there yet.
#   deps.sh build   compilers, Qt 6, libssh, spdlog, QtKeychain, libarchive (to build and run the app)
#   deps.sh test    the above plus what the tests start: sshd, PostgreSQL, QEMU,
#                   debootstrap, shellcheck, Xvfb
#   deps.sh base-image  what make-debian-base-image.sh needs (debootstrap, extlinux, ...)
#   deps.sh arm64-image what its --arch arm64 needs on an x86-64 computer (qemu-user with
#                   binfmt_misc, sfdisk, mtools) and the arm64 VM (qemu-system-arm, AAVMF)
# Only missing packages are installed; nothing is upgraded. Needs root (or sudo) only
# when something is missing.
set -eu

want=${1:-build}

build_pkgs="cmake ninja-build g++ pkg-config git
 qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql libqt6svg6
 qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
 qt6-httpserver-dev qt6-websockets-dev
 libssh-dev libspdlog-dev libfmt-dev qtkeychain-qt6-dev libgl-dev libcurl4-openssl-dev libssl-dev
 qemu-system-x86 qemu-utils passt fonts-noto-cjk libyaml-cpp-dev libarchive-dev"

test_pkgs="openssh-server openssh-client postgresql shellcheck debootstrap
 e2fsprogs extlinux syslinux-common mtools dosfstools zstd xvfb xauth imagemagick xdotool
 procps iproute2 packer python3 python3-jsonschema python3-yaml sudo
 g++-mingw-w64-x86-64-posix wine64
 lintian desktop-file-utils appstream rpm dpkg-dev fakeroot librsvg2-bin python3-openstackclient
 gdb file tinyproxy-bin openssl dbus-daemon
 qemu-system-arm qemu-efi-aarch64"

base_image_pkgs="debootstrap e2fsprogs extlinux syslinux-common qemu-utils zstd wget"
arm64_image_pkgs="debootstrap e2fsprogs qemu-utils zstd wget fdisk dosfstools mtools
 qemu-user-static binfmt-support qemu-system-arm qemu-efi-aarch64"

case "$want" in
  build) pkgs=$build_pkgs ;;
  base-image) pkgs=$base_image_pkgs ;;
  arm64-image) pkgs=$arm64_image_pkgs ;;
  test)  pkgs="$build_pkgs $test_pkgs" ;;
  *) echo "usage: $0 build|test|base-image|arm64-image" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

echo "Installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "This needs root to run apt-get; asking sudo." >&2
    SUDO="sudo"
  else
    echo "Missing packages:$missing. Run this script as root, or install them with apt-get." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# An apt cache older than a day (or none) is refreshed once.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
  $SUDO apt-get update -q
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
