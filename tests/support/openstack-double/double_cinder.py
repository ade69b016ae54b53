"""Block storage (Cinder) part of the API double's state: volume types, volumes, volume upload to an image."""

import os
import time

import nhn_mode
from double_common import ApiError, iso, new_id


class CinderDouble:
    """Mixin of Double (openstack_double.py): volumes and os-volume_upload_image."""

    # ---------------------------------------------------------------- volumes
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
