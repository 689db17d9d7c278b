#!/bin/sh
# The checks of meson suite 'vm' (tests/vm/meson.build), one per argument:
#   exit-status  a command exiting 3 in the VM makes mip6-vm exit 3
#   probe        mip6-probe says "kernel" in the VM, and on the host what
#                the host kernel's configuration says; lists the modules
#   mh-hao       a BU with a Home Address option reaches a raw MH socket
#                in the VM
#   mh-hao-host  the same BU is dropped on a host kernel without Mobile IPv6
#   backend      home registration, tunnel, counters and clean-up through the
#                real back ends (backend-check.sh): kernel/kernel, userspace
#                MN with kernel HA, kernel MN with userspace HA, and a new
#                start after kill -9; all in one boot
#   e2e          the HOWTO scenarios (tests/e2e/test-mobile-node.py) with
#                mip6d as mobile node and home agent, each on the data path
#                named (kernel or userspace); one boot
#   e2e-home-agent  mip6d as home agent on the named data path against
#                scapy's mobile node (tests/e2e/test-home-agent.py); one boot
#   conformance  the home agent conformance cases (tests/conformance) on
#                the named data path; one boot
#   wifi         real Wi-Fi (tests/vm/wifi/wifi-group.sh): the Wi-Fi bed
#                with NetworkManager alone, then mip6d as mobile node over
#                it against mip6d as home agent, on the named data paths;
#                one boot, and nothing of it may run on the host
# Usage: vm-check.sh CHECK PATH-TO-mip6-probe [PATH-TO-backend-peer]
#        vm-check.sh e2e PATH-TO-mip6-probe MIP6D MIP6CTL MN-DATAPATH HA-DATAPATH
#        vm-check.sh e2e-home-agent PATH-TO-mip6-probe MIP6D MIP6CTL HA-DATAPATH
#        vm-check.sh conformance PATH-TO-mip6-probe MIP6D MIP6CTL HA-DATAPATH
#        vm-check.sh wifi PATH-TO-mip6-probe MIP6D MIP6CTL MN-DATAPATH HA-DATAPATH
# Exit 77 (skipped) only when the VM cannot be booted at all here.
set -u
check=${1:?usage: vm-check.sh CHECK PATH-TO-mip6-probe}
probe=${2:?usage: vm-check.sh CHECK PATH-TO-mip6-probe}
here=$(cd "$(dirname "$0")" && pwd)
vm="/usr/bin/python3 $here/mip6-vm"
# Twice what each run takes on a busy 2-core machine under TCG (the home
# agent's tests about 600 s there, the conformance cases about 300 s, the
# mobile node's scenarios about 300 s, the rest under 200 s).
case $check in
e2e-home-agent) timeout=${MIP6_VM_TIMEOUT:-1200} ;;
wifi) timeout=${MIP6_VM_TIMEOUT:-1500} ;;
conformance) timeout=${MIP6_VM_TIMEOUT:-700} ;;
e2e) timeout=${MIP6_VM_TIMEOUT:-600} ;;
*) timeout=${MIP6_VM_TIMEOUT:-400} ;;
esac

fail() { echo "FAIL: $*"; exit 1; }

need_vm() {
  for tool in qemu-system-x86_64 busybox; do
    command -v $tool >/dev/null 2>&1 || {
      echo "SKIP: $tool is missing, so no VM can boot here; run scripts/deps.sh (qemu-system-x86, busybox-static)"
      exit 77
    }
  done
}

# What the host kernel's configuration says about Mobile IPv6, tunnel and
# XFRM: kernel, userspace, or unknown when no configuration is readable.
host_expectation() {
  cfg=""
  if [ -r /proc/config.gz ]; then
    cfg=$(zcat /proc/config.gz)
  elif [ -r "/boot/config-$(uname -r)" ]; then
    cfg=$(cat "/boot/config-$(uname -r)")
  else
    echo unknown
    return
  fi
  for opt in CONFIG_IPV6_MIP6 CONFIG_IPV6_TUNNEL CONFIG_XFRM_USER; do
    echo "$cfg" | grep -qE "^$opt=(y|m)" || { echo userspace; return; }
  done
  echo kernel
}

