#!/bin/bash
# Benchmark: the same build by Image Builder and by Packer (Debian's packer, qemu builder),
# same base image, accelerator, memory, CPUs and script, in one run; prints the ratio, our
# per-step times, and our overhead over the floor (bare boot to SSH + the script's own run
# time + the capture). Needs root (the base image script) and a built tree.
#   tests/bench/build/run.sh [BUILD_DIR]      (default ./build)
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
cli=$build/app/cli/imagebuilder-cli
[ -x "$cli" ] || { echo "build first: $cli is missing" >&2; exit 1; }
command -v packer >/dev/null || { echo "packer is missing: apt-get install packer" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (the base image script needs it)" >&2; exit 1; }

tmp=$(mktemp -d /var/tmp/ib-bench-build.XXXXXX)
qemu_pid=""
cleanup() { if [ -n "$qemu_pid" ]; then kill -KILL "$qemu_pid" 2>/dev/null || true; fi; pkill -KILL -f "$tmp/" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
export IMAGEBUILDER_DATA_DIR="$tmp/data" IMAGEBUILDER_DB="$tmp/store.sqlite" IMAGEBUILDER_ACCELERATOR=software
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$here/packaging/base-image/make-debian-base-image.sh" "$tmp/base.qcow2" >/dev/null
cat >"$tmp/user.sh" <<'SCRIPT'
#!/bin/bash -e
echo "benchmark script on $(hostname)"
sudo mkdir -p /opt/bench
sudo dd if=/dev/urandom of=/opt/bench/blob bs=1M count=200 status=none
echo finished | sudo tee /opt/bench/marker >/dev/null
SCRIPT
memory=2048 cpus=2 disk_gb=10

# --- Image Builder ---------------------------------------------------------------------
base=$("$cli" base-image import "$tmp/base.qcow2" --os debian:12 --user debian 2>/dev/null)
"$cli" template create --name bench --os debian:12 --min-storage "$disk_gb" --script "$tmp/user.sh" >/dev/null
t0=$(now)
"$cli" build start --template bench --image-name bench --base-image "$base" --follow >"$tmp/ours.log" 2>&1 \
    || { tail -n 30 "$tmp/ours.log"; echo "our build failed" >&2; exit 1; }
ours=$(since "$t0")
id=$(sed -n 's/^Build \([0-9a-f-]\{36\}\) succeeded.*/\1/p' "$tmp/ours.log")
"$cli" build show "$id" --json >"$tmp/ours.json"
steps=$(python3 - "$tmp/ours.json" <<'PY'
import json, sys
from datetime import datetime
d = json.load(open(sys.argv[1]))
def t(s): return datetime.fromisoformat(s.replace('Z', '+00:00'))
for s in d['steps']:
    if s['finishedAt']:
        print(f"{s['step']} {(t(s['finishedAt']) - t(s['startedAt'])).total_seconds():.1f}")
PY
)
step() { echo "$steps" | awk -v s="$1" '$1 == s { print $2 }'; }
ours_image=$("$cli" image list --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['location'])")

# --- the floor: the bare base image booted to SSH (first boot, cloud-init included) ----
mkdir -p "$tmp/floor/seed"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/key"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey"
{
    echo '#cloud-config'
    echo 'ssh_authorized_keys:'
    echo "  - $(cat "$tmp/key.pub")"
    echo 'ssh_keys:'
    echo '  ed25519_private: |'
    sed 's/^/    /' "$tmp/hostkey"
    echo "  ed25519_public: $(cut -d' ' -f1,2 "$tmp/hostkey.pub")"
} >"$tmp/floor/seed/user-data"
printf 'instance-id: floor\nlocal-hostname: floor\n' >"$tmp/floor/seed/meta-data"
qemu-img create -q -f qcow2 -F qcow2 -b "$tmp/base.qcow2" "$tmp/floor/disk.qcow2" "${disk_gb}G"
port=$(free_port)
t0=$(now)
qemu-system-x86_64 -machine q35 -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$memory" -nographic -monitor none \
    -serial null -drive "if=virtio,file=$tmp/floor/disk.qcow2,format=qcow2" \
    -drive "if=virtio,driver=vvfat,dir=$tmp/floor/seed,label=CIDATA,readonly=on" \
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 -device virtio-rng-pci \
    </dev/null >/dev/null 2>&1 &
qemu_pid=$!
until ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 \
    -i "$tmp/key" -p "$port" debian@127.0.0.1 true 2>/dev/null; do sleep 1; done
boot=$(since "$t0")
# The same VM on until cloud-init's first boot has finished (our "ready" step waits for it;
# the Packer template here does not).
until ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 \
    -i "$tmp/key" -p "$port" debian@127.0.0.1 'test -s /run/cloud-init/result.json' 2>/dev/null; do sleep 0.5; done
boot_ready=$(since "$t0")
kill -KILL "$qemu_pid"; wait "$qemu_pid" 2>/dev/null || true; qemu_pid=""

# --- Packer ------------------------------------------------------------------------------
# Its VM gets the same key through the same kind of NoCloud seed.
mkdir -p "$tmp/packer-seed"
cp "$tmp/floor/seed/user-data" "$tmp/packer-seed/user-data"
printf 'instance-id: packer\nlocal-hostname: packer\n' >"$tmp/packer-seed/meta-data"
cat >"$tmp/packer.json" <<JSON
{
  "builders": [{
    "type": "qemu",
    "iso_url": "$tmp/base.qcow2",
    "iso_checksum": "none",
    "disk_image": true,
    "use_backing_file": false,
    "disk_size": "${disk_gb}G",
    "format": "qcow2",
    "disk_compression": true,
    "disk_interface": "virtio",
    "net_device": "virtio-net",
    "machine_type": "q35",
    "accelerator": "tcg",
    "cpus": $cpus,
    "memory": $memory,
    "headless": true,
    "boot_wait": "1s",
    "communicator": "ssh",
    "ssh_username": "debian",
    "ssh_private_key_file": "$tmp/key",
    "ssh_timeout": "30m",
    "shutdown_command": "sudo systemctl poweroff",
    "output_directory": "$tmp/packer-out",
    "vm_name": "packer.qcow2",
    "qemuargs": [
      ["-cpu", "max"],
      ["-netdev", "user,id=user.0,hostfwd=tcp:127.0.0.1:{{ .SSHHostPort }}-:22"],
      ["-device", "virtio-net,netdev=user.0"],
      ["-drive", "file=$tmp/packer-out/packer.qcow2,if=virtio,cache=writeback,discard=ignore,format=qcow2"],
      ["-drive", "if=virtio,driver=vvfat,dir=$tmp/packer-seed,label=CIDATA,readonly=on"],
      ["-device", "virtio-rng-pci"]
    ]
  }],
  "provisioners": [{ "type": "shell", "script": "$tmp/user.sh" }]
}
JSON
t0=$(now)
(cd "$tmp" && PACKER_LOG=0 CHECKPOINT_DISABLE=1 packer build -color=false "$tmp/packer.json") >"$tmp/packer.log" 2>&1 \
    || { tail -n 40 "$tmp/packer.log"; echo "packer failed" >&2; exit 1; }
packer_time=$(since "$t0")

floor=$(awk -v b="$boot" -v s="$(step user-script)" -v c="$(step capture)" 'BEGIN { printf "%.1f", b + s + c }')
floor_ready=$(awk -v b="$boot_ready" -v s="$(step user-script)" -v c="$(step capture)" 'BEGIN { printf "%.1f", b + s + c }')
echo
echo "Local build, same base image, TCG, ${cpus} CPUs, ${memory} MB, ${disk_gb} GB disk, same user script"
printf '  %-44s %8s s\n' "Image Builder (zstd qcow2)" "$ours" "Packer $(packer version | head -n 1 | awk '{print $2}') qemu builder (zlib qcow2)" "$packer_time"
echo "  our steps:"
echo "$steps" | while read -r name secs; do printf '    %-20s %8s s\n' "$name" "$secs"; done
printf '  %-44s %8s MB\n' "our image" "$(( $(stat -c %s "$ours_image") / 1048576 ))" "Packer's image" "$(( $(stat -c %s "$tmp/packer-out/packer.qcow2") / 1048576 ))"
printf '  ratio ours/Packer wall time: %.2f (target <= 0.70)\n' "$(awk -v a="$ours" -v b="$packer_time" 'BEGIN { print a / b }')"
printf '  floor = bare boot to SSH %s s + script %s s + capture %s s = %s s\n' "$boot" "$(step user-script)" "$(step capture)" "$floor"
printf '  overhead over the floor: %.0f %% (target <= 10 %%)\n' "$(awk -v a="$ours" -v f="$floor" 'BEGIN { print (a / f - 1) * 100 }')"
printf '  with cloud-init done: bare boot %s s; floor %s s; overhead over it %.0f %%\n' "$boot_ready" "$floor_ready" \
    "$(awk -v a="$ours" -v f="$floor_ready" 'BEGIN { print (a / f - 1) * 100 }')"
