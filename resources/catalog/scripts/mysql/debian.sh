#!/bin/sh
# Installs MySQL (mysql-server 8.0) from Ubuntu's repositories and enables it at boot.
# Debian has no MySQL (only MariaDB), so the script refuses to run there.
# Runs as root on a freshly booted Ubuntu cloud image; safe to run twice.
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

os_release() {
    sed -n "s/^$1=//p" /etc/os-release | tr -d '"'
}

distro=$(os_release ID)
if [ "$distro" != ubuntu ]; then
    echo "MySQL is not in the repositories of $distro; choose MariaDB instead." >&2
    exit 1
fi

apt_get update
apt_get install mysql-server

systemctl enable mysql
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start mysql
fi
