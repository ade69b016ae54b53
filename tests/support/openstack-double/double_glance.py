"""Image (Glance v2) part of the API double's state: captures, the image view, listing, PATCH."""

import hashlib
import os
import threading
import time
import urllib.parse

from double_common import ApiError, iso, log, new_id


class GlanceDouble:
    """Mixin of Double (openstack_double.py): image captures and the image API."""

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
