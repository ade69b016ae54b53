#!/bin/sh
# Installs MariaDB
# from Rocky Linux's own repositories (BaseOS, AppStream) and enables it at boot.
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install mariadb-server

systemctl enable mariadb
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start mariadb
fi