case $check in
exit-status)
  need_vm
  $vm run --timeout "$timeout" -- sh -c 'echo "inside the VM: $(uname -r)"; exit 3'
  rc=$?
  [ $rc -eq 3 ] || fail "a command exiting 3 in the VM gave exit status $rc"
  $vm run --timeout "$timeout" -- true || fail "true in the VM did not give 0"
  echo "PASS: exit status 3 and 0 came back from the VM"
  ;;
probe)
  need_vm
  out=$($vm run --timeout "$timeout" -- sh -c '
    echo "kernel $(uname -r)"
    for m in mip6 ip6_tunnel xfrm_user xfrm6_tunnel xfrm_interface esp6 veth bridge tun; do
      if grep -q "/$m\.ko" /lib/modules/$(uname -r)/modules.builtin; then
        echo "module $m: built in"
      elif [ -d /sys/module/$m ]; then
        echo "module $m: loaded ($(modinfo -F filename $m))"
      else
        echo "module $m: absent"
      fi
    done
    "$1"; "$1" --datapath=kernel >/dev/null || echo "forced kernel failed"' sh "$probe")
  rc=$?
  echo "$out"
  [ $rc -eq 0 ] || fail "the probe run in the VM exited $rc"
  echo "$out" | grep -qx "datapath: kernel" || fail "the probe in the VM did not choose the kernel data path"
  echo "$out" | grep -q "forced kernel failed" && fail "datapath=kernel was refused in the VM"
  echo "$out" | grep -qx "module ip6_tunnel: loaded.*" || fail "ip6_tunnel is not loaded in the VM"

  host=$("$probe")
  echo "host: $host"
  expect=$(host_expectation)
  if [ "$expect" = unknown ] && [ "$(id -u)" -eq 0 ]; then
    # No kernel configuration to read: let behaviour decide.
    sh "$here/mh-hao-check.sh" dropped >/dev/null 2>&1 && expect=userspace
  fi
  case $expect in
  kernel | userspace)
    echo "$host" | grep -qx "datapath: $expect" || fail "on the host the probe should say $expect"
    if [ "$expect" = userspace ]; then
      "$probe" --datapath=kernel 2>/dev/null && fail "datapath=kernel was accepted on the host"
      "$probe" --datapath=kernel 2>&1 | grep -q CONFIG_ || fail "refusing datapath=kernel on the host named no kernel option"
    fi
    echo "PASS: the probe says kernel in the VM and $expect on the host"
    ;;
  *)
    echo "PASS: the probe says kernel in the VM (host kernel configuration unknown, not compared)"
    ;;
  esac
  ;;
mh-hao)
  need_vm
  $vm run --timeout "$timeout" -- sh "$here/mh-hao-check.sh" received
  ;;
backend)
  need_vm
  peer=${3:?vm-check.sh backend needs the path to backend-peer}
  $vm run --timeout "$timeout" -- sh -c '
    rc=0
    for pair in "kernel kernel" "userspace kernel" "kernel userspace"; do
      echo "=== mobile node / home agent: $pair"
      sh "$1" "$2" $pair || rc=1
    done
    echo "=== kill -9 and restart"
    sh "$1" "$2" crash || rc=1
    exit $rc' sh "$here/backend-check.sh" "$peer" || fail "a back-end check failed in the VM"
  # On a host kernel without Mobile IPv6 the kernel back end refuses to
  # start and names the missing option.
  if [ "$(host_expectation)" = userspace ]; then
    out=$("$peer" new kernel 2>&1) && fail "the kernel back end started on a host kernel without Mobile IPv6"
    echo "host: $out"
    echo "$out" | grep -q "CONFIG_IPV6_MIP6\|CONFIG_IPV6_TUNNEL\|CONFIG_XFRM_USER" || fail "the refusal on the host named no kernel option"
  fi
  echo "PASS: kernel and userspace back ends in the VM, each against the other"
  ;;
