"""The API double's Router: maps (method, path) to handlers of the Double. Identity and version discovery
are here; each service's paths are in a mixin (router_nova, router_glance, router_neutron, router_cinder,
router_control)."""

import re

import nhn_mode
from double_common import ApiError
from router_cinder import CinderRoutes
from router_control import ControlRoutes
from router_glance import GlanceRoutes
from router_neutron import NeutronRoutes
from router_nova import NovaRoutes


class Router(NovaRoutes, GlanceRoutes, NeutronRoutes, CinderRoutes, ControlRoutes):
    """Maps (method, path) to handlers of the Double; raises ApiError."""

    def __init__(self, d):
        self.d = d

    def dispatch(self, method, path, query, body, headers, raw):
        d = self.d
        parts = [p for p in path.split("/") if p]
        # identity
        if parts[:2] == ["v2.0", "tokens"] and len(parts) == 2:
            if method != "POST":
                raise ApiError(405, "Method not allowed")
            status, out, h = d.auth_v2(body)
            return "identity", status, nhn_mode.shape_token_v2(d, out) if d.nhn else out, h
        if parts[:3] == ["v3", "auth", "tokens"] and len(parts) == 3:
            if method != "POST":
                raise ApiError(405, "Method not allowed")
            return ("identity",) + d.auth_v3(body)
        if parts in (["v2.0"], ["v3"]) and method == "GET":
            # Keystone's version documents (identity api-ref "Versions"), no token needed.
            v3 = parts == ["v3"]
            return ("identity", 200, {"version": {
                "id": "v3.14" if v3 else "v2.0", "status": "stable" if v3 else "deprecated",
                "updated": "2020-04-07T00:00:00Z",
                "links": [{"rel": "self", "href": f"{d.url}/{parts[0]}/"}],
                "media-types": [{"base": "application/json",
                                 "type": f"application/vnd.openstack.identity-{parts[0]}+json"}]}}, {})
        if not parts:
            return ("identity", 300, {"versions": {"values": [
                {"id": "v3.14", "status": "stable", "links": [{"rel": "self", "href": d.url + "/v3/"}]},
                {"id": "v2.0", "status": "deprecated", "links": [{"rel": "self", "href": d.url + "/v2.0/"}]}]}}, {})
        if len(parts) < 2 or parts[0].upper() not in [r.upper() for r in d.regions]:
            raise ApiError(404, f"No such path: {path}")
        region = parts[0]
        service = parts[1]
        rest = parts[2:]
        if service not in ("compute", "image", "network", "volume"):
            raise ApiError(404, f"No such service: {service}")
        svc_name = "volume" if service == "volume" else service
        return (svc_name,) + self.service(svc_name, region, rest, method, query, body, headers, raw)

    def discovery(self, service, region, rest):
        """The unversioned and version-root documents clients read first (no token, as upstream)."""
        d = self.d
        root = f"{d.url}/{region}/{service}"

        def link(path):
            return [{"rel": "self", "href": f"{root}/{path}"}]
        if service == "image" and rest in ([], ["versions"]):
            return 300 if not rest else 200, {"versions": [
                {"id": f"v2.{n}", "status": "CURRENT" if n == 9 else "SUPPORTED", "links": link("v2/")}
                for n in (9, 8, 7, 6, 5, 4, 3, 2, 1, 0)]}, {}
        if service == "network" and rest == []:
            return 200, {"versions": [{"id": "v2.0", "status": "CURRENT", "links": link("v2.0/")}]}, {}
        if service == "compute" and rest in ([], ["v2"], ["v2.1"]):
            versions = [{"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
                         "updated": "2011-01-21T11:33:21Z", "links": link("v2/")},
                        {"id": "v2.1", "status": "CURRENT", "version": "2.79", "min_version": "2.1",
                         "updated": "2013-07-23T11:33:21Z", "links": link("v2.1/")}]
            if not rest:
                return 200, {"versions": versions}, {}
            return 200, {"version": versions[0 if rest == ["v2"] else 1]}, {}
        if service == "volume" and rest == []:
            return 300, {"versions": [
                {"id": "v2.0", "status": "DEPRECATED" if not d.nhn else "CURRENT", "version": "", "min_version": "",
                 "updated": "2017-02-25T12:00:00Z", "links": link("v2/")}] + ([] if d.nhn else [
                {"id": "v3.0", "status": "CURRENT", "version": "3.59", "min_version": "3.0",
                 "updated": "2016-02-08T12:20:21Z", "links": link("v3/")}])}, {}
        return None

    def service(self, service, region, rest, method, query, body, headers, raw):
        status, out, h = self._service(service, region, rest, method, query, body, headers, raw)
        if self.d.nhn:  # NHN's documented example bodies' key sets (nhn_mode.py, README "NHN mode")
            out = nhn_mode.shape(self.d, service, method, rest, out)
        return status, out, h

    def _service(self, service, region, rest, method, query, body, headers, raw):
        d = self.d
        if method == "GET" and (found := self.discovery(service, region, rest)) is not None:
            return found
        d.check_token(headers)
        key = f"{method} /{service}/" + "/".join(rest)
        if fault := d.take("http_error", lambda f: f.get("method", method).upper() == method and
                           re.search(f.get("path_regex", ".*"), "/" + "/".join(rest)) is not None):
            raise ApiError(int(fault["status"]), fault["message"], kind="proxy-html" if fault.get("html") else None)
        if service == "compute":
            if len(rest) < 2 or rest[0] != "v2" or rest[1] != d.tenant_id:
                raise ApiError(404, "The resource could not be found.")
            base = f"{d.url}/{region}/compute/v2/{d.tenant_id}"
            ver = d.nova_version(headers)
            vh = {"X-OpenStack-Nova-API-Version": f"{ver[0]}.{ver[1]}",
                  "OpenStack-API-Version": f"compute {ver[0]}.{ver[1]}",
                  "Vary": "OpenStack-API-Version, X-OpenStack-Nova-API-Version"}
            status, out, h = self.compute(rest[2:], method, query, body, base, ver)
            return status, out, {**vh, **h}
        if service == "image":
            return self.image(rest, method, query, body, headers)
        if service == "network":
            return self.network(rest, method, query, body)
        if service == "volume":
            if len(rest) < 2 or rest[0] not in ("v2", "v3") or rest[1] != d.tenant_id:
                raise ApiError(404, "The resource could not be found.")
            return self.volume(rest[2:], method, query, body)
        raise ApiError(404, key)
