#!/usr/bin/python3
"""OpenStack / NHN Cloud API double for Image Builder's tests. See README.md next to it."""

import argparse
import base64
import binascii
import hashlib
import heapq
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

try:
    import yaml
except ImportError:  # cloud-config parsing needs it; the API alone does not
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
NOVA_MAX_MICROVERSION = (2, 79)
UUID_NS = uuid.UUID("5f0e7a4e-3b1d-4f57-9d1e-6c0a1b2c3d4e")


def log(*a):
    print("openstack-double:", *a, file=sys.stderr, flush=True)


def iso(t=None, micro=False):
    t = time.time() if t is None else t
    s = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))
    return s + (".%06dZ" % int((t % 1) * 1e6) if micro else "Z")


def new_id():
    return str(uuid.uuid4())


class ApiError(Exception):
    """An error answer; the service it happened in gives it its documented shape."""

    def __init__(self, status, message, kind=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = headers or {}


NOVA_KINDS = {400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
              409: "conflictingRequest", 413: "overLimit", 415: "badMediaType", 500: "computeFault",
              501: "notImplemented", 503: "serviceUnavailable"}
TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
          409: "Conflict", 410: "Gone", 411: "Length Required", 413: "Request Entity Too Large", 415: "Unsupported Media Type",
          500: "Internal Server Error", 503: "Service Unavailable"}


def error_body(service, err):
    """(content type, bytes) of an error as the service answers it."""
    if err.kind == "proxy-html":  # a proxy or load balancer in front of the service, not the service
        return "text/html", f"<html><head><title>{err.status}</title></head><body>{err.message}</body></html>".encode()
    if service in ("identity", "auth"):
        return "application/json", json.dumps(
            {"error": {"code": err.status, "title": TITLES.get(err.status, "Error"), "message": err.message}}).encode()
    if service == "network":
        kind = err.kind or {400: "HTTPBadRequest", 404: "HTTPNotFound", 409: "HTTPConflict",
                            500: "HTTPInternalServerError"}.get(err.status, "HTTPError")
        return "application/json", json.dumps(
            {"NeutronError": {"type": kind, "message": err.message, "detail": ""}}).encode()
    if service == "image":
        title = f"{err.status} {TITLES.get(err.status, 'Error')}"
        return "text/html; charset=UTF-8", (
            f"<html>\n <head>\n  <title>{title}</title>\n </head>\n <body>\n  <h1>{title}</h1>\n"
            f"  {err.message}<br /><br />\n\n\n\n </body>\n</html>").encode()
    if service == "double":
        return "application/json", json.dumps({"error": err.message}).encode()
    kind = err.kind or NOVA_KINDS.get(err.status, "computeFault")
    return "application/json", json.dumps({kind: {"code": err.status, "message": err.message}}).encode()


class Scheduler:
    """Timed jobs run one by one on the thread that calls run() (the main thread)."""

    def __init__(self):
        self.cv = threading.Condition()
        self.heap = []
        self.seq = itertools.count()
        self.stopped = False

    def call_later(self, delay, fn, *args):
        with self.cv:
            heapq.heappush(self.heap, (time.monotonic() + max(0.0, delay), next(self.seq), fn, args))
            self.cv.notify()

    def call_soon(self, fn, *args):
        self.call_later(0, fn, *args)

    def stop(self):
        with self.cv:
            self.stopped = True
            self.cv.notify()

    def run(self):
        while True:
            with self.cv:
                while not self.stopped and (not self.heap or self.heap[0][0] > time.monotonic()):
                    self.cv.wait(None if not self.heap else self.heap[0][0] - time.monotonic())
                if self.stopped:
                    return
                _, _, fn, args = heapq.heappop(self.heap)
            try:
                fn(*args)
            except Exception:
                log("job failed:\n" + traceback.format_exc())


