#!/bin/sh
# Home registration and tunnel through the REAL data path back ends, run
# inside the VM (Debian's kernel with Mobile IPv6) by vm-check.sh:
#
#   backend-check.sh PEER MN-BACKEND HA-BACKEND   one pair, kernel|userspace
#   backend-check.sh PEER crash                   kill -9, then a new start
#
# Three network namespaces: the mobile node on a foreign link whose router
# is the home agent; the home agent with the home prefix on a dummy link
# and a correspondent node behind it. The mobile node registers (BU with a
# Home Address option, BA with a type 2 routing header), pings the
# correspondent from its home address through the tunnel, and both sides
# stop. Checked: the BA matched, the ping went through, the tunnel counters
# of both back ends, tshark's view of the wire (HAO in the BU, RH2 in the BA,
# IPv6-in-IPv6), and that nothing of mip6 is left in either namespace.
set -u
PEER=${1:?usage: backend-check.sh PEER MN-BACKEND HA-BACKEND | PEER crash}
mode=${2:?}
id=$$
MN=mip6bmn$id HA=mip6bha$id CN=mip6bcn$id
COA=2001:db8:2::10 COA2=2001:db8:2::11 HAF=2001:db8:2::1 GW=fe80::1
HAA=2001:db8:1::1 HOA=2001:db8:1::4 CNA=2001:db8:3::100 HAC=2001:db8:3::1
dir=$(mktemp -d)
pids=""

cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for n in $MN $HA $CN; do ip netns del "$n" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
  echo "FAIL: $*"
  for f in "$dir"/*.out; do [ -e "$f" ] && echo "--- $(basename "$f")" && cat "$f"; done
  exit 1
}

setup() {
  for n in $MN $HA $CN; do ip netns add "$n" && ip -n "$n" link set lo up || fail "netns $n"; done
  ip -n "$MN" link add eth0 type veth peer name ethf netns "$HA"
  ip -n "$CN" link add eth0 type veth peer name ethc netns "$HA"
  # The home link: a veth whose other end nobody uses (no dummy module here).
  ip -n "$HA" link add home0 type veth peer name home1 || fail "no home link"
  ip -n "$HA" link set home1 up
  ip netns exec "$HA" sysctl -qw net.ipv6.conf.all.forwarding=1
  ip -n "$HA" addr add $GW/64 dev ethf nodad
  ip -n "$HA" addr add $HAF/64 dev ethf nodad
  ip -n "$HA" addr add $HAA/64 dev home0 nodad
  ip -n "$HA" addr add $HAC/64 dev ethc nodad
  for l in ethf ethc home0; do ip -n "$HA" link set $l up; done
  ip -n "$CN" addr add $CNA/64 dev eth0 nodad
  ip -n "$CN" link set eth0 up
  ip -n "$CN" route add default via $HAC
  # The mobile node was at home before: its home address is on eth0, and
  # mn_away() takes it off (§11.5.2).
  ip -n "$MN" addr add $COA/64 dev eth0 nodad
  ip -n "$MN" addr add $COA2/64 dev eth0 nodad
  ip -n "$MN" addr add $HOA/64 dev eth0 nodad
  ip -n "$MN" link set eth0 up
  ip -n "$MN" route add default via $GW dev eth0
  sleep 0.5
}

# start NAME NETNS ARGS...: a peer in the background, its output in NAME.out
start() {
  name=$1 ns=$2
  shift 2
  ip netns exec "$ns" "$PEER" "$@" >"$dir/$name.out" 2>&1 &
  eval "pid_$name=$!"
  pids="$pids $!"
}

wait_line() { # FILE PATTERN SECONDS
  i=0
  while [ $i -lt $(($3 * 10)) ]; do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

leftovers() { # NETNS: what of mip6 is still in the kernel
  {
    ip -n "$1" -o link show | awk -F': ' '{ split($2, n, "@"); print n[1] }' | grep '^mip6'
    ip -n "$1" -6 route show proto 109
    ip -n "$1" xfrm state
    ip -n "$1" xfrm policy
  } 2>&1
}

register() { # MN-BACKEND HA-BACKEND
  start ha "$HA" ha "$2" $HAA
  wait_line "$dir/ha.out" ready 10 || fail "the $2 home agent did not start"
  start mn "$MN" mn "$1" eth0 $HOA/64 $COA $HAA $GW $COA2
  wait_line "$dir/mn.out" '^ba-ok\|^no-ba\|mn_away' 20 || fail "no answer within 20 s"
  grep -q '^ba-ok' "$dir/mn.out" || fail "the $1 mobile node got no matching Binding Acknowledgement"
}

counter() { sed -n "s/.*counters.* $2=\([0-9]*\).*/\1/p" "$1"; }

