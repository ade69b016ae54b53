#!/usr/bin/env sh
echo hi
