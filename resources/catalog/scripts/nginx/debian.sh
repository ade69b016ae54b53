#!/bin/sh
# Installs Nginx from the distribution's repositories and enables it at boot.
# Runs as root on a freshly booted Debian or Ubuntu cloud image; safe to run twice.
set -eu
export DEBIAN_FRONTEND=noninteractive

# After boot, cloud-init or unattended-upgrades may still hold the apt locks: wait for
# the dpkg lock, and retry what fails for other reasons (the lists lock, a mirror sync).
apt_get() {
    attempt=1
    while ! apt-get -q -y -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"; do
        if [ "$attempt" -ge 5 ]; then
            echo "apt-get $* failed $attempt times; giving up." >&2
            return 1
        fi
        attempt=$((attempt + 1))
        sleep 20
    done
}

apt_get update
apt_get install nginx

systemctl enable nginx
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start nginx
fi
