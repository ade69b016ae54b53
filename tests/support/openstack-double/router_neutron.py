"""Network (Neutron) routes of the API double's Router: networks, subnets, routers, ports, floating IPs,
security groups and rules."""

import uuid

from double_common import ApiError, UUID_NS, iso, new_id


class NeutronRoutes:
    """Mixin of Router (router.py): /v2.0/... of the network service."""

    # --- network
    def network(self, rest, method, query, body):
        d = self.d
        if rest[:1] != ["v2.0"] or len(rest) < 2:
            raise ApiError(404, "The resource could not be found.", kind="HTTPNotFound")
        coll = rest[1].removesuffix(".json")
        item = rest[2] if len(rest) > 2 else None

        def filt(items):
            out = []
            for it in items:
                ok = True
                for k, vals in query.items():
                    if k in ("fields", "limit", "marker", "sort_key", "sort_dir"):
                        continue
                    v = it.get(k)
                    sv = str(v).lower() if isinstance(v, bool) else ("" if v is None else str(v))
                    if sv not in [x.lower() if isinstance(v, bool) else x for x in vals]:
                        ok = False
                if ok:
                    out.append({k: v for k, v in it.items() if not k.startswith("_")})
            return out

        if coll == "routers" and method == "GET" and item is None:
            return 200, {"routers": filt(d.routers.values())}, {}
        if coll == "ports" and method == "GET" and item is None \
                and query.get("device_owner", [""])[-1] == "network:router_interface":
            # Router interfaces, made up from the routers' subnets (they are not client ports).
            out = []
            for r in d.routers.values():
                for sid in r["_subnets"]:
                    sub = d.subnets[sid]
                    pid = str(uuid.uuid5(UUID_NS, r["id"] + sid))
                    out.append({"id": pid, "device_id": r["id"], "name": "",
                                "device_owner": "network:router_interface", "network_id": sub["network_id"],
                                "fixed_ips": [{"subnet_id": sid, "ip_address": sub["gateway_ip"]}],
                                "status": "ACTIVE", "tenant_id": d.tenant_id, "project_id": d.tenant_id,
                                "admin_state_up": True,
                                "mac_address": "fa:16:3e:" + ":".join(pid[i:i + 2] for i in (0, 2, 4)),
                                "allowed_address_pairs": [], "extra_dhcp_opts": [], "binding:vnic_type": "normal",
                                "port_security_enabled": False, "security_groups": []})
            wanted = query.get("network_id", [None])[-1]
            return 200, {"ports": [p for p in out if wanted in (None, p["network_id"])]}, {}
        singular = {"networks": "network", "subnets": "subnet", "ports": "port", "floatingips": "floatingip",
                    "security-groups": "security_group", "security-group-rules": "security_group_rule"}
        if coll not in singular:
            raise ApiError(404, "The resource could not be found.", kind="HTTPNotFound")
        one = singular[coll]
        store = {"networks": d.networks, "subnets": d.subnets, "ports": d.ports, "floatingips": d.fips,
                 "security-groups": d.sgs, "security-group-rules": d.sg_rules}[coll]
        not_found = {"networks": "NetworkNotFound", "subnets": "SubnetNotFound", "ports": "PortNotFound",
                     "floatingips": "FloatingIPNotFound", "security-groups": "SecurityGroupNotFound",
                     "security-group-rules": "SecurityGroupRuleNotFound"}[coll]
        label = {"networks": "Network", "subnets": "Subnet", "ports": "Port", "floatingips": "Floating IP",
                 "security-groups": "Security group", "security-group-rules": "Security group rule"}[coll]
        if item is None:
            if method == "GET":
                with d.lock:
                    items = filt(store.values())
                    if coll == "security-groups":
                        for g in items:
                            g["security_group_rules"] = [
                                {k: v for k, v in r.items() if not k.startswith("_")}
                                for r in d.sg_rules.values() if r["security_group_id"] == g["id"]]
                return 200, {coll.replace("-", "_"): items}, {}
            if method == "POST":
                return self.network_create(coll, body.get(one) if isinstance(body, dict) else None)
            raise ApiError(405, "Method not allowed", kind="HTTPMethodNotAllowed")
        with d.lock:
            rec = store.get(item)
        if rec is None:
            raise ApiError(404, f"{label} {item} could not be found.", kind=not_found)
        if method == "GET":
            with d.lock:
                view = {k: v for k, v in rec.items() if not k.startswith("_")}
                if coll == "security-groups":
                    view["security_group_rules"] = [{k: v for k, v in r.items() if not k.startswith("_")}
                                                    for r in d.sg_rules.values() if r["security_group_id"] == item]
            return 200, {one: view}, {}
        if method == "PUT" and coll == "floatingips":
            return self.fip_update(rec, (body or {}).get("floatingip"))
        if method == "DELETE":
            kind = {"floatingips": "floatingip", "security-groups": "security_group",
                    "security-group-rules": "security_group_rule", "ports": "port"}.get(coll)
            if kind is None or rec.get("_seeded") or coll == "networks":
                raise ApiError(403, "Not allowed.", kind="HTTPForbidden")
            if d.take("delete_500", lambda f: f.get("resource") == kind):
                raise ApiError(500, "Request Failed: internal server error while processing your request.")
            with d.lock:
                if coll == "security-groups":
                    users = [s for s in d.servers.values() if rec["name"] in s["security_groups"]
                             or item in s["security_groups"]]
                    if users:
                        raise ApiError(409, f"Security Group {item} in use.", kind="SecurityGroupInUse")
                    for rid in [r["id"] for r in d.sg_rules.values() if r["security_group_id"] == item]:
                        d.sg_rules.pop(rid)
                store.pop(item)
                if coll == "ports":
                    for f in d.fips.values():
                        if f["port_id"] == item:
                            f.update(port_id=None, fixed_ip_address=None, status="DOWN")
            if coll in ("floatingips", "ports"):
                for s in list(d.servers.values()):
                    d._sync_target(s["id"])
            return 204, None, {}
        raise ApiError(405, "Method not allowed", kind="HTTPMethodNotAllowed")

    def network_create(self, coll, req):
        d = self.d
        if not isinstance(req, dict):
            raise ApiError(400, "Resource body required", kind="HTTPBadRequest")
        now = iso()
        if coll == "floatingips":
            net = d.networks.get(req.get("floating_network_id"))
            if net is None:
                raise ApiError(404, f"Network {req.get('floating_network_id')} could not be found.",
                               kind="NetworkNotFound")
            if not net["router:external"]:
                raise ApiError(400, f"Bad floatingip request: Network {net['id']} is not a valid external network.",
                               kind="BadRequest")
            if d.take("floatingip_quota"):
                raise ApiError(409, "Quota exceeded for resources: ['floatingip'].", kind="OverQuota")
            n = next(d.fip_seq)
            fip = {"id": new_id(), "floating_ip_address": f"127.0.{10 + (n - 1) // 250}.{(n - 1) % 250 + 1}",
                   "floating_network_id": net["id"], "router_id": None, "port_id": None, "fixed_ip_address": None,
                   "status": "DOWN", "tenant_id": d.tenant_id, "project_id": d.tenant_id,
                   "description": req.get("description", ""), "created_at": now, "updated_at": now,
                   "revision_number": 0, "tags": [], "port_details": None, "dns_domain": "", "dns_name": ""}
            if d.nhn:
                # NHN's floating IP API has `label` and no `description` (README, "NHN mode").
                if "description" in req and d.args.fip_description == "reject":
                    raise ApiError(400, "Unrecognized attribute(s) 'description'", kind="HTTPBadRequest")
                fip.pop("description")
                fip["label"] = req.get("label")
            with d.lock:
                d.fips[fip["id"]] = fip
            if req.get("port_id"):
                try:
                    self._associate(fip, req["port_id"])
                except ApiError:
                    with d.lock:
                        d.fips.pop(fip["id"])
                    raise
            if d.take("floatingip_lost_reply"):
                # Made, but the answer is lost on the way (a proxy's timeout): the client never learns the id.
                raise ApiError(504, "Gateway Timeout")
            return 201, {"floatingip": fip}, {}
        if coll == "security-groups":
            if not req.get("name") and req.get("name") != "":
                req["name"] = ""
            if req.get("name") == "default":
                raise ApiError(400, "Default security group already exists.", kind="SecurityGroupDefaultAlreadyExists")
            with d.lock:
                sg = d._new_sg(req.get("name", ""), req.get("description", ""))
                view = {k: v for k, v in sg.items() if not k.startswith("_")}
                view["security_group_rules"] = [{k: v for k, v in r.items() if not k.startswith("_")}
                                                for r in d.sg_rules.values() if r["security_group_id"] == sg["id"]]
            return 201, {"security_group": view}, {}
        if coll == "security-group-rules":
            with d.lock:
                if req.get("security_group_id") not in d.sgs:
                    raise ApiError(404, f"Security group {req.get('security_group_id')} does not exist",
                                   kind="SecurityGroupNotFound")
                if req.get("direction") not in ("ingress", "egress"):
                    raise ApiError(400, f"Invalid input for direction. Reason: {req.get('direction')!r} is not in "
                                        f"['ingress', 'egress'].", kind="HTTPBadRequest")
                eth = req.get("ethertype", "IPv4")
                if eth != "IPv4":
                    raise ApiError(400, "Only IPv4 security group rules are supported.", kind="HTTPBadRequest")
                pmin, pmax = req.get("port_range_min"), req.get("port_range_max")
                if pmin is not None and pmax is not None and int(pmin) > int(pmax):
                    raise ApiError(400, "For TCP/UDP protocols, port_range_min must be <= port_range_max",
                                   kind="SecurityGroupInvalidPortRange")
                rule = d._rule_record(req["security_group_id"], req["direction"], eth, req.get("protocol"),
                                      pmin, pmax, req.get("remote_ip_prefix"), req.get("remote_group_id"),
                                      req.get("description", ""), False)
                sig = ("security_group_id", "direction", "ethertype", "protocol", "port_range_min",
                       "port_range_max", "remote_ip_prefix", "remote_group_id")
                for r in d.sg_rules.values():
                    if all(str(r[k]) == str(rule[k]) for k in sig):
                        raise ApiError(409, f"Security group rule already exists. Rule id is {r['id']}.",
                                       kind="SecurityGroupRuleExists")
                d.sg_rules[rule["id"]] = rule
            return 201, {"security_group_rule": {k: v for k, v in rule.items() if not k.startswith("_")}}, {}
        raise ApiError(400, f"This double does not create {coll}.", kind="HTTPBadRequest")

    def _associate(self, fip, port_id):
        d = self.d
        with d.lock:
            port = d.ports.get(port_id)
            if port is None:
                raise ApiError(404, f"Port {port_id} could not be found.", kind="PortNotFound")
            for other in d.fips.values():
                if other["port_id"] == port_id and other["id"] != fip["id"]:
                    raise ApiError(409, f"Cannot associate floating IP {fip['floating_ip_address']} ({fip['id']}) "
                                        f"with port {port_id} using fixed IP {port['fixed_ips'][0]['ip_address']}, "
                                        f"as that fixed IP already has a floating IP on external network "
                                        f"{fip['floating_network_id']}.", kind="FloatingIPPortAlreadyAssociated")
            fip.update(port_id=port_id, fixed_ip_address=port["fixed_ips"][0]["ip_address"], status="ACTIVE",
                       updated_at=iso(), router_id="b1c2d3e4-0000-4000-8000-000000000001")
            fip["revision_number"] += 1
            sid = port["device_id"]
        d._sync_target(sid)

    def fip_update(self, fip, req):
        d = self.d
        if not isinstance(req, dict) or "port_id" not in req:
            raise ApiError(400, "Resource body required", kind="HTTPBadRequest")
        old_port = fip["port_id"]
        if req["port_id"]:
            self._associate(fip, req["port_id"])
        else:
            with d.lock:
                fip.update(port_id=None, fixed_ip_address=None, status="DOWN", updated_at=iso(), router_id=None)
                fip["revision_number"] += 1
        if old_port and old_port != req["port_id"]:
            with d.lock:
                p = d.ports.get(old_port)
            if p:
                d._sync_target(p["device_id"])
        return 200, {"floatingip": fip}, {}
