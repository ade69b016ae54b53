#!/bin/sh
# Compiles core/platform/PlatformWin32.cpp with its test (tst_win32platform.cpp) by MinGW-w64,
# links them statically, and runs the result under Wine.  wine_test.sh WORK_DIR
# Exit 77 (ctest: skipped) when MinGW-w64 or Wine is not installed, saying which.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
work=${1:?usage: wine_test.sh WORK_DIR}
compiler=x86_64-w64-mingw32-g++-posix
wine=$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)
command -v $compiler >/dev/null || { echo "skipped: $compiler is missing (apt-get install g++-mingw-w64-x86-64-posix)"; exit 77; }
[ -n "$wine" ] || { echo "skipped: Wine is missing (apt-get install wine64)"; exit 77; }
mkdir -p "$work"
$compiler -std=c++20 -O1 -Wall -Wextra -Werror -static -D_WIN32_WINNT=0x0A00 -I"$source_dir/core" \
  "$source_dir/core/platform/PlatformWin32.cpp" "$here/tst_win32platform.cpp" -o "$work/platform-win32-test.exe"
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all
exec timeout 600 "$wine" "$work/platform-win32-test.exe"
