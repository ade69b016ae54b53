#!/bin/sh
# Installs Valkey and enables it at boot. Rocky Linux 9's own repositories have no
# Valkey: this adds EPEL (the epel-release package from Rocky's "extras" repository)
# and installs valkey from there.
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install epel-release
dnf -y install valkey

systemctl enable valkey
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start valkey
fi
