#!/bin/sh
# Installs Apache Tomcat from the distribution's repositories and enables it at boot:
# tomcat10 (10.1) on Debian 12 and Ubuntu 24.04, tomcat9 (9.0) on Ubuntu 22.04.
# It listens on port 8080. Runs as root on a freshly booted Debian or Ubuntu cloud
# image; safe to run twice.
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

apt_get update

case "$(os_release ID):$(os_release VERSION_ID)" in
    ubuntu:22.04) package=tomcat9 ;;
    debian:12 | ubuntu:24.04) package=tomcat10 ;;
    *)
        # Not in the catalog: take the newest Tomcat the repositories have.
        package=tomcat10
        if ! apt-cache show tomcat10 >/dev/null 2>&1; then
            package=tomcat9
        fi
        ;;
esac

apt_get install "$package"

systemctl enable "$package"
# Start it only on a running system; an offline chroot has no systemd to ask.
if [ -d /run/systemd/system ]; then
    systemctl start "$package"
fi
