"""NHN mode of the OpenStack double (`--mode nhn`): NHN Cloud's documented example bodies.

The examples are in nhn_examples/ (copied from the TOAST-DOCS pages, index.json names page,
section and commit of each). Here:

- seed(d): the seed data where a page documents it (flavors, the CentOS 6.10 public image,
  networks, subnet, the default security group, volume types), plus what the existing tests
  need that no page shows (marked invented below and in the README).
- shape(d, service, method, rest, out): every reply that has a documented example gets that
  example's key set, recursively: keys the double has are filled from its state, keys it has
  no state for get the example's value (DEFAULTS where that value would mislead), keys the
  example lacks are dropped but for STATE_KEYS (present in some states only, such as a
  server's `fault`).
"""
import calendar
import copy
import json
import os
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES_DIR = os.path.join(HERE, "nhn_examples")
with open(os.path.join(EXAMPLES_DIR, "index.json")) as _f:
    INDEX = {e["file"].removesuffix(".json"): e for e in json.load(_f)}
_CACHE = {}

# The public images' owner: CIm public-api.md "List Images" example.
UUID_NS = uuid.UUID("5f0e7a4e-3b1d-4f57-9d1e-6c0a1b2c3d4e")  # double_common.py's: the same seeded ids
NHN_OWNER = "c289b99209ca4e189095cdecebbd092d"
# The examples' own tenant (what the double's tenant stands for when seeding from them): CI,
# BS, Network-VPC use 6cdebe3e..., Floating-IP and Security-Groups 19eeb40d...
DOC_TENANTS = ("6cdebe3eb0094910bc41f1d42ebe4cb7", "19eeb40d58684543aef29cbb5ebfe8f0")

# Glance's own image keys (glance api-ref images-images-v2.inc); any other key of an image is a
# custom property (login_username, os_distro, ...).
GLANCE_KEYS = {"id", "name", "status", "visibility", "protected", "owner", "container_format", "disk_format",
               "size", "virtual_size", "min_disk", "min_ram", "checksum", "os_hash_algo", "os_hash_value",
               "os_hidden", "tags", "created_at", "updated_at", "self", "file", "schema", "locations",
               "direct_url"}
# Objects whose keys are the user's (not compared with the example's).
FREE = {"metadata", "extra_specs", "volume_image_metadata"}
# Objects whose keys are names (a server's addresses by network): each value is shaped like the
# example's first value.
NAMED = {"addresses"}
# Keys the double keeps though the example lacks them: they appear in some states only.
STATE_KEYS = {"fault",  # nova api-ref servers.inc: present while ERROR (the example is ACTIVE)
              "private_key",  # nova api-ref keypairs.inc: only when the cloud made the key
              "next",  # glance api-ref: only when there is a next page
              "flavors_links",  # the --flavor-page-size switch (undocumented paging)
              "volume_image_metadata",  # cinder api-ref: only on a volume made from an image (the example's is not)
              }
# The keys the double has no state for, and what it answers (the example's value, but for
# delete_protection: the example's floating IP is protected, the double's are not). Any other key
# of an example the double's reply lacks stays missing (test_nhn_examples.py then fails).
DEFAULTS = {"NHN-EXT-ATTR:ephemeral_disk_size": 0, "NHN-EXT-ATTR:protect": False,  # CI "Get Instance"
            "delete_protection": False,  # FIP examples: true
            "deleted_at": None, "updated_at": None,  # CI "Show Key Pair" (a key pair never changes here)
            "os-volume-replication:driver_data": None, "os-volume-replication:extended_status": None,  # BS
            "locations": [], "os_hidden": False}  # CIm "Create Image"


def example(name):
    if name not in _CACHE:
        with open(os.path.join(EXAMPLES_DIR, name + ".json")) as f:
            _CACHE[name] = json.load(f)
    return copy.deepcopy(_CACHE[name])


