"""The API double's own faults and control views (the /_double API's side of class Double)."""

import os
import re

from double_common import ApiError, has_xattr, is_whiteout


class ControlDouble:
    """Mixin of Double (openstack_double.py): faults armed and taken, the resources view, image files."""

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
