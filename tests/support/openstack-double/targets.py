"""SSH targets behind the double's servers: chroot trees with sshd, or QEMU VMs.

Every method that starts a long-lived process runs on the double's main thread (see
Scheduler in double_common.py): the processes get PR_SET_PDEATHSIG=SIGKILL, which the
kernel ties to the thread that forked them, so they die with the double even on kill -9.
"""

import ctypes
import fcntl
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import threading
import time

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill_tree(pid, timeout=5.0):
    """SIGKILL a process and every descendant, then wait until all are gone."""
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    for p in seen:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.02)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    return r.stdout


def log(*a):
    print("openstack-double:", *a, file=__import__("sys").stderr, flush=True)


# The namespace's init: mounts the server's overlay and its own /proc, /sys, /dev, /run,
# plays cloud-init once per instance, then becomes sshd (PID 1 of the namespace). When it
# dies the kernel kills everything in the PID namespace and the mounts go with the mount
# namespace: nothing of it is ever visible on the host.
_CHROOT_INIT = r"""
set -eu
M=$IB_MERGED
mount -t overlay overlay -o "lowerdir=$IB_LOWER,upperdir=$IB_UPPER,workdir=$IB_WORK" "$M"
mount -t proc proc "$M/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$M/sys"
mount -t tmpfs -o mode=755,size=16m,nosuid tmpfs "$M/dev"
for d in null zero full random urandom tty; do
    : >"$M/dev/$d"; mount --bind "/dev/$d" "$M/dev/$d"
done
mkdir -p "$M/dev/pts" "$M/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$M/dev/pts"
ln -s pts/ptmx "$M/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$M/dev/shm"
ln -s /proc/self/fd "$M/dev/fd"
ln -s /proc/self/fd/0 "$M/dev/stdin"; ln -s /proc/self/fd/1 "$M/dev/stdout"; ln -s /proc/self/fd/2 "$M/dev/stderr"
mount -t tmpfs -o mode=755,size=64m,nosuid,nodev tmpfs "$M/run"
mkdir -p "$M/run/sshd" "$M/run/lock" "$M/run/ib-double" "$M/run/cloud-init"
cp "$IB_SEED/sshd_config" "$M/run/ib-double/sshd_config"
cp "$IB_SEED/status.json" "$IB_SEED/result.json" "$M/run/cloud-init/"
hostname "$IB_HOSTNAME"
in_tree() { chroot "$M" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# systemd makes a machine id on every boot when the file is empty
if [ ! -s "$M/etc/machine-id" ]; then tr -d - </proc/sys/kernel/random/uuid >"$M/etc/machine-id"; fi
if [ ! -e "$IB_SERVER_DIR/cloud-init.done" ]; then
    echo "cloud-init (double): instance $IB_INSTANCE_ID, default user $IB_USER"
    if ! in_tree getent passwd "$IB_USER" >/dev/null; then
        groups=""
        for g in adm sudo wheel; do in_tree getent group $g >/dev/null && groups="$groups,$g"; done
        in_tree useradd -m -s /bin/bash ${groups:+-G "${groups#,}"} "$IB_USER"
    fi
    in_tree usermod -p '*' "$IB_USER"   # locked accounts are refused by sshd without PAM
    mkdir -p "$M/etc/sudoers.d"
    echo "$IB_USER ALL=(ALL) NOPASSWD:ALL" >"$M/etc/sudoers.d/90-cloud-init-users"
    chmod 0440 "$M/etc/sudoers.d/90-cloud-init-users"
    home=$(in_tree getent passwd "$IB_USER" | cut -d: -f6)
    in_tree install -d -m 0700 -o "$IB_USER" -g "$IB_USER" "$home/.ssh"
    install -m 0600 "$IB_SEED/authorized_keys" "$M$home/.ssh/authorized_keys"
    in_tree chown "$IB_USER:$IB_USER" "$home/.ssh/authorized_keys"
    rm -f "$M"/etc/ssh/ssh_host_*
    for f in "$IB_SEED"/ssh_host_*_key; do
        install -m 0600 "$f" "$M/etc/ssh/"; install -m 0644 "$f.pub" "$M/etc/ssh/"
    done
    echo "$IB_HOSTNAME" >"$M/etc/hostname"
    grep -q " $IB_HOSTNAME\$" "$M/etc/hosts" 2>/dev/null || echo "127.0.1.1 $IB_HOSTNAME" >>"$M/etc/hosts"
    mkdir -p "$M/var/lib/cloud/data" "$M/var/lib/cloud/instances/$IB_INSTANCE_ID"
    echo "$IB_INSTANCE_ID" >"$M/var/lib/cloud/data/instance-id"
    ln -sfn "/var/lib/cloud/instances/$IB_INSTANCE_ID" "$M/var/lib/cloud/instance"
    date >"$M/var/lib/cloud/instances/$IB_INSTANCE_ID/boot-finished"
    touch "$IB_SERVER_DIR/cloud-init.done"
fi
echo "sshd on $IB_ADDRESS"
# PID 1 must be inside the tree (else /proc/1/root leads out of it) and must keep a readable
# environment (sshd rewrites its own for its process title; cloud-init reads /proc/1/environ).
exec chroot "$M" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin container=ib-double \
    /bin/sh -c '/usr/sbin/sshd -D -e -f /run/ib-double/sshd_config & wait'
"""


