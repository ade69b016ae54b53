#!/bin/bash
# Proves the Debian 12 base image boots on its own and is reachable the way a build
# reaches it: builds the image (or takes it from the cache), boots an overlay of it under
# QEMU with a NoCloud seed served by QEMU's vvfat (a FAT disk labelled CIDATA, no ISO
# tools), connects with OpenSSH checking the pinned host key, checks sudo, cloud-init and
# systemd, powers off, then boots once more (second boot, no cloud-init first-boot work).
#
# Exit 0 pass, 1 fail, 77 skipped (not root, no QEMU). Needs root for the image build.
# Environment: IB_SOURCE_DIR, IB_CACHE_DIR (image cache), IB_VM_SSH_TIMEOUT (900 s), IB_VM_ACCEL (default: tcg here,
# see tests/vm/README.md), IB_VM_SECOND_BOOT=0 to skip the second boot, IB_VM_KEEP=1 to
# keep the temp folder (serial logs) for a post-mortem, IB_VM_BLAME=1 for systemd-analyze blame,
# IB_VM_SSH_RESTARTS=0 to boot without the seed's deliberate sshd restarts.
# A failure prints the serial console, the guest's sshd and cloud-init logs (while the VM
# still runs) and the test's own ssh -v lines.
set -euo pipefail

