#!/usr/bin/python3
"""Copies NHN Cloud's documented example bodies into this folder (run by hand, not by tests).

    extract.py MIRROR_DIR     # MIRROR_DIR holds TOAST-DOCS+<repo>/repo (bare git clones)

For each entry of EXAMPLES: the first ```json block after "#### Response" (or the given
sub-heading) of the section in the page at the repository's HEAD, written as it stands to
<name>.json when it is JSON, else to <name>.txt (the .json is then made by hand, the edit
recorded in EDITS). index.json records repository, path, section, line and commit;
SOURCES.md is the same as a table.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# name, abbreviation (README "NHN mode"), repository, path, section heading, sub-heading, call
EXAMPLES = [
    ("token-v2", "TC", "TOAST-Cloud", "en/public-api/iaas-token.md", "Request IaaS Token Issuance",
     "### Response", "POST /v2.0/tokens"),
    ("ci-list-flavors", "CI", "Compute-Instance", "en/public-api.md", "List Flavors", None, "GET /v2/{tenantId}/flavors"),
    ("ci-list-flavors-detail", "CI", "Compute-Instance", "en/public-api.md", "List Flavors with Details", None,
     "GET /v2/{tenantId}/flavors/detail"),
    ("ci-list-keypairs", "CI", "Compute-Instance", "en/public-api.md", "List Key Pairs", None,
     "GET /v2/{tenantId}/os-keypairs"),
    ("ci-show-keypair", "CI", "Compute-Instance", "en/public-api.md", "Show Key Pair", None,
     "GET /v2/{tenantId}/os-keypairs/{keypairName}"),
    ("ci-create-keypair", "CI", "Compute-Instance", "en/public-api.md", "Create/Register Key Pair", None,
     "POST /v2/{tenantId}/os-keypairs"),
    ("ci-list-servers", "CI", "Compute-Instance", "en/public-api.md", "List Instances", None,
     "GET /v2/{tenantId}/servers"),
    ("ci-list-servers-detail", "CI", "Compute-Instance", "en/public-api.md", "List Instances with Details", None,
     "GET /v2/{tenantId}/servers/detail"),
    ("ci-get-server", "CI", "Compute-Instance", "en/public-api.md", "Get Instance", None,
     "GET /v2/{tenantId}/servers/{serverId}"),
    ("ci-create-server", "CI", "Compute-Instance", "en/public-api.md", "Create Instance", None,
     "POST /v2/{tenantId}/servers"),
    ("cim-list-images", "CIm", "Compute-Image", "en/public-api.md", "List Images", None, "GET /v2/images"),
    ("cim-get-image", "CIm", "Compute-Image", "en/public-api.md", "Get Image", None, "GET /v2/images/{imageId}"),
    ("cim-create-image", "CIm", "Compute-Image", "en/public-api.md", "Create Image", None, "POST /v2/images"),
    ("bs-list-types", "BS", "Storage-Block-Storage", "en/public-api.md", "List Block Storage Types", None,
     "GET /v2/{tenantId}/types"),
    ("bs-list-volumes", "BS", "Storage-Block-Storage", "en/public-api.md", "List Block Storage", None,
     "GET /v2/{tenantId}/volumes"),
    ("bs-list-volumes-detail", "BS", "Storage-Block-Storage", "en/public-api.md", "List Block Storage Details", None,
     "GET /v2/{tenantId}/volumes/detail"),
    ("bs-get-volume", "BS", "Storage-Block-Storage", "en/public-api.md", "Get Block Storage", None,
     "GET /v2/{tenantId}/volumes/{volumeId}"),
    ("bs-upload-image", "BS", "Storage-Block-Storage", "en/public-api.md", "Create Image with Block Storage", None,
     "POST /v2/{tenantId}/volumes/{volumeId}/action (os-volume_upload_image)"),
    ("fip-list", "FIP", "Floating-IP", "en/public-api.md", "View the list of floating IPs", None,
     "GET /v2.0/floatingips"),
    ("fip-show", "FIP", "Floating-IP", "en/public-api.md", "See the floating IP", None,
     "GET /v2.0/floatingips/{floatingIpId}"),
    ("fip-create", "FIP", "Floating-IP", "en/public-api.md", "Creating a floating IP", None, "POST /v2.0/floatingips"),
    ("fip-associate", "FIP", "Floating-IP", "en/public-api.md", "Connect/disconnect a floating IP", None,
     "PUT /v2.0/floatingips/{floatingIpId}"),
    ("sg-list", "SG", "Security-Groups", "en/public-api.md", "See the list of security groups", None,
     "GET /v2.0/security-groups"),
    ("sg-show", "SG", "Security-Groups", "en/public-api.md", "See the security groups", None,
     "GET /v2.0/security-groups/{securityGroupId}"),
    ("sg-create", "SG", "Security-Groups", "en/public-api.md", "Creating a security group", None,
     "POST /v2.0/security-groups"),
    ("sg-rule-list", "SG", "Security-Groups", "en/public-api.md", "See the list of security rules", None,
     "GET /v2.0/security-group-rules"),
    ("sg-rule-create", "SG", "Security-Groups", "en/public-api.md", "Creating a security rule", None,
     "POST /v2.0/security-group-rules"),
    ("vpc-list-networks", "VPCc", "Network-VPC", "en/public-api-compat.md", "List Networks", None,
     "GET /v2.0/networks"),
    ("vpc-list-subnets", "VPCc", "Network-VPC", "en/public-api-compat.md", "List Subnets", None, "GET /v2.0/subnets"),
    ("vpc-list-ports", "VPCc", "Network-VPC", "en/public-api-compat.md", "List Ports", None, "GET /v2.0/ports"),
]

# The minimal edits that make an example that is not JSON into JSON (the verbatim text is in <name>.txt).
EDITS = {
    "sg-show": "a ',' added after the third rule's closing '}' (line 45 of the example body): the page omits it",
}


def git(mirror, repo, *args):
    return subprocess.run(["git", "--git-dir", os.path.join(mirror, f"TOAST-DOCS+{repo}", "repo"), *args],
                          check=True, capture_output=True, text=True).stdout


def find_block(lines, section, sub):
    start = next(n for n, l in enumerate(lines) if re.fullmatch(r"#{2,3} " + re.escape(section) + r"\s*", l))
    level = len(lines[start].split(" ")[0])
    n = start + 1
    sub = sub or "#### Response"
    while not lines[n].startswith(sub):
        n += 1
    while lines[n].strip() != "```json":
        n += 1
        if re.match(r"#{2,%d} " % level, lines[n]):
            raise SystemExit(f"no example in {section}")
    end = next(k for k in range(n + 1, len(lines)) if lines[k].strip() == "```")
    return n + 2, "\n".join(lines[n + 1:end]) + "\n"  # 1-based first line of the body


def main():
    mirror = sys.argv[1]
    index = []
    for name, abbr, repo, path, section, sub, call in EXAMPLES:
        commit = git(mirror, repo, "rev-parse", "HEAD").strip()
        lines = git(mirror, repo, "show", f"HEAD:{path}").split("\n")
        line, body = find_block(lines, section, sub)
        entry = {"file": name + ".json", "call": call, "abbr": abbr, "repository": f"TOAST-DOCS/{repo}",
                 "path": path, "section": section + (f" > {sub.lstrip('# ')}" if sub else ""), "line": line,
                 "commit": commit}
        try:
            json.loads(body)
            with open(os.path.join(HERE, name + ".json"), "w") as f:
                f.write(body)
        except ValueError:
            with open(os.path.join(HERE, name + ".txt"), "w") as f:
                f.write(body)
            entry["verbatim"] = name + ".txt"
            entry["edit"] = EDITS[name]
        index.append(entry)
    with open(os.path.join(HERE, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "SOURCES.md"), "w") as f:
        f.write("# NHN Cloud's documented example bodies\n\n"
                "Copied as they stand by `extract.py` from the TOAST-DOCS repositories docs.nhncloud.com renders\n"
                "(English pages). `index.json` is the same list, read by `nhn_mode.py` and `test_nhn_examples.py`.\n"
                "Line: the example body's first line in the page at that commit.\n\n"
                "| file | call | repository | path | section | line | commit | edit |\n"
                "|---|---|---|---|---|---|---|---|\n")
        for e in index:
            f.write(f"| `{e['file']}` | `{e['call']}` | {e['repository']} | `{e['path']}` | {e['section']} | "
                    f"{e['line']} | `{e['commit'][:7]}` | {e.get('edit', '')} |\n")


if __name__ == "__main__":
    main()
