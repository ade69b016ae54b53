#!/bin/sh
# Installs Python 3 with pip
# from Rocky Linux's own repositories (BaseOS, AppStream).
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install python3 python3-pip
