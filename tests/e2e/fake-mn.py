#!/usr/bin/python3
"""An independent mobile node built with scapy, run inside the MN namespace
of a test bed: sends one Mobility Header message exactly as told and prints,
as JSON, what came back on the wire. It shares no code with mip6d.

usage: fake-mn.py JSON   where JSON has
  "coa", "ha", "hoa": addresses
  "kind": "bu" (default), "raw" (send "hex" bytes as the whole IPv6 packet),
          "encap" (send an echo request from hoa to "to" encapsulated coa->ha),
          "hao-echo" (an echo request coa->ha with a Home Address option)
  "seq", "lifetime" (seconds), "flags" ("AH" by default), "no_hao"
  "mh_type", "bad_checksum", "truncate", "payload_proto", "header_len":
          mangle the message
  "wait": seconds to listen for a Binding Acknowledgement / Error (default 3)
  "linger": seconds to go on listening after it (default 0.1)
  "expect": "ba" (default), "be", "encap-reply", "echo-reply", "none"
"""
import json
import socket
import sys
import time

from scapy.all import AsyncSniffer, raw
from scapy.layers.inet6 import (HAO, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ParamProblem, IPv6,
                                IPv6ExtHdrDestOpt, IPv6ExtHdrRouting)
from scapy.layers.inet6 import MIP6MH_BA, MIP6MH_BE, MIP6MH_BU, MIP6MH_Generic

args = json.loads(sys.argv[1])
coa, ha, hoa = args["coa"], args["ha"], args["hoa"]
kind = args.get("kind", "bu")
expect = args.get("expect", "ba")


def build():
    if kind == "raw":
        return bytes.fromhex(args["hex"])
    if kind == "hao-echo":
        return raw(IPv6(src=coa, dst=ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) /
                   ICMPv6EchoRequest(id=0x4d36, seq=args.get("seq", 1)))
    if kind == "encap":
        inner = IPv6(src=hoa, dst=args["to"]) / ICMPv6EchoRequest(id=0x4d36, seq=args.get("seq", 1))
        return raw(IPv6(src=coa, dst=ha, nh=41) / inner)
    flags = args.get("flags", "AH")
    bu = MIP6MH_BU(seq=args["seq"], mhtime=args["lifetime"] // 4, flags=flags)
    if "mh_type" in args:
        bu.mhtype = args["mh_type"]
    if "payload_proto" in args:
        bu.nh = args["payload_proto"]
    if "header_len" in args:
        bu.len = args["header_len"]
    pkt = IPv6(src=coa, dst=ha)
    if not args.get("no_hao"):
        pkt = pkt / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)])
    pkt = pkt / bu
    data = bytearray(raw(pkt))
    if args.get("bad_checksum"):
        # MH checksum is at offset 4 of the MH; the MH follows the 40-byte
        # header and the 24-byte destination options header.
        off = 40 + (0 if args.get("no_hao") else 24) + 4
        data[off] ^= 0xff
    if "truncate" in args:
        data = data[: args["truncate"]]
        plen = len(data) - 40
        data[4], data[5] = plen >> 8, plen & 0xff
    return bytes(data)


def param_problem(p):
    return IPv6 in p and p[IPv6].src == ha and ICMPv6ParamProblem in p


def matches(p):
    if IPv6 not in p or p[IPv6].src != ha:
        return False
    if param_problem(p):
        problems.append((p[ICMPv6ParamProblem].code, p[ICMPv6ParamProblem].ptr))
        return False
    if expect == "encap-reply":
        return p[IPv6].nh == 41 and ICMPv6EchoReply in p
    if expect == "echo-reply":
        return ICMPv6EchoReply in p
    return MIP6MH_BA in p or MIP6MH_BE in p


problems = []
sniffer = AsyncSniffer(iface="eth0", lfilter=matches, store=True)
sniffer.start()
time.sleep(0.3)
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(build(), (ha, 0))
deadline = time.monotonic() + args.get("wait", 3)
while time.monotonic() < deadline and not sniffer.results:
    time.sleep(0.05)
time.sleep(args.get("linger", 0.1))
pkts = sniffer.stop() or []

# ICMPv6 Parameter Problems from the home agent, as [code, pointer].
out = {"received": len(pkts), "param_problems": problems}
if pkts:
    p = pkts[0]
    out["src"], out["dst"] = p[IPv6].src, p[IPv6].dst
    if IPv6ExtHdrRouting in p:
        rh = p[IPv6ExtHdrRouting]
        out["rh_type"], out["rh_segleft"] = rh.type, rh.segleft
        out["rh_addresses"] = list(rh.addresses)
    if MIP6MH_BA in p:
        ba = p[MIP6MH_BA]
        out.update(type="ba", status=ba.status, seq=ba.seq, lifetime=ba.mhtime * 4,
                   k="K" in ba.flags)
        mh = raw(ba)
        opts = mh[12:(mh[1] + 1) * 8]  # after the fixed part of the BA (§6.1.8)
        # Binding Refresh Advice: type 2, length 2, refresh interval in 4 s units
        i = 0
        while i < len(opts):
            if opts[i] == 0:
                i += 1
                continue
            if opts[i] == 2 and i + 3 < len(opts):
                out["refresh"] = ((opts[i + 2] << 8) | opts[i + 3]) * 4
            i += 2 + opts[i + 1]
    elif MIP6MH_BE in p:
        be = p[MIP6MH_BE]
        out.update(type="be", status=be.status, hoa=be.ha)
    elif ICMPv6EchoReply in p and p[IPv6].nh != 41:
        out.update(type="echo-reply", id=p[ICMPv6EchoReply].id)
    elif ICMPv6EchoReply in p:
        out.update(type="encap-reply", inner_src=p[IPv6][1].src if p[IPv6].payload else None,
                   inner_dst=p.getlayer(IPv6, 2).dst)
print(json.dumps(out))
