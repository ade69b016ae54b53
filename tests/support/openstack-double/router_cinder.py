"""Block storage (Cinder) routes of the API double's Router: volume types, limits, volumes, actions."""

import shutil
import uuid

import nhn_mode
from double_common import ApiError, UUID_NS


class CinderRoutes:
    """Mixin of Router (router.py): /v2|v3/{tenant_id}/... of the volume service."""

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
