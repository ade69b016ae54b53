"""Image (Glance v2) routes of the API double's Router (the data upload is Handler._upload's)."""

import shutil

import glance_upload
from double_common import ApiError


class GlanceRoutes:
    """Mixin of Router (router.py): /v2/images."""

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
