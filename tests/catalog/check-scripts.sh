#!/bin/sh
# Every install script of the catalog (DIR/scripts), or every script of a folder of
# scripts (the guest scripts), must parse as POSIX sh and pass shellcheck with no finding
# at all (info and style included).
#   sh tests/catalog/check-scripts.sh resources/catalog
#   sh tests/catalog/check-scripts.sh resources/guest
set -eu

catalog=${1:?usage: check-scripts.sh CATALOG_DIR|SCRIPT_DIR}
scripts=$catalog/scripts
[ -d "$scripts" ] || scripts=$catalog
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "FAIL: shellcheck is not installed (apt-get install shellcheck)" >&2
    exit 1
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$scripts" -type f -name '*.sh' | sort >"$list"

checked=0
failed=0
while IFS= read -r script; do
    checked=$((checked + 1))
    if [ "$(head -n 1 "$script")" != '#!/bin/sh' ]; then
        echo "FAIL: $script: the first line must be #!/bin/sh" >&2
        failed=$((failed + 1))
        continue
    fi
    if ! sh -n "$script"; then
        echo "FAIL: $script: sh -n reports a syntax error (above)" >&2
        failed=$((failed + 1))
        continue
    fi
    if ! shellcheck --shell=sh --severity=style --norc "$script" >&2; then
        echo "FAIL: $script: shellcheck findings (above)" >&2
        failed=$((failed + 1))
    fi
done <"$list"

if [ "$checked" -eq 0 ]; then
    echo "FAIL: no scripts under $scripts" >&2
    exit 1
fi
if [ "$failed" -ne 0 ]; then
    echo "$failed of $checked scripts failed" >&2
    exit 1
fi
echo "$checked scripts pass sh -n and shellcheck"
