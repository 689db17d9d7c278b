#!/usr/bin/python3
"""Answers the home agent's DAD probe for one address with a Neighbor
Advertisement as told, from a node on the home link.

usage: dad-answerer.py IFACE TARGET HOP_LIMIT SECONDS
Waits up to SECONDS for a Neighbor Solicitation from :: for TARGET and
answers it with an NA for TARGET to ff02::1 with that hop limit. Prints
"ready" once it listens, then "answered" or "no probe".

The NA is built with scapy before listening; the probe is watched and
answered on a bare packet socket, so that even a slow machine answers
well within the home agent's one RetransTimer of waiting.
"""
import ipaddress
import select
import socket
import sys
import time

from scapy.all import get_if_hwaddr, raw
from scapy.layers.inet6 import ICMPv6ND_NA, ICMPv6NDOptDstLLAddr, IPv6
from scapy.layers.l2 import Ether

ETH_P_IPV6 = 0x86DD
iface, target, hop_limit, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
mac = get_if_hwaddr(iface)
na = raw(Ether(src=mac, dst="33:33:00:00:00:01") /
         IPv6(src="fe80::1:77", dst="ff02::1", hlim=hop_limit) /
         ICMPv6ND_NA(tgt=target, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=mac))
want = ipaddress.IPv6Address(target).packed
unspecified = bytes(16)

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IPV6))
s.bind((iface, ETH_P_IPV6))
print("ready", flush=True)
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    if not select.select([s], [], [], max(0.0, deadline - time.monotonic()))[0]:
        break
    frame = s.recv(2048)
    ip = frame[14:]
    # IPv6, next header ICMPv6, source ::, Neighbor Solicitation for TARGET.
    if (len(ip) >= 64 and ip[6] == 58 and ip[8:24] == unspecified and ip[40] == 135 and
            ip[48:64] == want):
        s.send(na)
        print("answered", flush=True)
        sys.exit(0)
print("no probe", flush=True)
