#!/bin/sh
# Installs Node.js and npm (the default 16, not a module stream)
# from Rocky Linux's own repositories (BaseOS, AppStream).
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install nodejs npm
