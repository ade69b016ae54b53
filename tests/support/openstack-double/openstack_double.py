#!/usr/bin/python3
"""OpenStack / NHN Cloud API double for Image Builder's tests. See README.md next to it."""

# The double is split by service (the house rule: no file over 600 lines); every name stays
# importable from here:
#   double_common.py    ApiError, error_body, Scheduler, log, iso, new_id, the key/cloud-config parsers
#   double_keystone.py  class Double's tokens and catalogs     double_nova.py    key pairs, servers
#   double_glance.py    images (captures, list, PATCH)         double_cinder.py  volumes
#   double_control.py   faults, the resources view, image files
#   router.py           class Router: identity, version discovery, the services' entry; its paths in
#                       router_nova.py, router_glance.py, router_neutron.py, router_cinder.py,
#                       router_control.py (/_double)

import argparse
import http.server
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import targets as targets_mod  # noqa: E402
import glance_upload  # noqa: E402
import nhn_mode  # noqa: E402

# The rest of the double (see the list above).
from double_common import (  # noqa: E402,F401
    NOVA_KINDS, NOVA_MAX_MICROVERSION, TITLES, UUID_NS, ApiError, Scheduler, error_body, has_xattr, iso,
    is_whiteout, log, new_id, parse_cloud_config, parse_public_key, safe_hostname, yaml)
from double_cinder import CinderDouble  # noqa: E402
from double_control import ControlDouble  # noqa: E402
from double_glance import GlanceDouble  # noqa: E402
from double_keystone import KeystoneDouble  # noqa: E402
from double_nova import NovaDouble  # noqa: E402
from router import Router  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


