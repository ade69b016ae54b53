#!/bin/sh
# Prints the datasources cloud-init is configured with in the build VM, one a line (read
# before the generalize step, recorded with the image): cloud-init's own merge of
# /etc/cloud/cloud.cfg and cloud.cfg.d/*.cfg, which the image's first boot reads before
# ds-identify narrows it down, or its built-in list when none is set. Run as root. Exit
# status 3: no python3, or cloud-init's configuration cannot be read.
command -v python3 >/dev/null 2>&1 || exit 3
python3 -c '
import sys
try:
    from cloudinit import settings, util
    cfg = util.read_conf_with_confd("/etc/cloud/cloud.cfg")
except Exception as e:
    print("cannot read the cloud-init configuration: %s" % e, file=sys.stderr)
    sys.exit(3)
names = cfg.get("datasource_list")
if names is None:
    names = settings.CFG_BUILTIN.get("datasource_list", [])
for n in names or []:
    print(n)
'
