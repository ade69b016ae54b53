#!/bin/sh
# Installs PostgreSQL (the default 13, not a module stream)
# from Rocky Linux's own repositories (BaseOS, AppStream) and enables it at boot.
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install postgresql-server
# Unlike Debian's package, this one leaves the data directory empty; initdb refuses a
# second run, so only the first run initializes it.
if [ ! -f /var/lib/pgsql/data/PG_VERSION ]; then
    postgresql-setup --initdb
fi

systemctl enable postgresql
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start postgresql
fi
