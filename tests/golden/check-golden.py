#!/usr/bin/python3
"""Golden test: the pcap written by golden-pcap (our encoder) is decoded by
two independent decoders, tshark and scapy, and every field they report must
equal the values below, which are written here independently of the
generator. Exit 77 (skipped) only when tshark or scapy is not installed."""

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HA = "fec0:106:2700::2"
HA2 = "fec0:106:2700::3"
HOA = "fec0:106:2700::4"
COA = "fec0:106:1100::20"
CN = "fec0:106:2300::99"
HA_ANYCAST = "fec0:106:2700:0:fdff:ffff:ffff:fffe"
COOKIE = "0x0102030405060708"
TOKEN = "0xa1a2a3a4a5a6a7a8"
AUTH = "de:ad:be:ef:00:11:22:33:44:55:66:77"
MAC = "02:00:00:00:00:04"

# One entry per packet: (name, tshark fields, scapy checks).
# tshark: field -> value (exactly one occurrence) or list (all occurrences).
# scapy: list of (layer class name, {attribute: value}).
PACKETS = [
    ("BRR",
     {"ipv6.src": CN, "ipv6.dst": HOA, "mip6.proto": "59", "mip6.hlen": "0",
      "mip6.mhtype": "0"},
     [("MIP6MH_BRR", {"mhtype": 0, "nh": 59})]),
    ("HoTI",
     {"ipv6.src": HOA, "ipv6.dst": CN, "mip6.mhtype": "1", "mip6.hlen": "1",
      "mip6.hoti.cookie": COOKIE},
     [("MIP6MH_HoTI", {"cookie": bytes.fromhex(COOKIE[2:])})]),
    ("CoTI",
     {"ipv6.src": COA, "ipv6.dst": CN, "mip6.mhtype": "2", "mip6.coti.cookie": COOKIE},
     [("MIP6MH_CoTI", {"cookie": bytes.fromhex(COOKIE[2:])})]),
    ("HoT",
     {"ipv6.src": CN, "ipv6.dst": HOA, "mip6.mhtype": "3", "mip6.hlen": "2",
      "mip6.hot.nindex": "4660", "mip6.hot.cookie": COOKIE, "mip6.hot.token": TOKEN},
     [("MIP6MH_HoT", {"index": 0x1234, "cookie": bytes.fromhex(COOKIE[2:]),
                      "token": bytes.fromhex(TOKEN[2:])})]),
    ("CoT",
     {"ipv6.src": CN, "ipv6.dst": COA, "mip6.mhtype": "4", "mip6.cot.nindex": "22136",
      "mip6.cot.cookie": COOKIE, "mip6.hot.token": TOKEN},
     [("MIP6MH_CoT", {"index": 0x5678, "cookie": bytes.fromhex(COOKIE[2:]),
                      "token": bytes.fromhex(TOKEN[2:])})]),
    ("BU",
     {"ipv6.src": COA, "ipv6.dst": HA, "ipv6.nxt": "60",
      "ipv6.opt.mipv6.home_address": HOA, "mip6.mhtype": "5", "mip6.hlen": "6",
      "mip6.bu.seqnr": "4242", "mip6.bu.a_flag": "1", "mip6.bu.h_flag": "1",
      "mip6.bu.l_flag": "0", "mip6.bu.k_flag": "1", "mip6.bu.lifetime": "150",
      "mip6.acoa.acoa": COA, "mip6.ni.hni": "4660", "mip6.ni.cni": "22136",
      "mip6.bad.auth": AUTH},
     [("HAO", {"hoa": HOA}),
      ("MIP6MH_BU", {"seq": 4242, "flags": {"A", "H", "K"}, "mhtime": 150}),
      ("MIP6OptAltCoA", {"acoa": COA}),
      ("MIP6OptNonceIndices", {"hni": 0x1234, "coni": 0x5678}),
      ("MIP6OptBindingAuthData", {"olen": 12})]),
    ("BA",
     {"ipv6.src": HA, "ipv6.dst": COA, "ipv6.nxt": "43", "ipv6.routing.type": "2",
      "ipv6.routing.segleft": "1", "ipv6.routing.len": "2",
      "ipv6.routing.mipv6.home_address": HOA, "mip6.mhtype": "6", "mip6.ba.status": "0",
      "mip6.ba.k_flag": "1", "mip6.ba.seqnr": "4242", "mip6.ba.lifetime": "150",
      "mip6.bra.interval": "75"},
     [("IPv6ExtHdrRouting", {"type": 2, "segleft": 1, "addresses": [HOA]}),
      ("MIP6MH_BA", {"status": 0, "flags": {"K"}, "seq": 4242, "mhtime": 150}),
      ("MIP6OptBRAdvice", {"rinter": 75})]),
    ("BE",
     {"ipv6.src": CN, "ipv6.dst": COA, "mip6.mhtype": "7", "mip6.be.status": "2",
      "mip6.be.haddr": HOA},
     [("MIP6MH_BE", {"status": 2, "ha": HOA})]),
    ("RS",
     {"ipv6.src": "fe80::4", "ipv6.dst": "ff02::2", "ipv6.hlim": "255",
      "icmpv6.type": "133", "icmpv6.code": "0", "icmpv6.checksum.status": "1",
      "icmpv6.opt.src_linkaddr": MAC},
     [("ICMPv6ND_RS", {"type": 133, "code": 0}),
      ("ICMPv6NDOptSrcLLAddr", {"lladdr": MAC})]),
    ("RA",
     {"ipv6.src": "fe80::1", "ipv6.dst": "ff02::1", "ipv6.hlim": "255",
      "icmpv6.type": "134", "icmpv6.checksum.status": "1",
      "icmpv6.nd.ra.cur_hop_limit": "64", "icmpv6.nd.ra.flag.h": "1",
      "icmpv6.nd.ra.flag.m": "0", "icmpv6.nd.ra.flag.o": "0",
      "icmpv6.nd.ra.router_lifetime": "1800", "icmpv6.nd.ra.reachable_time": "30000",
      "icmpv6.nd.ra.retrans_timer": "1000", "icmpv6.opt.src_linkaddr": MAC,
      "icmpv6.opt.advertisement_interval": "1500",
      "icmpv6.opt.home_agent_preference": "10", "icmpv6.opt.home_agent_lifetime": "1800",
      "icmpv6.opt.prefix.length": "64", "icmpv6.opt.prefix.flag.l": "1",
      "icmpv6.opt.prefix.flag.a": "1", "icmpv6.opt.prefix.flag.r": "1",
      "icmpv6.opt.prefix.valid_lifetime": "86400",
      "icmpv6.opt.prefix.preferred_lifetime": "14400", "icmpv6.opt.prefix": HA},
     [("ICMPv6ND_RA", {"chlim": 64, "H": 1, "M": 0, "O": 0, "routerlifetime": 1800,
                       "reachabletime": 30000, "retranstimer": 1000}),
      ("ICMPv6NDOptSrcLLAddr", {"lladdr": MAC}),
      ("ICMPv6NDOptAdvInterval", {"advint": 1500}),
      ("ICMPv6NDOptHAInfo", {"pref": 10, "lifetime": 1800}),
      ("ICMPv6NDOptPrefixInfo", {"prefixlen": 64, "L": 1, "A": 1, "R": 1,
                                 "validlifetime": 86400, "preferredlifetime": 14400,
                                 "prefix": HA})]),
    ("DHAAD request",
     {"ipv6.src": COA, "ipv6.dst": HA_ANYCAST, "icmpv6.type": "144",
      "icmpv6.checksum.status": "1", "icmpv6.mip6.identifier": "19785"},
     [("ICMPv6HAADRequest", {"type": 144, "id": 0x4d49})]),
    ("DHAAD reply",
     {"ipv6.src": HA, "ipv6.dst": COA, "icmpv6.type": "145", "icmpv6.checksum.status": "1",
      "icmpv6.mip6.identifier": "19785", "icmpv6.mip6.home_agent_address": [HA, HA2]},
     [("ICMPv6HAADReply", {"type": 145, "id": 0x4d49, "addresses": [HA, HA2]})]),
    ("MPS",
     {"ipv6.src": COA, "ipv6.dst": HA, "ipv6.opt.mipv6.home_address": HOA,
      "icmpv6.type": "146", "icmpv6.checksum.status": "1", "icmpv6.mip6.identifier": "2989"},
     [("HAO", {"hoa": HOA}), ("ICMPv6MPSol", {"type": 146, "id": 0x0bad})]),
    ("MPA",
     {"ipv6.src": HA, "ipv6.dst": COA, "ipv6.routing.mipv6.home_address": HOA,
      "icmpv6.type": "147", "icmpv6.checksum.status": "1", "icmpv6.mip6.identifier": "2989",
      "icmpv6.mip6.flag.m": "0", "icmpv6.mip6.flag.o": "1",
      "icmpv6.opt.prefix.length": "64", "icmpv6.opt.prefix.flag.r": "0",
      "icmpv6.opt.prefix.valid_lifetime": "7200",
      "icmpv6.opt.prefix.preferred_lifetime": "3600",
      "icmpv6.opt.prefix": "fec0:106:2700::"},
     [("ICMPv6MPAdv", {"type": 147, "id": 0x0bad, "flags": 1}),
      ("ICMPv6NDOptPrefixInfo", {"prefixlen": 64, "R": 0, "validlifetime": 7200,
                                 "prefix": "fec0:106:2700::"})]),
]