class Double(KeystoneDouble, NovaDouble, CinderDouble, GlanceDouble, ControlDouble):
    def __init__(self, args, url, ssh_port, workdir):
        self.args = args
        self.url = url
        self.ssh_port = ssh_port
        self.workdir = workdir
        self.lock = threading.RLock()
        self.sched = Scheduler()
        self.settings = {
            "token_lifetime": args.token_lifetime, "build_delay": args.build_delay, "stop_delay": args.stop_delay,
            "delete_delay": args.delete_delay, "image_queued_delay": args.image_queued_delay,
            "image_saving_delay": args.image_saving_delay, "image_page_size": args.image_page_size,
            "upload_delay": args.upload_delay}
        self.regions = [r.strip() for r in args.regions.split(",") if r.strip()]
        self.tenant_id = args.tenant_id
        self.tenant_name = "ibtest-project"
        self.user_id = "a3f7c0de5b6a4b0e9e1c2d3f4a5b6c7d"
        self.username = "ibtest@example.com"
        self.password = args.password or secrets.token_urlsafe(12)
        self.tokens = {}
        self.servers, self.keypairs, self.images, self.volumes = {}, {}, {}, {}
        self.ports, self.fips, self.sgs, self.sg_rules = {}, {}, {}, {}
        self.networks, self.subnets, self.flavors, self.routers = {}, {}, {}, {}
        self.faults = []
        self.fault_seq = itertools.count(1)
        self.requests = []
        self.req_seq = itertools.count(1)
        self.fip_seq = itertools.count(1)
        self.ip_seq = itertools.count(5)
        if args.targets == "chroot":
            # IB_DOUBLE_TREE_TARBALL: a tarball already made (the script waits on its lock while
            # another run builds a base image).
            tarball = args.tree_tarball or os.environ.get("IB_DOUBLE_TREE_TARBALL") or self._tree_tarball()
            self.targets = targets_mod.ChrootTargets(workdir, ssh_port, tarball)
        elif args.targets == "vm":
            self.targets = targets_mod.VmTargets(workdir, ssh_port, args.base_image)
        else:
            self.targets = targets_mod.NoTargets()
        self.nhn = getattr(args, "mode", "openstack") == "nhn"
        self._seed()
        if self.nhn:
            nhn_mode.seed(self)  # NHN's documented seed data (README, "NHN mode")

    # ---------------------------------------------------------------- seed data
    def _tree_tarball(self):
        script = os.path.join(SOURCE_ROOT, "packaging", "base-image", "make-debian-base-image.sh")
        r = subprocess.run([script, "--print-tree-cache"], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"openstack-double: {script} --print-tree-cache failed:\n{r.stderr}")
        return r.stdout.strip().splitlines()[-1]

    def _seed(self):
        t0 = time.time() - 86400 * 30
        net = {"id": str(uuid.uuid5(UUID_NS, "default-network")), "name": "Default Network", "status": "ACTIVE",
               "admin_state_up": True, "shared": False, "router:external": False, "tenant_id": self.tenant_id,
               "project_id": self.tenant_id, "mtu": 1450, "port_security_enabled": True, "tags": [],
               "created_at": iso(t0), "updated_at": iso(t0), "revision_number": 1}
        sub = {"id": str(uuid.uuid5(UUID_NS, "default-subnet")), "name": "Default Network", "network_id": net["id"],
               "cidr": "192.168.0.0/24", "ip_version": 4, "gateway_ip": "192.168.0.1", "enable_dhcp": True,
               "allocation_pools": [{"start": "192.168.0.2", "end": "192.168.0.254"}],
               "dns_nameservers": [], "host_routes": [], "tenant_id": self.tenant_id, "project_id": self.tenant_id,
               "created_at": iso(t0), "updated_at": iso(t0), "revision_number": 0, "tags": []}
        net["subnets"] = [sub["id"]]
        pub = {"id": str(uuid.uuid5(UUID_NS, "public-network")), "name": "Public Network", "status": "ACTIVE",
               "admin_state_up": True, "shared": False, "router:external": True, "tenant_id": "nhncloud",
               "project_id": "nhncloud", "mtu": 1500, "subnets": [], "tags": [], "port_security_enabled": True,
               "created_at": iso(t0), "updated_at": iso(t0), "revision_number": 1}
        for n in (net, pub):
            self.networks[n["id"]] = n
        self.subnets[sub["id"]] = sub
        self.default_network = net
        # The tenant network routed to the internet gateway (a floating IP reaches it).
        router = {"id": str(uuid.uuid5(UUID_NS, "default-router")), "name": "Default Router", "status": "ACTIVE",
                  "admin_state_up": True, "tenant_id": self.tenant_id, "project_id": self.tenant_id,
                  "external_gateway_info": {"network_id": pub["id"], "enable_snat": True},
                  "routes": [], "description": "", "tags": [], "_seeded": True, "_subnets": [sub["id"]]}
        self.routers[router["id"]] = router
        sg = self._new_sg("default", "Default security group", seeded=True)
        for rule in self._default_ingress_rules(sg["id"]):
            self.sg_rules[rule["id"]] = rule
        for fid, name, vcpus, ram, disk in (
                ("8b0bd3aa-8d9a-4d8f-8a8a-1c2d9a0f0001", "m2.c1m2", 1, 2048, 0),
                ("8b0bd3aa-8d9a-4d8f-8a8a-1c2d9a0f0002", "m2.c2m4", 2, 4096, 0),
                ("8b0bd3aa-8d9a-4d8f-8a8a-1c2d9a0f0003", "u2.c2m4", 2, 4096, 40),
                ("8b0bd3aa-8d9a-4d8f-8a8a-1c2d9a0f0004", "u2.c4m8", 4, 8192, 80)):
            self.flavors[fid] = {"id": fid, "name": name, "vcpus": vcpus, "ram": ram, "disk": disk, "swap": "",
                                 "OS-FLV-EXT-DATA:ephemeral": 0, "OS-FLV-DISABLED:disabled": False,
                                 "os-flavor-access:is_public": True, "rxtx_factor": 1.0}
        seeded = [
            ("Debian 11.9 Bullseye (2024.03.12)", "linux", "debian", "11", "debian", 10, t0),
            ("Ubuntu Server 20.04.6 LTS (2024.03.12)", "linux", "ubuntu", "20.04", "ubuntu", 10, t0 + 60),
            ("Rocky Linux 9.3 (2024.03.12)", "linux", "rocky", "9.3", "rocky", 10, t0 + 120),
            ("Windows 2022 STD (2024.03.12) KO", "windows", "windows", "2022 STD", "Administrator", 50, t0 + 180),
            ("Ubuntu Server 22.04.4 LTS (2024.03.12)", "linux", "ubuntu", "22.04", "ubuntu", 10, t0 + 240),
            ("Ubuntu Server 24.04 LTS (2024.05.21)", "linux", "ubuntu", "24.04", "ubuntu", 10, t0 + 300),
            ("Debian 12.5 Bookworm (2024.03.12)", "linux", "debian", "12", "debian", 4, t0 + 360),
        ]
        for name, os_type, distro, version, login, min_disk, created in seeded:
            iid = str(uuid.uuid5(UUID_NS, name))
            data = self.targets.base_data(name) if os_type == "linux" else {}
            props = {"os_type": os_type, "os_distro": distro, "os_version": version, "os_architecture": "x86_64",
                     "login_username": login, "hypervisor_type": "kvm", "nhn_image_type": "public",
                     "description": name}
            self.images[iid] = self._image_record(iid, name, "public", "nhncloud", props, min_disk=min_disk,
                                                  status="active", size=300 * 1024 ** 2, created=created,
                                                  seeded=True, data=data)

    def _image_record(self, iid, name, visibility, owner, props, min_disk=0, status="queued", size=None,
                      created=None, seeded=False, data=None):
        created = created or time.time()
        return {"id": iid, "name": name, "status": status, "visibility": visibility, "protected": False,
                "owner": owner, "container_format": "bare", "disk_format": "qcow2", "size": size,
                "virtual_size": None, "min_disk": min_disk, "min_ram": 0, "checksum": None, "os_hash_algo": None,
                "os_hash_value": None, "tags": [], "created_at": created, "updated_at": created, "props": dict(props),
                "_seeded": seeded, "data": data or {}, "_hang": False}

    def _new_sg(self, name, description, seeded=False):
        sid = new_id()
        sg = {"id": sid, "name": name, "description": description, "tenant_id": self.tenant_id,
              "project_id": self.tenant_id, "created_at": iso(), "updated_at": iso(), "revision_number": 1,
              "tags": [], "stateful": True, "_seeded": seeded}
        self.sgs[sid] = sg
        for eth in ("IPv4", "IPv6"):
            rule = self._rule_record(sid, "egress", eth, None, None, None, None, None, "", seeded)
            self.sg_rules[rule["id"]] = rule
        return sg

    def _default_ingress_rules(self, sg_id):
        return [self._rule_record(sg_id, "ingress", eth, None, None, None, None, sg_id, "", True)
                for eth in ("IPv4", "IPv6")]

    def _rule_record(self, sg_id, direction, ethertype, protocol, pmin, pmax, prefix, remote_group, desc, seeded):
        return {"id": new_id(), "security_group_id": sg_id, "direction": direction, "ethertype": ethertype,
                "protocol": protocol, "port_range_min": pmin, "port_range_max": pmax, "remote_ip_prefix": prefix,
                "remote_group_id": remote_group, "description": desc, "tenant_id": self.tenant_id,
                "project_id": self.tenant_id, "created_at": iso(), "updated_at": iso(), "revision_number": 0,
                "_seeded": seeded}

    def shutdown(self):
        self.targets.shutdown()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "openstack-double/1"
    router = None  # set in main
    double = None
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            log(fmt % args)

    def _handle(self):
        d = self.double
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        parts = [p for p in path.split("/") if p]
        if self.command == "PUT" and len(parts) == 6 and parts[1] == "image" and parts[2:4] == ["v2", "images"] \
                and parts[5] == "file":
            self._upload(parts, path, split)
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        control = parts[:1] == ["_double"]
        service = "double" if control else ("identity" if parts[:1] in (["v2.0"], ["v3"], []) else
                                            (parts[1] if len(parts) > 1 else "identity"))
        extra = {}
        try:
            body = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise ApiError(400, "Malformed request body: not JSON.")
            if control:
                status, out, extra = self.router.control(self.command, parts, query, body)
            else:
                service, status, out, extra = self.router.dispatch(self.command, path, query, body, self.headers, raw)
        except ApiError as e:
            status = e.status
            extra = e.headers
            ctype, data = error_body("identity" if status == 401 and not control else service, e)
            self._send(status, data, ctype, extra)
            self._record(service, path, split.query, status)
            return
        except Exception:
            log("internal error:\n" + traceback.format_exc())
            status = 500
            ctype, data = error_body(service, ApiError(500, "The double failed: " + traceback.format_exc(limit=3)))
            self._send(status, data, ctype, {})
            self._record(service, path, split.query, status)
            return
        if isinstance(out, bytes):
            ctype = extra.pop("Content-Type", "application/octet-stream")
            data = out
        elif out is None:
            ctype, data = "application/json", b""
        else:
            ctype, data = "application/json", json.dumps(out).encode()
        self._send(status, data, ctype, extra)
        if not control:
            self._record(service, path, split.query, status)

    def _upload(self, parts, path, split):
        """Glance's image data upload, read from the socket as a stream (glance_upload.py)."""
        d = self.double
        try:
            if parts[0].upper() not in [r.upper() for r in d.regions]:
                raise ApiError(404, f"No such path: {path}")
            d.check_token(self.headers)
            if fault := d.take("http_error", lambda f: f.get("method", "PUT").upper() == "PUT" and
                               re.search(f.get("path_regex", ".*"), "/" + "/".join(parts[2:])) is not None):
                raise ApiError(int(fault["status"]), fault["message"], kind="proxy-html" if fault.get("html") else None)
            result = glance_upload.upload(self, d, parts[4], self.headers, ApiError)
        except ApiError as e:
            self.close_connection = True  # the body was not read
            ctype, data = error_body("identity" if e.status == 401 else "image", e)
            self._send(e.status, data, ctype, e.headers)
            self._record("image", path, split.query, e.status)
            return
        if result is glance_upload.DROP:
            self.close_connection = True
            self._record("image", path, split.query, 0)
            return
        status, _, extra = result
        self._send(status, b"", "application/json", extra)
        self._record("image", path, split.query, status)

    def _record(self, service, path, query, status):
        d = self.double
        if path.startswith("/_double"):
            return
        with d.lock:
            d.requests.append({"seq": next(d.req_seq), "time": time.time(), "method": self.command, "path": path,
                               "query": query, "service": service, "status": status,
                               "token": self.headers.get("X-Auth-Token")})

    def _send(self, status, data, ctype, headers):
        self.send_response(status)
        if data or status not in (204, 304):
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Openstack-Request-Id", "req-" + str(uuid.uuid4()))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unmount_below(path):
    """Lazily unmounts anything still mounted below path (never expected: mounts live in namespaces)."""
    try:
        with open("/proc/self/mountinfo") as f:
            points = [line.split()[4] for line in f]
    except OSError:
        return
    for p in sorted((p for p in points if p.startswith(path.rstrip("/") + "/")), key=len, reverse=True):
        subprocess.run(["umount", "-l", p], capture_output=True)


