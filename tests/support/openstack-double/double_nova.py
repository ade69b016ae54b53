"""Compute (Nova) part of the API double's state: microversions, key pairs, servers, their life cycle
and actions."""

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import traceback

from double_common import (ApiError, NOVA_MAX_MICROVERSION, iso, log, new_id, parse_cloud_config,
                           parse_public_key, safe_hostname)


class NovaDouble:
    """Mixin of Double (openstack_double.py): key pairs, servers, server actions."""

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