# Alignment (RFC 6275 §6.2.1, §6.3): option -> (field, header field, n, remainder).
ALIGNMENT = {
    "BU": [("mip6.options.acoa", "mipv6", 8, 6), ("mip6.options.ni", "mipv6", 2, 0),
           ("mip6.options.bad_auth", "mipv6", 8, 2)],
    "BA": [("mip6.options.bra", "mipv6", 2, 0)],
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def check_tshark(pcap):
    pdml = subprocess.run(["tshark", "-r", pcap, "-T", "pdml"], check=True,
                          capture_output=True, text=True).stdout
    packets = list(ET.fromstring(pdml).iter("packet"))
    if len(packets) != len(PACKETS):
        fail(f"tshark: {len(packets)} packets, expected {len(PACKETS)}")
        return
    for pkt, (name, fields, _) in zip(packets, PACKETS):
        seen = {}
        pos = {}
        for f in pkt.iter("field"):
            seen.setdefault(f.get("name"), []).append(f.get("show"))
            pos.setdefault(f.get("name"), int(f.get("pos", "0")))
        for proto in pkt.iter("proto"):
            pos.setdefault(proto.get("name"), int(proto.get("pos", "0")))
            if proto.get("name") == "_ws.malformed":
                fail(f"tshark: {name}: malformed packet")
        for field, want in fields.items():
            got = seen.get(field, [])
            if isinstance(want, list):
                if got != want:
                    fail(f"tshark: {name}: {field} = {got}, expected {want}")
            elif got != [want]:
                fail(f"tshark: {name}: {field} = {got}, expected {want}")
        for field, base, n, rem in ALIGNMENT.get(name, []):
            off = pos.get(field, -1) - pos.get(base, 0)
            if field not in pos or off % n != rem:
                fail(f"tshark: {name}: {field} at offset {off}, expected {n}n+{rem}")
        if "ipv6.opt.mipv6.home_address" in fields:
            # HAO type byte at 8n+6 inside its Destination Options header.
            off = pos["ipv6.opt.mipv6.home_address"] - 2 - pos["ipv6.dstopts"]
            if off % 8 != 6:
                fail(f"tshark: {name}: Home Address option at offset {off}, expected 8n+6")
        for expert in seen.get("_ws.expert.message", []):
            fail(f"tshark: {name}: expert info: {expert}")
    print(f"tshark: checked {len(packets)} packets")


def check_scapy(pcap):
    import scapy.layers.inet6 as inet6
    from scapy.utils import rdpcap

    packets = rdpcap(pcap)
    if len(packets) != len(PACKETS):
        fail(f"scapy: {len(packets)} packets, expected {len(PACKETS)}")
        return
    for pkt, (name, _, checks) in zip(packets, PACKETS):
        for layer_name, attrs in checks:
            cls = getattr(inet6, layer_name)
            if not pkt.haslayer(cls):
                fail(f"scapy: {name}: no {layer_name} layer in {pkt.summary()}")
                continue
            layer = pkt[cls]
            for attr, want in attrs.items():
                got = getattr(layer, attr)
                if isinstance(want, set):  # a FlagsField: the names of the set flags
                    got = {n for n in got.names if getattr(got, n)}
                if got != want:
                    fail(f"scapy: {name}: {layer_name}.{attr} = {got!r}, expected {want!r}")
        # Checksum: let scapy recompute it (it uses the HAO's home address
        # and the routing header's final destination) and compare.
        kinds = (inet6._MobilityHeader, inet6._ICMPv6)
        upper = next((l for l in pkt.iterpayloads() if isinstance(l, kinds)), None)
        if upper is None:
            fail(f"scapy: {name}: neither Mobility Header nor ICMPv6 found")
            continue
        rebuilt = pkt.copy()
        rebuilt.getlayer(type(upper)).cksum = None
        # scapy only substitutes the home address into the pseudo-header when
        # the HAO is the sole option it holds; let its autopad re-create the
        # padding (the length comparison below checks it is the same).
        for layer in rebuilt.iterpayloads():
            if isinstance(layer, inet6.IPv6ExtHdrDestOpt):
                layer.options = [o for o in layer.options if isinstance(o, inet6.HAO)]
        want = type(pkt)(bytes(rebuilt)).getlayer(type(upper)).cksum
        if upper.cksum != want:
            fail(f"scapy: {name}: checksum {upper.cksum:#06x}, scapy computes {want:#06x}")
        if len(bytes(pkt)) != len(bytes(rebuilt)):
            fail(f"scapy: {name}: re-encoding changed the length")
    print(f"scapy: checked {len(packets)} packets")


def main():
    if len(sys.argv) != 2:
        print("usage: check-golden.py GOLDEN-PCAP-GENERATOR", file=sys.stderr)
        return 2
    if shutil.which("tshark") is None:
        print("SKIP: tshark is not installed (apt-get install tshark)")
        return 77
    try:
        import scapy.layers.inet6  # noqa: F401
    except ImportError:
        print("SKIP: scapy is not installed (apt-get install python3-scapy)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "golden.pcap")
        subprocess.run([sys.argv[1], pcap], check=True)
        check_tshark(pcap)
        check_scapy(pcap)
    if failures:
        print(f"{len(failures)} mismatches")
        return 1
    print("tshark and scapy agree with the encoder on every packet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
