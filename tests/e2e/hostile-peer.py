#!/usr/bin/python3
"""Sends one forged Mobility Header message (RFC 6275 §6.1) with scapy from
inside a namespace of the test bed, the way an attacker on the visited link
would: any source address, with or without a type 2 routing header. It
shares no code with mip6d.

usage: hostile-peer.py JSON   where JSON has
  "src", "dst": the IPv6 header's addresses
  "rh2": the type 2 routing header's address, or absent for none
  "type": "ba", "be" or "brr"
  "seq", "status", "lifetime" (seconds): BA fields
  "home_address": BE field
"""
import json
import socket
import struct
import sys

from scapy.all import raw
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BRR,
                                in6_chksum)

args = json.loads(sys.argv[1])
kind = args["type"]
if kind == "ba":
    mh = MIP6MH_BA(status=args.get("status", 0), seq=args.get("seq", 0),
                   mhtime=args.get("lifetime", 60) // 4, cksum=0)
elif kind == "be":
    mh = MIP6MH_BE(status=args.get("status", 1), ha=args.get("home_address", "::"), cksum=0)
else:
    mh = MIP6MH_BRR(cksum=0)
mh_bytes = bytearray(raw(mh))
# §6.1.1: the checksum's pseudo-header has the final destination, the
# routing header's address when there is one.
final = args.get("rh2") or args["dst"]
pseudo = IPv6(src=args["src"], dst=final, nh=135)
c = in6_chksum(135, pseudo, bytes(mh_bytes))
struct.pack_into("!H", mh_bytes, 4, c)

pkt = IPv6(src=args["src"], dst=args["dst"], hlim=64)
if args.get("rh2"):
    pkt = pkt / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[args["rh2"]], nh=135)
    data = raw(pkt) + bytes(mh_bytes)
    data = bytearray(data)
    data[6] = 43
else:
    data = bytearray(raw(pkt / raw(bytes(mh_bytes))))
    data[6] = 135
plen = len(data) - 40
data[4], data[5] = plen >> 8, plen & 0xFF
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(bytes(data), (args["dst"], 0))
print(json.dumps({"sent": len(data)}))