e2e)
  need_vm
  [ $# -eq 6 ] || { echo "usage: vm-check.sh e2e PROBE MIP6D MIP6CTL MN-DATAPATH HA-DATAPATH" >&2; exit 2; }
  # The environment reaches the job script in the VM (mip6-vm exports it).
  MIP6D=$(realpath "$3") MIP6CTL=$(realpath "$4") MIP6_DATAPATH_MN=$5 MIP6_DATAPATH_HA=$6 \
    MIP6_SRCDIR=$(cd "$here/../.." && pwd) PYTHONDONTWRITEBYTECODE=1 \
    $vm run --timeout "$timeout" -- /usr/bin/python3 "$here/../e2e/test-mobile-node.py" ||
    fail "a scenario failed in the VM with the mobile node on the $5 and the home agent on the $6 data path"
  ;;
conformance)
  need_vm
  [ $# -eq 5 ] || { echo "usage: vm-check.sh conformance PROBE MIP6D MIP6CTL HA-DATAPATH" >&2; exit 2; }
  MIP6D=$(realpath "$3") MIP6CTL=$(realpath "$4") MIP6_DATAPATH_HA=$5 \
    MIP6_SRCDIR=$(cd "$here/../.." && pwd) PYTHONDONTWRITEBYTECODE=1 \
    $vm run --timeout "$timeout" -- /usr/bin/python3 "$here/../conformance/ha_conformance.py" ||
    fail "a home agent conformance case failed in the VM on the $5 data path"
  ;;
e2e-home-agent)
  need_vm
  [ $# -eq 5 ] || { echo "usage: vm-check.sh e2e-home-agent PROBE MIP6D MIP6CTL HA-DATAPATH" >&2; exit 2; }
  # mip6d as home agent on the given data path against scapy's mobile node;
  # the cases that test only the protocol core run on the netns tier.
  MIP6D=$(realpath "$3") MIP6CTL=$(realpath "$4") MIP6_DATAPATH_HA=$5 MIP6_E2E_DATAPATH_ONLY=1 \
    MIP6_SRCDIR=$(cd "$here/../.." && pwd) PYTHONDONTWRITEBYTECODE=1 \
    $vm run --timeout "$timeout" -- /usr/bin/python3 "$here/../e2e/test-home-agent.py" ||
    fail "a home agent test failed in the VM with the home agent on the $5 data path"
  echo "PASS: the home agent on the $5 data path against scapy's mobile node"
  ;;
wifi)
  need_vm
  [ $# -eq 6 ] || { echo "usage: vm-check.sh wifi PROBE MIP6D MIP6CTL MN-DATAPATH HA-DATAPATH" >&2; exit 2; }
  for tool in NetworkManager wpa_supplicant hostapd iw nmcli; do
    command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] ||
      fail "$tool is missing; run scripts/deps.sh (network-manager, wpasupplicant, hostapd, iw)"
  done
  # Wi-Fi daemons belong in the guest only: the bed refuses the host, and
  # no NetworkManager, wpa_supplicant, hostapd or udevd that this check
  # started may run here afterwards.
  wifi_pids() {
    for p in /proc/[0-9]*; do
      case $(readlink "$p/exe" 2>/dev/null) in
      */NetworkManager | */wpa_supplicant | */hostapd | */systemd-udevd) echo "${p#/proc/}" ;;
      esac
    done | sort
  }
  before=$(wifi_pids)
  out=$(/usr/bin/python3 "$here/wifi/mip6-wifibed" up hostcheck 2>&1) &&
    fail "mip6-wifibed up ran on the host: $out"
  echo "$out" | grep -q "refusing to run outside the VM" || fail "mip6-wifibed on the host: $out"
  MIP6D=$(realpath "$3") MIP6CTL=$(realpath "$4") MIP6_DATAPATH_MN=$5 MIP6_DATAPATH_HA=$6 \
    MIP6_SRCDIR=$(cd "$here/../.." && pwd) PYTHONDONTWRITEBYTECODE=1 \
    $vm run --timeout "$timeout" -- /bin/sh "$here/wifi/wifi-group.sh"
  rc=$?
  after=$(wifi_pids)
  [ "$before" = "$after" ] || fail "Wi-Fi daemons appeared on the host: $(echo $after)"
  [ $rc -eq 0 ] || fail "a Wi-Fi check failed in the VM (exit $rc) with the mobile node on the $5 and the home agent on the $6 data path"
  echo "PASS: Wi-Fi bed and mip6d over Wi-Fi in one boot; nothing of it ran on the host"
  ;;
mh-hao-host)
  [ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
  if [ "$(host_expectation)" = kernel ]; then
    echo "SKIP: this host's kernel has Mobile IPv6; the contrast needs one without"
    exit 77
  fi
  sh "$here/mh-hao-check.sh" dropped
  ;;
*)
  echo "vm-check.sh: unknown check $check" >&2
  exit 2
  ;;
esac