WORKDIR_PREFIX = "ib-osdouble-"
PID_FILE = ".double-pid"


def sweep_stale_workdirs(root="/var/tmp", min_age_s=3600):
    """Removes the folders of doubles that were killed hard (SIGKILL leaves no time for the
    `finally` below): a folder whose double is gone, by the pid it wrote, or an older one
    without a pid file (made before doubles wrote one). Never one with anything mounted
    below it (a target's bind mounts would lead out of the folder)."""
    try:
        with open("/proc/self/mountinfo") as f:
            points = [line.split()[4] for line in f]
    except OSError:
        return
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if not name.startswith(WORKDIR_PREFIX) or os.path.islink(path) or not os.path.isdir(path):
            continue
        if any(p == path or p.startswith(path + "/") for p in points):
            continue
        try:
            with open(os.path.join(path, PID_FILE)) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            continue  # its double runs
        except ProcessLookupError:
            pass  # its double is gone
        except PermissionError:
            continue  # a process of another user has that pid: left alone
        except (OSError, ValueError):
            try:
                if time.time() - os.stat(path).st_mtime < min_age_s:
                    continue  # a double may be starting and not have written its pid yet
            except OSError:
                continue
        shutil.rmtree(path, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ssh-port", type=int, default=0)
    ap.add_argument("--targets", choices=("chroot", "vm", "none"), default="chroot")
    ap.add_argument("--tree-tarball")
    ap.add_argument("--base-image")
    ap.add_argument("--token-lifetime", type=float, default=3600)
    ap.add_argument("--build-delay", type=float, default=1.0)
    ap.add_argument("--stop-delay", type=float, default=0.5)
    ap.add_argument("--delete-delay", type=float, default=0.5)
    ap.add_argument("--image-queued-delay", type=float, default=0.3)
    ap.add_argument("--image-saving-delay", type=float, default=1.0)
    ap.add_argument("--image-page-size", type=int, default=25)
    ap.add_argument("--upload-delay", type=float, default=0.0)
    ap.add_argument("--regions", default="KR1")
    ap.add_argument("--tenant-id", default="0d1f2e3c4b5a69788796a5b4c3d2e1f0")
    ap.add_argument("--password")
    ap.add_argument("--workdir")
    ap.add_argument("--exit-on-stdin-eof", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    # NHN mode follows NHN Cloud's documents (README: "NHN mode"); openstack mode upstream.
    ap.add_argument("--mode", choices=("openstack", "nhn"), default="openstack")
    # Behaviours NHN's documents leave open: each variant is selectable (README: "Switches").
    ap.add_argument("--flavor-page-size", type=int, default=0)
    ap.add_argument("--fip-description", choices=("ignore", "reject"), default="ignore")
    ap.add_argument("--ed25519-keys", choices=("accept", "reject"), default="accept")
    ap.add_argument("--protected-properties", choices=("os", "os_type"), default="os")
    # HTTPS with a certificate the test made (issue 16: a cloud with its own CA, reached
    # through an enterprise proxy); the URLs in the ready line and the catalog are https.
    ap.add_argument("--tls-cert")
    # The API's address: Qt never sends a loopback request through a proxy, so the proxy test
    # serves on one of the machine's own non-loopback addresses.
    ap.add_argument("--listen", default="127.0.0.1")
    ap.add_argument("--tls-key")
    args = ap.parse_args()

    if args.targets != "none" and os.geteuid() != 0:
        raise SystemExit("openstack-double: targets need root (chroot, mounts, namespaces); use --targets none")
    if not args.workdir:
        sweep_stale_workdirs()
    workdir = args.workdir or tempfile.mkdtemp(prefix=WORKDIR_PREFIX, dir="/var/tmp")
    os.makedirs(workdir, exist_ok=True)
    os.chmod(workdir, 0o755)
    with open(os.path.join(workdir, PID_FILE), "w") as f:
        f.write(str(os.getpid()))
    double = None
    httpd = None
    serving = False
    try:
        http.server.ThreadingHTTPServer.daemon_threads = True
        httpd = http.server.ThreadingHTTPServer((args.listen, args.port), Handler)
        httpd.daemon_threads = True
        port = httpd.server_address[1]
        url = f"http://{args.listen}:{port}"
        if args.tls_cert:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(args.tls_cert, args.tls_key)
            # The handshake runs in the request's thread, not in the accepting one.
            httpd.socket = tls.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
            url = f"https://{args.listen}:{port}"
        ssh_port = args.ssh_port or free_port()
        double = Double(args, url, ssh_port, workdir)
        Handler.double = double
        Handler.router = Router(double)
        Handler.verbose = args.verbose

        def stop(*_):
            double.sched.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, stop)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        serving = True
        if args.exit_on_stdin_eof:
            def watch_stdin():
                while sys.stdin.buffer.read(4096):
                    pass
                double.sched.stop()
            threading.Thread(target=watch_stdin, daemon=True).start()
        print(json.dumps({"url": url, "identity_v2": url + "/v2.0", "identity_v3": url + "/v3",
                          "ssh_port": ssh_port, "region": double.regions[0], "regions": double.regions,
                          "tenant_id": double.tenant_id, "tenant_name": double.tenant_name,
                          "username": double.username, "password": double.password, "user_domain": "Default",
                          "project_domain": "Default", "targets": args.targets, "mode": args.mode, "workdir": workdir,
                          "pid": os.getpid()}), flush=True)
        double.sched.run()
    finally:
        if serving:
            httpd.shutdown()
        if httpd is not None:
            httpd.server_close()
        if double is not None:
            double.shutdown()
        unmount_below(workdir)
        shutil.rmtree(workdir, ignore_errors=True)
        log("stopped; targets killed, workdir removed")


if __name__ == "__main__":
    main()
