#!/bin/sh
# The main job: installs what it needs, builds mip6, and runs the demo on the
# network-namespace test bed: a home agent and a mobile node that roams
# home -> visitnet -> visitnet2 -> home while it pings from its home address,
# with mip6ctl's view and each handover's timings at every step. Everything
# it creates is removed when it ends, also on Ctrl-C.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
BUILD=${MIP6_BUILD:-build}
[ -d "$BUILD" ] || meson setup "$BUILD" -Dwerror=true
meson compile -C "$BUILD"
exec /usr/bin/python3 scripts/mip6-demo.py --build "$BUILD" "$@"
