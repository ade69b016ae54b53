"""The API double's control API (/_double/..., no token): resources, requests, faults, settings, tokens,
a server's target, a file of an image."""

import base64
import os
import time

from double_common import ApiError


class ControlRoutes:
    """Mixin of Router (router.py): /_double/...."""

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
