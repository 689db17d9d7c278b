#!/usr/bin/python3
"""An independent mobile node's discovery messages, built with scapy inside
the MN namespace of a test bed: a Dynamic Home Agent Address Discovery
Request (RFC 6275 section 6.5) or a Mobile Prefix Solicitation (6.7) from
"src" to "dst", and, as JSON on the last line, the answer decoded by scapy
(it shares no code with mip6d).

usage: fake-discovery.py JSON   where JSON has
  "kind": "dhaad" or "mps"; "src", "dst": addresses; "id": the Identifier;
  "wait": seconds to listen (default 3)
"""
import json
import socket
import sys
import time

from scapy.all import AsyncSniffer, raw
from scapy.layers.inet6 import (ICMPv6HAADReply, ICMPv6HAADRequest, ICMPv6MPAdv, ICMPv6MPSol,
                                ICMPv6NDOptPrefixInfo, IPv6)

args = json.loads(sys.argv[1])
kind, src, dst, ident = args["kind"], args["src"], args["dst"], args["id"]
answer = ICMPv6HAADReply if kind == "dhaad" else ICMPv6MPAdv
request = ICMPv6HAADRequest(id=ident) if kind == "dhaad" else ICMPv6MPSol(id=ident)

sniffer = AsyncSniffer(iface="eth0", store=True,
                       lfilter=lambda p: IPv6 in p and p[IPv6].dst == src and answer in p)
sniffer.start()
time.sleep(0.3)
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(raw(IPv6(src=src, dst=dst) / request), (dst, 0))
time.sleep(args.get("wait", 3))
pkts = sniffer.stop() or []
if not pkts:
    print(json.dumps({"type": None}))
    sys.exit(0)
p = pkts[0]
out = {"type": kind + "-answer", "src": p[IPv6].src, "dst": p[IPv6].dst, "plen": p[IPv6].plen,
       "id": p[answer].id}
if kind == "dhaad":
    out["addresses"] = list(p[answer].addresses)
else:
    out["prefixes"] = []
    o = p[answer].payload
    while o and ICMPv6NDOptPrefixInfo in o:
        pi = o[ICMPv6NDOptPrefixInfo]
        out["prefixes"].append({"prefix": f"{pi.prefix}/{pi.prefixlen}", "valid": pi.validlifetime,
                                "preferred": pi.preferredlifetime})
        o = pi.payload
print(json.dumps(out))
