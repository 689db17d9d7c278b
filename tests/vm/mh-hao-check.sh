#!/bin/sh
# Two network namespaces joined by a veth: the "mobile node" sends a Binding
# Update with a Home Address option to the "home agent"'s raw MH socket.
#   mh-hao-check.sh received   kernel with CONFIG_IPV6_MIP6 (the VM): after
#                              the wildcard Home Address XFRM state a home
#                              agent installs, the BU reaches the socket with
#                              the home address as its source.
#   mh-hao-check.sh dropped    kernel without it (this host): the BU is
#                              dropped before any raw socket sees it.
# Needs root. Everything it makes is in its own namespaces, removed on exit.
set -eu
expect=${1:?usage: mh-hao-check.sh received|dropped}
here=$(cd "$(dirname "$0")" && pwd)
helper="/usr/bin/python3 $here/mh-hao.py"
mn=mip6vm-mn-$$
ha=mip6vm-ha-$$
tmp=$(mktemp -d)
COA=fec0:106:1100::4
HA=fec0:106:2700::2
HOA=fec0:106:2700::4

cleanup() {
  ip netns del "$mn" 2>/dev/null || true
  ip netns del "$ha" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add "$mn"
ip netns add "$ha"
ip -n "$mn" link add mn0 type veth peer name ha0 netns "$ha"
ip -n "$mn" link set lo up
ip -n "$ha" link set lo up
ip -n "$mn" addr add $COA/64 dev mn0 nodad
ip -n "$ha" addr add $HA/64 dev ha0 nodad
ip -n "$mn" link set mn0 up
ip -n "$ha" link set ha0 up
ip -n "$mn" route add $HA/128 dev mn0
ip -n "$ha" route add $COA/128 dev ha0

# attempt NAME TIMEOUT: one BU; the receiver's line lands in $tmp/NAME.
attempt() {
  rm -f "$tmp/ready"
  ip netns exec "$ha" $helper recv --timeout "$2" --ready "$tmp/ready" \
    >"$tmp/$1" 2>&1 &
  pid=$!
  i=0
  while [ ! -e "$tmp/ready" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  ip netns exec "$mn" $helper send --src $COA --dst $HA --hoa $HOA
  rc=0
  wait $pid || rc=$?
  echo "$1: $(cat "$tmp/$1")"
  return $rc
}

hdrerr() {
  ip netns exec "$ha" nstat -az Ip6InHdrErrors | awk '/Ip6InHdrErrors/ {print $2}'
}

case $expect in
received)
  # Without an XFRM state for the Home Address option the kernel drops the
  # BU (xfrm6_input_addr): shown, not asserted.
  attempt without-state 2 || true
  # What a kernel-path home agent installs: a wildcard Home Address state
  # that accepts any care-of address (wildrecv), and an inbound policy for
  # Binding Updates that allows it.
  ip -n "$ha" xfrm state add src :: dst :: proto hao spi 0 mode ro coa :: flag wildrecv
  ip -n "$ha" xfrm policy add dir in src ::/0 dst $HA/128 \
    proto mobility-header type 5 tmpl proto hao mode ro level use
  attempt with-state 20
  grep -q "from=$HOA type=5 hao=$COA" "$tmp/with-state" || {
    echo "FAIL: expected the BU from home address $HOA with Home Address option $COA"
    exit 1
  }
  echo "PASS: the Binding Update with a Home Address option reached the raw MH socket"
  ;;
dropped)
  before=$(hdrerr)
  if attempt no-mip6 2; then
    echo "FAIL: the BU reached the raw MH socket on a kernel the probe says lacks Mobile IPv6"
    exit 1
  fi
  after=$(hdrerr)
  echo "Ip6InHdrErrors in the home agent namespace: $before -> $after"
  [ "$after" -gt "$before" ] || { echo "FAIL: the drop was not counted as a header error"; exit 1; }
  echo "PASS: the Binding Update with a Home Address option was dropped, as expected without CONFIG_IPV6_MIP6"
  ;;
*)
  echo "usage: mh-hao-check.sh received|dropped" >&2
  exit 2
  ;;
esac
