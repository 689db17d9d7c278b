#!/bin/sh
# The main job: builds mip6 and runs the demo on the network-namespace test
# bed. Until the mobile node core exists (issue 6) it brings the HOWTO's test
# bed up, prints its status, and removes it again.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
BUILD=${MIP6_BUILD:-build}
[ -d "$BUILD" ] || meson setup "$BUILD" -Dwerror=true
meson compile -C "$BUILD"

BED="demo$$"
TB=tests/testbed/mip6-testbed
cleanup() { "$TB" down "$BED" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

"$TB" up "$BED" --fast-ra
"$TB" check "$BED"
