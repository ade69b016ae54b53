#!/bin/sh
# Removes from the build VM what must not go into the image (the build's "generalize"
# step), run as root: the build's key, the VM's host keys, its machine id and cloud-init's
# record of this boot; every VM made from the image gets its own.
#   $1  the login user, whose authorized_keys held the build's key
#   $2  the build's key comment (imagebuilder-build-<build id>): the line to remove
set -e
user=$1
marker=$2
# cloud-init's last stages may still be running (the VM started after its init stages):
# what they write must not outlive the clean-up below.
if [ -e /run/cloud-init/enabled ] && [ ! -e /run/cloud-init/disabled ] && command -v cloud-init >/dev/null 2>&1; then
  n=0
  until [ -s /run/cloud-init/result.json ]; do
    n=$((n + 1))
    if [ $n -gt 2400 ]; then
      echo 'cloud-init has not finished its first boot after 10 minutes' >&2
      exit 1
    fi
    sleep 0.25
  done
fi
rm -f /tmp/imagebuilder-install-*.sh /tmp/imagebuilder-user-script
home=$(getent passwd "$user" | cut -d: -f6)
if [ -n "$home" ] && [ -f "$home/.ssh/authorized_keys" ]; then
  grep -v -F "$marker" "$home/.ssh/authorized_keys" >"$home/.ssh/authorized_keys.ib" || true
  if [ -s "$home/.ssh/authorized_keys.ib" ]; then
    cat "$home/.ssh/authorized_keys.ib" >"$home/.ssh/authorized_keys"
  else
    rm -f "$home/.ssh/authorized_keys"
  fi
  rm -f "$home/.ssh/authorized_keys.ib"
fi
rm -f /etc/ssh/ssh_host_*
truncate -s 0 /etc/machine-id
if [ -f /var/lib/dbus/machine-id ] && [ ! -L /var/lib/dbus/machine-id ]; then rm -f /var/lib/dbus/machine-id; fi
# What `cloud-init clean --logs` removes (all of /var/lib/cloud but its seed, and the logs),
# without its Python start-up: seconds under emulation.
if [ -d /var/lib/cloud ]; then find /var/lib/cloud -mindepth 1 -maxdepth 1 ! -name seed -exec rm -rf {} +; fi
rm -f /var/log/cloud-init.log /var/log/cloud-init-output.log
rm -f /root/.bash_history /home/*/.bash_history
# The journal and the auth logs hold the build's logins and every command it ran through
# sudo (sudo logs command lines). journald is asked to leave /var/log (--relinquish-var: it
# goes on in /run, which is not in the image), then the persistent journal's files are
# deleted. `--vacuum-time` after a rotation had left the archived files in place, and
# deleting files journald still holds open leaves orphan inodes in the frozen disk (the e2e
# VM test found both).
if command -v journalctl >/dev/null 2>&1; then journalctl --relinquish-var >/dev/null 2>&1 || true; fi
if [ -d /var/log/journal ]; then find /var/log/journal -type f \( -name '*.journal' -o -name '*.journal~' \) -delete; fi
for f in /var/log/auth.log /var/log/secure /var/log/syslog /var/log/messages /var/log/sudo.log /var/log/wtmp \
  /var/log/btmp /var/log/lastlog; do
  if [ -f "$f" ]; then truncate -s 0 "$f"; fi
done
rm -f /var/log/auth.log.* /var/log/secure-* /var/log/syslog.* /var/log/messages-*
if command -v apt-get >/dev/null 2>&1; then apt-get clean; fi
if command -v dnf >/dev/null 2>&1; then dnf clean all >/dev/null; fi
sync
# Deleted files (the user script, the logs above, whatever the script removed) keep their
# blocks until they are discarded: fstrim discards every free block, so the captured image
# reads zeros there (the e2e VM test reads the raw image).
if command -v fstrim >/dev/null 2>&1; then
  if ! fstrim -av; then
    echo 'fstrim failed: where a disk takes no discards, the blocks of deleted files stay in the image' >&2
  fi
fi
echo generalized
