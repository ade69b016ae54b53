#!/bin/sh
set -eu
true
