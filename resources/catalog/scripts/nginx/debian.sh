#!/bin/sh
# Installs nginx from the distribution's repositories and enables it at boot.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q nginx
systemctl enable nginx
