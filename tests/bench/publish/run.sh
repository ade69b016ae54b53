#!/bin/sh
# Publish benchmark: the upload phase of `image publish` against `curl -T` of the same
# bytes, same token, same endpoint of the API double (loopback), alternated.
#   tests/bench/publish/run.sh [BUILD_DIR] [--size-mb N] [--runs N]
# Builds nothing: build first (ninja -C BUILD_DIR bench_publish). Needs curl and qemu-img;
# no root (API-only double).
set -eu
build=./build
case "${1:-}" in
  ""|--*) ;;
  *) build=$1; shift ;;
esac
bench="$build/tests/bench/publish/bench_publish"
if [ ! -x "$bench" ]; then
  echo "No $bench: build it first (ninja -C $build bench_publish)." >&2
  exit 2
fi
exec "$bench" "$@"
