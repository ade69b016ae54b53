#!/bin/bash
# Builds a Debian 12 (bookworm, amd64 or arm64) base image as qcow2 from Debian's archive only.
#
#   make-debian-base-image.sh [--arch arm64] OUTPUT.qcow2 [SIZE]   (SIZE of the disk, default 4G)
#   make-debian-base-image.sh [--arch arm64] --print-tree-cache    (makes the cached debootstrap
#                                                        tree if missing; prints its path last)
#
# The image boots on its own like a distribution's cloud image, with one ext4 root partition
# and cloud-init limited to NoCloud, ConfigDrive and OpenStack (or None). amd64 (the default):
# an MBR partition table and extlinux (BIOS). arm64 (issue 20: local builds on the virt board,
# HVF on Apple Silicon): a GPT with an EFI system partition holding systemd-boot, the kernel
# and the initrd (UEFI); the kernel there is the one the image was made with (a kernel update
# inside a derived image is not copied to it). On an x86-64 computer debootstrap runs the
# arm64 system's programs through qemu-user (qemu-user-static with binfmt_misc).
# It has no user: cloud-init makes the default user "debian" (passwordless sudo) on first
# boot with the key from the NoCloud seed. machine-id is empty and no SSH host key is baked
# in (the seed's ssh_keys, or cloud-init, makes them on first boot).
#
# Needs root and Linux: debootstrap, mkfs.ext4, qemu-img, zstd; for amd64 extlinux and
# syslinux-common, for arm64 sfdisk, mkfs.vfat and mcopy (dosfstools, mtools).
#
# Cache (IB_CACHE_DIR, default ~/.cache/imagebuilder), under base-images/:
#   debs/                                  debootstrap's package cache
#   debian-12-amd64-tree-<key>.tar.zst     the debootstrap tree; <key> = sha256 of the
#                                          debootstrap recipe (suite, packages, mirror)
#   debian-12-amd64-<sha>-<size>.qcow2     the finished image; <sha> = sha256 of this script
# A second run with this script unchanged copies the cached image (a reflink where the
# file system can) and takes a second or two. The cached file itself is never handed out.
#
# Environment: IB_CACHE_DIR, IB_DEBIAN_MIRROR (default http://deb.debian.org/debian),
# IB_NO_CACHE=1 (build afresh, do not read the cache; the result is still stored).
set -euo pipefail

readonly SUITE=bookworm
ARCH=amd64
if [ "${1:-}" = --arch ]; then
    case "${2:-}" in
    amd64 | x86_64) ARCH=amd64 ;;
    arm64 | aarch64) ARCH=arm64 ;;
    *) echo "make-debian-base-image: error: --arch takes amd64 or arm64 (got '${2:-}')." >&2; exit 2 ;;
    esac
    shift 2
