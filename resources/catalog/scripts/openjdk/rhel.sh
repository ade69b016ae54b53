#!/bin/sh
# Installs OpenJDK 17 (the JDK; RHEL 9's default Java)
# from Rocky Linux's own repositories (BaseOS, AppStream).
# Runs as root on a freshly booted Rocky Linux cloud image; safe to run twice.
set -eu

dnf -y install java-17-openjdk-devel
