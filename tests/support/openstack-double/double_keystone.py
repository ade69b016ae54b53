"""Identity (Keystone v2.0 and v3) part of the API double's state: tokens, the service catalog, sign-in."""

import hashlib
import secrets
import time

from double_common import ApiError, iso


class KeystoneDouble:
    """Mixin of Double (openstack_double.py): tokens, catalogs, auth_v2 and auth_v3."""

    # ---------------------------------------------------------------- tokens and catalog
    def issue_token(self):
        tid = "gAAAA" + secrets.token_urlsafe(48)
        now = time.time()
        tok = {"id": tid, "issued": now, "expires": now + float(self.settings["token_lifetime"])}
        with self.lock:
            self.tokens[tid] = tok
        return tok

    def check_token(self, headers):
        tid = headers.get("X-Auth-Token")
        with self.lock:
            tok = self.tokens.get(tid) if tid else None
        if tok is None or tok["expires"] <= time.time():
            raise ApiError(401, "The request you have made requires authentication.",
                           headers={"WWW-Authenticate": f'Keystone uri="{self.url}/v3"'})
        return tok

    def service_urls(self, region):
        r = region.lower()
        return {
            "compute": (f"{self.url}/{r}/compute/v2/{self.tenant_id}", "nova"),
            "image": (f"{self.url}/{r}/image", "glance"),
            "network": (f"{self.url}/{r}/network", "neutron"),
            "volumev2": (f"{self.url}/{r}/volume/v2/{self.tenant_id}", "cinderv2"),
            "volumev3": (f"{self.url}/{r}/volume/v3/{self.tenant_id}", "cinderv3"),
        }

    def catalog_types(self):
        # NHN's catalog lists block storage as volumev2 only (TOAST-Cloud iaas-token.md, issue 16).
        base = ("compute", "image", "network", "volumev2")
        return base if self.nhn else base + ("volumev3",)

    def catalog_v2(self):
        cat = [{"type": "identity", "name": "keystone", "endpoints": [
            {"region": r, "publicURL": f"{self.url}/v2.0", "internalURL": f"{self.url}/v2.0",
             "adminURL": f"{self.url}/v2.0"} for r in self.regions], "endpoints_links": []}]
        for stype in self.catalog_types():
            eps = []
            for r in self.regions:
                url, name = self.service_urls(r)[stype]
                eps.append({"region": r, "publicURL": url, "internalURL": url, "adminURL": url,
                            "id": hashlib.md5(f"{stype}{r}".encode()).hexdigest()})
            cat.append({"type": stype, "name": name, "endpoints": eps, "endpoints_links": []})
        return cat

    def catalog_v3(self):
        def eps(urls):
            return [{"id": hashlib.md5(f"{u}{r}{i}".encode()).hexdigest(), "interface": i, "region": r,
                     "region_id": r, "url": u} for r, u in urls for i in ("public", "internal", "admin")]
        cat = [{"type": "identity", "name": "keystone", "id": hashlib.md5(b"identity").hexdigest(),
                "endpoints": eps([(r, f"{self.url}/v3") for r in self.regions])}]
        for stype in self.catalog_types():
            urls = [(r, self.service_urls(r)[stype][0]) for r in self.regions]
            cat.append({"type": stype, "name": self.service_urls(self.regions[0])[stype][1],
                        "id": hashlib.md5(stype.encode()).hexdigest(), "endpoints": eps(urls)})
        return cat

    def auth_v2(self, body):
        auth = (body or {}).get("auth")
        if not isinstance(auth, dict) or not isinstance(auth.get("passwordCredentials"), dict):
            raise ApiError(400, "Expecting to find passwordCredentials in auth. The server could not comply with "
                                "the request since it is either malformed or otherwise incorrect.")
        cred = auth["passwordCredentials"]
        tenant_ok = auth.get("tenantId") == self.tenant_id or auth.get("tenantName") == self.tenant_name
        if not (cred.get("username") == self.username and cred.get("password") == self.password and tenant_ok):
            raise ApiError(401, "The request you have made requires authentication.")
        tok = self.issue_token()
        return 200, {"access": {
            "token": {"id": tok["id"], "expires": iso(tok["expires"]), "issued_at": iso(tok["issued"], True),
                      "tenant": {"id": self.tenant_id, "name": self.tenant_name, "description": "",
                                 "enabled": True, "groupId": "ibtestgroup", "project_domain": "NORMAL",
                                 "swift": False}},
            "serviceCatalog": self.catalog_v2(),
            "user": {"id": self.user_id, "username": self.username, "name": self.username,
                     "roles": [{"name": "Member"}], "roles_links": []},
            "metadata": {"is_admin": 0, "roles": ["9fe2ff9ee4384b1894a90878d3e92bab"]}}}, {}

    def auth_v3(self, body):
        auth = (body or {}).get("auth") or {}
        ident = auth.get("identity") or {}
        if "password" not in (ident.get("methods") or []) or not isinstance(ident.get("password"), dict):
            raise ApiError(400, "Expecting to find identity in auth. The server could not comply with the request "
                                "since it is either malformed or otherwise incorrect.")
        user = ident["password"].get("user") or {}
        udom = user.get("domain") or {}
        user_ok = (user.get("id") == self.user_id or (
            user.get("name") == self.username and (udom.get("name") == "Default" or udom.get("id") == "default")))
        scope = (auth.get("scope") or {}).get("project") or {}
        pdom = scope.get("domain") or {}
        project_ok = scope.get("id") == self.tenant_id or (
            scope.get("name") == self.tenant_name and (pdom.get("name") == "Default" or pdom.get("id") == "default"))
        if not (user_ok and user.get("password") == self.password and project_ok):
            raise ApiError(401, "The request you have made requires authentication.")
        tok = self.issue_token()
        return 201, {"token": {
            "methods": ["password"], "expires_at": iso(tok["expires"], True), "issued_at": iso(tok["issued"], True),
            "audit_ids": [secrets.token_urlsafe(16)],
            "user": {"id": self.user_id, "name": self.username, "domain": {"id": "default", "name": "Default"},
                     "password_expires_at": None},
            "project": {"id": self.tenant_id, "name": self.tenant_name, "domain": {"id": "default", "name": "Default"}},
            "roles": [{"id": "9fe2ff9ee4384b1894a90878d3e92bab", "name": "member"}],
            "is_domain": False, "catalog": self.catalog_v3()}}, {"X-Subject-Token": tok["id"]}
