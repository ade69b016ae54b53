"""Compute (Nova) routes of the API double's Router: limits, flavors, key pairs, servers."""

import re
import urllib.parse

from double_common import ApiError


class NovaRoutes:
    """Mixin of Router (router.py): the compute paths, and the delete_500 fault every service's DELETE takes."""

    # --- compute
    def compute(self, rest, method, query, body, base, ver):
        d = self.d
        if rest == ["limits"] and method == "GET":
            # nova api-ref limits.inc: absolute limits and what is used of them.
            with d.lock:
                servers = list(d.servers.values())
                absolute = {"maxTotalInstances": 10, "totalInstancesUsed": len(servers),
                            "maxTotalCores": 40, "totalCoresUsed": sum(s["flavor"]["vcpus"] for s in servers),
                            "maxTotalRAMSize": 102400, "totalRAMUsed": sum(s["flavor"]["ram"] for s in servers),
                            "maxTotalKeypairs": 100, "maxServerMeta": 128, "maxImageMeta": 128,
                            "maxPersonality": 5, "maxPersonalitySize": 10240, "maxSecurityGroups": 10,
                            "maxSecurityGroupRules": 20, "maxTotalFloatingIps": 10, "totalFloatingIpsUsed": len(d.fips),
                            "maxServerGroups": 10, "maxServerGroupMembers": 10, "totalSecurityGroupsUsed": 0,
                            "totalServerGroupsUsed": 0}
            return 200, {"limits": {"rate": [], "absolute": absolute}}, {}
        if rest[:1] == ["flavors"]:
            if len(rest) == 1 or rest[1] == "detail":
                detail = len(rest) == 2
                fl = [dict(f, links=[]) if detail else {"id": f["id"], "name": f["name"], "links": []}
                      for f in d.flavors.values()]
                out = {"flavors": fl}
                size = d.args.flavor_page_size
                if size > 0:  # undocumented on NHN: Nova's limit/marker paging (README, "Switches")
                    ids = [f["id"] for f in fl]
                    marker = query.get("marker", [None])[-1]
                    start = ids.index(marker) + 1 if marker in ids else 0
                    out["flavors"] = fl[start:start + size]
                    if start + size < len(fl):
                        out["flavors_links"] = [{"rel": "next", "href": f"{base}/flavors{'/detail' if detail else ''}"
                                                                      f"?limit={size}&marker={fl[start + size - 1]['id']}"}]
                return 200, out, {}
            f = d.flavors.get(rest[1])
            if f is None:
                raise ApiError(404, f"Flavor {rest[1]} could not be found.")
            return 200, {"flavor": dict(f, links=[])}, {}
        if rest[:1] == ["os-keypairs"]:
            if len(rest) == 1:
                if method == "POST":
                    return d.create_keypair(body, ver)
                if method == "GET":
                    with d.lock:
                        return 200, {"keypairs": [{"keypair": {k: v for k, v in d.keypair_view(kp).items()
                                                               if k in ("name", "public_key", "fingerprint", "type")}}
                                                  for kp in d.keypairs.values()]}, {}
            elif len(rest) == 2:
                name = urllib.parse.unquote(rest[1])
                with d.lock:
                    kp = d.keypairs.get(name)
                if kp is None:
                    raise ApiError(404, f"Keypair {name} not found for user {d.user_id}")
                if method == "GET":
                    return 200, {"keypair": d.keypair_view(kp)}, {}
                if method == "DELETE":
                    self.delete_fault("keypair")
                    with d.lock:
                        d.keypairs.pop(name, None)
                    return (204 if ver >= (2, 2) else 202), None, {}
            raise ApiError(405, "Method not allowed")
        if rest[:1] == ["servers"]:
            if len(rest) == 1 and method == "POST":
                return d.create_server(body, base)
            if len(rest) == 1 or (len(rest) == 2 and rest[1] == "detail"):
                if method != "GET":
                    raise ApiError(405, "Method not allowed")
                with d.lock:
                    servers = list(d.servers.values())
                    name = query.get("name", [None])[-1]
                    if name:
                        servers = [s for s in servers if re.search(name, s["name"])]
                    status = query.get("status", [None])[-1]
                    if status:
                        servers = [s for s in servers if s["status"] == status.upper()]
                    if len(rest) == 2:
                        return 200, {"servers": [d.server_view(s, base, ver) for s in servers]}, {}
                    return 200, {"servers": [{"id": s["id"], "name": s["name"], "links": [
                        {"rel": "self", "href": f"{base}/servers/{s['id']}"}]} for s in servers]}, {}
            with d.lock:
                s = d.servers.get(rest[1])
            if s is None:
                raise ApiError(404, f"Instance {rest[1]} could not be found.")
            if len(rest) == 2:
                if method == "GET":
                    with d.lock:
                        return 200, {"server": d.server_view(s, base, ver)}, {}
                if method == "DELETE":
                    self.delete_fault("server")
                    d.delete_server(s)
                    return 204, None, {}
            if len(rest) == 3 and rest[2] == "action" and method == "POST":
                return d.server_action(s, body, base, ver)
            if len(rest) == 3 and rest[2] == "os-interface" and method == "GET":
                with d.lock:
                    p = d.ports.get(s["port_id"])
                    return 200, {"interfaceAttachments": [] if p is None else [
                        {"port_id": p["id"], "net_id": p["network_id"], "mac_addr": p["mac_address"],
                         "port_state": p["status"], "fixed_ips": p["fixed_ips"]}]}, {}
            raise ApiError(405, "Method not allowed")
        raise ApiError(404, "The resource could not be found.")

    def delete_fault(self, kind):
        if self.d.take("delete_500", lambda f: f.get("resource") == kind):
            raise ApiError(500, "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and "
                                "attach the Nova API log if possible.\n<class 'oslo_db.exception.DBDeadlock'>")
