#!/bin/sh
# Packaging test:  test-deb.sh BUILD_DIR
# Builds the .deb with cpack, checks it (lintian, desktop-file-validate, appstreamcli),
# installs it with apt-get, starts the installed GUI and CLI, purges it and checks that
# nothing of it is left but the user's data. Then builds the .rpm and checks its file list.
# Needs root (apt-get); exits 77 (skipped) without it. Refuses to run when imagebuilder is
# already installed, so that it never removes someone's own installation.
set -eu

build=$(cd "${1:?usage: test-deb.sh BUILD_DIR}" && pwd)
pkg=imagebuilder
app_id=io.github.imagebuilder.ImageBuilder
t0=$(date +%s)
step() { echo "== [$(( $(date +%s) - t0 ))s] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  echo "SKIP: installing the .deb needs root (run the tests as root, e.g. packaging/setup/run-tests.sh)"
  exit 77
fi
missing=""
for tool in cpack dpkg-deb dpkg-shlibdeps fakeroot lintian desktop-file-validate appstreamcli rpmbuild rpm apt-get; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] || fail "missing tools:$missing (packaging/setup/deps.sh test installs them)"
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  fail "$pkg is installed on this machine already; this test installs and purges it, so remove it first"
fi

tmp=$(mktemp -d)
installed=0
gui_pid=""
cleanup() {
  status=$?
  if [ -n "$gui_pid" ] && kill -0 "$gui_pid" 2>/dev/null; then kill "$gui_pid" 2>/dev/null || true; fi
  if [ "$installed" = 1 ]; then
    echo "cleanup: purging $pkg"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$pkg" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "building the programs in $build"
cmake --build "$build" --target imagebuilder imagebuilder-cli ib_packaging_data >"$tmp/build.log" 2>&1 \
  || { tail -n 30 "$tmp/build.log"; fail "build failed"; }

step "cpack -G DEB"
cpack -G DEB -B "$tmp/deb" --config "$build/CPackConfig.cmake" >"$tmp/cpack-deb.log" 2>&1 \
  || { cat "$tmp/cpack-deb.log"; fail "cpack -G DEB failed"; }
deb=$(find "$tmp/deb" -maxdepth 1 -name "${pkg}_*.deb" | head -n 1)
[ -n "$deb" ] || fail "cpack made no .deb"
echo "$deb"
dpkg-deb --field "$deb" Package Version Architecture Section Depends Recommends Suggests
version=$(dpkg-deb --field "$deb" Version)
dpkg-deb --field "$deb" Depends | grep -q "libqt6core6" || fail "Depends does not name Qt (dpkg-shlibdeps)"
dpkg-deb --field "$deb" Depends | grep -q "libssh-" || fail "Depends does not name libssh"
dpkg-deb --field "$deb" Depends | grep -q "libqt6keychain" || fail "Depends does not name QtKeychain"
dpkg-deb --field "$deb" Depends | grep -q "libspdlog" || fail "Depends does not name spdlog"
dpkg-deb --field "$deb" Recommends | grep -q "qemu-system-x86" || fail "Recommends does not name QEMU"

step "lintian"
# --fail-on error: warnings are printed, errors fail the test.
if ! lintian --fail-on error --tag-display-limit 0 --info "$deb" >"$tmp/lintian.log" 2>&1; then
  cat "$tmp/lintian.log"; fail "lintian found errors"
fi
grep -v '^N:' "$tmp/lintian.log" | sed -n '/./p' || true
echo "lintian: $(grep -c '^E:' "$tmp/lintian.log" || true) errors, $(grep -c '^W:' "$tmp/lintian.log" || true) warnings"

step "desktop-file-validate and appstreamcli validate (staged files)"
dpkg-deb -x "$deb" "$tmp/staged"
desktop-file-validate "$tmp/staged/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$tmp/staged/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
for size in 16x16 32x32 48x48 64x64 128x128 256x256 512x512 scalable; do
  ls "$tmp/staged/usr/share/icons/hicolor/$size/apps/$app_id".* >/dev/null || fail "no $size icon"
done

step "apt-get install $deb"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1 \
  || { cat "$tmp/apt.log"; fail "apt-get install failed"; }
dpkg-query -L "$pkg" >"$tmp/listed"
files=$(while read -r f; do if [ -f "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done <"$tmp/listed")
echo "$files" >"$tmp/files"
echo "$(wc -l <"$tmp/files") files installed"
for f in /usr/bin/imagebuilder /usr/bin/imagebuilder-cli "/usr/share/applications/$app_id.desktop" \
         "/usr/share/metainfo/$app_id.metainfo.xml" /usr/share/man/man1/imagebuilder-cli.1.gz \
         /usr/share/imagebuilder/make-debian-base-image.sh; do
  grep -qx "$f" "$tmp/files" || fail "$f is not in the package"
done

step "imagebuilder --version (installed)"
mkdir -p "$tmp/home"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
upstream=${version%%+*}
/usr/bin/imagebuilder --version | tee "$tmp/gui-version"
grep -q "^Image Builder $upstream" "$tmp/gui-version" || fail "imagebuilder --version does not say $upstream"
for lib in "Qt 6" "libssh 0" "spdlog 1"; do
  grep -q "^$lib" "$tmp/gui-version" || fail "imagebuilder --version does not name $lib"
done

step "the installed GUI starts (offscreen, 3 s)"
QT_QPA_PLATFORM=offscreen IMAGEBUILDER_DB="$tmp/gui.sqlite" /usr/bin/imagebuilder >"$tmp/gui.log" 2>&1 &
gui_pid=$!
sleep 3
if ! kill -0 "$gui_pid" 2>/dev/null; then
  cat "$tmp/gui.log"; wait "$gui_pid" || true; fail "the GUI ended within 3 s"
fi
kill "$gui_pid"; wait "$gui_pid" 2>/dev/null || true
gui_pid=""
[ -s "$tmp/gui.sqlite" ] || { cat "$tmp/gui.log"; fail "the GUI did not open its store $tmp/gui.sqlite"; }

step "imagebuilder-cli (installed)"
/usr/bin/imagebuilder-cli --version | tee "$tmp/cli-version"
cmp -s "$tmp/gui-version" "$tmp/cli-version" || fail "the CLI's --version differs from the GUI's"
IMAGEBUILDER_DB="$tmp/user.sqlite" /usr/bin/imagebuilder-cli template create --name "packaging test" \
  --os debian:12 --app nginx --description "made by test-deb.sh" || fail "template create"
IMAGEBUILDER_DB="$tmp/user.sqlite" /usr/bin/imagebuilder-cli template list | tee "$tmp/list"
grep -q "packaging test" "$tmp/list" || fail "template list does not show the new template"
man -l /usr/share/man/man1/imagebuilder-cli.1.gz >/dev/null 2>&1 || man -w imagebuilder-cli >/dev/null 2>&1 || true

step "apt-get purge $pkg"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$pkg" >"$tmp/purge.log" 2>&1 \
  || { cat "$tmp/purge.log"; fail "apt-get purge failed"; }
installed=0
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok"; then fail "$pkg is still installed"; fi
left=$(while read -r f; do if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done <"$tmp/files")
[ -z "$left" ] || fail "left after purge: $left"
[ -s "$tmp/user.sqlite" ] || fail "the user's database went with the package"
echo "nothing left of $pkg; the user's database is still there"

step "cpack -G RPM"
cpack -G RPM -B "$tmp/rpm" --config "$build/CPackConfig.cmake" >"$tmp/cpack-rpm.log" 2>&1 \
  || { cat "$tmp/cpack-rpm.log"; fail "cpack -G RPM failed"; }
rpmfile=$(find "$tmp/rpm" -maxdepth 1 -name "${pkg}-*.rpm" | head -n 1)
[ -n "$rpmfile" ] || fail "cpack made no .rpm"
echo "$rpmfile"
rpm -qlp "$rpmfile" 2>/dev/null >"$tmp/rpm-files"
for f in /usr/bin/imagebuilder /usr/bin/imagebuilder-cli "/usr/share/applications/$app_id.desktop" \
         "/usr/share/metainfo/$app_id.metainfo.xml" "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
         /usr/share/man/man1/imagebuilder-cli.1.gz /usr/share/man/man1/imagebuilder.1.gz; do
  grep -qx "$f" "$tmp/rpm-files" || fail "$f is not in the .rpm"
done
for size in 16 22 24 32 48 64 128 256 512; do
  grep -qx "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" "$tmp/rpm-files" || fail "no ${size}px icon in the .rpm"
done
if grep -qx -e /usr -e /usr/bin -e /usr/share -e /usr/share/icons "$tmp/rpm-files"; then
  fail "the .rpm owns a system folder"
fi
rpm -qp --requires "$rpmfile" 2>/dev/null | grep -q "qt6-qtbase" || fail "the .rpm does not require qt6-qtbase"
rpm -qp --recommends "$rpmfile" 2>/dev/null | grep -q "qemu-system-x86" || fail "the .rpm does not recommend QEMU"
echo "$(wc -l <"$tmp/rpm-files") files in the .rpm"

step "passed"
