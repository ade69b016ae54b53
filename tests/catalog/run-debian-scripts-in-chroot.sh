#!/bin/sh
# Runs catalog install scripts for the "debian" family for real, each in a fresh Debian 12
# (bookworm) chroot, twice (the second run proves it is safe to repeat), and checks that
# the package is installed and the service enabled. Services are not started: a
# policy-rc.d refuses, and the scripts start a service only when systemd runs.
#
# Slow (minutes, downloads from deb.debian.org) and needs root: not part of ctest.
#
#   sudo sh tests/catalog/run-debian-scripts-in-chroot.sh resources/catalog APP[:PACKAGE[:UNIT]]...
#
# e.g. nginx:nginx:nginx  nodejs:nodejs  (PACKAGE defaults to APP; UNIT is checked only when given)
# The base chroot (debootstrap --variant=minbase bookworm, plus systemd, systemd-sysv,
# sudo, procps and ca-certificates as in a cloud image) is built once and cached as a
# tarball in $IB_CHROOT_CACHE (default /var/tmp/ib-catalog-chroot).
set -eu

catalog=$(cd "$1" && pwd)
shift
cache=${IB_CHROOT_CACHE:-/var/tmp/ib-catalog-chroot}
mirror=http://deb.debian.org/debian
tarball=$cache/bookworm-base.tar.gz

mkdir -p "$cache"
if [ ! -f "$tarball" ]; then
    base=$cache/base
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror"
    cat >"$base/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    mount -t proc proc "$base/proc"
    chroot "$base" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q systemd systemd-sysv sudo procps ca-certificates &&
        apt-get clean' || { umount "$base/proc"; exit 1; }
    umount "$base/proc"
    tar -C "$base" -czf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$base"
fi

failed=0
for spec in "$@"; do
    app=${spec%%:*}
    rest=${spec#"$app"}
    rest=${rest#:}
    package=${rest%%:*}
    unit=${rest#"$package"}
    unit=${unit#:}
    [ -n "$package" ] || package=$app
    script=$catalog/scripts/$app/debian.sh
    root=$(mktemp -d "$cache/run-$app.XXXXXX")
    log=$cache/$app.log
    tar -C "$root" -xzf "$tarball"
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    cp "$script" "$root/root/install.sh"
    mount -t proc proc "$root/proc"
    start=$(date +%s)
    result=ok
    {
        chroot "$root" sh /root/install.sh && echo "--- second run ---" && chroot "$root" sh /root/install.sh
    } >"$log" 2>&1 || result="script failed"
    end=$(date +%s)
    # shellcheck disable=SC2016 # dpkg-query's format, not the shell's
    if [ "$result" = ok ] && ! chroot "$root" dpkg-query -W -f='${Status} ${Version}\n' "$package" >>"$log" 2>&1; then
        result="package $package not installed"
    fi
    if [ "$result" = ok ] && [ -n "$unit" ] && ! chroot "$root" systemctl is-enabled "$unit" >>"$log" 2>&1; then
        result="unit $unit not enabled"
    fi
    umount "$root/proc"
    rm -rf "$root"
    version=$(tail -n 2 "$log" | sed -n 's/^install ok installed //p')
    echo "$app: $result ($((end - start)) s, both runs; $package $version; log $log)"
    [ "$result" = ok ] || failed=1
done
exit "$failed"