class ChrootTargets:
    kind = "chroot"

    def __init__(self, workdir, ssh_port, tree_tarball):
        self.workdir = workdir
        self.ssh_port = ssh_port
        self.procs = {}  # server id -> Popen of unshare
        self.base_tree = self._unpacked(tree_tarball)

    @staticmethod
    def _unpacked(tarball):
        """The tarball unpacked once per cache and shared: it is only ever an overlay's lower
        layer, which overlayfs never writes. Unpacking takes 3 to 10 s, removing it as long."""
        cache = os.path.join(os.environ.get("IB_CACHE_DIR") or os.path.expanduser("~/.cache/imagebuilder"),
                             "openstack-double")
        os.makedirs(cache, exist_ok=True)
        name = os.path.basename(tarball).split(".tar")[0]
        tree = os.path.join(cache, name)
        with open(os.path.join(cache, ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not os.path.exists(tree + ".complete"):
                t0 = time.monotonic()
                shutil.rmtree(tree, ignore_errors=True)
                os.makedirs(tree)
                run(["tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-I", "zstd -d -T0",
                     "-xpf", tarball, "-C", tree])
                open(tree + ".complete", "w").close()
                log(f"unpacked {tarball} into {tree} in {time.monotonic() - t0:.1f} s")
                # trees of tarballs that are gone (another recipe) are of no more use
                for other in os.listdir(cache):
                    if other.endswith(".complete") and other != name + ".complete":
                        os.remove(os.path.join(cache, other))
                        shutil.rmtree(os.path.join(cache, other[:-len(".complete")]), ignore_errors=True)
        return tree

    def base_data(self, image_name):
        return {"layers": [self.base_tree]}

    def disk_dirs(self, disk_dir):
        return os.path.join(disk_dir, "upper"), os.path.join(disk_dir, "work")

    def prepare(self, server, image, disk_dir, size_gb):
        """Makes the server's disk. Any thread."""
        upper, work = self.disk_dirs(disk_dir)
        os.makedirs(upper, exist_ok=True)
        os.makedirs(work, exist_ok=True)
        with open(os.path.join(disk_dir, "layers.json"), "w") as f:
            json.dump(image["data"]["layers"], f)

    def ensure(self, server, want_running, address):
        """Main thread. Makes the target match: running with sshd on address, or stopped."""
        sid = server["id"]
        proc = self.procs.get(sid)
        want = want_running and address
        if proc is not None and (not want or proc.poll() is not None or server.get("_listening") != address):
            self._kill(sid)
            proc = None
        if want and proc is None:
            self._start(server, address)

    def _start(self, server, address):
        sdir = server["_dir"]
        disk_dir = server["_disk_dir"]
        seed = os.path.join(sdir, "seed")
        upper, work = self.disk_dirs(disk_dir)
        with open(os.path.join(disk_dir, "layers.json")) as f:
            layers = json.load(f)
        merged = os.path.join(sdir, "merged")
        os.makedirs(merged, exist_ok=True)
        # overlayfs: the first lowerdir is the top one
        lower = ":".join(reversed(layers))
        keys = sorted(f for f in os.listdir(seed) if f.startswith("ssh_host_") and f.endswith("_key"))
        config = [f"Port {self.ssh_port}", f"ListenAddress {address}"]
        config += [f"HostKey /etc/ssh/{k}" for k in keys]
        config += ["PidFile none", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                   "UsePAM no", "PermitRootLogin no", "AuthorizedKeysFile .ssh/authorized_keys",
                   "UseDNS no", "MaxStartups 100", "MaxSessions 100", "AcceptEnv LANG LC_*",
                   "Subsystem sftp internal-sftp", ""]
        with open(os.path.join(seed, "sshd_config"), "w") as f:
            f.write("\n".join(config))
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "IB_MERGED": merged, "IB_LOWER": lower,
               "IB_UPPER": upper, "IB_WORK": work, "IB_SEED": seed, "IB_SERVER_DIR": sdir,
               "IB_USER": server["_login_user"], "IB_HOSTNAME": server["_hostname"],
               "IB_INSTANCE_ID": server["id"], "IB_ADDRESS": address}
        logf = open(os.path.join(sdir, "console.log"), "ab")
        proc = subprocess.Popen(
            ["unshare", "--mount", "--pid", "--uts", "--ipc", "--fork", "--kill-child", "--propagation", "private",
             "/bin/sh", "-c", _CHROOT_INIT],
            env=env, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent, close_fds=True)
        logf.close()
        self.procs[server["id"]] = proc
        server["_listening"] = address
        server["_target_pid"] = proc.pid
        log(f"server {server['id']}: chroot target pid {proc.pid} on {address}:{self.ssh_port}")

    def _kill(self, sid):
        proc = self.procs.pop(sid, None)
        if proc is None:
            return
        _kill_tree(proc.pid)
        proc.wait()

    def stop(self, server, done):
        """Main thread. Stops the target, then calls done() (any thread)."""
        self.ensure(server, False, None)
        server["_listening"] = None
        done()

    def snapshot(self, server, image_dir):
        """Worker thread. Saves the server's disk; returns (data, size in bytes)."""
        upper, _ = self.disk_dirs(server["_disk_dir"])
        with open(os.path.join(server["_disk_dir"], "layers.json")) as f:
            layers = json.load(f)
        layer = os.path.join(image_dir, "layer")
        run(["cp", "-a", "--reflink=auto", upper, layer])
        size = int(run(["du", "-sb", layer]).split()[0])
        return {"layers": layers + [layer]}, size

    def destroy(self, server):
        """Main thread."""
        self._kill(server["id"])
        server["_listening"] = None

    def running(self):
        return [{"server_id": sid, "pid": p.pid, "kind": self.kind} for sid, p in self.procs.items() if p.poll() is None]

    def shutdown(self):
        for sid in list(self.procs):
            self._kill(sid)


class VmTargets:
    kind = "vm"

    def __init__(self, workdir, ssh_port, base_image):
        self.workdir = workdir
        self.ssh_port = ssh_port
        self.base_image = base_image
        self.procs = {}

    def base_data(self, image_name):
        return {"file": self.base_image} if self.base_image and "Debian 12" in image_name else {}

    def prepare(self, server, image, disk_dir, size_gb):
        if not image["data"].get("file"):
            raise RuntimeError(f"the image {image['name']} has no disk file in this double (vm mode)")
        overlay = os.path.join(disk_dir, "disk.qcow2")
        run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image["data"]["file"], overlay])
        virtual = json.loads(run(["qemu-img", "info", "--output=json", overlay]))["virtual-size"]
        if size_gb and size_gb * 1024 ** 3 > virtual:
            run(["qemu-img", "resize", "-q", overlay, f"{size_gb}G"])

    def ensure(self, server, want_running, address):
        sid = server["id"]
        proc = self.procs.get(sid)
        if proc is not None and proc.poll() is not None:
            self.procs.pop(sid)
            proc = None
            server["_listening"] = None
        if not want_running:
            if proc is not None:
                _kill_tree(proc.pid)
                proc.wait()
                self.procs.pop(sid, None)
            server["_listening"] = None
            return
        if proc is None:
            self._boot(server)
        current = server.get("_listening")
        if current != address:
            if current:
                self._monitor(server, f"hostfwd_remove n0 tcp:{current}:{self.ssh_port}")
            if address:
                self._monitor(server, f"hostfwd_add n0 tcp:{address}:{self.ssh_port}-:22")
            server["_listening"] = address

    def _boot(self, server):
        sdir = server["_dir"]
        seed = os.path.join(sdir, "seed")
        cidata = os.path.join(sdir, "cidata")
        os.makedirs(cidata, exist_ok=True)
        shutil.copy(os.path.join(seed, "user-data"), cidata)
        shutil.copy(os.path.join(seed, "meta-data"), cidata)
        mon = os.path.join(sdir, "monitor.sock")
        server["_monitor"] = mon
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg,thread=multi", "-cpu", "max",
               "-smp", "2", "-m", "2048", "-nodefaults", "-display", "none",
               "-serial", "file:" + os.path.join(sdir, "console.log"),
               "-monitor", f"unix:{mon},server=on,wait=off",
               "-drive", f"if=virtio,file={os.path.join(server['_disk_dir'], 'disk.qcow2')},format=qcow2",
               "-drive", f"if=virtio,driver=vvfat,dir={cidata},label=CIDATA,readonly=on",
               "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"]
        logf = open(os.path.join(sdir, "qemu.log"), "ab")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent, close_fds=True)
        logf.close()
        self.procs[server["id"]] = proc
        server["_target_pid"] = proc.pid
        server["_listening"] = None
        for _ in range(100):
            if os.path.exists(mon):
                break
            time.sleep(0.05)
        log(f"server {server['id']}: QEMU pid {proc.pid}")

    def _monitor(self, server, command):
        for _ in range(50):
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(server["_monitor"])
                    s.settimeout(5)
                    s.sendall(command.encode() + b"\n")
                    time.sleep(0.3)
                    out = s.recv(65536).decode(errors="replace")
                    log(f"server {server['id']}: QEMU monitor: {command}")
                    return out
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"QEMU monitor of {server['id']} did not answer")

    def stop(self, server, done):
        proc = self.procs.get(server["id"])
        if proc is None or proc.poll() is not None:
            self.procs.pop(server["id"], None)
            server["_listening"] = None
            done()
            return
        self._monitor(server, "system_powerdown")

        def wait():
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                _kill_tree(proc.pid)
                proc.wait()
            server["_listening"] = None
            done()

        threading.Thread(target=wait, daemon=True).start()

    def snapshot(self, server, image_dir):
        out = os.path.join(image_dir, "disk.qcow2")
        run(["qemu-img", "convert", "-U", "-O", "qcow2", os.path.join(server["_disk_dir"], "disk.qcow2"), out])
        return {"file": out}, os.path.getsize(out)

    def destroy(self, server):
        self.ensure(server, False, None)

    def running(self):
        return [{"server_id": sid, "pid": p.pid, "kind": self.kind} for sid, p in self.procs.items() if p.poll() is None]

    def shutdown(self):
        for sid, proc in list(self.procs.items()):
            _kill_tree(proc.pid)
            proc.wait()
        self.procs.clear()


class NoTargets:
    kind = "none"

    def __init__(self, *a):
        pass

    def base_data(self, image_name):
        return {}

    def prepare(self, server, image, disk_dir, size_gb):
        pass

    def ensure(self, server, want_running, address):
        server["_listening"] = address if want_running else None

    def stop(self, server, done):
        server["_listening"] = None
        done()

    def snapshot(self, server, image_dir):
        return {}, 0

    def destroy(self, server):
        server["_listening"] = None

    def running(self):
        return []

    def shutdown(self):
        pass


def shell_quote(s):
    return shlex.quote(s)
