"""Pieces every part of the OpenStack / NHN Cloud API double uses (openstack_double.py re-exports them):
constants, the log, times and ids, ApiError and each service's error body, the scheduler, and the
parsers of overlay layers, public keys, cloud-config and host names."""

import base64
import binascii
import heapq
import itertools
import json
import os
import re
import sys
import threading
import time
import traceback
import uuid

try:
    import yaml
except ImportError:  # cloud-config parsing needs it; the API alone does not
    yaml = None


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