class Double:
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

    # ---------------------------------------------------------------- faults
    def arm(self, spec):
        if not isinstance(spec, dict) or "fault" not in spec:
            raise ApiError(400, "a fault is an object with a 'fault' name")
        known = {"server_error", "server_build_hang", "server_stop_hang", "image_saving_hang", "ssh_unreachable",
                 "delete_500", "floatingip_quota", "instance_quota", "token_lifetime", "http_error",
                 "image_pending_delete", "floatingip_lost_reply", "upload_drop", "upload_checksum_mismatch"}
        if spec["fault"] not in known:
            raise ApiError(400, f"unknown fault {spec['fault']!r}; known: {sorted(known)}")
        f = dict(spec)
        f.setdefault("count", 1)
        f["id"] = next(self.fault_seq)
        if f["fault"] == "delete_500" and f.get("resource") not in (
                "server", "volume", "image", "floatingip", "security_group", "security_group_rule", "keypair", "port"):
            raise ApiError(400, "delete_500 needs resource: server, volume, image, floatingip, security_group, "
                                "security_group_rule, keypair or port")
        if f["fault"] == "token_lifetime":
            self.settings["token_lifetime"] = float(f.get("seconds", 5))
            return f
        if f["fault"] == "http_error":
            f.setdefault("status", 500)
            f.setdefault("message", "Injected error.")
            re.compile(f.get("path_regex", ".*"))
        self.faults.append(f)
        return f

    def take(self, name, match=lambda f: True):
        """Consumes one firing of the first armed fault of that name that matches."""
        with self.lock:
            for f in self.faults:
                if f["fault"] == name and match(f):
                    if f["count"] > 0:
                        f["count"] -= 1
                        if f["count"] == 0:
                            self.faults.remove(f)
                    return f
        return None

    def disarm_all(self):
        with self.lock:
            self.faults.clear()
            for s in self.servers.values():
                if s["_hang_build"]:
                    s["_hang_build"] = False
                    self.sched.call_soon(self._server_built, s["id"])
                if s["_hang_stop"]:
                    s["_hang_stop"] = False
                    self.sched.call_soon(self._server_stopping, s["id"])
            for i in self.images.values():
                if i["_hang"]:
                    i["_hang"] = False
                    self.sched.call_soon(self._image_saved, i["id"])

    # ---------------------------------------------------------------- tokens and catalog
    def issue_token(self):
        tid = "gAAAA" + secrets.token_urlsafe(48)
        now = time.time()
        tok = {"id": tid, "issued": now, "expires": now + float(self.settings["token_lifetime"])}
        with self.lock:
            self.tokens[tid] = tok
        return tok

    def check_token(self, headers):
        tid = headers.get("X-Auth-Token")
        with self.lock:
            tok = self.tokens.get(tid) if tid else None
        if tok is None or tok["expires"] <= time.time():
            raise ApiError(401, "The request you have made requires authentication.",
                           headers={"WWW-Authenticate": f'Keystone uri="{self.url}/v3"'})
        return tok

    def service_urls(self, region):
        r = region.lower()
        return {
            "compute": (f"{self.url}/{r}/compute/v2/{self.tenant_id}", "nova"),
            "image": (f"{self.url}/{r}/image", "glance"),
            "network": (f"{self.url}/{r}/network", "neutron"),
            "volumev2": (f"{self.url}/{r}/volume/v2/{self.tenant_id}", "cinderv2"),
            "volumev3": (f"{self.url}/{r}/volume/v3/{self.tenant_id}", "cinderv3"),
        }

    def catalog_types(self):
        # NHN's catalog lists block storage as volumev2 only (TOAST-Cloud iaas-token.md, issue 16).
        base = ("compute", "image", "network", "volumev2")
        return base if self.nhn else base + ("volumev3",)

    def catalog_v2(self):
        cat = [{"type": "identity", "name": "keystone", "endpoints": [
            {"region": r, "publicURL": f"{self.url}/v2.0", "internalURL": f"{self.url}/v2.0",
             "adminURL": f"{self.url}/v2.0"} for r in self.regions], "endpoints_links": []}]
        for stype in self.catalog_types():
            eps = []
            for r in self.regions:
                url, name = self.service_urls(r)[stype]
                eps.append({"region": r, "publicURL": url, "internalURL": url, "adminURL": url,
                            "id": hashlib.md5(f"{stype}{r}".encode()).hexdigest()})
            cat.append({"type": stype, "name": name, "endpoints": eps, "endpoints_links": []})
        return cat

    def catalog_v3(self):
        def eps(urls):
            return [{"id": hashlib.md5(f"{u}{r}{i}".encode()).hexdigest(), "interface": i, "region": r,
                     "region_id": r, "url": u} for r, u in urls for i in ("public", "internal", "admin")]
        cat = [{"type": "identity", "name": "keystone", "id": hashlib.md5(b"identity").hexdigest(),
                "endpoints": eps([(r, f"{self.url}/v3") for r in self.regions])}]
        for stype in self.catalog_types():
            urls = [(r, self.service_urls(r)[stype][0]) for r in self.regions]
            cat.append({"type": stype, "name": self.service_urls(self.regions[0])[stype][1],
                        "id": hashlib.md5(stype.encode()).hexdigest(), "endpoints": eps(urls)})
        return cat

    def auth_v2(self, body):
        auth = (body or {}).get("auth")
        if not isinstance(auth, dict) or not isinstance(auth.get("passwordCredentials"), dict):
            raise ApiError(400, "Expecting to find passwordCredentials in auth. The server could not comply with "
                                "the request since it is either malformed or otherwise incorrect.")
        cred = auth["passwordCredentials"]
        tenant_ok = auth.get("tenantId") == self.tenant_id or auth.get("tenantName") == self.tenant_name
        if not (cred.get("username") == self.username and cred.get("password") == self.password and tenant_ok):
            raise ApiError(401, "The request you have made requires authentication.")
        tok = self.issue_token()
        return 200, {"access": {
            "token": {"id": tok["id"], "expires": iso(tok["expires"]), "issued_at": iso(tok["issued"], True),
                      "tenant": {"id": self.tenant_id, "name": self.tenant_name, "description": "",
                                 "enabled": True, "groupId": "ibtestgroup", "project_domain": "NORMAL",
                                 "swift": False}},
            "serviceCatalog": self.catalog_v2(),
            "user": {"id": self.user_id, "username": self.username, "name": self.username,
                     "roles": [{"name": "Member"}], "roles_links": []},
            "metadata": {"is_admin": 0, "roles": ["9fe2ff9ee4384b1894a90878d3e92bab"]}}}, {}

    def auth_v3(self, body):
        auth = (body or {}).get("auth") or {}
        ident = auth.get("identity") or {}
        if "password" not in (ident.get("methods") or []) or not isinstance(ident.get("password"), dict):
            raise ApiError(400, "Expecting to find identity in auth. The server could not comply with the request "
                                "since it is either malformed or otherwise incorrect.")
        user = ident["password"].get("user") or {}
        udom = user.get("domain") or {}
        user_ok = (user.get("id") == self.user_id or (
            user.get("name") == self.username and (udom.get("name") == "Default" or udom.get("id") == "default")))
        scope = (auth.get("scope") or {}).get("project") or {}
        pdom = scope.get("domain") or {}
        project_ok = scope.get("id") == self.tenant_id or (
            scope.get("name") == self.tenant_name and (pdom.get("name") == "Default" or pdom.get("id") == "default"))
        if not (user_ok and user.get("password") == self.password and project_ok):
            raise ApiError(401, "The request you have made requires authentication.")
        tok = self.issue_token()
        return 201, {"token": {
            "methods": ["password"], "expires_at": iso(tok["expires"], True), "issued_at": iso(tok["issued"], True),
            "audit_ids": [secrets.token_urlsafe(16)],
            "user": {"id": self.user_id, "name": self.username, "domain": {"id": "default", "name": "Default"},
                     "password_expires_at": None},
            "project": {"id": self.tenant_id, "name": self.tenant_name, "domain": {"id": "default", "name": "Default"}},
            "roles": [{"id": "9fe2ff9ee4384b1894a90878d3e92bab", "name": "member"}],
            "is_domain": False, "catalog": self.catalog_v3()}}, {"X-Subject-Token": tok["id"]}

    # ---------------------------------------------------------------- compute
    def nova_version(self, headers):
        v = headers.get("X-OpenStack-Nova-API-Version")
        h = headers.get("OpenStack-API-Version")
        if h:
            parts = h.split()
            if len(parts) == 2 and parts[0].lower() == "compute":
                v = parts[1]
        if not v:
            return (2, 1)
        if v == "latest":
            return NOVA_MAX_MICROVERSION
        m = re.fullmatch(r"(\d+)\.(\d+)", v.strip())
        if not m:
            raise ApiError(400, f"Invalid API version request string {v}")
        ver = (int(m.group(1)), int(m.group(2)))
        if ver < (2, 1) or ver > NOVA_MAX_MICROVERSION:
            raise ApiError(406, f"Version {v} is not supported by the API. Minimum is 2.1 and maximum is "
                                f"{NOVA_MAX_MICROVERSION[0]}.{NOVA_MAX_MICROVERSION[1]}.", kind="computeFault")
        return ver

    def keypair_view(self, kp):
        return {k: v for k, v in kp.items() if not k.startswith("_")}

    def create_keypair(self, body, ver):
        kp = (body or {}).get("keypair")
        if not isinstance(kp, dict) or not kp.get("name"):
            raise ApiError(400, "Invalid input for field/attribute keypair. Value: None. 'name' is a required property")
        name = kp["name"]
        if not re.fullmatch(r"[A-Za-z0-9 _\-.@]{1,255}", name):
            raise ApiError(400, "Keypair data is invalid: Keypair name contains unsafe characters")
        priv = None
        pub = kp.get("public_key")
        if pub is None:
            with tempfile.TemporaryDirectory() as d:
                subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", name, "-f", d + "/k"],
                               check=True)
                priv = open(d + "/k").read()
                pub = open(d + "/k.pub").read().strip()
        blob = parse_public_key(pub)
        if self.args.ed25519_keys == "reject" and pub.startswith("ssh-ed25519"):
            raise ApiError(400, "Keypair data is invalid: failed to generate fingerprint")
        if blob is None:
            raise ApiError(400, "Keypair data is invalid: failed to generate fingerprint")
        fp = ":".join(f"{b:02x}" for b in hashlib.md5(blob).digest())
        if self.nhn:  # CI key pair examples: "SHA256:..."
            fp = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
        with self.lock:
            if name in self.keypairs:
                raise ApiError(409, f"Key pair '{name}' already exists.")
            rec = {"name": name, "public_key": pub, "fingerprint": fp, "user_id": self.user_id,
                   "type": "ssh", "created_at": iso(), "deleted": False, "id": len(self.keypairs) + 1}
            self.keypairs[name] = rec
        out = self.keypair_view(rec)
        if priv:
            out["private_key"] = priv
        return (201 if ver >= (2, 2) else 200), {"keypair": out}, {}

    def find_image(self, ref):
        iid = str(ref).rstrip("/").rsplit("/", 1)[-1]
        img = self.images.get(iid)
        return img

    def create_server(self, body, base):
        s = (body or {}).get("server")
        if not isinstance(s, dict):
            raise ApiError(400, "Invalid input for field/attribute server.")
        if fault := self.take("instance_quota"):
            raise ApiError(403, fault.get("message") or
                           "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances")
        name = s.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "Invalid input for field/attribute name. Value: None. 'name' is a required property")
        flavor = self.flavors.get(str(s.get("flavorRef", "")).rstrip("/").rsplit("/", 1)[-1])
        if flavor is None:
            raise ApiError(400, f"Flavor {s.get('flavorRef')} could not be found.")
        key_name = s.get("key_name")
        if not key_name:
            raise ApiError(400, "key_name is required.")  # NHN Cloud: key_name is mandatory
        with self.lock:
            keypair = self.keypairs.get(key_name)
        if keypair is None:
            raise ApiError(400, "Invalid key_name provided.")
        user_data = s.get("user_data")
        cloud_config = {}
        if user_data is not None:
            if not isinstance(user_data, str) or len(user_data) > 65535:
                raise ApiError(400, "User data too large. User data must be no larger than 65535 bytes once "
                                    "base64 encoded.")
            try:
                decoded = base64.b64decode(user_data, validate=True)
            except (binascii.Error, ValueError):
                raise ApiError(400, "User data needs to be valid base 64.")
            cloud_config = parse_cloud_config(decoded)
        bdms = s.get("block_device_mapping_v2") or []
        if not isinstance(bdms, list):
            raise ApiError(400, "Invalid input for field/attribute block_device_mapping_v2.")
        boot_bdm = None
        for b in bdms:
            if b.get("boot_index") in (0, "0") or (len(bdms) == 1 and b.get("boot_index") is None):
                boot_bdm = b
        if boot_bdm and boot_bdm.get("source_type") != "image":
            raise ApiError(400, "This double boots only from images (source_type image).")
        image_ref = s.get("imageRef") or (boot_bdm.get("uuid") if boot_bdm else None)
        image = self.find_image(image_ref) if image_ref else None
        if image is None or (image["visibility"] == "private" and image["owner"] != self.tenant_id):
            raise ApiError(400, f"Image {image_ref} could not be found.")
        if image["status"] != "active":
            raise ApiError(400, f"Image {image['id']} is not active.")
        volume_size = None
        if boot_bdm and boot_bdm.get("destination_type") == "volume":
            try:
                volume_size = int(boot_bdm.get("volume_size"))
            except (TypeError, ValueError):
                raise ApiError(400, "Images with destination_type 'volume' need to have a non-zero size specified")
            if volume_size <= 0:
                raise ApiError(400, "Images with destination_type 'volume' need to have a non-zero size specified")
            vtype = boot_bdm.get("volume_type")
            if vtype is not None and vtype not in self.volume_type_names():
                raise ApiError(400, f"Volume type {vtype} could not be found.")
            if self.nhn and not 20 <= volume_size <= 2000:
                raise ApiError(400, f"Invalid volume size {volume_size}: root block storage is 20 to 2000 GB.")
            if volume_size < int(image["min_disk"] or 0):
                raise ApiError(400, f"Volume is smaller than the minimum size specified in image metadata. Volume "
                                    f"size is {volume_size * 1024 ** 3} bytes, minimum size is "
                                    f"{int(image['min_disk']) * 1024 ** 3} bytes.")
        elif flavor["disk"] == 0:
            raise ApiError(400, "Only volume-backed servers are allowed for flavors with zero disk.")
        elif flavor["disk"] < int(image["min_disk"] or 0):
            raise ApiError(400, "Flavor's disk is too small for requested image. Flavor disk is "
                                f"{flavor['disk'] * 1024 ** 3} bytes, image is {image['min_disk']} GB.")
        # networks
        nets = s.get("networks")
        port_net, port_subnet = self.default_network, self.subnets[self.default_network["subnets"][0]]
        if isinstance(nets, list) and nets:
            n = nets[0]
            if n.get("uuid"):
                port_net = self.networks.get(n["uuid"])
                if port_net is None or port_net["router:external"]:
                    raise ApiError(400, f"Network {n['uuid']} could not be found.")
            elif n.get("subnet"):
                port_subnet = self.subnets.get(n["subnet"])
                if port_subnet is None:
                    raise ApiError(400, f"Subnet {n['subnet']} could not be found.")
            elif n.get("port"):
                raise ApiError(400, "This double does not take pre-made ports.")
        elif nets not in (None, "auto", []):
            raise ApiError(400, "Invalid input for field/attribute networks.")
        groups = []
        with self.lock:
            for g in s.get("security_groups") or [{"name": "default"}]:
                gname = g.get("name") if isinstance(g, dict) else None
                match = [sg for sg in self.sgs.values() if gname in (sg["id"], sg["name"])]
                if not match:
                    raise ApiError(400, f"Security group {gname} not found for project {self.tenant_id}.")
                groups.append(match[0])
            sid = new_id()
            sdir = os.path.join(self.workdir, "servers", sid)
            os.makedirs(os.path.join(sdir, "seed"))
            login = image["props"].get("login_username", "debian")
            if isinstance(cloud_config.get("system_info"), dict):
                login = (cloud_config["system_info"].get("default_user") or {}).get("name", login)
            now = time.time()
            port = {"id": new_id(), "name": "", "network_id": port_net["id"], "device_id": sid,
                    "device_owner": "compute:kr-pub-a" if self.nhn else "compute:nova",  # NHN: VPCc "List Ports"
                    "status": "BUILD", "admin_state_up": True,
                    "mac_address": "fa:16:3e:%02x:%02x:%02x" % tuple(secrets.token_bytes(3)),
                    "fixed_ips": [{"subnet_id": port_subnet["id"], "ip_address": f"192.168.0.{next(self.ip_seq) % 250 + 2}"}],
                    "security_groups": [g["id"] for g in groups], "tenant_id": self.tenant_id,
                    "project_id": self.tenant_id, "binding:vnic_type": "normal", "port_security_enabled": True,
                    "created_at": iso(now), "updated_at": iso(now), "revision_number": 1, "tags": [],
                    "description": "", "allowed_address_pairs": [], "extra_dhcp_opts": []}
            self.ports[port["id"]] = port
            server = {"id": sid, "name": name, "status": "BUILD", "vm_state": "building", "task_state": "scheduling",
                      "power_state": 0, "flavor": flavor, "image": image, "key_name": key_name,
                      "metadata": dict(s.get("metadata") or {}), "created": now, "updated": now,
                      "security_groups": [g["name"] for g in groups], "port_id": port["id"], "fault": None,
                      "volume_ids": [], "adminPass": secrets.token_urlsafe(9), "user_data": user_data,
                      "_dir": sdir, "_disk_dir": sdir, "_login_user": login, "_hostname": safe_hostname(name),
                      "_hang_build": False, "_hang_stop": False, "_error": None, "_deleting": False,
                      "_ssh_unreachable": False, "_listening": None, "_target_pid": None, "_windows":
                          image["props"].get("os_type") == "windows", "_host_key_public": None,
                      "_cloud_config": cloud_config, "_booted_from_volume": False}
            if volume_size is not None:
                vol = self._new_volume(volume_size, image, sid, bool(boot_bdm.get("delete_on_termination", False)))
                # NHN's default type is undocumented: General HDD (BS "Get Block Storage" example's) is a guess.
                vol["volume_type"] = boot_bdm.get("volume_type") or ("General HDD" if self.nhn else "__DEFAULT__")
                server["volume_ids"].append(vol["id"])
                server["_disk_dir"] = vol["_dir"]
                server["_booted_from_volume"] = True
            self.servers[sid] = server
            if fault := self.take("server_error"):
                server["_error"] = fault.get("message") or \
                    "No valid host was found. There are not enough hosts available."
            if self.take("server_build_hang"):
                server["_hang_build"] = True
            if self.take("ssh_unreachable"):
                server["_ssh_unreachable"] = True
        self._write_seed(server, keypair, cloud_config, user_data)
        self.sched.call_later(min(0.2, self.settings["build_delay"]), self._server_spawning, sid)
        self.sched.call_later(self.settings["build_delay"], self._server_built, sid)
        links = [{"rel": "self", "href": f"{base}/servers/{sid}"},
                 {"rel": "bookmark", "href": f"{base}/servers/{sid}".replace("/v2/", "/")}]
        return 202, {"server": {"id": sid, "links": links, "OS-DCF:diskConfig": "MANUAL",
                                "security_groups": [{"name": g["name"]} for g in groups],
                                "adminPass": server["adminPass"]}}, {"Location": f"{base}/servers/{sid}"}

    def volume_type_names(self):
        # BS public-api.md "List Block Storage Types" example names (NHN mode); upstream's default type otherwise.
        if self.nhn:
            return [t["name"] for t in nhn_mode.example("bs-list-types")["volume_types"]]
        return ["__DEFAULT__"]

    def _new_volume(self, size, image, server_id, delete_on_termination):
        vid = new_id()
        vdir = os.path.join(self.workdir, "volumes", vid)
        os.makedirs(vdir)
        now = time.time()
        vol = {"id": vid, "name": "", "description": None, "status": "creating", "size": size,
               "bootable": "true", "volume_type": "General HDD", "availability_zone": "kr-pub-a",
               "created_at": now, "updated_at": now, "attachments": [], "metadata": {},
               "volume_image_metadata": {**{k: str(v) for k, v in image["props"].items()},
                                         "image_id": image["id"], "image_name": image["name"],
                                         "min_disk": str(image["min_disk"]), "container_format": "bare",
                                         "disk_format": "qcow2"},
               "_server": server_id, "_delete_on_termination": delete_on_termination, "_dir": vdir,
               "_image": image, "_uploading": None}
        self.volumes[vid] = vol
        return vol

    def _write_seed(self, server, keypair, cc, user_data):
        seed = os.path.join(server["_dir"], "seed")
        keys = [keypair["public_key"].strip()]
        keys += [k.strip() for k in cc.get("ssh_authorized_keys") or [] if isinstance(k, str)]
        for u in cc.get("users") or []:
            if isinstance(u, dict):
                keys += [k.strip() for k in u.get("ssh_authorized_keys") or [] if isinstance(k, str)]
        with open(os.path.join(seed, "authorized_keys"), "w") as f:
            f.write("\n".join(dict.fromkeys(keys)) + "\n")
        host_keys = cc.get("ssh_keys") if isinstance(cc.get("ssh_keys"), dict) else {}
        wrote = False
        for kind in ("ed25519", "ecdsa", "rsa"):
            priv, pub = host_keys.get(f"{kind}_private"), host_keys.get(f"{kind}_public")
            if priv and pub:
                path = os.path.join(seed, f"ssh_host_{kind}_key")
                with open(path, "w") as f:
                    f.write(priv.strip() + "\n")
                os.chmod(path, 0o600)
                with open(path + ".pub", "w") as f:
                    f.write(pub.strip() + "\n")
                wrote = True
        if not wrote:
            path = os.path.join(seed, "ssh_host_ed25519_key")
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", path], check=True)
        with open(os.path.join(seed, "ssh_host_ed25519_key.pub") if os.path.exists(
                os.path.join(seed, "ssh_host_ed25519_key.pub")) else
                  sorted(os.path.join(seed, f) for f in os.listdir(seed) if f.endswith(".pub"))[0]) as f:
            server["_host_key_public"] = " ".join(f.read().split()[:2])
        done = {"v1": {"datasource": "DataSourceOpenStack", "init": {"errors": [], "finished": time.time(),
                                                                      "start": time.time()},
                       "modules-config": {"errors": [], "finished": time.time(), "start": time.time()},
                       "modules-final": {"errors": [], "finished": time.time(), "start": time.time()},
                       "stage": None}}
        with open(os.path.join(seed, "status.json"), "w") as f:
            json.dump(done, f)
        with open(os.path.join(seed, "result.json"), "w") as f:
            json.dump({"v1": {"datasource": "DataSourceOpenStack", "errors": []}}, f)
        # NoCloud seed for vm mode: the key pair goes in as meta-data public-keys, as Nova's metadata does.
        with open(os.path.join(seed, "user-data"), "wb") as f:
            f.write(base64.b64decode(user_data) if user_data else b"#cloud-config\n{}\n")
        with open(os.path.join(seed, "meta-data"), "w") as f:
            f.write(f"instance-id: {server['id']}\nlocal-hostname: {server['_hostname']}\npublic-keys:\n"
                    f"  - {json.dumps(keypair['public_key'].strip())}\n")

    def _server_spawning(self, sid):
        with self.lock:
            s = self.servers.get(sid)
            if s and s["status"] == "BUILD" and not s["_deleting"]:
                s["task_state"] = "spawning"
                s["updated"] = time.time()

    def _server_built(self, sid):
        with self.lock:
            s = self.servers.get(sid)
            if s is None or s["_deleting"] or s["status"] != "BUILD" or s["_hang_build"]:
                return
            if s["_error"] is None:
                try:
                    self.targets.prepare(s, s["image"], s["_disk_dir"], self._disk_size(s))
                except Exception as e:
                    s["_error"] = f"Build of instance {sid} aborted: {e}"
            now = time.time()
            s["updated"] = now
            s["task_state"] = None
            for vid in s["volume_ids"]:
                v = self.volumes[vid]
                v["status"] = "in-use"
                v["attachments"] = [{"id": vid, "attachment_id": new_id(), "volume_id": vid, "server_id": sid,
                                     "host_name": None, "device": "/dev/vda", "attached_at": iso(now, True)}]
            if s["_error"] is not None:
                s.update(status="ERROR", vm_state="error", power_state=0)
                s["fault"] = {"code": 500, "message": s["_error"], "created": iso(now),
                              "details": "Traceback (most recent call last):\n  File \"nova/compute/manager.py\"..."}
                self.ports[s["port_id"]]["status"] = "DOWN"
                return
            s.update(status="ACTIVE", vm_state="active", power_state=1)
            self.ports[s["port_id"]]["status"] = "ACTIVE"
        self._sync_target(sid)

    def _disk_size(self, s):
        if s["volume_ids"]:
            return self.volumes[s["volume_ids"][0]]["size"]
        return s["flavor"]["disk"]

    def _server_address(self, s):
        for fip in self.fips.values():
            if fip["port_id"] == s["port_id"]:
                return fip["floating_ip_address"]
        return None

    def _sync_target(self, sid):
        """Main thread only: starts, moves or stops a server's target to match its state."""
        if threading.current_thread() is not threading.main_thread():
            self.sched.call_soon(self._sync_target, sid)
            return
        with self.lock:
            s = self.servers.get(sid)
            if s is None:
                return
            running = s["status"] == "ACTIVE" and not s["_deleting"] and not s["_windows"] and \
                s["task_state"] != "powering-off"
            address = None if s["_ssh_unreachable"] else self._server_address(s)
        if s["task_state"] == "powering-off" and s["status"] == "ACTIVE":
            return  # the stop owns the target now
        try:
            self.targets.ensure(s, running, address)
        except Exception:
            log(f"target of {sid} failed:\n" + traceback.format_exc())

    def server_view(self, s, base, ver):
        addresses = {}
        port = self.ports.get(s["port_id"])
        if port:
            net = self.networks[port["network_id"]]
            entries = [{"version": 4, "addr": ip["ip_address"], "OS-EXT-IPS:type": "fixed",
                        "OS-EXT-IPS-MAC:mac_addr": port["mac_address"]} for ip in port["fixed_ips"]]
            fip = self._server_address(s)
            if fip:
                entries.append({"version": 4, "addr": fip, "OS-EXT-IPS:type": "floating",
                                "OS-EXT-IPS-MAC:mac_addr": port["mac_address"]})
            addresses[net["name"]] = entries
        links = [{"rel": "self", "href": f"{base}/servers/{s['id']}"}]
        flavor = s["flavor"]
        if ver >= (2, 47):
            fview = {"vcpus": flavor["vcpus"], "ram": flavor["ram"], "disk": flavor["disk"], "ephemeral": 0,
                     "swap": 0, "original_name": flavor["name"], "extra_specs": {}}
        else:
            fview = {"id": flavor["id"], "links": [{"rel": "bookmark", "href": f"{base}/flavors/{flavor['id']}"}]}
        v = {"id": s["id"], "name": s["name"], "status": "ACTIVE" if s["status"] == "ACTIVE" else s["status"],
             "tenant_id": self.tenant_id, "user_id": self.user_id, "metadata": s["metadata"],
             "hostId": hashlib.sha224(self.tenant_id.encode()).hexdigest(),
             # NHN: CI "Get Instance" example shows the image of a volume-booted server (50 GB, Windows).
             "image": "" if s["_booted_from_volume"] and not self.nhn else {"id": s["image"]["id"], "links": []},
             "flavor": fview, "created": iso(s["created"]), "updated": iso(s["updated"]), "addresses": addresses,
             "accessIPv4": "", "accessIPv6": "", "links": links, "OS-DCF:diskConfig": "MANUAL",
             "progress": 0 if s["status"] == "BUILD" else 100, "key_name": s["key_name"],
             "OS-EXT-STS:vm_state": s["vm_state"], "OS-EXT-STS:task_state": s["task_state"],
             "OS-EXT-STS:power_state": s["power_state"], "OS-EXT-AZ:availability_zone": "kr-pub-a",
             "OS-SRV-USG:launched_at": None if s["status"] == "BUILD" else iso(s["created"], True),
             "OS-SRV-USG:terminated_at": None, "config_drive": "",
             "security_groups": [{"name": n} for n in s["security_groups"]],
             "os-extended-volumes:volumes_attached": [
                 {"id": vid, "delete_on_termination": self.volumes[vid]["_delete_on_termination"]}
                 for vid in s["volume_ids"] if vid in self.volumes]}
        if s["fault"]:
            v["fault"] = s["fault"]
        return v

    def server_action(self, s, body, base, ver):
        if not isinstance(body, dict) or len(body) != 1:
            raise ApiError(400, "There is no such action.")
        action, arg = next(iter(body.items()))
        sid = s["id"]
        if action == "os-stop":
            with self.lock:
                if s["status"] != "ACTIVE" or s["task_state"] is not None:
                    raise ApiError(409, f"Cannot 'stop' instance {sid} while it is in vm_state {s['vm_state']}")
                s["task_state"] = "powering-off"
                s["updated"] = time.time()
                if self.take("server_stop_hang"):
                    s["_hang_stop"] = True
                    return 202, None, {}
            self.sched.call_soon(self._server_stopping, sid)
            return 202, None, {}
        if action == "os-start":
            with self.lock:
                if s["status"] != "SHUTOFF" or s["task_state"] is not None:
                    raise ApiError(409, f"Cannot 'start' instance {sid} while it is in vm_state {s['vm_state']}")
                s["task_state"] = "powering-on"
            self.sched.call_later(self.settings["stop_delay"], self._server_started, sid)
            return 202, None, {}
        if action == "createImage":
            if not isinstance(arg, dict) or not arg.get("name"):
                raise ApiError(400, "Invalid input for field/attribute createImage.")
            with self.lock:
                if s["status"] not in ("ACTIVE", "SHUTOFF") or s["task_state"] is not None:
                    raise ApiError(409, f"Cannot 'createImage' instance {sid} while it is in task_state "
                                        f"{s['task_state']}")
                if s["_booted_from_volume"]:
                    raise ApiError(409, "createImage works only on servers with a local disk (u2 flavors) in this "
                                        "cloud; stop the server and upload its volume with os-volume_upload_image.")
                props = {**s["image"]["props"], "image_type": "snapshot", "instance_uuid": sid,
                         "base_image_ref": s["image"]["id"], "owner_id": self.tenant_id, "user_id": self.user_id}
                props.pop("nhn_image_type", None)
                props.pop("description", None)
                props.update({k: str(v) for k, v in (arg.get("metadata") or {}).items()})
                image = self._start_capture(s, arg["name"], props)
                s["task_state"] = "image_snapshot"
            image_url = f"{self.service_urls(self.regions[0])['image'][0]}/v2/images/{image['id']}"
            if ver >= (2, 45):
                return 202, {"image_id": image["id"]}, {}
            return 202, None, {"Location": image_url}
        if action == "os-getConsoleOutput":
            path = os.path.join(s["_dir"], "console.log")
            text = open(path, errors="replace").read() if os.path.exists(path) else ""
            n = (arg or {}).get("length")
            if n is not None:
                text = "\n".join(text.splitlines()[-int(n):])
            return 200, {"output": text}, {}
        raise ApiError(400, f"There is no such action: {action}")

    def _server_stopping(self, sid):
        with self.lock:
            s = self.servers.get(sid)
            if s is None or s["_deleting"] or s["task_state"] != "powering-off" or s["_hang_stop"]:
                return

        def stopped():
            self.sched.call_later(self.settings["stop_delay"], self._server_stopped, sid)

        self.targets.stop(s, stopped)

    def _server_stopped(self, sid):
        with self.lock:
            s = self.servers.get(sid)
            if s is None or s["_deleting"] or s["task_state"] != "powering-off":
                return
            s.update(status="SHUTOFF", vm_state="stopped", power_state=4, task_state=None, updated=time.time())

    def _server_started(self, sid):
        with self.lock:
            s = self.servers.get(sid)
            if s is None or s["_deleting"] or s["task_state"] != "powering-on":
                return
            s.update(status="ACTIVE", vm_state="active", power_state=1, task_state=None, updated=time.time())
        self._sync_target(sid)

    def delete_server(self, s):
        with self.lock:
            if s["_deleting"]:
                return
            s["_deleting"] = True
            s["task_state"] = "deleting"
            s["updated"] = time.time()
        self.sched.call_soon(self._destroy_target, s["id"])
        self.sched.call_later(self.settings["delete_delay"], self._server_gone, s["id"])

    def _destroy_target(self, sid):
        s = self.servers.get(sid)
        if s is not None:
            self.targets.destroy(s)

    def _server_gone(self, sid):
        with self.lock:
            s = self.servers.pop(sid, None)
            if s is None:
                return
            self.targets.destroy(s)
            self.ports.pop(s["port_id"], None)
            for fip in self.fips.values():
                if fip["port_id"] == s["port_id"]:
                    fip.update(port_id=None, fixed_ip_address=None, status="DOWN", updated_at=iso())
            for vid in s["volume_ids"]:
                v = self.volumes.get(vid)
                if v is None:
                    continue
                v["attachments"] = []
                v["_server"] = None
                if v["_delete_on_termination"] and v["_uploading"] is None:
                    self.volumes.pop(vid)
                    shutil.rmtree(v["_dir"], ignore_errors=True)
                else:
                    # Nova leaves a volume it could not delete (here: one uploading an image)
                    v["status"] = "uploading" if v["_uploading"] else "available"
            for img in self.images.values():
                if img.get("_source_server") == sid and img["status"] in ("queued", "saving") \
                        and not img.get("_source_volume"):
                    img["status"] = "killed"  # Nova: a snapshot that loses its server is deleted
        shutil.rmtree(s["_dir"], ignore_errors=True)

    # ---------------------------------------------------------------- images
    def _start_capture(self, s, name, props, volume=None):
        iid = new_id()
        img = self._image_record(iid, name, "private", self.tenant_id, props, min_disk=self._disk_size(s) or 0)
        img["_source_server"] = s["id"] if s else None
        img["_source_volume"] = volume["id"] if volume else None
        img["_hang"] = bool(self.take("image_saving_hang"))
        img["_pending_delete"] = bool(self.take("image_pending_delete"))
        img["_dir"] = os.path.join(self.workdir, "images", iid)
        os.makedirs(img["_dir"])
        self.images[iid] = img
        self.sched.call_later(self.settings["image_queued_delay"], self._image_saving, iid, s)
        return img

    def _image_saving(self, iid, s):
        with self.lock:
            img = self.images.get(iid)
            if img is None or img["status"] != "queued":
                return
            img["status"] = "saving"
            img["updated_at"] = time.time()
        t_end = time.monotonic() + self.settings["image_saving_delay"]

        def work():
            try:
                data, size = self.targets.snapshot(s, img["_dir"])
                with self.lock:
                    img["data"], img["size"] = data, size
                    img["checksum"] = hashlib.md5(iid.encode()).hexdigest()
                    img["os_hash_algo"] = "sha512"
                    img["os_hash_value"] = hashlib.sha512(iid.encode()).hexdigest()
                    img["virtual_size"] = self._disk_size(s) * 1024 ** 3 if s else None
                    img["_saved"] = True
            except Exception as e:
                log(f"capture of {iid} failed: {e}")
                with self.lock:
                    img["status"] = "killed"
                    img["_capture_error"] = str(e)
            self.sched.call_later(max(0.0, t_end - time.monotonic()), self._image_saved, iid)

        threading.Thread(target=work, daemon=True).start()

    def _image_saved(self, iid):
        with self.lock:
            img = self.images.get(iid)
            if img is None or img["status"] != "saving" or img["_hang"] or not img.get("_saved"):
                if img is not None and img["status"] == "killed":
                    self._capture_finished(img)
                return
            img["status"] = "pending_delete" if img.get("_pending_delete") else "active"
            img["updated_at"] = time.time()
            self._capture_finished(img)

    def _capture_finished(self, img):
        s = self.servers.get(img.get("_source_server"))
        if s is not None and s["task_state"] == "image_snapshot":
            s["task_state"] = None
        v = self.volumes.get(img.get("_source_volume"))
        if v is not None and v["_uploading"] == img["id"]:
            v["_uploading"] = None
            v["status"] = "in-use" if v["attachments"] else "available"
            if v["_server"] is None and v["_delete_on_termination"] is False:
                pass

    def image_view(self, img):
        base = {k: v for k, v in img.items() if not k.startswith("_") and k not in ("props", "data")}
        base["created_at"] = iso(img["created_at"])
        base["updated_at"] = iso(img["updated_at"])
        base["self"] = f"/v2/images/{img['id']}"
        base["file"] = f"/v2/images/{img['id']}/file"
        base["schema"] = "/v2/schemas/image"
        for k, v in img["props"].items():
            base.setdefault(k, v)
        return base

    def visible_images(self, visibility):
        out = []
        for img in self.images.values():
            vis = img["visibility"]
            if visibility in (None, ""):
                ok = vis == "public" or img["owner"] == self.tenant_id and vis != "community"
            elif visibility == "all":
                ok = vis in ("public", "community") or img["owner"] == self.tenant_id
            else:
                ok = vis == visibility and (vis in ("public", "community") or img["owner"] == self.tenant_id)
            if ok:
                out.append(img)
        return out

    def list_images(self, query):
        q = {k: v[-1] for k, v in query.items()}
        visibility = q.get("visibility")
        if visibility not in (None, "public", "private", "shared", "community", "all"):
            raise ApiError(400, f"Invalid visibility value: {visibility}")
        try:
            limit = int(q.get("limit", self.settings["image_page_size"]))
        except ValueError:
            raise ApiError(400, "limit param must be an integer")
        if limit < 0:
            raise ApiError(400, "limit param must be positive")
        limit = min(limit, 1000)
        sort = [(q.get("sort_key", "created_at"), q.get("sort_dir", "desc"))]
        if "sort" in q:
            sort = []
            for part in q["sort"].split(","):
                key, _, direction = part.partition(":")
                sort.append((key.strip(), direction.strip() or "desc"))
        for key, direction in sort:
            if key not in ("name", "created_at", "updated_at", "size", "status", "id", "min_disk", "visibility",
                           "disk_format", "container_format", "owner"):
                raise ApiError(400, f"Invalid sort key: {key}. It is not in the list of allowed keys.")
            if direction not in ("asc", "desc"):
                raise ApiError(400, f"Invalid sort direction: {direction}")
        reserved = {"limit", "marker", "sort_key", "sort_dir", "sort", "visibility", "member_status"}
        with self.lock:
            images = self.visible_images(visibility)
            for key, value in q.items():
                if key in reserved:
                    continue
                if key == "tag":
                    images = [i for i in images if value in i["tags"]]
                    continue
                if value.startswith("in:"):
                    wanted = set(value[3:].split(","))
                    images = [i for i in images if str(self.image_view(i).get(key)) in wanted]
                else:
                    images = [i for i in images if str(self.image_view(i).get(key)) == value]
            for key, direction in reversed(sort + [("id", sort[0][1])]):
                images.sort(key=lambda i: (i.get(key) is None, i.get(key) if i.get(key) is not None else 0),
                            reverse=direction == "desc")
            marker = q.get("marker")
            if marker:
                ids = [i["id"] for i in images]
                if marker not in ids:
                    raise ApiError(400, f"Invalid marker. Image {marker} could not be found.")
                images = images[ids.index(marker) + 1:]
            page = images[:limit]
            views = [self.image_view(i) for i in page]
        params = [(k, v) for k, v in ((k, v[-1]) for k, v in query.items()) if k != "marker"]
        out = {"images": views, "schema": "/v2/schemas/images",
               "first": "/v2/images" + ("?" + urllib.parse.urlencode(params) if params else "")}
        if page and len(page) == limit:
            out["next"] = "/v2/images?" + urllib.parse.urlencode(params + [("marker", page[-1]["id"])])
        return out

    NHN_PROTECTED = {"os_type", "os_distro", "os_version", "os_architecture", "login_username", "hypervisor_type"}

    def patch_image(self, img, body, content_type):
        if content_type.split(";")[0].strip() not in ("application/openstack-images-v2.1-json-patch",
                                                       "application/openstack-images-v2.0-json-patch"):
            raise ApiError(415, f"Unsupported Content-Type: {content_type}")
        if img["visibility"] == "public" or img["owner"] != self.tenant_id:
            raise ApiError(403, "You are not permitted to modify this image.")
        if not isinstance(body, list):
            raise ApiError(400, "Request body must be a JSON array of operation objects.")
        core_rw = {"name", "min_disk", "min_ram", "visibility", "protected", "tags", "container_format",
                   "disk_format"}
        core_ro = {"id", "status", "owner", "size", "virtual_size", "checksum", "created_at", "updated_at", "self",
                   "file", "schema", "os_hash_algo", "os_hash_value"}
        if self.nhn:
            for op in body:
                key = op.get("path", "")[1:] if isinstance(op, dict) and isinstance(op.get("path"), str) else ""
                protected = self.NHN_PROTECTED if self.args.protected_properties == "os" else {"os_type"}
                if key in protected or (key.startswith("nhncloud_") and key != "nhncloud_allow_download"):
                    # Glance property protection: the whole request fails, nothing changes.
                    raise ApiError(403, f"Property '{key}' is protected and cannot be modified.")
        with self.lock:
            for op in body:
                if not isinstance(op, dict) or op.get("op") not in ("add", "replace", "remove") \
                        or not isinstance(op.get("path"), str) or not op["path"].startswith("/"):
                    raise ApiError(400, "Operation objects must contain exactly one member named \"add\", "
                                        "\"remove\", or \"replace\".")
                key = op["path"][1:].replace("~1", "/").replace("~0", "~")
                if key in core_ro:
                    raise ApiError(403, f"Attribute '{key}' is read-only.")
                if op["op"] == "remove":
                    if key in core_rw:
                        raise ApiError(403, f"Attribute '{key}' is reserved.")
                    if key not in img["props"]:
                        raise ApiError(409, f"Property {key} does not exist.")
                    del img["props"][key]
                    continue
                if "value" not in op:
                    raise ApiError(400, "Operation objects must contain a member named \"value\".")
                value = op["value"]
                if key in core_rw:
                    img[key] = value
                else:
                    if op["op"] == "replace" and key not in img["props"]:
                        raise ApiError(409, f"Property {key} does not exist.")
                    if not isinstance(value, str):
                        raise ApiError(400, f"Provided object does not match schema 'image': {value!r} is not of "
                                            f"type 'string'")
                    img["props"][key] = value
            img["updated_at"] = time.time()
            return self.image_view(img)

    def upload_volume(self, vol, arg):
        if not isinstance(arg, dict) or not arg.get("image_name"):
            raise ApiError(400, "Invalid input received: image_name is required.")
        force = str(arg.get("force", False)).lower() in ("true", "1", "yes")
        with self.lock:
            if not (vol["status"] == "available" or (vol["status"] == "in-use" and force)):
                raise ApiError(400, f"Invalid volume: Volume {vol['id']} status must be available or in-use with "
                                    f"force, but current status is: {vol['status']}.")
            server = self.servers.get(vol["_server"])
            src = server or {"_disk_dir": vol["_dir"], "id": None, "volume_ids": [vol["id"]], "flavor": {"disk": 0}}
            props = {k: v for k, v in vol["volume_image_metadata"].items()
                     if k not in ("image_id", "image_name", "min_disk", "container_format", "disk_format",
                                  "nhn_image_type", "description", "size", "checksum")}
            img = self._start_capture(src, arg["image_name"], props, volume=vol)
            img["visibility"] = arg.get("visibility", "private")
            img["protected"] = str(arg.get("protected", False)).lower() == "true"
            img["disk_format"] = arg.get("disk_format", "raw")
            img["container_format"] = arg.get("container_format", "bare")
            img["min_disk"] = vol["size"]
            vol["status"] = "uploading"
            vol["_uploading"] = img["id"]
        return 202, {"os-volume_upload_image": {
            "id": vol["id"], "updated_at": iso(time.time(), True), "status": "uploading", "display_description": None,
            "size": vol["size"], "volume_type": {"name": vol["volume_type"]}, "image_id": img["id"],
            "container_format": img["container_format"], "disk_format": img["disk_format"],
            "image_name": img["name"], "visibility": img["visibility"], "protected": img["protected"]}}, {}

    def volume_view(self, v):
        out = {k: val for k, val in v.items() if not k.startswith("_")}
        out["created_at"] = iso(v["created_at"], True)[:-1]
        out["updated_at"] = iso(v["updated_at"], True)[:-1]
        out["os-vol-tenant-attr:tenant_id"] = self.tenant_id
        out["user_id"] = self.user_id
        out["multiattach"] = False
        out["encrypted"] = False
        out["replication_status"] = None
        out["consistencygroup_id"] = None
        out["source_volid"] = None
        out["snapshot_id"] = None
        out["links"] = []
        return out

    # ---------------------------------------------------------------- control view
    def resources(self):
        with self.lock:
            out = {
                "servers": [{"id": s["id"], "name": s["name"], "status": s["status"],
                             "task_state": s["task_state"]} for s in self.servers.values()],
                "volumes": [{"id": v["id"], "status": v["status"], "size": v["size"]} for v in self.volumes.values()],
                "keypairs": [{"name": k["name"]} for k in self.keypairs.values()],
                "floating_ips": [{"id": f["id"], "floating_ip_address": f["floating_ip_address"],
                                  "port_id": f["port_id"]} for f in self.fips.values()],
                "ports": [{"id": p["id"], "device_id": p["device_id"]} for p in self.ports.values()],
                "security_groups": [{"id": g["id"], "name": g["name"]} for g in self.sgs.values()
                                    if not g["_seeded"]],
                "security_group_rules": [
                    {"id": r["id"], "security_group_id": r["security_group_id"], "direction": r["direction"],
                     "port_range_min": r["port_range_min"]} for r in self.sg_rules.values()
                    if not r["_seeded"] and self.sgs.get(r["security_group_id"], {}).get("_seeded")],
                "images": [{"id": i["id"], "name": i["name"], "status": i["status"]} for i in self.images.values()
                           if not i["_seeded"]],
                "targets": self.targets.running(),
            }
        counted = ("servers", "volumes", "keypairs", "floating_ips", "ports", "security_groups",
                   "security_group_rules", "targets")
        out["count_without_images"] = sum(len(out[k]) for k in counted)
        out["count"] = out["count_without_images"] + len(out["images"])
        return out

    def image_file(self, img, path):
        """(kind, content) of a path as the image's overlay layers resolve it, or None."""
        layers = img["data"].get("layers")
        if not layers:
            raise ApiError(404, "this image has no file tree (chroot mode only)")
        parts = os.path.normpath("/" + path).lstrip("/").split("/")
        for layer in reversed(layers):
            opaque = False
            for i in range(1, len(parts)):
                parent = os.path.join(layer, *parts[:i])
                if is_whiteout(parent):
                    return None
                if has_xattr(parent, "trusted.overlay.opaque"):
                    opaque = True  # hides the lower layers' content below it
            full = os.path.join(layer, *parts)
            if os.path.lexists(full):
                if is_whiteout(full):
                    return None
                if os.path.islink(full):
                    return "link", os.readlink(full)
                if os.path.isdir(full):
                    return "dir", "\n".join(sorted(os.listdir(full)))
                with open(full, "rb") as f:
                    return "file", f.read()
            if opaque:
                return None
        return None

    def shutdown(self):
        self.targets.shutdown()


