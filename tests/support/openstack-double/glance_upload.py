"""Glance v2 image create and image data upload for the OpenStack double.

Sources (README "Image (Glance v2)", rows "POST /v2/images" and "PUT /v2/images/{id}/file"):
- glance api-ref images-images-v2.inc "Create image" (201, Location, the schema's fields,
  additional properties are strings, visibility public needs admin) and images-data.inc
  "Upload binary image data" (Content-Type application/octet-stream, 204; 409 unless the
  image is queued; on a failed upload the image goes back to queued).
- NHN Cloud CIm en/public-api.md (TOAST-DOCS/Compute-Image 07ad663) "Create Image"
  (`os_type` required, `windows` or `linux`; `visibility` private or shared) and
  "Upload Image" (PUT .../file, application/octet-stream, 204).

The body of a PUT is read and hashed as a stream (md5 as `checksum`, sha512 as
`os_hash_value`), never held whole in memory. Nothing of it is kept on disk.
"""

import hashlib
import socket
import struct
import time
import uuid

DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop")
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed")
CORE = {"id", "name", "container_format", "disk_format", "min_disk", "min_ram", "protected", "tags", "visibility"}
READ_ONLY = {"status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size", "owner", "created_at",
             "updated_at", "self", "file", "schema", "locations", "direct_url"}
CHUNK = 1024 * 1024
DROP = object()  # the handler closes the connection without an answer


def create(d, body, api_error):
    """POST /v2/images: (201, view, headers)."""
    if not isinstance(body, dict):
        raise api_error(400, "Invalid body: an image is a JSON object.")
    bad = sorted(k for k in body if k in READ_ONLY)
    if bad:
        raise api_error(403, f"Attribute '{bad[0]}' is read-only.")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 255):
        raise api_error(400, "Provided object does not match schema 'image': name: at most 255 characters.")
    for key, allowed in (("disk_format", DISK_FORMATS), ("container_format", CONTAINER_FORMATS)):
        if body.get(key) is not None and body[key] not in allowed:
            raise api_error(400, f"Invalid value for {key}: {body[key]!r}.")
    for key in ("min_disk", "min_ram"):
        v = body.get(key, 0)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise api_error(400, f"Provided object does not match schema 'image': {key}: a non-negative integer.")
    visibility = body.get("visibility", "shared")
    if visibility not in ("public", "private", "shared", "community"):
        raise api_error(400, f"Invalid visibility value: {visibility}")
    if visibility == "public" or (d.nhn and visibility == "community"):
        raise api_error(403, "You are not authorized to complete publicize_image action.")
    tags = body.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise api_error(400, "Provided object does not match schema 'image': tags: a list of strings.")
    props = {k: v for k, v in body.items() if k not in CORE}
    for k, v in props.items():
        if not isinstance(v, str):
            raise api_error(400, f"Provided object does not match schema 'image': {k}: additional properties "
                                 "are strings.")
    if d.nhn and props.get("os_type") not in ("linux", "windows"):
        # CIm "Create Image": os_type is required, `windows` or `linux`.
        raise api_error(400, "os_type is required: 'linux' or 'windows'.")
    iid = body.get("id") or str(uuid.uuid4())
    with d.lock:
        if iid in d.images:
            raise api_error(409, f"Image with identifier {iid} already exists!")
        img = d._image_record(iid, name or "", visibility, d.tenant_id, props, min_disk=body.get("min_disk", 0))
        img["disk_format"] = body.get("disk_format")
        img["container_format"] = body.get("container_format")
        img["min_ram"] = body.get("min_ram", 0)
        img["protected"] = bool(body.get("protected", False))
        img["tags"] = list(tags)
        img["_uploaded"] = True
        d.images[iid] = img
        view = d.image_view(img)
    return 201, view, {"Location": f"{d.url}/v2/images/{iid}"}


def _qcow2_virtual_size(head):
    if len(head) >= 32 and head[:4] == b"QFI\xfb":
        return struct.unpack(">Q", head[24:32])[0]
    return None


def _read_body(handler, d, img, length, drop_at):
    """Reads `length` bytes in chunks; returns (md5, sha512, count, head) or None when cut short."""
    md5, sha = hashlib.md5(), hashlib.sha512()
    count, head = 0, b""
    while count < length:
        want = min(CHUNK, length - count)
        if drop_at is not None:
            want = min(want, max(1, drop_at - count))
        try:
            chunk = handler.rfile.read(want)
        except OSError:
            chunk = b""
        if not chunk:
            return None
        md5.update(chunk)
        sha.update(chunk)
        if len(head) < 512:
            head += chunk[:512 - len(head)]
        count += len(chunk)
        with d.lock:
            img["_received"] = count
            delay = float(d.settings.get("upload_delay", 0.0))
        if drop_at is not None and count >= drop_at:
            return DROP
        if delay > 0:
            time.sleep(delay * len(chunk) / CHUNK)
    return md5.hexdigest(), sha.hexdigest(), count, head


def upload(handler, d, image_id, headers, api_error):
    """PUT /v2/images/{id}/file, the body still unread on handler.rfile: (204, None, {}) or DROP."""
    with d.lock:
        img = d.images.get(image_id)
    if img is None or img["owner"] != d.tenant_id:
        raise api_error(404, f"No image found with ID {image_id}")
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip()
    if ctype != "application/octet-stream":
        raise api_error(415, f"Content type {ctype or '(none)'} not supported; use application/octet-stream.")
    if headers.get("Transfer-Encoding", "").lower() == "chunked" or headers.get("Content-Length") is None:
        raise api_error(411, "Length Required: send Content-Length (the double reads no chunked bodies).")
    length = int(headers.get("Content-Length"))
    with d.lock:
        if img["status"] != "queued":
            raise api_error(409, f"Image status transition from {img['status']} to saving is not allowed")
        img["status"], img["updated_at"], img["_received"] = "saving", time.time(), 0
    drop = d.take("upload_drop")
    # Taken when the upload starts, as upload_drop is: an upload still being read when a test
    # arms the fault (the rest of a cancelled one, already in the socket's buffers) must not
    # take it when it ends (seen once, on a loaded run: the next test's upload then got a
    # good checksum).
    wrong = d.take("upload_checksum_mismatch")
    drop_at = None
    if drop is not None:
        drop_at = int(drop.get("after_bytes", max(1, length // 2)))
    got = _read_body(handler, d, img, length, drop_at)
    if got is None or got is DROP:
        with d.lock:  # images-data.inc: a failed upload leaves the image queued
            if d.images.get(image_id) is img:
                img["status"], img["updated_at"] = "queued", time.time()
        if got is DROP:
            try:
                handler.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        return DROP
    md5, sha, count, head = got
    with d.lock:
        if d.images.get(image_id) is not img:  # deleted while it uploaded
            raise api_error(410, "The image was deleted during the upload.")
        img["checksum"] = hashlib.md5(b"not-the-bytes").hexdigest() if wrong else md5
        img["os_hash_algo"], img["os_hash_value"] = "sha512", sha
        img["size"] = count
        img["virtual_size"] = _qcow2_virtual_size(head) if img.get("disk_format") == "qcow2" else count
        img["_received_md5"] = md5
        img["status"], img["updated_at"] = "active", time.time()
    return 204, None, {}