def parse_time(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def own_tenant(d, obj):
    """The example's tenant replaced by the double's."""
    return {k: (d.tenant_id if k == "tenant_id" and v in DOC_TENANTS else v) for k, v in obj.items()}


# ---------------------------------------------------------------- shapes
def conform(ex, ours):
    """`ours` with the key set of `ex`, recursively (lists: each element like ex's first)."""
    if isinstance(ex, dict) and isinstance(ours, dict):
        out = {}
        for k, v in ex.items():
            if k not in ours:
                if k in DEFAULTS:  # (a STATE_KEYS key absent in this state, such as next, stays absent)
                    out[k] = copy.deepcopy(DEFAULTS[k])
            elif k in FREE:
                out[k] = ours[k]
            elif k in NAMED and isinstance(ours[k], dict) and isinstance(v, dict) and v:
                first = next(iter(v.values()))
                out[k] = {name: conform(first, val) for name, val in ours[k].items()}
            else:
                out[k] = conform(v, ours[k])
        for k in STATE_KEYS & ours.keys() - ex.keys():
            out[k] = ours[k]
        return out
    if isinstance(ex, list) and isinstance(ours, list) and ex:
        return [conform(ex[0], o) for o in ours]
    return ours


def image_shape(d, ex, view):
    """An image: the example's Glance keys, then the image's own custom properties."""
    img = d.images.get(view.get("id"))
    props = img["props"] if img else {k: v for k, v in view.items() if k not in GLANCE_KEYS}
    out = conform({k: v for k, v in ex.items() if k in GLANCE_KEYS}, {k: v for k, v in view.items()
                                                                       if k in GLANCE_KEYS})
    for k, v in props.items():
        out.setdefault(k, v)
    return out


def example_for(service, method, rest):
    """The example name of a call, or None."""
    r = [p.removesuffix(".json") for p in rest]
    calls = {}
    if service == "compute":
        r = r[2:]
        calls = {("GET", "flavors"): "ci-list-flavors", ("GET", "flavors/detail"): "ci-list-flavors-detail",
                 ("GET", "os-keypairs"): "ci-list-keypairs", ("POST", "os-keypairs"): "ci-create-keypair",
                 ("GET", "os-keypairs/*"): "ci-show-keypair", ("GET", "servers"): "ci-list-servers",
                 ("GET", "servers/detail"): "ci-list-servers-detail", ("POST", "servers"): "ci-create-server",
                 ("GET", "servers/*"): "ci-get-server"}
    elif service == "volume":
        r = r[2:]
        calls = {("GET", "types"): "bs-list-types", ("GET", "volumes"): "bs-list-volumes",
                 ("GET", "volumes/detail"): "bs-list-volumes-detail", ("GET", "volumes/*"): "bs-get-volume",
                 ("POST", "volumes/*/action"): "bs-upload-image"}
    elif service == "image":
        r = r[1:]
        calls = {("GET", "images"): "cim-list-images", ("GET", "images/*"): "cim-get-image",
                 ("PATCH", "images/*"): "cim-get-image", ("POST", "images"): "cim-create-image"}
    elif service == "network":
        r = r[1:]
        calls = {("GET", "networks"): "vpc-list-networks", ("GET", "subnets"): "vpc-list-subnets",
                 ("GET", "ports"): "vpc-list-ports", ("GET", "floatingips"): "fip-list",
                 ("GET", "floatingips/*"): "fip-show", ("POST", "floatingips"): "fip-create",
                 ("PUT", "floatingips/*"): "fip-associate", ("GET", "security-groups"): "sg-list",
                 ("GET", "security-groups/*"): "sg-show", ("POST", "security-groups"): "sg-create",
                 ("GET", "security-group-rules"): "sg-rule-list", ("POST", "security-group-rules"): "sg-rule-create"}
    if not r:
        return None
    key = "/".join([r[0]] + ["*" if p not in ("detail", "action") else p for p in r[1:]])
    return calls.get((method, key))


def shape(d, service, method, rest, out):
    """The reply body `out` of a call in the key set of its documented example (unchanged if none)."""
    name = example_for(service, method, rest)
    if name is None or not isinstance(out, dict):
        return out
    ex = example(name)
    if name == "bs-upload-image":
        if "os-volume_upload_image" not in out:
            return out
        # The reply's volume type object: the example's (General HDD) with the volume's type name and
        # id (BS "List Block Storage Types"); its other values are the example's.
        up = out["os-volume_upload_image"]
        name = (up.get("volume_type") or {}).get("name")
        types = {t["name"]: t for t in example("bs-list-types")["volume_types"]}
        up["volume_type"] = {**ex["os-volume_upload_image"]["volume_type"], "name": name,
                             "id": types[name]["id"] if name in types else None}
    if name in ("cim-get-image", "cim-create-image"):
        return image_shape(d, ex, out)
    if name == "cim-list-images":
        images = [image_shape(d, ex["images"][0], i) for i in out.get("images", [])]
        return {**conform({k: v for k, v in ex.items() if k != "images"}, out), "images": images}
    return conform(ex, out)


def shape_token_v2(d, out):
    """POST /v2.0/tokens in the iaas-token.md example's shape; issued_at as it documents it (no Z)."""
    out = conform(example("token-v2"), out)
    out["access"]["token"]["issued_at"] = out["access"]["token"]["issued_at"].removesuffix("Z")
    return out


# ---------------------------------------------------------------- seed data
def seed(d):
    t0 = time.time() - 86400 * 30
    for i in [i for i in d.images.values() if i["_seeded"]]:
        d.images.pop(i["id"])
    _seed_flavors(d)
    _seed_networks(d)
    _seed_security_group(d)
    _seed_images(d, t0)


def _seed_flavors(d):
    d.flavors.clear()
    # CI "List Flavors with Details" example, as it stands (its links point at NHN: the double makes
    # none). The plain "List Flavors" example names the same two flavors with other ids.
    for f in example("ci-list-flavors-detail")["flavors"]:
        d.flavors[f["id"]] = {k: v for k, v in f.items() if k != "links"}
    # Invented: smaller flavors of NHN's families (CI console guide "Block Storage Size" names
    # t2/m2/c2/r2/x1 as volume-booted; g2 is a GPU family), ids and extra_specs the double's.
    invented = [("m2.c4m8", 4, 8192, 0), ("c2.c2m2", 2, 2048, 0), ("r2.c2m16", 2, 16384, 0),
                ("m2.c1m2", 1, 2048, 0), ("t2.c1m1", 1, 1024, 0), ("g2.c8m64", 8, 65536, 0)]
    if "JP1" in d.regions:  # C release notes "April 23, 2024": u2 ended in the Korean region
        invented += [("u2.c2m4", 2, 4096, 40), ("u2.c4m8", 4, 8192, 80)]
    for name, vcpus, ram, disk in invented:
        fid = str(uuid.uuid5(UUID_NS, "nhn-flavor-" + name))
        d.flavors[fid] = {"name": name, "ram": ram, "OS-FLV-DISABLED:disabled": False, "vcpus": vcpus,
                          "extra_specs": {}, "swap": "", "os-flavor-access:is_public": True, "rxtx_factor": 1.0,
                          "OS-FLV-EXT-DATA:ephemeral": 0, "disk": disk, "id": fid}


def _seed_networks(d):
    # Network-VPC public-api-compat.md "List Networks" / "List Subnets" examples: the tenant's
    # "Default Network" with its subnet "default", and NHN's "public_network" (router:external).
    nets = example("vpc-list-networks")["networks"]
    subs = example("vpc-list-subnets")["subnets"]
    default, public = own_tenant(d, nets[0]), nets[1]
    sub = own_tenant(d, subs[0])
    d.networks.clear()
    d.subnets.clear()
    # Invented: a tenant network no router joins to the internet gateway, listed first (a
    # floating IP would not reach a server on it); its subnet copies the documented one.
    iso_net = {**default, "id": str(uuid.uuid5(UUID_NS, "isolated-network")), "name": "Isolated Network"}
    iso_sub = {**sub, "id": str(uuid.uuid5(UUID_NS, "isolated-subnet")), "name": "Isolated Network",
               "network_id": iso_net["id"], "cidr": "192.168.10.0/24", "gateway_ip": "192.168.10.1",
               "allocation_pools": [{"start": "192.168.10.2", "end": "192.168.10.254"}]}
    iso_net["subnets"] = [iso_sub["id"]]
    for n in (iso_net, default, public):
        d.networks[n["id"]] = n
    for s in (iso_sub, sub):
        d.subnets[s["id"]] = s
    d.default_network = default
    # Invented: the router joining Default Network to public_network (no page documents routers).
    for r in d.routers.values():
        r["external_gateway_info"]["network_id"] = public["id"]
        r["_subnets"] = [sub["id"]]


def _seed_security_group(d):
    # Security-Groups public-api.md "See the list of security groups" example: the default group
    # and its four rules, as they stand.
    for sid in [s["id"] for s in d.sgs.values() if s["_seeded"]]:
        d.sgs.pop(sid)
    for rid in [r["id"] for r in d.sg_rules.values() if r["_seeded"]]:
        d.sg_rules.pop(rid)
    for g in example("sg-list")["security_groups"]:
        rules = g.pop("security_group_rules")
        d.sgs[g["id"]] = {**own_tenant(d, g), "_seeded": True}
        for r in rules:
            d.sg_rules[r["id"]] = {**own_tenant(d, r), "_seeded": True}


def _seed_images(d, t0):
    # CIm public-api.md "List Images" example: CentOS 6.10, as it stands (no _AVAILABLE_ tag).
    for doc in example("cim-list-images")["images"]:
        props = {k: v for k, v in doc.items() if k not in GLANCE_KEYS}
        img = d._image_record(doc["id"], doc["name"], doc["visibility"], doc["owner"], props,
                              min_disk=doc["min_disk"], status=doc["status"], size=doc["size"],
                              created=parse_time(doc["created_at"]), seeded=True,
                              data=d.targets.base_data(doc["name"]) if doc["os_type"] == "linux" else {})
        img.update({k: doc[k] for k in ("protected", "container_format", "disk_format", "virtual_size", "min_ram",
                                        "checksum", "tags")})
        img["updated_at"] = parse_time(doc["updated_at"])
        d.images[doc["id"]] = img
    available = ["_AVAILABLE_"]
    # Not in the guides: the images NHN offers today (names and os_distro/os_version as CIm "Create
    # Image" and CI "Create Instance" examples write them; the GPU/container/no-script/no-capture
    # variants invented, issue 16).
    seeded = [
        # name, os_type, os_distro, os_version, login, min_disk, min_ram, tags, extra properties
        ("Ubuntu Server 20.04 LTS (2024.03.12)", "linux", "ubuntu", "Server 20.04 LTS", "ubuntu", 20, 0,
         available, {}),
        ("Rocky Linux 9.3 (2024.03.12)", "linux", "Rocky", "9.3", "rocky", 20, 0, available, {}),
        ("Windows 2022 STD (2024.03.12) KO", "windows", "Windows", "2022 STD", "Administrator", 50, 2048,
         available, {}),
        ("Ubuntu Server 22.04 LTS (2024.03.12)", "linux", "ubuntu", "Server 22.04 LTS", "ubuntu", 20, 0,
         available, {}),
        ("Ubuntu Server 22.04 LTS - GPU (2024.03.12)", "linux", "ubuntu", "Server 22.04 LTS", "ubuntu", 20, 0,
         available, {"nhncloud_product": "gpu"}),
        ("Ubuntu Server 22.04 LTS - Container (2024.03.12)", "linux", "ubuntu", "Server 22.04 LTS", "ubuntu",
         20, 0, available, {"nhncloud_product": "container"}),
        ("Ubuntu Server 22.04 LTS - No User Script (invented)", "linux", "ubuntu", "Server 22.04 LTS",
         "ubuntu", 20, 0, available, {"nhncloud_allow_user_script": "false"}),
        ("Ubuntu Server 22.04 LTS - No Image Create (invented)", "linux", "ubuntu", "Server 22.04 LTS",
         "ubuntu", 20, 0, available, {"nhncloud_allow_image_create": "false"}),
        ("Debian 12.5 Bookworm (2024.03.12)", "linux", "Debian", "12.5 Bookworm", "debian", 20, 0, available,
         {}),
    ]
    for n, (name, os_type, distro, version, login, min_disk, min_ram, tags, extra) in enumerate(seeded, 1):
        iid = str(uuid.uuid5(UUID_NS, "nhn-" + name))
        data = d.targets.base_data(name) if os_type == "linux" else {}
        # The property set of a recorded KR1 listing (README, "NHN mode": images), strings as NHN gives them;
        # the example's keys (os_architecture amd64, hypervisor_type qemu, description) first.
        props = {"os_type": os_type, "os_distro": distro, "os_version": version, "os_architecture": "amd64",
                 "login_username": login, "hypervisor_type": "qemu", "description": name, "min_cpu": "0",
                 "max_cpu": "", "nhncloud_product": "compute", "nhncloud_category": "OS",
                 "nhncloud_allow_user_script": "true", "nhncloud_allow_image_create": "true",
                 "nhncloud_allow_download": "false", "nhncloud_allow_local_bootdisk_flavor": "true",
                 "hw_qemu_guest_agent": "yes", **extra}
        img = d._image_record(iid, name, "public", NHN_OWNER, props, min_disk=min_disk, status="active",
                              size=300 * 1024 ** 2, created=t0 + 60 * n, seeded=True, data=data)
        img["min_ram"] = min_ram
        img["tags"] = list(tags)
        img["protected"] = True
        d.images[iid] = img