def is_whiteout(p):
    try:
        st = os.lstat(p)
    except OSError:
        return False
    import stat as st_mod
    return st_mod.S_ISCHR(st.st_mode) and st.st_rdev == 0


def has_xattr(p, name):
    try:
        return name in os.listxattr(p, follow_symlinks=False)
    except OSError:
        return False


def parse_public_key(text):
    if not isinstance(text, str):
        return None
    parts = text.strip().split()
    if len(parts) < 2 or not re.fullmatch(r"ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)", parts[0]):
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    n = int.from_bytes(blob[:4], "big") if len(blob) >= 4 else 0
    if blob[4:4 + n].decode(errors="replace") != parts[0]:
        return None
    return blob


def parse_cloud_config(data):
    text = data.decode("utf-8", errors="replace")
    if not text.lstrip().startswith("#cloud-config"):
        return {}
    if yaml is None:
        raise ApiError(400, "the double needs python3-yaml to read cloud-config user data")
    try:
        cc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ApiError(400, f"the double could not parse the cloud-config user data: {e}")
    return cc if isinstance(cc, dict) else {}


def safe_hostname(name):
    h = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:63]
    return h or "server"


class Router:
    """Maps (method, path) to handlers of the Double; raises ApiError."""

    def __init__(self, d):
        self.d = d

    def dispatch(self, method, path, query, body, headers, raw):
        d = self.d
        parts = [p for p in path.split("/") if p]
        # identity
        if parts[:2] == ["v2.0", "tokens"] and len(parts) == 2:
            if method != "POST":
                raise ApiError(405, "Method not allowed")
            status, out, h = d.auth_v2(body)
            return "identity", status, nhn_mode.shape_token_v2(d, out) if d.nhn else out, h
        if parts[:3] == ["v3", "auth", "tokens"] and len(parts) == 3:
            if method != "POST":
                raise ApiError(405, "Method not allowed")
            return ("identity",) + d.auth_v3(body)
        if parts in (["v2.0"], ["v3"]) and method == "GET":
            # Keystone's version documents (identity api-ref "Versions"), no token needed.
            v3 = parts == ["v3"]
            return ("identity", 200, {"version": {
                "id": "v3.14" if v3 else "v2.0", "status": "stable" if v3 else "deprecated",
                "updated": "2020-04-07T00:00:00Z",
                "links": [{"rel": "self", "href": f"{d.url}/{parts[0]}/"}],
                "media-types": [{"base": "application/json",
                                 "type": f"application/vnd.openstack.identity-{parts[0]}+json"}]}}, {})
        if not parts:
            return ("identity", 300, {"versions": {"values": [
                {"id": "v3.14", "status": "stable", "links": [{"rel": "self", "href": d.url + "/v3/"}]},
                {"id": "v2.0", "status": "deprecated", "links": [{"rel": "self", "href": d.url + "/v2.0/"}]}]}}, {})
        if len(parts) < 2 or parts[0].upper() not in [r.upper() for r in d.regions]:
            raise ApiError(404, f"No such path: {path}")
        region = parts[0]
        service = parts[1]
        rest = parts[2:]
        if service not in ("compute", "image", "network", "volume"):
            raise ApiError(404, f"No such service: {service}")
        svc_name = "volume" if service == "volume" else service
        return (svc_name,) + self.service(svc_name, region, rest, method, query, body, headers, raw)

    def discovery(self, service, region, rest):
        """The unversioned and version-root documents clients read first (no token, as upstream)."""
        d = self.d
        root = f"{d.url}/{region}/{service}"

        def link(path):
            return [{"rel": "self", "href": f"{root}/{path}"}]
        if service == "image" and rest in ([], ["versions"]):
            return 300 if not rest else 200, {"versions": [
                {"id": f"v2.{n}", "status": "CURRENT" if n == 9 else "SUPPORTED", "links": link("v2/")}
                for n in (9, 8, 7, 6, 5, 4, 3, 2, 1, 0)]}, {}
        if service == "network" and rest == []:
            return 200, {"versions": [{"id": "v2.0", "status": "CURRENT", "links": link("v2.0/")}]}, {}
        if service == "compute" and rest in ([], ["v2"], ["v2.1"]):
            versions = [{"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
                         "updated": "2011-01-21T11:33:21Z", "links": link("v2/")},
                        {"id": "v2.1", "status": "CURRENT", "version": "2.79", "min_version": "2.1",
                         "updated": "2013-07-23T11:33:21Z", "links": link("v2.1/")}]
            if not rest:
                return 200, {"versions": versions}, {}
            return 200, {"version": versions[0 if rest == ["v2"] else 1]}, {}
        if service == "volume" and rest == []:
            return 300, {"versions": [
                {"id": "v2.0", "status": "DEPRECATED" if not d.nhn else "CURRENT", "version": "", "min_version": "",
                 "updated": "2017-02-25T12:00:00Z", "links": link("v2/")}] + ([] if d.nhn else [
                {"id": "v3.0", "status": "CURRENT", "version": "3.59", "min_version": "3.0",
                 "updated": "2016-02-08T12:20:21Z", "links": link("v3/")}])}, {}
        return None

    def service(self, service, region, rest, method, query, body, headers, raw):
        status, out, h = self._service(service, region, rest, method, query, body, headers, raw)
        if self.d.nhn:  # NHN's documented example bodies' key sets (nhn_mode.py, README "NHN mode")
            out = nhn_mode.shape(self.d, service, method, rest, out)
        return status, out, h

    def _service(self, service, region, rest, method, query, body, headers, raw):
        d = self.d
        if method == "GET" and (found := self.discovery(service, region, rest)) is not None:
            return found
        d.check_token(headers)
        key = f"{method} /{service}/" + "/".join(rest)
        if fault := d.take("http_error", lambda f: f.get("method", method).upper() == method and
                           re.search(f.get("path_regex", ".*"), "/" + "/".join(rest)) is not None):
            raise ApiError(int(fault["status"]), fault["message"], kind="proxy-html" if fault.get("html") else None)
        if service == "compute":
            if len(rest) < 2 or rest[0] != "v2" or rest[1] != d.tenant_id:
                raise ApiError(404, "The resource could not be found.")
            base = f"{d.url}/{region}/compute/v2/{d.tenant_id}"
            ver = d.nova_version(headers)
            vh = {"X-OpenStack-Nova-API-Version": f"{ver[0]}.{ver[1]}",
                  "OpenStack-API-Version": f"compute {ver[0]}.{ver[1]}",
                  "Vary": "OpenStack-API-Version, X-OpenStack-Nova-API-Version"}
            status, out, h = self.compute(rest[2:], method, query, body, base, ver)
            return status, out, {**vh, **h}
        if service == "image":
            return self.image(rest, method, query, body, headers)
        if service == "network":
            return self.network(rest, method, query, body)
        if service == "volume":
            if len(rest) < 2 or rest[0] not in ("v2", "v3") or rest[1] != d.tenant_id:
                raise ApiError(404, "The resource could not be found.")
            return self.volume(rest[2:], method, query, body)
        raise ApiError(404, key)

    # --- compute
    def compute(self, rest, method, query, body, base, ver):
        d = self.d
        if rest == ["limits"] and method == "GET":
            # nova api-ref limits.inc: absolute limits and what is used of them.
            with d.lock:
                servers = list(d.servers.values())
                absolute = {"maxTotalInstances": 10, "totalInstancesUsed": len(servers),
                            "maxTotalCores": 40, "totalCoresUsed": sum(s["flavor"]["vcpus"] for s in servers),
                            "maxTotalRAMSize": 102400, "totalRAMUsed": sum(s["flavor"]["ram"] for s in servers),
                            "maxTotalKeypairs": 100, "maxServerMeta": 128, "maxImageMeta": 128,
                            "maxPersonality": 5, "maxPersonalitySize": 10240, "maxSecurityGroups": 10,
                            "maxSecurityGroupRules": 20, "maxTotalFloatingIps": 10, "totalFloatingIpsUsed": len(d.fips),
                            "maxServerGroups": 10, "maxServerGroupMembers": 10, "totalSecurityGroupsUsed": 0,
                            "totalServerGroupsUsed": 0}
            return 200, {"limits": {"rate": [], "absolute": absolute}}, {}
        if rest[:1] == ["flavors"]:
            if len(rest) == 1 or rest[1] == "detail":
                detail = len(rest) == 2
                fl = [dict(f, links=[]) if detail else {"id": f["id"], "name": f["name"], "links": []}
                      for f in d.flavors.values()]
                out = {"flavors": fl}
                size = d.args.flavor_page_size
                if size > 0:  # undocumented on NHN: Nova's limit/marker paging (README, "Switches")
                    ids = [f["id"] for f in fl]
                    marker = query.get("marker", [None])[-1]
                    start = ids.index(marker) + 1 if marker in ids else 0
                    out["flavors"] = fl[start:start + size]
                    if start + size < len(fl):
                        out["flavors_links"] = [{"rel": "next", "href": f"{base}/flavors{'/detail' if detail else ''}"
                                                                      f"?limit={size}&marker={fl[start + size - 1]['id']}"}]
                return 200, out, {}
            f = d.flavors.get(rest[1])
            if f is None:
                raise ApiError(404, f"Flavor {rest[1]} could not be found.")
            return 200, {"flavor": dict(f, links=[])}, {}
        if rest[:1] == ["os-keypairs"]:
            if len(rest) == 1:
                if method == "POST":
                    return d.create_keypair(body, ver)
                if method == "GET":
                    with d.lock:
                        return 200, {"keypairs": [{"keypair": {k: v for k, v in d.keypair_view(kp).items()
                                                               if k in ("name", "public_key", "fingerprint", "type")}}
                                                  for kp in d.keypairs.values()]}, {}
            elif len(rest) == 2:
                name = urllib.parse.unquote(rest[1])
                with d.lock:
                    kp = d.keypairs.get(name)
                if kp is None:
                    raise ApiError(404, f"Keypair {name} not found for user {d.user_id}")
                if method == "GET":
                    return 200, {"keypair": d.keypair_view(kp)}, {}
                if method == "DELETE":
                    self.delete_fault("keypair")
                    with d.lock:
                        d.keypairs.pop(name, None)
                    return (204 if ver >= (2, 2) else 202), None, {}
            raise ApiError(405, "Method not allowed")
        if rest[:1] == ["servers"]:
            if len(rest) == 1 and method == "POST":
                return d.create_server(body, base)
            if len(rest) == 1 or (len(rest) == 2 and rest[1] == "detail"):
                if method != "GET":
                    raise ApiError(405, "Method not allowed")
                with d.lock:
                    servers = list(d.servers.values())
                    name = query.get("name", [None])[-1]
                    if name:
                        servers = [s for s in servers if re.search(name, s["name"])]
                    status = query.get("status", [None])[-1]
                    if status:
                        servers = [s for s in servers if s["status"] == status.upper()]
                    if len(rest) == 2:
                        return 200, {"servers": [d.server_view(s, base, ver) for s in servers]}, {}
                    return 200, {"servers": [{"id": s["id"], "name": s["name"], "links": [
                        {"rel": "self", "href": f"{base}/servers/{s['id']}"}]} for s in servers]}, {}
            with d.lock:
                s = d.servers.get(rest[1])
            if s is None:
                raise ApiError(404, f"Instance {rest[1]} could not be found.")
            if len(rest) == 2:
                if method == "GET":
                    with d.lock:
                        return 200, {"server": d.server_view(s, base, ver)}, {}
                if method == "DELETE":
                    self.delete_fault("server")
                    d.delete_server(s)
                    return 204, None, {}
            if len(rest) == 3 and rest[2] == "action" and method == "POST":
                return d.server_action(s, body, base, ver)
            if len(rest) == 3 and rest[2] == "os-interface" and method == "GET":
                with d.lock:
                    p = d.ports.get(s["port_id"])
                    return 200, {"interfaceAttachments": [] if p is None else [
                        {"port_id": p["id"], "net_id": p["network_id"], "mac_addr": p["mac_address"],
                         "port_state": p["status"], "fixed_ips": p["fixed_ips"]}]}, {}
            raise ApiError(405, "Method not allowed")
        raise ApiError(404, "The resource could not be found.")

    def delete_fault(self, kind):
        if self.d.take("delete_500", lambda f: f.get("resource") == kind):
            raise ApiError(500, "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and "
                                "attach the Nova API log if possible.\n<class 'oslo_db.exception.DBDeadlock'>")

    # --- image
    def image(self, rest, method, query, body, headers):
        d = self.d
        if rest[:2] != ["v2", "images"]:
            raise ApiError(404, "The resource could not be found.")
        if len(rest) == 2:
            if method == "GET":
                return 200, d.list_images(query), {}
            if method == "POST":
                return glance_upload.create(d, body, ApiError)
            raise ApiError(405, "The method is not allowed for the requested URL.")
        with d.lock:
            img = d.images.get(rest[2])
        if img is None or (img["visibility"] == "private" and img["owner"] != d.tenant_id):
            raise ApiError(404, f"No image found with ID {rest[2]}")
        if len(rest) == 3:
            if method == "GET":
                with d.lock:
                    return 200, d.image_view(img), {}
            if method == "PATCH":
                return 200, d.patch_image(img, body, headers.get("Content-Type", "")), {}
            if method == "DELETE":
                if img["visibility"] == "public" or img["owner"] != d.tenant_id:
                    raise ApiError(403, "You are not permitted to delete this image.")
                if img["protected"]:
                    raise ApiError(403, f"Image {img['id']} is protected and cannot be deleted.")
                self.delete_fault("image")
                with d.lock:
                    d.images.pop(img["id"], None)
                    d._capture_finished(img)
                shutil.rmtree(img.get("_dir", "/nonexistent"), ignore_errors=True)
                return 204, None, {}
        raise ApiError(405, "The method is not allowed for the requested URL.")

    # --- network
    def network(self, rest, method, query, body):
        d = self.d
        if rest[:1] != ["v2.0"] or len(rest) < 2:
            raise ApiError(404, "The resource could not be found.", kind="HTTPNotFound")
        coll = rest[1].removesuffix(".json")
        item = rest[2] if len(rest) > 2 else None

        def filt(items):
            out = []
            for it in items:
                ok = True
                for k, vals in query.items():
                    if k in ("fields", "limit", "marker", "sort_key", "sort_dir"):
                        continue
                    v = it.get(k)
                    sv = str(v).lower() if isinstance(v, bool) else ("" if v is None else str(v))
                    if sv not in [x.lower() if isinstance(v, bool) else x for x in vals]:
                        ok = False
                if ok:
                    out.append({k: v for k, v in it.items() if not k.startswith("_")})
            return out

        if coll == "routers" and method == "GET" and item is None:
            return 200, {"routers": filt(d.routers.values())}, {}
        if coll == "ports" and method == "GET" and item is None \
                and query.get("device_owner", [""])[-1] == "network:router_interface":
            # Router interfaces, made up from the routers' subnets (they are not client ports).
            out = []
            for r in d.routers.values():
                for sid in r["_subnets"]:
                    sub = d.subnets[sid]
                    pid = str(uuid.uuid5(UUID_NS, r["id"] + sid))
                    out.append({"id": pid, "device_id": r["id"], "name": "",
                                "device_owner": "network:router_interface", "network_id": sub["network_id"],
                                "fixed_ips": [{"subnet_id": sid, "ip_address": sub["gateway_ip"]}],
                                "status": "ACTIVE", "tenant_id": d.tenant_id, "project_id": d.tenant_id,
                                "admin_state_up": True,
                                "mac_address": "fa:16:3e:" + ":".join(pid[i:i + 2] for i in (0, 2, 4)),
                                "allowed_address_pairs": [], "extra_dhcp_opts": [], "binding:vnic_type": "normal",
                                "port_security_enabled": False, "security_groups": []})
            wanted = query.get("network_id", [None])[-1]
            return 200, {"ports": [p for p in out if wanted in (None, p["network_id"])]}, {}
        singular = {"networks": "network", "subnets": "subnet", "ports": "port", "floatingips": "floatingip",
                    "security-groups": "security_group", "security-group-rules": "security_group_rule"}
        if coll not in singular:
            raise ApiError(404, "The resource could not be found.", kind="HTTPNotFound")
        one = singular[coll]
        store = {"networks": d.networks, "subnets": d.subnets, "ports": d.ports, "floatingips": d.fips,
                 "security-groups": d.sgs, "security-group-rules": d.sg_rules}[coll]
        not_found = {"networks": "NetworkNotFound", "subnets": "SubnetNotFound", "ports": "PortNotFound",
                     "floatingips": "FloatingIPNotFound", "security-groups": "SecurityGroupNotFound",
                     "security-group-rules": "SecurityGroupRuleNotFound"}[coll]
        label = {"networks": "Network", "subnets": "Subnet", "ports": "Port", "floatingips": "Floating IP",
                 "security-groups": "Security group", "security-group-rules": "Security group rule"}[coll]
        if item is None:
            if method == "GET":
                with d.lock:
                    items = filt(store.values())
                    if coll == "security-groups":
                        for g in items:
                            g["security_group_rules"] = [
                                {k: v for k, v in r.items() if not k.startswith("_")}
                                for r in d.sg_rules.values() if r["security_group_id"] == g["id"]]
                return 200, {coll.replace("-", "_"): items}, {}
            if method == "POST":
                return self.network_create(coll, body.get(one) if isinstance(body, dict) else None)
            raise ApiError(405, "Method not allowed", kind="HTTPMethodNotAllowed")
        with d.lock:
            rec = store.get(item)
        if rec is None:
            raise ApiError(404, f"{label} {item} could not be found.", kind=not_found)
        if method == "GET":
            with d.lock:
                view = {k: v for k, v in rec.items() if not k.startswith("_")}
                if coll == "security-groups":
                    view["security_group_rules"] = [{k: v for k, v in r.items() if not k.startswith("_")}
                                                    for r in d.sg_rules.values() if r["security_group_id"] == item]
            return 200, {one: view}, {}
        if method == "PUT" and coll == "floatingips":
            return self.fip_update(rec, (body or {}).get("floatingip"))
        if method == "DELETE":
            kind = {"floatingips": "floatingip", "security-groups": "security_group",
                    "security-group-rules": "security_group_rule", "ports": "port"}.get(coll)
            if kind is None or rec.get("_seeded") or coll == "networks":
                raise ApiError(403, "Not allowed.", kind="HTTPForbidden")
            if d.take("delete_500", lambda f: f.get("resource") == kind):
                raise ApiError(500, "Request Failed: internal server error while processing your request.")
            with d.lock:
                if coll == "security-groups":
                    users = [s for s in d.servers.values() if rec["name"] in s["security_groups"]
                             or item in s["security_groups"]]
                    if users:
                        raise ApiError(409, f"Security Group {item} in use.", kind="SecurityGroupInUse")
                    for rid in [r["id"] for r in d.sg_rules.values() if r["security_group_id"] == item]:
                        d.sg_rules.pop(rid)
                store.pop(item)
                if coll == "ports":
                    for f in d.fips.values():
                        if f["port_id"] == item:
                            f.update(port_id=None, fixed_ip_address=None, status="DOWN")
            if coll in ("floatingips", "ports"):
                for s in list(d.servers.values()):
                    d._sync_target(s["id"])
            return 204, None, {}
        raise ApiError(405, "Method not allowed", kind="HTTPMethodNotAllowed")

    def network_create(self, coll, req):
        d = self.d
        if not isinstance(req, dict):
            raise ApiError(400, "Resource body required", kind="HTTPBadRequest")
        now = iso()
        if coll == "floatingips":
            net = d.networks.get(req.get("floating_network_id"))
            if net is None:
                raise ApiError(404, f"Network {req.get('floating_network_id')} could not be found.",
                               kind="NetworkNotFound")
            if not net["router:external"]:
                raise ApiError(400, f"Bad floatingip request: Network {net['id']} is not a valid external network.",
                               kind="BadRequest")
            if d.take("floatingip_quota"):
                raise ApiError(409, "Quota exceeded for resources: ['floatingip'].", kind="OverQuota")
            n = next(d.fip_seq)
            fip = {"id": new_id(), "floating_ip_address": f"127.0.{10 + (n - 1) // 250}.{(n - 1) % 250 + 1}",
                   "floating_network_id": net["id"], "router_id": None, "port_id": None, "fixed_ip_address": None,
                   "status": "DOWN", "tenant_id": d.tenant_id, "project_id": d.tenant_id,
                   "description": req.get("description", ""), "created_at": now, "updated_at": now,
                   "revision_number": 0, "tags": [], "port_details": None, "dns_domain": "", "dns_name": ""}
            if d.nhn:
                # NHN's floating IP API has `label` and no `description` (README, "NHN mode").
                if "description" in req and d.args.fip_description == "reject":
                    raise ApiError(400, "Unrecognized attribute(s) 'description'", kind="HTTPBadRequest")
                fip.pop("description")
                fip["label"] = req.get("label")
            with d.lock:
                d.fips[fip["id"]] = fip
            if req.get("port_id"):
                try:
                    self._associate(fip, req["port_id"])
                except ApiError:
                    with d.lock:
                        d.fips.pop(fip["id"])
                    raise
            if d.take("floatingip_lost_reply"):
                # Made, but the answer is lost on the way (a proxy's timeout): the client never learns the id.
                raise ApiError(504, "Gateway Timeout")
            return 201, {"floatingip": fip}, {}
        if coll == "security-groups":
            if not req.get("name") and req.get("name") != "":
                req["name"] = ""
            if req.get("name") == "default":
                raise ApiError(400, "Default security group already exists.", kind="SecurityGroupDefaultAlreadyExists")
            with d.lock:
                sg = d._new_sg(req.get("name", ""), req.get("description", ""))
                view = {k: v for k, v in sg.items() if not k.startswith("_")}
                view["security_group_rules"] = [{k: v for k, v in r.items() if not k.startswith("_")}
                                                for r in d.sg_rules.values() if r["security_group_id"] == sg["id"]]
            return 201, {"security_group": view}, {}
        if coll == "security-group-rules":
            with d.lock:
                if req.get("security_group_id") not in d.sgs:
                    raise ApiError(404, f"Security group {req.get('security_group_id')} does not exist",
                                   kind="SecurityGroupNotFound")
                if req.get("direction") not in ("ingress", "egress"):
                    raise ApiError(400, f"Invalid input for direction. Reason: {req.get('direction')!r} is not in "
                                        f"['ingress', 'egress'].", kind="HTTPBadRequest")
                eth = req.get("ethertype", "IPv4")
                if eth != "IPv4":
                    raise ApiError(400, "Only IPv4 security group rules are supported.", kind="HTTPBadRequest")
                pmin, pmax = req.get("port_range_min"), req.get("port_range_max")
                if pmin is not None and pmax is not None and int(pmin) > int(pmax):
                    raise ApiError(400, "For TCP/UDP protocols, port_range_min must be <= port_range_max",
                                   kind="SecurityGroupInvalidPortRange")
                rule = d._rule_record(req["security_group_id"], req["direction"], eth, req.get("protocol"),
                                      pmin, pmax, req.get("remote_ip_prefix"), req.get("remote_group_id"),
                                      req.get("description", ""), False)
                sig = ("security_group_id", "direction", "ethertype", "protocol", "port_range_min",
                       "port_range_max", "remote_ip_prefix", "remote_group_id")
                for r in d.sg_rules.values():
                    if all(str(r[k]) == str(rule[k]) for k in sig):
                        raise ApiError(409, f"Security group rule already exists. Rule id is {r['id']}.",
                                       kind="SecurityGroupRuleExists")
                d.sg_rules[rule["id"]] = rule
            return 201, {"security_group_rule": {k: v for k, v in rule.items() if not k.startswith("_")}}, {}
        raise ApiError(400, f"This double does not create {coll}.", kind="HTTPBadRequest")

    def _associate(self, fip, port_id):
        d = self.d
        with d.lock:
            port = d.ports.get(port_id)
            if port is None:
                raise ApiError(404, f"Port {port_id} could not be found.", kind="PortNotFound")
            for other in d.fips.values():
                if other["port_id"] == port_id and other["id"] != fip["id"]:
                    raise ApiError(409, f"Cannot associate floating IP {fip['floating_ip_address']} ({fip['id']}) "
                                        f"with port {port_id} using fixed IP {port['fixed_ips'][0]['ip_address']}, "
                                        f"as that fixed IP already has a floating IP on external network "
                                        f"{fip['floating_network_id']}.", kind="FloatingIPPortAlreadyAssociated")
            fip.update(port_id=port_id, fixed_ip_address=port["fixed_ips"][0]["ip_address"], status="ACTIVE",
                       updated_at=iso(), router_id="b1c2d3e4-0000-4000-8000-000000000001")
            fip["revision_number"] += 1
            sid = port["device_id"]
        d._sync_target(sid)

    def fip_update(self, fip, req):
        d = self.d
        if not isinstance(req, dict) or "port_id" not in req:
            raise ApiError(400, "Resource body required", kind="HTTPBadRequest")
        old_port = fip["port_id"]
        if req["port_id"]:
            self._associate(fip, req["port_id"])
        else:
            with d.lock:
                fip.update(port_id=None, fixed_ip_address=None, status="DOWN", updated_at=iso(), router_id=None)
                fip["revision_number"] += 1
        if old_port and old_port != req["port_id"]:
            with d.lock:
                p = d.ports.get(old_port)
            if p:
                d._sync_target(p["device_id"])
        return 200, {"floatingip": fip}, {}

    # --- volume
    def volume(self, rest, method, query, body):
        d = self.d
        if rest == ["types"] and method == "GET":
            if d.nhn:  # BS "List Block Storage Types" example, as it stands
                return 200, nhn_mode.example("bs-list-types"), {}
            names = d.volume_type_names()
            return 200, {"volume_types": [{"id": str(uuid.uuid5(UUID_NS, "vt-" + n)), "name": n, "description": None,
                                           "is_public": True, "os-volume-type-access:is_public": True,
                                           "extra_specs": {}} for n in names]}, {}
        if rest == ["limits"] and method == "GET":
            # cinder api-ref limits: absolute limits and what is used of them.
            with d.lock:
                vols = list(d.volumes.values())
            return 200, {"limits": {"rate": [], "absolute": {
                "maxTotalVolumes": 10, "totalVolumesUsed": len(vols), "maxTotalVolumeGigabytes": 5000,
                "totalGigabytesUsed": sum(v["size"] for v in vols), "maxTotalSnapshots": 10, "totalSnapshotsUsed": 0,
                "maxTotalBackups": 10, "totalBackupsUsed": 0, "maxTotalBackupGigabytes": 1000,
                "totalBackupGigabytesUsed": 0}}}, {}
        if rest[:1] != ["volumes"]:
            raise ApiError(404, "The resource could not be found.")
        if len(rest) == 1 or (len(rest) == 2 and rest[1] == "detail"):
            if method != "GET":
                raise ApiError(405, "Method not allowed")
            with d.lock:
                vols = list(d.volumes.values())
                if len(rest) == 2:
                    return 200, {"volumes": [d.volume_view(v) for v in vols]}, {}
                return 200, {"volumes": [{"id": v["id"], "name": v["name"], "links": []} for v in vols]}, {}
        with d.lock:
            vol = d.volumes.get(rest[1])
        if vol is None:
            raise ApiError(404, f"Volume {rest[1]} could not be found.")
        if len(rest) == 2:
            if method == "GET":
                with d.lock:
                    return 200, {"volume": d.volume_view(vol)}, {}
            if method == "DELETE":
                with d.lock:
                    if vol["status"] not in ("available", "error", "error_restoring", "error_extending"):
                        raise ApiError(400, "Invalid volume: Volume status must be available or error or "
                                            "error_restoring or error_extending or error_managing and must not be "
                                            "migrating, attached, belong to a group, have snapshots or be "
                                            "disassociated from snapshots after volume transfer.")
                self.delete_fault("volume")
                with d.lock:
                    vol["status"] = "deleting"
                d.sched.call_later(d.settings["delete_delay"], self._volume_gone, vol["id"])
                return 202, None, {}
        if len(rest) == 3 and rest[2] == "action" and method == "POST":
            if isinstance(body, dict) and "os-volume_upload_image" in body:
                return d.upload_volume(vol, body["os-volume_upload_image"])
            raise ApiError(400, "There is no such action.")
        raise ApiError(405, "Method not allowed")

    def _volume_gone(self, vid):
        with self.d.lock:
            v = self.d.volumes.pop(vid, None)
        if v:
            shutil.rmtree(v["_dir"], ignore_errors=True)

    # --- control API
    def control(self, method, parts, query, body):
        d = self.d
        what = parts[1] if len(parts) > 1 else ""
        if what == "resources" and method == "GET":
            return 200, d.resources(), {}
        if what == "requests":
            if method == "GET":
                since = int(query.get("since", ["0"])[-1])
                with d.lock:
                    reqs = [r for r in d.requests if r["seq"] > since]
                    nxt = d.requests[-1]["seq"] if d.requests else since
                return 200, {"requests": reqs, "next": nxt}, {}
            if method == "DELETE":
                with d.lock:
                    d.requests.clear()
                return 204, None, {}
        if what == "faults":
            if method == "GET":
                with d.lock:
                    return 200, {"faults": list(d.faults), "settings": dict(d.settings)}, {}
            if method == "POST":
                specs = body if isinstance(body, list) else [body]
                with d.lock:
                    armed = [d.arm(s) for s in specs]
                return 200, {"faults": armed}, {}
            if method == "DELETE":
                d.disarm_all()
                return 204, None, {}
        if what == "settings" and method == "POST":
            if not isinstance(body, dict):
                raise ApiError(400, "settings: a JSON object")
            with d.lock:
                for k, v in body.items():
                    if k not in d.settings:
                        raise ApiError(400, f"unknown setting {k}; known: {sorted(d.settings)}")
                    d.settings[k] = v
                return 200, {"settings": dict(d.settings)}, {}
        if what == "tokens" and parts[2:] == ["expire"] and method == "POST":
            with d.lock:
                for t in d.tokens.values():
                    t["expires"] = min(t["expires"], time.time())
            return 204, None, {}
        if what == "servers" and len(parts) == 3 and method == "GET":
            with d.lock:
                s = d.servers.get(parts[2])
                if s is None:
                    raise ApiError(404, "no such server")
                out = d.server_view(s, "", (2, 1))
                ud = s["user_data"]
                out["user_data"] = base64.b64decode(ud).decode(errors="replace") if ud else None
                out["target"] = {"kind": d.targets.kind, "pid": s["_target_pid"], "listening": s["_listening"],
                                 "address": f"{s['_listening']}:{d.ssh_port}" if s["_listening"] else None,
                                 "host_key": s["_host_key_public"], "login_user": s["_login_user"],
                                 "console_log": os.path.join(s["_dir"], "console.log"),
                                 "disk_dir": s["_disk_dir"], "merged": os.path.join(s["_dir"], "merged")}
            return 200, out, {}
        if what == "images" and len(parts) == 4 and parts[3] == "file" and method == "GET":
            with d.lock:
                img = d.images.get(parts[2])
            if img is None:
                raise ApiError(404, "no such image")
            path = query.get("path", [""])[-1]
            found = d.image_file(img, path)
            if found is None:
                raise ApiError(404, f"{path} is not in image {img['id']}")
            kind, content = found
            return 200, content if isinstance(content, bytes) else content.encode(), {
                "Content-Type": "application/octet-stream", "X-Double-File-Kind": kind}
        raise ApiError(404, f"no control endpoint {method} /{'/'.join(parts)}")


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
    workdir = args.workdir or tempfile.mkdtemp(prefix="ib-osdouble-", dir="/var/tmp")
    os.makedirs(workdir, exist_ok=True)
    os.chmod(workdir, 0o755)
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