fi
readonly ARCH
readonly MIRROR=${IB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
readonly ESP_MIB=256           # arm64: the EFI system partition (kernel, initrd, systemd-boot)
if [ "$ARCH" = arm64 ]; then
    readonly PART_OFFSET=$(( (1 + ESP_MIB) * 1048576 ))   # the root partition, after the ESP
else
    readonly PART_OFFSET=1048576   # the root partition starts at 1 MiB (sector 2048)
fi
# Packages on top of minbase. cloud-init renders its network config to ifupdown (ENI);
# locales lets its first boot set the locale without an error; cloud-guest-utils gives
# growpart, so a disk made bigger than the image is used in full. python3-cffi-backend is
# named because debootstrap does not resolve the virtual package python3-cryptography needs.
# arm64 adds systemd-boot's EFI binary (the boot loader on the ESP).
INCLUDE="linux-image-$ARCH,systemd-sysv,udev,dbus,openssh-server,sudo,cloud-init,\
cloud-guest-utils,locales,ifupdown,isc-dhcp-client,iproute2,netbase,ca-certificates,\
qemu-guest-agent,initramfs-tools,zstd,python3-cffi-backend"
[ "$ARCH" = arm64 ] && INCLUDE="$INCLUDE,systemd-boot-efi"
readonly INCLUDE

import_hint="Instead, import a distribution's cloud image as a base image (for Debian 12:
debian-12-genericcloud-$ARCH.qcow2 from https://cloud.debian.org/images/cloud/bookworm/latest/)."

die() { echo "make-debian-base-image: error: $*" >&2; exit 1; }
step() { echo "[$1/5] $2"; }
now() { date +%s; }

usage() {
    echo "usage: $0 OUTPUT.qcow2 [SIZE]   (SIZE like 4G or 8192M; default 4G)" >&2
    exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
case "$1" in -h|--help) usage ;; esac
# --print-tree-cache: only step 1 (the tarball the OpenStack test double unpacks).
tree_only=0
if [ "$1" = --print-tree-cache ]; then
    [ $# = 1 ] || usage
    tree_only=1
    set -- /dev/null
fi
output=$1
size_arg=${2:-4G}

# --- checks: the person gets one sentence saying what to do --------------------------
[ "$(uname -s)" = Linux ] || die "building a Debian base image needs Linux (debootstrap, loop devices); this is $(uname -s).
$import_hint"
[ "$(id -u)" = 0 ] || die "this needs root (debootstrap, chroot, loop mount); run it with sudo.
$import_hint"
missing=""
if [ "$ARCH" = arm64 ]; then
    tools="sfdisk mkfs.vfat mcopy"
    packages="fdisk dosfstools mtools"
else
    tools="extlinux losetup mount umount"
    packages="extlinux syslinux-common"
fi
for tool in debootstrap mkfs.ext4 qemu-img zstd tar chroot wget flock numfmt $tools; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
mbr_bin=""
if [ "$ARCH" = amd64 ]; then
    for f in /usr/lib/syslinux/mbr/mbr.bin /usr/lib/EXTLINUX/mbr.bin /usr/share/syslinux/mbr.bin; do
        [ -r "$f" ] && { mbr_bin=$f; break; }
    done
    [ -n "$mbr_bin" ] || missing="$missing mbr.bin(syslinux-common)"
fi
[ -z "$missing" ] || die "missing tools:$missing.
Install them with: apt-get install debootstrap e2fsprogs qemu-utils zstd wget $packages
(or run packaging/setup/deps.sh test). $import_hint"
# debootstrap runs the new system's programs: another CPU's through qemu-user.
if [ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ] &&
        [ "$(head -n 1 /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null)" != enabled ]; then
    die "making an arm64 image on this $(uname -m) computer runs arm64 programs through qemu-user, and none is registered
(/proc/sys/fs/binfmt_misc/qemu-aarch64). Install it with: apt-get install qemu-user-static binfmt-support
(in a container, mount binfmt_misc first: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc). $import_hint"
fi

size_bytes=$(numfmt --from=iec "${size_arg%B}" 2>/dev/null) || die "SIZE '$size_arg' is not a size like 4G or 8192M."
[ "$size_bytes" -ge $((2 * 1024 * 1024 * 1024)) ] || die "SIZE must be at least 2G (got $size_arg)."
[ $((size_bytes % 1048576)) = 0 ] || die "SIZE must be a whole number of MiB (got $size_arg)."
size_mib=$((size_bytes / 1048576))

output_dir=$(dirname -- "$output")
[ -d "$output_dir" ] || die "the folder of OUTPUT does not exist: $output_dir"

# --- cache keys -----------------------------------------------------------------------
script_sha=$(sha256sum "$(readlink -f -- "${BASH_SOURCE[0]}")" | cut -c1-16)
tree_key=$(printf '%s\n' "$SUITE" "$ARCH" minbase "$INCLUDE" "$MIRROR" tree-v1 | sha256sum | cut -c1-16)
cache_dir=${IB_CACHE_DIR:-$HOME/.cache/imagebuilder}/base-images
cached_tree=$cache_dir/debian-12-$ARCH-tree-$tree_key.tar.zst
cached_image=$cache_dir/debian-12-$ARCH-$script_sha-${size_mib}M.qcow2
mkdir -p "$cache_dir/debs"

# One build at a time per cache: a second caller waits, then finds the image cached.
exec 9>"$cache_dir/.lock"
if ! flock -n 9; then
    echo "Another base image build holds $cache_dir/.lock; waiting for it ..."
    flock 9
fi

hand_out() {
    # A copy, never the cached file: overlays will point at what we hand out, and a
    # build must never be able to change the cache under another one.
    cp --reflink=auto --sparse=always -- "$cached_image" "$output.partial"
    mv -f -- "$output.partial" "$output"
}

if [ "$tree_only" = 1 ] && [ "${IB_NO_CACHE:-0}" != 1 ] && [ -s "$cached_tree" ]; then
    echo "$cached_tree"
    exit 0
fi
if [ "$tree_only" = 0 ] && [ "${IB_NO_CACHE:-0}" != 1 ] && [ -s "$cached_image" ]; then
    t0=$(now)
    hand_out
    echo "Base image from cache: $cached_image"
    echo "[ib-timing] cached-copy $(( $(now) - t0 )) s"
    echo "Wrote $output"
    exit 0
fi

# --- work area and clean-up -----------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/var/tmp}/ib-base-image.XXXXXX")
tree=$work/tree
mnt=$work/mnt
loopdev=""
cleanup() {
    set +e
    for m in "$tree/proc" "$tree/sys" "$tree/dev/pts" "$tree/dev" "$mnt"; do
        mountpoint -q "$m" 2>/dev/null && umount -l "$m"
    done
    [ -n "$loopdev" ] && losetup -d "$loopdev" 2>/dev/null
    rm -rf --one-file-system -- "$work"
    rm -f -- "$output.partial"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_start=$(now)

# --- 1: debootstrap (or the cached tree) ----------------------------------------------
mkdir -p "$tree" "$mnt"
if [ "${IB_NO_CACHE:-0}" != 1 ] && [ -s "$cached_tree" ]; then
    step 1 "debootstrap: unpacking the cached tree $(basename "$cached_tree") ..."
    t0=$(now)
    tar --numeric-owner --xattrs --xattrs-include='*' -I 'zstd -d -T0' -xpf "$cached_tree" -C "$tree"
    echo "[ib-timing] tree-unpack $(( $(now) - t0 )) s"
else
    if [ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
        took="about 20 minutes: arm64 programs run through qemu-user here"
    else
        took="about 2 minutes"
    fi
    step 1 "debootstrap $SUITE $ARCH from $MIRROR ($took) ..."
    if ! wget -q -T 20 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/Release"; then
        die "cannot reach Debian's archive at $MIRROR (tried $MIRROR/dists/$SUITE/Release).
Check the network or the proxy (http_proxy), or set IB_DEBIAN_MIRROR to a reachable mirror.
$import_hint"
    fi
    t0=$(now)
    if ! debootstrap --variant=minbase --arch="$ARCH" --include="$INCLUDE" \
            --cache-dir="$cache_dir/debs" "$SUITE" "$tree" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
        tail -n 30 "$work/debootstrap.log" >&2
        [ -f "$tree/debootstrap/debootstrap.log" ] && tail -n 30 "$tree/debootstrap/debootstrap.log" >&2
        die "debootstrap failed (the lines above say why). If it could not download, check the network to $MIRROR.
$import_hint"
    fi
    echo "[ib-timing] debootstrap $(( $(now) - t0 )) s"
    # Debs are in debs/ already; keep them out of the tree and the tarball.
    rm -f "$tree"/var/cache/apt/archives/*.deb
    tar --numeric-owner --xattrs --xattrs-include='*' -I 'zstd -T0 -3' -cpf "$cached_tree.partial" -C "$tree" .
    mv -f "$cached_tree.partial" "$cached_tree"
    # Older trees (another recipe) are no longer of use.
    find "$cache_dir" -maxdepth 1 -name "debian-12-$ARCH-tree-*.tar.zst" ! -name "$(basename "$cached_tree")" -delete
fi

if [ "$tree_only" = 1 ]; then
    echo "$cached_tree"
    exit 0
fi

# --- 2: configure the tree ------------------------------------------------------------
step 2 "configuring the system (boot loader config, cloud-init, network, no user, no keys) ..."
t0=$(now)
root_uuid=$(cat /proc/sys/kernel/random/uuid)
in_tree() { chroot "$tree" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

cat >"$tree/etc/fstab" <<EOF
UUID=$root_uuid  /  ext4  rw,discard,errors=remount-ro  0  1
EOF
echo debian >"$tree/etc/hostname"
cat >"$tree/etc/hosts" <<'EOF'
127.0.0.1	localhost
127.0.1.1	debian

::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
cat >"$tree/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian $SUITE main
deb http://deb.debian.org/debian $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
EOF
# cloud-init writes eth0's config (DHCP by default) to interfaces.d.
mkdir -p "$tree/etc/network/interfaces.d"
cat >"$tree/etc/network/interfaces" <<'EOF'
# The interfaces come from cloud-init: /etc/network/interfaces.d/50-cloud-init
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
EOF
rm -f "$tree/etc/resolv.conf"   # debootstrap copied the host's; dhclient writes the guest's

# The locale cloud-init sets on first boot, made now so first boot does not wait for it.
sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' "$tree/etc/locale.gen"
in_tree locale-gen >/dev/null
echo 'LANG=en_US.UTF-8' >"$tree/etc/default/locale"

cat >"$tree/etc/cloud/cloud.cfg.d/99_imagebuilder.cfg" <<'EOF'
# Image Builder's Debian 12 base image: a NoCloud seed (a disk labelled cidata, or
# ds=nocloud-net on the SMBIOS serial: local builds), a config drive (a disk labelled
# config-2) or OpenStack's metadata service (Nova's SMBIOS product "OpenStack Nova": NHN
# Cloud, any OpenStack), else nothing. ds-identify checks each before the first boot, so
# a local VM never waits for a metadata service it does not have (issue 19: an image built
# from this and published to a cloud must receive the cloud's SSH key).
datasource_list: [ NoCloud, ConfigDrive, OpenStack, None ]
system_info:
  default_user:
    name: debian
    lock_passwd: true
    gecos: Debian
    groups: [adm, audio, cdrom, dialout, dip, floppy, netdev, plugdev, sudo, video]
    sudo: ["ALL=(ALL) NOPASSWD:ALL"]
    shell: /bin/bash
ssh_pwauth: false
disable_root: true
# /etc/hosts names the instance's hostname (sudo warns when it cannot resolve it).
manage_etc_hosts: true
EOF
rm -f "$tree/etc/cloud/cloud.cfg.d/90_dpkg.cfg"

# The boot loader. /vmlinuz and /initrd.img are the symlinks Debian keeps pointing at the
# newest kernel, so a kernel update inside a derived image still boots.
if [ ! -e "$tree/vmlinuz" ] || [ ! -e "$tree/initrd.img" ]; then
    die "the tree has no /vmlinuz or /initrd.img (did linux-image-$ARCH install?)"
fi
if [ "$ARCH" = arm64 ]; then
    # The ESP's files: systemd-boot as the removable-media loader UEFI looks for, one entry
    # booting at once, and the kernel (an EFI stub) and initrd beside it.
    esp=$work/esp
    mkdir -p "$esp/EFI/BOOT" "$esp/loader/entries"
    cp -- "$tree/usr/lib/systemd/boot/efi/systemd-bootaa64.efi" "$esp/EFI/BOOT/BOOTAA64.EFI" \
        || die "the tree has no systemd-bootaa64.efi (did systemd-boot-efi install?)"
    cp -L -- "$tree/vmlinuz" "$esp/vmlinuz"
    cp -L -- "$tree/initrd.img" "$esp/initrd.img"
    printf 'default debian.conf\ntimeout 0\n' >"$esp/loader/loader.conf"
    cat >"$esp/loader/entries/debian.conf" <<EOF
title   Debian 12 (bookworm)
linux   /vmlinuz
initrd  /initrd.img
options root=UUID=$root_uuid ro console=tty0 console=ttyAMA0,115200n8 net.ifnames=0 biosdevname=0
EOF
else
    mkdir -p "$tree/boot/extlinux"
    cat >"$tree/boot/extlinux/extlinux.conf" <<EOF
DEFAULT debian
PROMPT 0
TIMEOUT 1
LABEL debian
    LINUX /vmlinuz
    INITRD /initrd.img
    APPEND root=UUID=$root_uuid ro console=tty0 console=ttyS0,115200n8 net.ifnames=0 biosdevname=0
EOF
fi

# Nothing that must be unique per machine: machine-id, host keys, logs, caches.
: >"$tree/etc/machine-id"
rm -f "$tree/var/lib/dbus/machine-id"
rm -f "$tree"/etc/ssh/ssh_host_*
rm -rf "$tree"/var/lib/apt/lists/* "$tree"/var/cache/apt/*.bin "$tree"/var/lib/cloud/* "$tree"/tmp/* "$tree"/var/tmp/*
find "$tree/var/log" -type f -exec truncate -s 0 {} +
# No password for root, no user: cloud-init makes "debian" on first boot.
in_tree passwd -l root >/dev/null
echo "[ib-timing] configure $(( $(now) - t0 )) s"

# --- 3: partition table and file system -----------------------------------------------
raw=$work/disk.raw
if [ "$ARCH" = arm64 ]; then
    step 3 "making a ${size_mib} MiB disk: GPT, an EFI system partition and one ext4 partition from the tree ..."
    t0=$(now)
    truncate -s "$size_bytes" "$raw"
    # The root partition runs to the end but for the backup GPT (1 MiB is left for it).
    root_mib_bytes=$(( size_bytes - PART_OFFSET - 1048576 ))
    sfdisk --quiet --no-reread --no-tell-kernel "$raw" >/dev/null <<EOF || die "sfdisk could not write the partition table."
label: gpt
start=2048, size=$((ESP_MIB * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI system"
start=$((PART_OFFSET / 512)), size=$((root_mib_bytes / 512)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="root"
EOF
    mkfs.vfat -C -n EFI "$work/esp.img" $((ESP_MIB * 1024)) >/dev/null || die "mkfs.vfat failed to make the EFI system partition."
    mcopy -s -i "$work/esp.img" "$esp"/* ::/ || die "mcopy could not fill the EFI system partition."
    mkfs.ext4 -q -F -L debian-root -U "$root_uuid" -O ^metadata_csum_seed,^orphan_file \
        -E offset=$PART_OFFSET -d "$tree" "$raw" "$((root_mib_bytes / 1024))k" \
        || die "mkfs.ext4 failed to make the file system from the tree."
    echo "[ib-timing] filesystem $(( $(now) - t0 )) s"
    step 4 "writing the EFI system partition (systemd-boot, kernel, initrd) ..."
    t0=$(now)
    dd if="$work/esp.img" of="$raw" bs=1M seek=1 conv=notrunc,sparse status=none
    echo "[ib-timing] bootloader $(( $(now) - t0 )) s"
else
    step 3 "making a ${size_mib} MiB disk: MBR, one ext4 partition from the tree ..."
    t0=$(now)
    truncate -s "$size_bytes" "$raw"
    part_sectors=$(( (size_bytes - PART_OFFSET) / 512 ))
    le32() { printf '\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
    # One primary partition entry at byte 446: bootable, type 0x83 (Linux), LBA 2048 to the
    # end of the disk; CHS fields set to their "use LBA" maximum. Then the 0x55AA signature.
    {
        printf '\x80\xfe\xff\xff\x83\xfe\xff\xff'
        printf '%b' "$(le32 $((PART_OFFSET / 512)))" "$(le32 "$part_sectors")"
    } | dd of="$raw" bs=1 seek=446 conv=notrunc status=none
    printf '\x55\xaa' | dd of="$raw" bs=1 seek=510 conv=notrunc status=none
    # extlinux cannot read ext4 with 64bit; metadata_csum_seed and orphan_file would stop
    # older tools (and the initramfs's fsck) of other distributions from reading the disk.
    mkfs.ext4 -q -F -L debian-root -U "$root_uuid" -O ^64bit,^metadata_csum_seed,^orphan_file \
        -E offset=$PART_OFFSET -d "$tree" "$raw" "$(( (size_bytes - PART_OFFSET) / 1024 ))k" \
        || die "mkfs.ext4 failed to make the file system from the tree."
    echo "[ib-timing] filesystem $(( $(now) - t0 )) s"

    # --- 4: boot loader -------------------------------------------------------------------
    step 4 "installing extlinux and its MBR ..."
    t0=$(now)
    loopdev=$(losetup -f --show -o "$PART_OFFSET" --sizelimit "$((size_bytes - PART_OFFSET))" "$raw") \
        || die "no free loop device (losetup -f failed); extlinux must be installed on a mounted file system."
    mount -t ext4 "$loopdev" "$mnt" || die "could not mount the new file system ($loopdev)."
    extlinux --install "$mnt/boot/extlinux" >/dev/null 2>"$work/extlinux.log" \
        || { cat "$work/extlinux.log" >&2; die "extlinux --install failed."; }
    umount "$mnt"
    losetup -d "$loopdev"
    loopdev=""
    dd if="$mbr_bin" of="$raw" bs=440 count=1 conv=notrunc status=none
    echo "[ib-timing] bootloader $(( $(now) - t0 )) s"
fi

# --- 5: qcow2 ---------------------------------------------------------------------------
compression=zlib
if qemu-img create -q -f qcow2 -o compression_type=zstd "$work/probe.qcow2" 1M >/dev/null 2>&1; then
    compression=zstd
fi
step 5 "converting to a compressed qcow2 ($compression) ..."
t0=$(now)
opts=""
[ "$compression" = zstd ] && opts="-o compression_type=zstd"
# shellcheck disable=SC2086
qemu-img convert -f raw -O qcow2 -c $opts "$raw" "$cached_image.partial"
mv -f "$cached_image.partial" "$cached_image"
# Images of older versions of this script are stale now.
find "$cache_dir" -maxdepth 1 -name "debian-12-$ARCH-*.qcow2" ! -name "debian-12-$ARCH-$script_sha-*" -delete
hand_out
echo "[ib-timing] qcow2 $(( $(now) - t0 )) s"
echo "[ib-timing] image-total $(( $(now) - t_start )) s"
echo "Wrote $output ($(du -h --apparent-size "$output" | cut -f1) file, ${size_mib} MiB disk); cached as $cached_image"
