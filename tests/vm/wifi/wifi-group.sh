#!/bin/sh
# The VM tier's Wi-Fi group, in one boot of tests/vm/mip6-vm: the Wi-Fi
# bed, its own checks with NetworkManager alone (test-wifi-bed.py), then
# mip6d over it (tests/e2e/test-wifi-mobile-node.py). Run in the VM:
#   tests/vm/mip6-vm run -- sh tests/vm/wifi/wifi-group.sh
# with MIP6D, MIP6CTL (and MIP6_DATAPATH_MN/HA) for the second part;
# without MIP6D only the bed's checks run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
name=wifi
t0=$(date +%s)
# The console shows only emergencies (mip6-vm's dmesg -n 1); a kernel
# soft lockup's backtrace is worth seeing in full.
dmesg -w | grep --line-buffered -A 45 -E "soft lockup|BUG:|Oops" &
elapsed() { echo "$(( $(date +%s) - t0 )) s"; }

$py "$here/mip6-wifibed" up "$name" || { echo "FAIL: the Wi-Fi bed did not come up"; exit 1; }
echo "wifi-group: bed up after $(elapsed)"
export MIP6_WIFIBED=$name PYTHONDONTWRITEBYTECODE=1
rc=0
$py "$here/test-wifi-bed.py" || rc=1
echo "wifi-group: bed checks done after $(elapsed)"
if [ -n "${MIP6D:-}" ]; then
  $py "$here/../../e2e/test-wifi-mobile-node.py" || rc=1
  echo "wifi-group: mip6d over Wi-Fi done after $(elapsed)"
else
  echo "wifi-group: MIP6D not set, mip6d's Wi-Fi scenarios not run"
fi
$py "$here/mip6-wifibed" down "$name" || rc=1
echo "wifi-group: everything in $(elapsed)"
exit $rc