src=${IB_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
make_image=$src/packaging/base-image/make-debian-base-image.sh
# shellcheck source=vm-ssh.sh
. "$src/tests/vm/vm-ssh.sh"
# TCG on a 2-core host that others also load: 110 to 210 s were measured at load 5 to 9,
# and over 300 s at load 16 (the guest's kernel reached cloud-init at 200 s, its DHCP took
# 100 s more). A limit that catches a VM that never boots, not a slow one.
ssh_timeout=${IB_VM_SSH_TIMEOUT:-900}
disk_size=8G   # bigger than the 4G image: cloud-init's growpart must grow the root

say() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
now() { date +%s; }

[ "$(uname -s)" = Linux ] || skip "the base image is built on Linux only"
[ "$(id -u)" = 0 ] || skip "building the base image needs root (debootstrap, loop mount)"
for tool in qemu-system-x86_64 qemu-img ssh ssh-keygen ss; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (packaging/setup/deps.sh test)"
done

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/ib-vm-test.XXXXXX")
vm_ssh_log=$tmp
qemu_pid=""
# shellcheck disable=SC2317  # called from the EXIT trap
stop_qemu() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill "$qemu_pid" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$qemu_pid" 2>/dev/null
        wait "$qemu_pid" 2>/dev/null
    fi
    qemu_pid=""
}
# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
    local rc=$?
    set +e
    if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
        if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null && [ ${#vm_ssh_opts[@]} -gt 0 ]; then
            vm_post_mortem >&2
        elif [ -s "$tmp/ssh-debug.log" ]; then
            echo "---- the test's last ssh attempts (ssh -v, last 60 lines) ----" >&2
            tail -n 60 "$tmp/ssh-debug.log" >&2
        fi
    fi
    stop_qemu
    if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
        for log in "$tmp"/serial-*.log; do
            [ -f "$log" ] || continue
            echo "---- last 60 lines of $(basename "$log") ----" >&2
            tail -n 60 "$log" | tr -d '\r' >&2
        done
    fi
    if [ "${IB_VM_KEEP:-0}" = 1 ]; then
        echo "Kept $tmp"
    else
        rm -rf -- "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# --- the image ------------------------------------------------------------------------
say "base image (make-debian-base-image.sh; cached after the first run)"
t0=$(now)
"$make_image" "$tmp/base.qcow2" | tee "$tmp/make-image.log"
t_image=$(( $(now) - t0 ))
timing() { sed -n "s/^\[ib-timing\] $1 \([0-9]*\) s$/\1/p" "$tmp/make-image.log"; }

# The overlay points at our copy of the image, never at the cache.
qemu-img create -q -f qcow2 -F qcow2 -b "$tmp/base.qcow2" "$tmp/disk.qcow2" "$disk_size"

# --- keys and the NoCloud seed ----------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C ib-test-user -f "$tmp/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -C ib-test-host -f "$tmp/host_ed25519"
mkdir "$tmp/seed"
cat >"$tmp/seed/meta-data" <<EOF
instance-id: ib-test-$(date +%s)-$$
local-hostname: ib-test
EOF
{
    echo '#cloud-config'
    echo 'ssh_authorized_keys:'
    echo "  - $(cat "$tmp/id_ed25519.pub")"
    echo 'ssh_keys:'
    echo '  ed25519_private: |'
    sed 's/^/    /' "$tmp/host_ed25519"
    echo "  ed25519_public: $(cut -d' ' -f1,2 "$tmp/host_ed25519.pub")"
    # Deliberately what broke this test on a fresh machine: sshd restarting during
    # cloud-init's config stage. set-passwords restarts ssh.service when ssh_pwauth changes
    # sshd_config; on top of that, unless IB_VM_SSH_RESTARTS=0, the config stage's unit
    # starts by restarting ssh.service every 2 s for 90 s (a drop-in that bootcmd, in the
    # init stage, writes before the config stage starts): long enough that the checks
    # after the first login meet the restarts however the boot's timing falls.
    echo 'ssh_pwauth: false'
    if [ "${IB_VM_SSH_RESTARTS:-1}" != 0 ]; then
        cat <<'YAML'
bootcmd:
  - mkdir -p /run/systemd/system/cloud-config.service.d
  - printf '[Service]\nExecStartPre=/usr/bin/systemd-run --no-block --unit=ib-test-ssh-restarts /bin/sh -c "seq 45 | while read -r _; do systemctl restart ssh.service; sleep 2; done"\n' > /run/systemd/system/cloud-config.service.d/ib-test-ssh-restarts.conf
  - systemctl daemon-reload
YAML
    fi
} >"$tmp/seed/user-data"
cat >"$tmp/seed/network-config" <<'EOF'
version: 2
ethernets:
  eth0:
    dhcp4: true
EOF

# --- boot --------------------------------------------------------------------------------
port=""
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$(( 20000 + RANDOM % 40000 ))
        ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
    fail "no free TCP port found on 127.0.0.1"
}

accel=${IB_VM_ACCEL:-tcg,thread=multi}
cpu=max
[ "${accel%%,*}" = kvm ] && cpu=host

boot() {   # boot NAME: starts QEMU in the background, sets qemu_pid and port
    local name=$1 attempt
    for attempt in 1 2 3; do
        port=$(free_port)
        : >"$tmp/qemu-$name.log"
        qemu-system-x86_64 \
            -name "ib-test-$name" \
            -machine q35 -accel "$accel" -cpu "$cpu" -smp 2 -m 1024 \
            -nographic -monitor none -serial "file:$tmp/serial-$name.log" \
            -no-reboot \
            -drive "if=virtio,file=$tmp/disk.qcow2,format=qcow2,discard=unmap" \
            -drive "if=virtio,driver=vvfat,dir=$tmp/seed,label=CIDATA,readonly=on" \
            -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:22" \
            -device virtio-net-pci,netdev=net0 \
            -device virtio-rng-pci \
            </dev/null >"$tmp/qemu-$name.log" 2>&1 &
        qemu_pid=$!
        sleep 2
        kill -0 "$qemu_pid" 2>/dev/null && return 0
        wait "$qemu_pid" 2>/dev/null || true
        qemu_pid=""
        grep -q 'host forwarding' "$tmp/qemu-$name.log" || break   # not a port race
        echo "port $port was taken meanwhile; attempt $attempt failed, trying another"
    done
    cat "$tmp/qemu-$name.log" >&2
    fail "QEMU did not start (its output is above)"
}

echo "[127.0.0.1]:PORT $(cut -d' ' -f1,2 "$tmp/host_ed25519.pub")" >"$tmp/known_hosts.in"
waited=0
wait_for_ssh() {   # wait_for_ssh NAME START: sets waited to the seconds from START to a login
    local name=$1 start=$2 err=$tmp/ssh-wait.err
    sed "s/PORT/$port/" "$tmp/known_hosts.in" >"$tmp/known_hosts"
    vm_ssh_opts=(-o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes
        -o "UserKnownHostsFile=$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null
        -o HostKeyAlgorithms=ssh-ed25519 -o IdentitiesOnly=yes
        -i "$tmp/id_ed25519" -p "$port")
    while :; do
        if vm_once true 2>"$err"; then
            waited=$(( $(now) - start ))
            return 0
        fi
        cat "$tmp/ssh-attempt.log" >>"$err" 2>/dev/null || true
        if grep -qiE 'host key verification failed|identification has changed' "$err"; then
            cat "$err" >&2
            fail "$name boot: the VM's host key is not the one the seed pinned"
        fi
        kill -0 "$qemu_pid" 2>/dev/null || fail "$name boot: QEMU exited before SSH was reachable"
        [ $(( $(now) - start )) -lt "$ssh_timeout" ] || {
            cat "$err" >&2
            fail "$name boot: no SSH login within ${ssh_timeout} s (last ssh error above)"
        }
        sleep 2
    done
}
power_off() {   # power_off NAME: sudo poweroff, then QEMU must exit on its own
    local name=$1 t0
    t0=$(now)
    # 255 is normal once it ran (the link drops); before it ran (sshd restarting) it is sent again.
    vm sudo -n systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 120); do
        kill -0 "$qemu_pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$qemu_pid" 2>/dev/null; then
        fail "$name boot: QEMU still runs 120 s after poweroff"
    fi
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=""
    say "$name boot: powered off; QEMU exited after $(( $(now) - t0 )) s"
}

say "first boot (cloud-init makes the user, installs the pinned host key, grows the disk)"
t0=$(now)
boot first
wait_for_ssh first "$t0"
t_first=$waited
say "first boot: SSH as debian after ${t_first} s, host key matched the pinned one"

