#!/bin/sh
# Waits until cloud-init has done what the build needs (the build's "ready" step), run as
# the login user. $1: 1 when the provider leaves cloud-init's config and final modules to
# the image's first boot (then its init stages are enough), else 0.
#
# cloud-init's generator marks /run/cloud-init enabled or disabled on every boot; each stage
# records itself in status.json and the last one writes result.json. Polling those costs
# nothing, where `cloud-init status --wait` starts Python: 5 to 20 s under emulation. Images
# without the markers (other packaging) still get `cloud-init status --wait`.
# The first line of output tells the build what follows: "ib-ready: none|status|failed|
# result|init"; after "result" and "init" comes the JSON of result.json or status.json.
init_only=$1
r=/run/cloud-init
if ! command -v cloud-init >/dev/null 2>&1 || [ -e $r/disabled ]; then
  echo 'ib-ready: none'
  exit 0
fi
if [ ! -e $r/enabled ]; then
  echo 'ib-ready: status'
  cloud-init status --wait --long
  exit $?
fi
done_enough() {
  [ -s $r/result.json ] && return 0
  [ "$init_only" = 1 ] || return 1
  for u in cloud-init-network.service cloud-init.service; do
    [ "$(systemctl show -p ActiveState --value $u 2>/dev/null)" = active ] && return 0
  done
  return 1
}
until done_enough; do
  if systemctl is-failed --quiet cloud-init-local.service cloud-init.service cloud-config.service \
    cloud-final.service 2>/dev/null; then
    echo 'ib-ready: failed'
    cloud-init status --long
    exit 1
  fi
  sleep 0.25
done
if [ -s $r/result.json ]; then
  echo 'ib-ready: result'
  cat $r/result.json
else
  echo 'ib-ready: init'
  cat $r/status.json
fi
