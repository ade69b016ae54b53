#!/bin/sh
# The image test's look at a first boot of the captured image, run as the login user:
# waits for cloud-init to finish all its stages, then lists the failed systemd units. The
# "ib-test:" markers tell cloud-init's verdict from the units.
# As in generalize.sh: cloud-init's generator marks a boot it runs on with
# /run/cloud-init/enabled; without it (a container, a disabled cloud-init) `status --wait`
# would wait for stages that never come.
if command -v cloud-init >/dev/null 2>&1 && [ -e /run/cloud-init/enabled ] && [ ! -e /run/cloud-init/disabled ]; then
  cloud-init status --wait --long
  rc=$?
else
  echo 'cloud-init does not run on this boot of the image (no /run/cloud-init/enabled)'
  rc=0
fi
echo "ib-test: cloud-init $rc"
echo 'ib-test: failed units'
systemctl --failed --no-legend --plain 2>/dev/null
exit 0
