#!/usr/bin/python3
"""Self-test of the OpenStack double: drives it over plain HTTP as a client would.

Run as root: /usr/bin/python3 tests/support/openstack-double/test_double.py [-v]
"""

import base64
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN_12 = "Debian 12.5 Bookworm (2024.03.12)"
VOLUME_FLAVOR = "m2.c1m2"
LOCAL_FLAVOR = "u2.c2m4"


def read(path):
    with open(path) as f:
        return f.read()


class Double:
    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "openstack_double.py"),
                                      "--exit-on-stdin-eof", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the double did not start")
        self.info = json.loads(line)
        self.url = self.info["url"]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(60)
        self.proc.stdout.close()

    def control(self, method, path, body=None):
        return call(method, self.url + "/_double/" + path, body)


def call(method, url, body=None, token=None, headers=None, raw=None):
    h = {"Accept": "application/json"}
    data = raw
    if body is not None:
        h["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        h["X-Auth-Token"] = token
    h.update(headers or {})
    req = urllib.request.Request(url, method=method, data=data, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            payload = r.read()
            status, hdrs = r.status, r.headers
    except urllib.error.HTTPError as e:
        payload, status, hdrs = e.read(), e.code, e.headers
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = payload.decode(errors="replace")
    return status, hdrs, parsed


class Client:
    """What a provider does: authenticate, read the catalog, call the services."""

    def __init__(self, double, v3=False):
        self.d = double
        i = double.info
        if v3:
            st, h, b = call("POST", i["identity_v3"] + "/auth/tokens", {"auth": {
                "identity": {"methods": ["password"], "password": {"user": {
                    "name": i["username"], "domain": {"name": "Default"}, "password": i["password"]}}},
                "scope": {"project": {"name": i["tenant_name"], "domain": {"name": "Default"}}}}})
            assert st == 201, (st, b)
            self.token = h["X-Subject-Token"]
            self.ep = {c["type"]: [e["url"] for e in c["endpoints"] if e["interface"] == "public"][0]
                       for c in b["token"]["catalog"]}
        else:
            st, h, b = call("POST", i["identity_v2"] + "/tokens", {"auth": {
                "tenantId": i["tenant_id"],
                "passwordCredentials": {"username": i["username"], "password": i["password"]}}})
            assert st == 200, (st, b)
            self.token = b["access"]["token"]["id"]
            self.ep = {c["type"]: c["endpoints"][0]["publicURL"] for c in b["access"]["serviceCatalog"]}

    def __call__(self, method, service, path, body=None, **kw):
        return call(method, self.ep[service] + path, body, token=self.token, **kw)

    def image_id(self, name=DEBIAN_12):
        st, _, b = self("GET", "image", "/v2/images?name=" + urllib.request.quote(name))
        return b["images"][0]["id"]

    def flavor_id(self, name):
        return [f["id"] for f in self("GET", "compute", "/flavors")[2]["flavors"] if f["name"] == name][0]

    def wait(self, service, path, key, field, wanted, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            st, _, b = self("GET", service, path)
            if wanted == 404:
                if st == 404:
                    return None
                time.sleep(0.2)
                continue
            value = (b[key] if key else b)[field] if st == 200 else st
            if value in ((wanted,) if isinstance(wanted, str) else wanted):
                return b[key] if key else b
            time.sleep(0.2)
        raise AssertionError(f"{path}: {field} never became {wanted}")


class KeyPair:
    def __init__(self, tmp):
        self.path = os.path.join(tmp, "id_ed25519")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.path], check=True)
        self.public = read(self.path + ".pub").strip()
        host = os.path.join(tmp, "host_ed25519")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", host], check=True)
        self.host_private = read(host)
        self.host_public = read(host + ".pub").strip()


def cloud_config(kp):
    indented = "\n".join("    " + line for line in kp.host_private.strip().splitlines())
    text = ("#cloud-config\nssh_authorized_keys:\n  - \"%s\"\nssh_keys:\n  ed25519_private: |\n%s\n"
            "  ed25519_public: \"%s\"\n" % (kp.public, indented, kp.host_public))
    return base64.b64encode(text.encode()).decode()


class ApiTest(unittest.TestCase):
    """API only (--targets none): wire format, state, faults."""

    @classmethod
    def setUpClass(cls):
        cls.d = Double("--targets", "none", "--build-delay", "0.3", "--delete-delay", "0.2",
                       "--image-saving-delay", "0.3", "--image-queued-delay", "0.1")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.kp = KeyPair(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()
        cls.tmp.cleanup()

    def tearDown(self):
        self.d.control("DELETE", "faults")
        self.d.control("POST", "settings", {"token_lifetime": 3600})
        res = self.d.control("GET", "resources")[2]
        self.assertEqual(res["count"], 0, json.dumps(res, indent=1))

    def test_auth_v2_and_v3(self):
        i = self.d.info
        st, _, b = call("POST", i["identity_v2"] + "/tokens", {"auth": {
            "tenantId": i["tenant_id"], "passwordCredentials": {"username": i["username"], "password": "wrong"}}})
        self.assertEqual(st, 401)
        self.assertEqual(b["error"]["code"], 401)
        c2, c3 = Client(self.d), Client(self.d, v3=True)
        for c in (c2, c3):
            self.assertEqual(set(c.ep), {"identity", "compute", "image", "network", "volumev2", "volumev3"})
            st, _, b = c("GET", "compute", "/flavors")
            self.assertEqual(st, 200)
        st, h, b = call("GET", c2.ep["compute"] + "/servers", token="nonsense")
        self.assertEqual(st, 401)
        self.assertIn("Keystone", h["WWW-Authenticate"])
        st, _, _ = call("GET", c2.ep["compute"] + "/servers")
        self.assertEqual(st, 401)

    def test_token_expires(self):
        self.d.control("POST", "faults", {"fault": "token_lifetime", "seconds": 1})
        c = Client(self.d)
        self.assertEqual(c("GET", "compute", "/servers")[0], 200)
        time.sleep(1.2)
        self.assertEqual(c("GET", "compute", "/servers")[0], 401)
        c.token = Client(self.d).token
        self.d.control("POST", "tokens/expire")
        self.assertEqual(c("GET", "compute", "/servers")[0], 401)
        reqs = self.d.control("GET", "requests")[2]["requests"]
        self.assertGreaterEqual(len({r["token"] for r in reqs if r["service"] == "compute"}), 2)

    def test_image_paging_and_filters(self):
        c = Client(self.d)
        seen, url = [], "/v2/images?limit=2&visibility=public"
        pages = 0
        while url:
            st, _, b = c("GET", "image", url)
            self.assertEqual(st, 200)
            seen += [i["id"] for i in b["images"]]
            url = b.get("next")
            pages += 1
        self.assertEqual(len(seen), 7)
        self.assertEqual(len(set(seen)), 7)
        self.assertGreaterEqual(pages, 4)
        st, _, b = c("GET", "image", "/v2/images?os_distro=ubuntu&sort_key=name&sort_dir=asc")
        self.assertEqual([i["os_version"] for i in b["images"]], ["20.04", "22.04", "24.04"])
        self.assertEqual(b["images"][0]["login_username"], "ubuntu")
        st, _, b = c("GET", "image", "/v2/images?marker=00000000-0000-0000-0000-000000000000")
        self.assertEqual(st, 400)
        debian = c.image_id()
        st, _, b = c("DELETE", "image", "/v2/images/" + debian)
        self.assertEqual(st, 403)
        self.assertIn("403 Forbidden", b)

    def _server(self, c, flavor=VOLUME_FLAVOR, name="ib-build", **extra):
        body = {"server": {"name": name, "flavorRef": c.flavor_id(flavor), "key_name": "ib-key",
                           "user_data": cloud_config(self.kp)}}
        if flavor == VOLUME_FLAVOR:
            body["server"]["block_device_mapping_v2"] = [{
                "source_type": "image", "uuid": c.image_id(), "boot_index": 0, "destination_type": "volume",
                "volume_size": 10, "delete_on_termination": True}]
        else:
            body["server"]["imageRef"] = c.image_id()
        body["server"].update(extra)
        return c("POST", "compute", "/servers", body)

    def test_server_lifecycle_volume_upload(self):
        c = Client(self.d)
        st, _, b = c("POST", "compute", "/os-keypairs", {"keypair": {"name": "ib-key", "public_key": self.kp.public}})
        self.assertEqual(st, 200)
        self.assertEqual(c("POST", "compute", "/os-keypairs",
                           {"keypair": {"name": "ib-key", "public_key": self.kp.public}})[0], 409)
        st, h, b = self._server(c)
        self.assertEqual(st, 202, b)
        sid = b["server"]["id"]
        self.assertTrue(h["Location"].endswith("/servers/" + sid))
        self.assertEqual(c("GET", "compute", "/servers/" + sid)[2]["server"]["status"], "BUILD")
        server = c.wait("compute", "/servers/" + sid, "server", "status", "ACTIVE")
        vol_id = server["os-extended-volumes:volumes_attached"][0]["id"]
        self.assertEqual(server["image"], "")
        st, _, b = c("GET", "volumev2", "/volumes/" + vol_id)
        self.assertEqual(b["volume"]["status"], "in-use")
        self.assertEqual(c("DELETE", "volumev2", "/volumes/" + vol_id)[0], 400)
        self.assertEqual(c("POST", "compute", f"/servers/{sid}/action", {"createImage": {"name": "x"}})[0], 409)
        self.assertEqual(c("POST", "compute", f"/servers/{sid}/action", {"os-stop": None})[0], 202)
        c.wait("compute", "/servers/" + sid, "server", "status", "SHUTOFF")
        st, _, b = c("POST", "volumev2", f"/volumes/{vol_id}/action", {"os-volume_upload_image": {
            "image_name": "web v1", "force": True, "disk_format": "qcow2", "container_format": "bare",
            "visibility": "private", "protected": False}})
        self.assertEqual(st, 202, b)
        image_id = b["os-volume_upload_image"]["image_id"]
        self.assertEqual(c("GET", "volumev2", "/volumes/" + vol_id)[2]["volume"]["status"], "uploading")
        image = c.wait("image", "/v2/images/" + image_id, None, "status", "active")
        self.assertEqual(image["os_distro"], "debian")
        self.assertEqual(image["visibility"], "private")
        st, _, b = c("PATCH", "image", "/v2/images/" + image_id, raw=json.dumps(
            [{"op": "add", "path": "/ib_template", "value": "t1"}]).encode(),
            headers={"Content-Type": "application/openstack-images-v2.1-json-patch"})
        self.assertEqual((st, b["ib_template"]), (200, "t1"))
        st, _, b = c("GET", "image", "/v2/images?ib_template=t1")
        self.assertEqual([i["id"] for i in b["images"]], [image_id])
        self.assertEqual(c("PATCH", "image", "/v2/images/" + image_id, [])[0], 415)
        self.assertEqual(c("DELETE", "compute", "/servers/" + sid)[0], 204)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        self.assertEqual(c("GET", "volumev2", "/volumes/" + vol_id)[0], 404)
        self.assertEqual(c("DELETE", "image", "/v2/images/" + image_id)[0], 204)
        self.assertEqual(c("DELETE", "compute", "/os-keypairs/ib-key")[0], 202)

    def test_create_image_local_disk_microversions(self):
        c = Client(self.d)
        c("POST", "compute", "/os-keypairs", {"keypair": {"name": "ib-key", "public_key": self.kp.public}})
        sid = self._server(c, flavor=LOCAL_FLAVOR)[2]["server"]["id"]
        c.wait("compute", "/servers/" + sid, "server", "status", "ACTIVE")
        st, h, b = c("POST", "compute", f"/servers/{sid}/action", {"createImage": {"name": "snap"}})
        self.assertEqual(st, 202)
        image_id = h["Location"].rsplit("/", 1)[1]
        self.assertEqual(c("GET", "image", "/v2/images/" + image_id)[2]["status"], "queued")
        c.wait("image", "/v2/images/" + image_id, None, "status", "active")
        st, h, b = c("POST", "compute", f"/servers/{sid}/action", {"createImage": {"name": "snap2"}},
                     headers={"OpenStack-API-Version": "compute 2.45"})
        self.assertEqual(st, 202)
        self.assertNotIn("Location", h)
        c.wait("image", "/v2/images/" + b["image_id"], None, "status", "active")
        for iid in (image_id, b["image_id"]):
            self.assertEqual(c("DELETE", "image", "/v2/images/" + iid)[0], 204)
        c("DELETE", "compute", "/servers/" + sid)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        self.assertEqual(c("DELETE", "compute", "/os-keypairs/ib-key",
                           headers={"X-OpenStack-Nova-API-Version": "2.2"})[0], 204)

    def test_image_create_and_upload(self):
        """POST /v2/images, PUT .../file streamed and hashed, queued -> saving -> active, faults."""
        c = Client(self.d)
        props = {"name": "up", "disk_format": "raw", "container_format": "bare", "visibility": "private",
                 "os_type": "linux", "os_distro": "debian"}
        st, h, img = c("POST", "image", "/v2/images", props)
        self.assertEqual(st, 201, img)
        self.assertEqual((img["status"], img["os_distro"], img["checksum"]), ("queued", "debian", None))
        self.assertTrue(h["Location"].endswith("/v2/images/" + img["id"]))
        self.assertEqual(c("POST", "image", "/v2/images", {"name": "x", "os_type": 3})[0], 400)
        self.assertEqual(c("POST", "image", "/v2/images", {"name": "n" * 256})[0], 400)
        self.assertEqual(c("POST", "image", "/v2/images", {"name": "p", "visibility": "public"})[0], 403)
        path = os.path.join(self.tmp.name, "data.bin")
        with open(path, "wb") as f:
            for _ in range(96):
                f.write(os.urandom(1024 * 1024))
        md5, sha = hashlib.md5(), hashlib.sha512()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                md5.update(block)
                sha.update(block)

        def put(iid):
            with open(path, "rb") as f:
                return c("PUT", "image", f"/v2/images/{iid}/file", raw=f,
                         headers={"Content-Type": "application/octet-stream", "Content-Length": str(96 << 20)})

        def peak():
            with open(f"/proc/{self.d.info['pid']}/status") as f:
                return [int(line.split()[1]) for line in f if line.startswith("VmHWM:")][0] * 1024

        before = peak()
        self.assertEqual(c("PUT", "image", f"/v2/images/{img['id']}/file", raw=b"{}",
                           headers={"Content-Type": "application/json"})[0], 415)
        self.assertEqual(put(img["id"])[0], 204)
        # Read and hashed as a stream: 96 MiB went through with far less memory.
        self.assertLess(peak() - before, 32 << 20)
        got = c("GET", "image", "/v2/images/" + img["id"])[2]
        self.assertEqual((got["status"], got["checksum"], got["os_hash_algo"], got["os_hash_value"], got["size"]),
                         ("active", md5.hexdigest(), "sha512", sha.hexdigest(), 96 << 20))
        self.assertEqual(c("PUT", "image", f"/v2/images/{img['id']}/file", raw=b"x",
                           headers={"Content-Type": "application/octet-stream"})[0], 409)  # only a queued image takes data
        # A connection cut mid-upload: no answer, the image is queued again (images-data.inc).
        self.d.control("POST", "faults", {"fault": "upload_drop", "after_bytes": 1 << 20})
        st2, _, img2 = c("POST", "image", "/v2/images", {"name": "cut", "disk_format": "raw", "container_format": "bare"})
        with self.assertRaises((ConnectionError, urllib.error.URLError, http.client.HTTPException)):
            put(img2["id"])
        self.assertEqual(c("GET", "image", "/v2/images/" + img2["id"])[2]["status"], "queued")
        self.d.control("POST", "faults", {"fault": "upload_checksum_mismatch"})
        self.assertEqual(put(img2["id"])[0], 204)
        self.assertNotEqual(c("GET", "image", "/v2/images/" + img2["id"])[2]["checksum"], md5.hexdigest())
        for iid in (img["id"], img2["id"]):
            self.assertEqual(c("DELETE", "image", "/v2/images/" + iid)[0], 204)

    def test_faults(self):
        c = Client(self.d)
        c("POST", "compute", "/os-keypairs", {"keypair": {"name": "ib-key", "public_key": self.kp.public}})
        # server goes ERROR; its volume stays until the server is deleted
        self.d.control("POST", "faults", {"fault": "server_error", "message": "No valid host was found."})
        sid = self._server(c)[2]["server"]["id"]
        server = c.wait("compute", "/servers/" + sid, "server", "status", ("ACTIVE", "ERROR"))
        self.assertEqual(server["status"], "ERROR")
        self.assertEqual(server["fault"]["message"], "No valid host was found.")
        # 500 on delete, then success
        self.d.control("POST", "faults", {"fault": "delete_500", "resource": "server", "count": 2})
        st, _, b = c("DELETE", "compute", "/servers/" + sid)
        self.assertEqual(st, 500)
        self.assertIn("computeFault", b)
        self.assertEqual(c("DELETE", "compute", "/servers/" + sid)[0], 500)
        self.assertEqual(c("DELETE", "compute", "/servers/" + sid)[0], 204)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        # floating IP quota
        ext = c("GET", "network", "/v2.0/networks?router:external=true")[2]["networks"][0]["id"]
        self.d.control("POST", "faults", {"fault": "floatingip_quota"})
        st, _, b = c("POST", "network", "/v2.0/floatingips", {"floatingip": {"floating_network_id": ext}})
        self.assertEqual(st, 409)
        self.assertEqual(b["NeutronError"]["type"], "OverQuota")
        st, _, b = c("POST", "network", "/v2.0/floatingips", {"floatingip": {"floating_network_id": ext}})
        self.assertEqual(st, 201)
        self.assertEqual(c("DELETE", "network", "/v2.0/floatingips/" + b["floatingip"]["id"])[0], 204)
        # a build that hangs in BUILD is cancelled by deleting the server
        self.d.control("POST", "faults", {"fault": "server_build_hang"})
        sid = self._server(c)[2]["server"]["id"]
        time.sleep(0.8)
        self.assertEqual(c("GET", "compute", "/servers/" + sid)[2]["server"]["status"], "BUILD")
        c("DELETE", "compute", "/servers/" + sid)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        # security group in use, rules
        sg = c("POST", "network", "/v2.0/security-groups", {"security_group": {"name": "ib-ssh"}})[2]
        sg_id = sg["security_group"]["id"]
        rule = {"security_group_rule": {"direction": "ingress", "protocol": "tcp", "port_range_min": 22,
                                        "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0",
                                        "security_group_id": sg_id, "ethertype": "IPv4"}}
        self.assertEqual(c("POST", "network", "/v2.0/security-group-rules", rule)[0], 201)
        self.assertEqual(c("POST", "network", "/v2.0/security-group-rules", rule)[2]["NeutronError"]["type"],
                         "SecurityGroupRuleExists")
        sid = self._server(c, security_groups=[{"name": "ib-ssh"}])[2]["server"]["id"]
        self.assertEqual(c("DELETE", "network", "/v2.0/security-groups/" + sg_id)[0], 409)
        c("DELETE", "compute", "/servers/" + sid)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        self.assertEqual(c("DELETE", "network", "/v2.0/security-groups/" + sg_id)[0], 204)
        # quota on instances, generic error
        self.d.control("POST", "faults", {"fault": "instance_quota"})
        st, _, b = self._server(c)
        self.assertEqual((st, list(b)), (403, ["forbidden"]))
        self.d.control("POST", "faults", {"fault": "http_error", "method": "GET", "path_regex": "/flavors$",
                                          "status": 503})
        self.assertEqual(c("GET", "compute", "/flavors")[0], 503)
        self.assertEqual(c("GET", "compute", "/flavors")[0], 200)
        c("DELETE", "compute", "/os-keypairs/ib-key")


@unittest.skipUnless(os.geteuid() == 0, "chroot targets need root")
class ChrootTargetTest(unittest.TestCase):
    """A server is a real SSH target; what a build runs in it stays in its tree."""

    def setUp(self):
        self.d = Double("--build-delay", "0.5", "--delete-delay", "0.2")
        self.tmp = tempfile.TemporaryDirectory()
        self.kp = KeyPair(self.tmp.name)

    def tearDown(self):
        workdir = self.d.info["workdir"]
        self.d.stop()
        self.tmp.cleanup()
        self.assertFalse(os.path.exists(workdir), "the double left its workdir")
        out = subprocess.run(["pgrep", "-f", "sshd -D -e -f /run/ib-double/sshd_config"], capture_output=True,
                             text=True).stdout
        self.assertEqual(out, "", "the double left sshd processes")

    def ssh(self, address, command, user="debian"):
        known = os.path.join(self.tmp.name, "known_hosts")
        with open(known, "w") as f:
            f.write(f"[{address}]:{self.d.info['ssh_port']} {self.kp.host_public}\n")
        return subprocess.run(["ssh", "-i", self.kp.path, "-p", str(self.d.info["ssh_port"]), "-o", "BatchMode=yes",
                               "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known,
                               "-o", "ConnectTimeout=5", f"{user}@{address}", command],
                              capture_output=True, text=True, timeout=60)

    def test_build_in_a_chroot_target(self):
        host_machine_id = read("/etc/machine-id")
        host_keys = sorted(os.listdir("/etc/ssh"))
        c = Client(self.d, v3=True)
        c("POST", "compute", "/os-keypairs", {"keypair": {"name": "ib-key", "public_key": self.kp.public}})
        body = {"server": {"name": "ib-build", "flavorRef": c.flavor_id(LOCAL_FLAVOR), "key_name": "ib-key",
                           "imageRef": c.image_id(), "user_data": cloud_config(self.kp)}}
        sid = c("POST", "compute", "/servers", body)[2]["server"]["id"]
        c.wait("compute", "/servers/" + sid, "server", "status", "ACTIVE")
        port = c("GET", "network", "/v2.0/ports?device_id=" + sid)[2]["ports"][0]
        ext = c("GET", "network", "/v2.0/networks?router:external=true")[2]["networks"][0]["id"]
        fip = c("POST", "network", "/v2.0/floatingips",
                {"floatingip": {"floating_network_id": ext, "port_id": port["id"]}})[2]["floatingip"]
        address = fip["floating_ip_address"]
        self.assertTrue(address.startswith("127.0.10."))
        for _ in range(50):
            r = self.ssh(address, "true")
            if r.returncode == 0:
                break
            time.sleep(0.2)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.ssh(address, "set -e; cloud-init status --wait; sudo -n sh -c 'echo built >/etc/ib-built'; "
                              "sudo -n rm -f /etc/ssh/ssh_host_*; sudo -n truncate -s 0 /etc/machine-id; "
                              "sudo -n cloud-init clean --logs; ls /etc/ssh; hostname")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("ssh_host_", r.stdout)
        self.assertIn("ib-build", r.stdout)
        self.assertEqual(read("/etc/machine-id"), host_machine_id)
        self.assertEqual(sorted(os.listdir("/etc/ssh")), host_keys)
        self.assertFalse(os.path.exists("/etc/ib-built"))
        self.assertEqual(c("POST", "compute", f"/servers/{sid}/action", {"os-stop": None})[0], 202)
        c.wait("compute", "/servers/" + sid, "server", "status", "SHUTOFF")
        self.assertNotEqual(self.ssh(address, "true").returncode, 0)
        st, h, _ = c("POST", "compute", f"/servers/{sid}/action", {"createImage": {"name": "built"}})
        image_id = h["Location"].rsplit("/", 1)[1]
        c.wait("image", "/v2/images/" + image_id, None, "status", "active")
        st, _, content = self.d.control("GET", f"images/{image_id}/file?path=/etc/ib-built")
        self.assertEqual(st, 200)
        st, _, _ = self.d.control("GET", f"images/{image_id}/file?path=/etc/ssh/ssh_host_ed25519_key")
        self.assertEqual(st, 404)
        # clean up as a build does; the floating IP first (what Packer forgot: packer #1534)
        self.assertEqual(c("DELETE", "network", "/v2.0/floatingips/" + fip["id"])[0], 204)
        c("DELETE", "compute", "/servers/" + sid)
        c.wait("compute", "/servers/" + sid, None, None, 404)
        c("DELETE", "compute", "/os-keypairs/ib-key")
        res = self.d.control("GET", "resources")[2]
        self.assertEqual((res["count_without_images"], res["count"]), (0, 1), res)


class StaleWorkdirTest(unittest.TestCase):
    """A double killed hard leaves its folder; the next double removes it (and no other)."""

    def test_only_folders_of_gone_doubles_are_removed(self):
        sys.path.insert(0, HERE)
        import openstack_double as od
        root = tempfile.mkdtemp(prefix="ib-sweep-test-")
        try:
            gone = subprocess.Popen(["true"])
            gone.wait()

            def folder(name, pid=None, age_s=0):
                path = os.path.join(root, od.WORKDIR_PREFIX + name)
                os.mkdir(path)
                if pid is not None:
                    with open(os.path.join(path, od.PID_FILE), "w") as f:
                        f.write(str(pid))
                if age_s:
                    os.utime(path, (time.time() - age_s, time.time() - age_s))
                return path

            dead = folder("dead", gone.pid)
            alive = folder("alive", os.getpid())
            starting = folder("starting")
            old = folder("old", age_s=7200)
            other = os.path.join(root, "ib-other-folder")
            os.mkdir(other)
            od.sweep_stale_workdirs(root)
            self.assertFalse(os.path.exists(dead))
            self.assertFalse(os.path.exists(old))
            self.assertTrue(os.path.isdir(alive))
            self.assertTrue(os.path.isdir(starting))
            self.assertTrue(os.path.isdir(other))
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
