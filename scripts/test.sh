#!/bin/sh
# The whole test suite: installs what it needs, builds with warnings as
# errors, runs every meson test (unit, golden, fuzz seeds, D-Bus, nm, netns,
# conformance, ui, vm).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
BUILD=${MIP6_BUILD:-build}
if [ ! -d "$BUILD" ]; then
  meson setup "$BUILD" -Dwerror=true
fi
meson compile -C "$BUILD"
status=0
meson test -C "$BUILD" --print-errorlogs --num-processes "${MIP6_TEST_JOBS:-2}" "$@" || status=$?
/usr/bin/python3 scripts/test-summary.py "$BUILD/meson-logs/testlog.json"
exit $status
