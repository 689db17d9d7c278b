#!/usr/bin/python3
"""Answers the home agent's DAD probe for one address with a Neighbor
Advertisement as told, from a node on the home link, built with scapy.

usage: dad-answerer.py IFACE TARGET HOP_LIMIT SECONDS
Waits up to SECONDS for a Neighbor Solicitation from :: for TARGET and
answers it with an NA for TARGET to ff02::1 with that hop limit. Prints
"answered" or "no probe".
"""
import sys

from scapy.all import AsyncSniffer, get_if_hwaddr, sendp
from scapy.layers.inet6 import ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr, IPv6
from scapy.layers.l2 import Ether

iface, target, hop_limit, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
mac = get_if_hwaddr(iface)


def is_probe(p):
    return (ICMPv6ND_NS in p and p[IPv6].src == "::" and p[ICMPv6ND_NS].tgt == target)


# "ready" only once the capture socket is open: the probe follows at once.
sniffer = AsyncSniffer(iface=iface, lfilter=is_probe, count=1, timeout=seconds,
                       started_callback=lambda: print("ready", flush=True))
sniffer.start()
sniffer.join()
if not sniffer.results:
    print("no probe", flush=True)
    sys.exit(0)
na = (Ether(src=mac, dst="33:33:00:00:00:01") /
      IPv6(src="fe80::1:77", dst="ff02::1", hlim=hop_limit) /
      ICMPv6ND_NA(tgt=target, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=mac))
sendp(na, iface=iface, verbose=False)
print("answered", flush=True)