setup
case $mode in
crash)
  register kernel kernel
  kill -9 "$pid_mn" "$pid_ha"
  sleep 0.3
  for n in $MN $HA; do
    [ -n "$(leftovers $n)" ] || fail "kill -9 left nothing in $n: the check would prove nothing"
  done
  echo "after kill -9, in the home agent's namespace:"
  leftovers "$HA" | sed 's/^/  /'
  for n in $MN $HA; do
    ip netns exec "$n" "$PEER" new kernel 2>"$dir/new.out" || fail "new start in $n: $(cat "$dir/new.out")"
    grep -q "left behind" "$dir/new.out" || fail "the new start in $n did not report removing leftovers"
    left=$(leftovers $n)
    [ -z "$left" ] || fail "a new start left in $n: $left"
  done
  echo "PASS: after kill -9 of both kernel back ends, a new start removed their tunnels, routes and XFRM entries"
  ;;
*)
  mnb=$mode hab=${3:?}
  ip netns exec "$HA" tcpdump -U -q -i ethf -w "$dir/wire.pcap" ip6 >/dev/null 2>&1 &
  pids="$pids $!"
  i=0
  while [ ! -s "$dir/wire.pcap" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  register "$mnb" "$hab"
  ip netns exec "$MN" ping -6 -c 3 -i 0.3 -W 3 -I $HOA $CNA >"$dir/ping.out" 2>&1 \
    || fail "no ping from the home address $HOA to $CNA through the tunnel"
  # A move to the second care-of address.
  kill -USR1 "$pid_mn"
  i=0
  while [ "$(grep -c '^ba-ok' "$dir/mn.out")" -lt 2 ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(grep -c '^ba-ok' "$dir/mn.out")" -ge 2 ] || fail "no matching BA after the move to $COA2"
  ip netns exec "$MN" ping -6 -c 3 -i 0.3 -W 3 -I $HOA $CNA >>"$dir/ping.out" 2>&1 \
    || fail "no ping through the tunnel after the move to $COA2"
  # Home again: no tunnel, no routes of ours, no type 2 routing header
  # state, the home address back on eth0.
  kill -USR2 "$pid_mn"
  wait_line "$dir/mn.out" '^home' 10 || fail "mn_home did not return"
  grep -q '^home$' "$dir/mn.out" || fail "mn_home failed"
  ip -n "$MN" -6 addr show dev eth0 | grep -q "$HOA/64" || fail "mn_home did not put $HOA/64 back on eth0"
  left=$(ip -n "$MN" -o link show | awk -F': ' '{ split($2, n, "@"); print n[1] }' | grep '^mip6'; ip -n "$MN" -6 route show proto 109; ip -n "$MN" xfrm state | grep route2)
  [ -z "$left" ] || fail "at home the mobile node still has: $left"
  if [ "$mnb" = kernel ]; then
    echo "mobile node's kernel state while away:"
    { ip -n "$MN" -d link show mip6tnl0; ip -n "$MN" -6 route show proto 109; ip -n "$MN" xfrm state; } | sed 's/^/  /'
  fi
  kill "$pid_mn" "$pid_ha"
  wait "$pid_mn" || fail "the mobile node exited with an error"
  wait "$pid_ha" || fail "the home agent exited with an error"
  cat "$dir/ha.out" "$dir/mn.out" | sed 's/^/  /'
  for side in mn ha; do
    e=$(counter "$dir/$side.out" encapsulations)
    d=$(counter "$dir/$side.out" decapsulations)
    [ "${e:-0}" -ge 6 ] && [ "${d:-0}" -ge 6 ] \
      || fail "$side counters: encapsulations=$e decapsulations=$d, expected >= 6 each"
  done
  for n in $MN $HA; do
    left=$(leftovers $n)
    [ -z "$left" ] || fail "after free() in $n: $left"
  done
  sleep 0.3
  # Independent oracle: what was on the home agent's foreign link.
  ts() { tshark -r "$dir/wire.pcap" -Y "$1" 2>/dev/null | wc -l; }
  bu=$(ts "ipv6.src == $COA && ipv6.dst == $HAA && ipv6.opt.type == 201 && mip6.mhtype == 5")
  ba=$(ts "ipv6.src == $HAA && ipv6.dst == $COA && ipv6.routing.type == 2 && mip6.mhtype == 6")
  tun=$(ts "ipv6.src == $COA && ipv6.dst == $HAA && ipv6.nxt == 41 && icmpv6.type == 128")
  tun2=$(ts "ipv6.src == $COA2 && ipv6.dst == $HAA && ipv6.nxt == 41 && icmpv6.type == 128")
  back2=$(ts "ipv6.src == $HAA && ipv6.dst == $COA2 && ipv6.nxt == 41 && icmpv6.type == 129")
  echo "on the wire: $bu BU with HAO, $ba BA with RH2, $tun encapsulated echo requests from $COA;"
  echo "  after the move $tun2 echo requests from $COA2 and $back2 replies to it"
  [ "$bu" -ge 1 ] || fail "tshark saw no BU with a Home Address option"
  [ "$ba" -ge 1 ] || fail "tshark saw no BA with a type 2 routing header"
  [ "$tun" -ge 3 ] || fail "tshark saw $tun encapsulated echo requests, expected >= 3"
  [ "$tun2" -ge 3 ] && [ "$back2" -ge 3 ] || fail "after the move tshark saw $tun2 requests from and $back2 replies to $COA2 in the tunnel"
  echo "PASS: $mnb mobile node with $hab home agent: BU/BA, ping through the tunnel, a move, counters, nothing left"
  ;;
esac
