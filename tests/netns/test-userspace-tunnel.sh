#!/bin/sh
# End-to-end test of the userspace tunnel between two network namespaces:
# ping between inner addresses goes through two real Mip6Tunnel ends; tshark
# confirms IPv6-in-IPv6 on the wire; a spoofed encapsulated packet from the
# wrong outer source is dropped and counted.
set -u
PEER=${TUNNEL_PEER:?}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
ip netns list >/dev/null 2>&1 || { echo "SKIP: ip netns unavailable"; exit 77; }

id=$$
A=mip6tA$id B=mip6tB$id
dir=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  sleep 0.2
  ip netns del "$A" 2>/dev/null
  ip netns del "$B" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

ip netns add "$A" && ip netns add "$B" || fail "cannot create namespaces"
ip -n "$A" link add eth0 type veth peer name eth0 netns "$B"
for n in $A $B; do ip -n "$n" link set lo up; ip -n "$n" link set eth0 up; done
ip -n "$A" addr add 2001:db8:1::1/64 dev eth0 nodad
ip -n "$B" addr add 2001:db8:1::2/64 dev eth0 nodad
ip netns exec "$B" tcpdump -U -q -i eth0 -w "$dir/wire.pcap" ip6 >/dev/null 2>&1 &
pids="$pids $!"
for i in $(seq 50); do [ -s "$dir/wire.pcap" ] && break; sleep 0.1; done
[ -s "$dir/wire.pcap" ] || fail "tcpdump did not start"

ip netns exec "$A" "$PEER" mip6tun0 2001:db8:1::1 2001:db8:1::2 fd00::a/128 fd00::b/128 >"$dir/a.out" 2>&1 &
pa=$!; pids="$pids $pa"
ip netns exec "$B" "$PEER" mip6tun0 2001:db8:1::2 2001:db8:1::1 fd00::b/128 fd00::a/128 >"$dir/b.out" 2>&1 &
pb=$!; pids="$pids $pb"
for i in $(seq 50); do
  grep -q ready "$dir/a.out" && grep -q ready "$dir/b.out" && break
  sleep 0.1
done
grep -q ready "$dir/a.out" || fail "peer A did not start: $(cat "$dir/a.out")"
grep -q ready "$dir/b.out" || fail "peer B did not start: $(cat "$dir/b.out")"

ip netns exec "$A" ping -6 -c 3 -i 0.2 -W 2 -I fd00::a fd00::b || fail "no ping through the tunnel"

# An encapsulated packet whose outer source is not the peer must be dropped.
ip -n "$A" addr add 2001:db8:1::66/64 dev eth0 nodad
ip netns exec "$A" /usr/bin/python3 -c '
from scapy.all import IPv6, ICMPv6EchoRequest, send
send(IPv6(src="2001:db8:1::66", dst="2001:db8:1::2")/IPv6(src="fd00::a", dst="fd00::b")/ICMPv6EchoRequest(), verbose=0)
' || fail "scapy could not send the spoofed packet"
sleep 0.3

kill "$pa" "$pb"
wait "$pa" "$pb"
sa=$(tail -n1 "$dir/a.out"); sb=$(tail -n1 "$dir/b.out")
echo "A: $sa"; echo "B: $sb"
get() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
[ "$(get "$sa" encapsulations)" -ge 3 ] || fail "A encapsulated fewer than 3 packets"
[ "$(get "$sb" decapsulations)" -ge 3 ] || fail "B decapsulated fewer than 3 packets"
[ "$(get "$sb" encapsulations)" -ge 3 ] || fail "B encapsulated fewer than 3 replies"
[ "$(get "$sb" dropped_tunnel_bad_source)" -eq 1 ] || fail "B did not drop exactly the spoofed packet"

sleep 0.3
# Independent oracle: tshark sees echo requests inside IPv6-in-IPv6 from A to B.
n=$(tshark -r "$dir/wire.pcap" -Y 'ipv6.src == 2001:db8:1::1 && ipv6.dst == 2001:db8:1::2 && ipv6.nxt == 41 && icmpv6.type == 128 && ipv6.src == fd00::a' 2>/dev/null | wc -l)
[ "$n" -ge 3 ] || fail "tshark found $n encapsulated echo requests, expected >= 3"
echo "PASS: userspace tunnel ($n encapsulated echo requests on the wire)"