sudo_out=$(vm sudo -n true 2>&1) || {
    echo "$sudo_out" >&2
    fail "sudo -n true failed: the default user has no passwordless sudo"
}
[ -z "$sudo_out" ] || fail "sudo -n true works but complains: $sudo_out"
say "sudo -n true: ok"

ci_status=$(vm cloud-init status --wait --long 2>&1) || {
    echo "$ci_status" >&2
    vm "sudo -n grep -E 'WARNING|ERROR|Traceback' /var/log/cloud-init.log" >&2 || true
    fail "cloud-init status reports an error"
}
echo "$ci_status" | grep -q '^status: done' || { echo "$ci_status" >&2; fail "cloud-init did not finish (status is not done)"; }
say "cloud-init: done"
# The seed is what this boot used; the image also lists the clouds' datasources, so that an
# image built from it and published to NHN Cloud or OpenStack receives the cloud's key.
echo "$ci_status" | grep -q 'DataSourceNoCloud' || { echo "$ci_status" >&2; fail "cloud-init did not use the NoCloud seed"; }
ds_list=$(vm "grep -h '^datasource_list' /etc/cloud/cloud.cfg.d/99_imagebuilder.cfg")
for ds in NoCloud ConfigDrive OpenStack; do
    case "$ds_list" in *"$ds"*) ;; *) fail "the image's cloud-init lacks the $ds datasource: $ds_list" ;; esac
done
say "cloud-init datasources: ${ds_list#datasource_list: }"
if [ "${IB_VM_SSH_RESTARTS:-1}" != 0 ]; then
    restarts=$(vm "sudo -n journalctl -b --no-pager -u ib-test-ssh-restarts.service -u ssh.service | grep -c 'Stopped.*OpenBSD Secure Shell server' || true")
    say "sshd was restarted ${restarts:-0} times during the config stage (the test's seed asks for 45, 2 s apart)"
    [ "${restarts:-0}" -ge 3 ] || fail "the seed's deliberate sshd restarts did not happen: this run proves nothing about them"
fi
ci_warnings=$(vm "sudo -n grep -cE ' (WARNING|ERROR)' /var/log/cloud-init.log" || true)
if [ "${ci_warnings:-0}" != 0 ]; then
    echo "cloud-init.log has $ci_warnings warnings or errors (not failing on them):"
    vm "sudo -n grep -E ' (WARNING|ERROR)' /var/log/cloud-init.log" | head -n 10 || true
fi

state=$(vm systemctl is-system-running --wait 2>/dev/null || true)
if [ "$state" != running ]; then
    echo "systemctl is-system-running: $state; failed units:" >&2
    vm systemctl --failed --no-legend --plain >&2 || true
    fail "the system is '$state', not running"
fi
say "systemd: running, no failed unit"

root_bytes=$(vm df -B1 --output=size / | tail -n 1 | tr -d ' ')
[ "$root_bytes" -gt $((6 * 1024 * 1024 * 1024)) ] \
    || fail "the root file system is $root_bytes bytes: growpart/resizefs did not grow it to the $disk_size disk"
say "root file system grown to $((root_bytes / 1024 / 1024)) MiB on the $disk_size disk"

[ "$(vm cat /etc/machine-id)" != "" ] || fail "/etc/machine-id is empty after first boot"
vm systemd-analyze 2>/dev/null | head -n 1 || true
if [ "${IB_VM_BLAME:-0}" = 1 ]; then   # a minute under TCG on a busy host
    vm systemd-analyze blame 2>/dev/null | head -n 8 || true
fi
[ "$(vm id -un)" = debian ] || fail "the login user is not debian"
vm getent hosts deb.debian.org >/dev/null || echo "note: the guest cannot resolve deb.debian.org (DNS through slirp)"

power_off first

t_second=""
if [ "${IB_VM_SECOND_BOOT:-1}" = 1 ]; then
    say "second boot (same disk; cloud-init has nothing left to do)"
    t0=$(now)
    boot second
    wait_for_ssh second "$t0"
    t_second=$waited
    say "second boot: SSH as debian after ${t_second} s, same host key"
    power_off second
fi

echo
echo "PASS: the base image boots, cloud-init seeds it over vvfat, SSH with the pinned host key works"
echo "timings:"
deb=$(timing debootstrap); unpack=$(timing tree-unpack); built=$(timing image-total); copied=$(timing cached-copy)
[ -n "$deb" ] && echo "  debootstrap            ${deb} s"
[ -n "$unpack" ] && echo "  tree from cache        ${unpack} s"
[ -n "$built" ] && echo "  image build (total)    ${built} s"
[ -n "$copied" ] && echo "  image from cache       ${copied} s"
echo "  image step in the test ${t_image} s"
echo "  first boot to SSH      ${t_first} s"
[ -n "$t_second" ] && echo "  second boot to SSH     ${t_second} s"
exit 0
