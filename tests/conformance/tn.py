"""The tester node (TN): scapy on the TN namespace's eth0.

It sends frames as R0, MN0 or CN0 would, records every frame the NUT sends,
and, when asked, plays nodes that answer the NUT's Neighbor Solicitations
(a node owning an address, to make the home agent's DAD fail; MN0 at home).

Everything the NUT sends is decoded by scapy, and every Mobility Header it
sends has its checksum recomputed here from the raw bytes (RFC 6275 §6.1.1:
pseudo-header with the final destination, i.e. the last address of a
routing header still to be visited), an oracle independent of mip6d.
"""
import struct
import threading
import time

from scapy.all import AsyncSniffer, Ether, conf, raw
from scapy.layers.inet6 import (HAO, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6HAADReply,
                                ICMPv6HAADRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                                ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
                                ICMPv6NDOptSrcLLAddr, ICMPv6ND_RA, ICMPv6ParamProblem, IPv6,
                                IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE,
                                MIP6MH_BU, in6_getnsma, in6_getnsmac)
from scapy.utils import checksum
from scapy.utils6 import in6_ptop

import ha_bed as bed

conf.verb = 0

MH = 135
IPPROTO_NONE = 59


def norm(a):
    return in6_ptop(a)


def mh_offset(data):
    """Offset of the Mobility Header in the raw IPv6 packet @data, and the
    final destination for the pseudo-header; None when there is no MH."""
    nh = data[6]
    off = 40
    final_dst = data[24:40]
    while nh in (0, 43, 60):
        if off + 2 > len(data):
            return None
        hlen = (data[off + 1] + 1) * 8
        if nh == 43 and data[off + 3] > 0:  # routing header with segments left
            n = data[off + 1] // 2
            final_dst = data[off + 8 + 16 * (n - 1): off + 8 + 16 * n]
        nh = data[off]
        off += hlen
    if nh != MH:
        return None
    return off, final_dst


def mh_checksum_ok(pkt):
    """Recompute the MH checksum of the IPv6 packet @pkt from its bytes."""
    data = raw(pkt[IPv6])
    found = mh_offset(data)
    if found is None:
        return False
    off, final_dst = found
    mh = bytearray(data[off:])
    plen = (mh[1] + 1) * 8 if len(mh) >= 2 else 0
    mh = mh[:plen]
    src = data[8:24]
    pseudo = src + final_dst + struct.pack("!I", len(mh)) + b"\0\0\0" + bytes([MH])
    return checksum(bytes(pseudo) + bytes(mh)) == 0


class Tester:
    def __init__(self, iface="eth0"):
        self.iface = iface
        self.lock = threading.Lock()
        self.frames = []  # (monotonic time, Ether) sent by the NUT
        # NS targets the TN answers for: address -> MAC. DAD probes (source
        # ::) are answered only for addresses in dad_owner.
        self.dad_owner = {}
        self.nd_owner = {}
        self.sock = conf.L2socket(iface=iface)
        self.sniffer = AsyncSniffer(iface=iface, prn=self._on_frame, store=False)
        self.sniffer.start()
        deadline = time.monotonic() + 5
        while getattr(self.sniffer, "running", False) is False and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)

    def close(self):
        try:
            self.sniffer.stop()
        except Exception:
            pass
        self.sock.close()

    # --------------------------------------------------------------- capture

    def _on_frame(self, p):
        if Ether not in p or p[Ether].src.lower() != bed.NUT_MAC:
            return
        # When the frame arrived (the kernel's timestamp, on the monotonic
        # clock of mark()), not when this thread got round to it: a frame
        # that came before a mark() never counts as an answer after it.
        now_mono, now_wall = time.monotonic(), time.time()
        try:
            arrived = now_mono - max(0.0, now_wall - float(p.time))
        except (TypeError, ValueError):
            arrived = now_mono
        with self.lock:
            self.frames.append((arrived, p))
        if IPv6 in p and ICMPv6ND_NS in p:
            self._answer_ns(p)

    def _answer_ns(self, p):
        tgt = norm(p[ICMPv6ND_NS].tgt)
        src = p[IPv6].src
        if norm(src) == "::":
            mac = self.dad_owner.get(tgt)
            if mac:
                # RFC 4862 §5.4.4: the owner defends; NA to all-nodes.
                self.send_raw(Ether(src=mac, dst="33:33:00:00:00:01") /
                              IPv6(src=tgt, dst="ff02::1", hlim=255) /
                              ICMPv6ND_NA(tgt=tgt, R=0, S=0, O=1) /
                              ICMPv6NDOptDstLLAddr(lladdr=mac))
        else:
            mac = self.nd_owner.get(tgt)
            if mac:
                self.send_raw(Ether(src=mac, dst=p[Ether].src) /
                              IPv6(src=tgt, dst=src, hlim=255) /
                              ICMPv6ND_NA(tgt=tgt, R=0, S=1, O=1) /
                              ICMPv6NDOptDstLLAddr(lladdr=mac))

    def mark(self):
        """A point in time: expect() looks at frames after it."""
        time.sleep(0.02)
        return time.monotonic()

    def frames_since(self, t0):
        with self.lock:
            return [p for t, p in self.frames if t >= t0]

    def first(self, pred, t0):
        """The first frame captured since @t0 for which @pred is true (a
        predicate that trips over a frame of another shape says no)."""
        for p in self.frames_since(t0):
            try:
                if pred(p):
                    return p
            except (IndexError, AttributeError, TypeError):
                continue
        return None

    def expect(self, pred, t0, timeout=5.0):
        """The first frame since @t0 for which @pred is true, waiting up to
        @timeout seconds; None if none came."""
        deadline = time.monotonic() + timeout
        while True:
            p = self.first(pred, t0)
            if p is not None or time.monotonic() > deadline:
                return p
            time.sleep(0.05)

    def none_for(self, pred, t0, duration):
        """The first frame matching @pred during @duration seconds after @t0
        (None is the good answer)."""
        time.sleep(max(0.0, t0 + duration - time.monotonic()))
        return self.first(pred, t0)

    # ----------------------------------------------------------------- send

    def send_raw(self, frame):
        self.sock.send(frame)

    def send_from_beyond_r0(self, ip_pkt):
        """A packet that arrives at the NUT through R0 (source MAC R0)."""
        self.send_raw(Ether(src=bed.R0_MAC, dst=bed.NUT_MAC) / ip_pkt)

    def send_on_link(self, mac, ip_pkt, dst_mac=bed.NUT_MAC):
        self.send_raw(Ether(src=mac, dst=dst_mac) / ip_pkt)

    def send_bytes_from_beyond_r0(self, data):
        self.send_raw(Ether(src=bed.R0_MAC, dst=bed.NUT_MAC, type=0x86dd) / data)

    def router_advertisement(self, prefix, plen, valid, preferred, router_lifetime=1800):
        """R0's RA on the home link, with one Prefix Information option."""
        ra = (Ether(src=bed.R0_MAC, dst="33:33:00:00:00:01") /
              IPv6(src=bed.R0_LL, dst="ff02::1", hlim=255) /
              ICMPv6ND_RA(routerlifetime=router_lifetime) /
              ICMPv6NDOptSrcLLAddr(lladdr=bed.R0_MAC) /
              ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=plen, L=1, A=1,
                                    validlifetime=valid, preferredlifetime=preferred))
        self.send_raw(ra)


# ------------------------------------------------------------- builders

def bu(coa, hoa, seq, lifetime_units=0x10, A=1, H=1, L=0, K=0, extra_flags="", res=0,
       options=None, dst=bed.HA):
    flags = "".join(f for f, on in (("A", A), ("H", H), ("L", L), ("K", K)) if on) + extra_flags
    m = MIP6MH_BU(seq=seq, mhtime=lifetime_units, flags=flags, reserved=res)
    if options:
        m.options = options
    return IPv6(src=coa, dst=dst) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / m


def echo_with_hao(coa, hoa, ident=0x4d36, seq=1, dst=bed.HA):
    return (IPv6(src=coa, dst=dst) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) /
            ICMPv6EchoRequest(id=ident, seq=seq, data=b"mip6-conformance"))


def is_ba(dst=None):
    def pred(p):
        return MIP6MH_BA in p and norm(p[IPv6].src) == norm(bed.HA) and \
            (dst is None or norm(p[IPv6].dst) == norm(dst))
    return pred


def is_be(dst=None):
    def pred(p):
        return MIP6MH_BE in p and (dst is None or norm(p[IPv6].dst) == norm(dst))
    return pred


def is_mh(dst=None):
    def pred(p):
        return IPv6 in p and mh_offset(raw(p[IPv6])) is not None and \
            (dst is None or norm(p[IPv6].dst) == norm(dst))
    return pred


def rh2_addresses(p):
    if IPv6ExtHdrRouting not in p:
        return None
    rh = p[IPv6ExtHdrRouting]
    return rh.type, rh.segleft, [norm(a) for a in rh.addresses]


def is_echo_reply(dst, ident=0x4d36):
    def pred(p):
        return ICMPv6EchoReply in p and norm(p[IPv6].dst) == norm(dst) and \
            p[ICMPv6EchoReply].id == ident
    return pred


def is_param_problem(dst):
    def pred(p):
        return ICMPv6ParamProblem in p and norm(p[IPv6].dst) == norm(dst)
    return pred


def is_dad_ns(target):
    def pred(p):
        return ICMPv6ND_NS in p and norm(p[IPv6].src) == "::" and \
            norm(p[ICMPv6ND_NS].tgt) == norm(target) and \
            norm(p[IPv6].dst) == norm(in6_getnsma_str(target))
    return pred


def in6_getnsma_str(addr):
    import socket
    return socket.inet_ntop(socket.AF_INET6, in6_getnsma(socket.inet_pton(socket.AF_INET6, addr)))


def is_na(target, dst=None):
    def pred(p):
        return ICMPv6ND_NA in p and norm(p[ICMPv6ND_NA].tgt) == norm(target) and \
            (dst is None or norm(p[IPv6].dst) == norm(dst))
    return pred


def tlla(p):
    if ICMPv6NDOptDstLLAddr in p:
        return p[ICMPv6NDOptDstLLAddr].lladdr.lower()
    return None


def ns_multicast(target, src, src_ll_mac):
    """A multicast NS for @target from @src (a node on the home link)."""
    import socket
    nsma = in6_getnsma_str(target)
    mac = in6_getnsmac(socket.inet_pton(socket.AF_INET6, nsma))
    return (Ether(src=src_ll_mac, dst=mac) / IPv6(src=src, dst=nsma, hlim=255) /
            ICMPv6ND_NS(tgt=target) / ICMPv6NDOptSrcLLAddr(lladdr=src_ll_mac))


def ns_unicast(target, src, src_ll_mac, dst_mac=bed.NUT_MAC):
    return (Ether(src=src_ll_mac, dst=dst_mac) / IPv6(src=src, dst=target, hlim=255) /
            ICMPv6ND_NS(tgt=target) / ICMPv6NDOptSrcLLAddr(lladdr=src_ll_mac))


def haad_request(coa, ident, dst=bed.HA_ANYCAST):
    return IPv6(src=coa, dst=dst) / ICMPv6HAADRequest(id=ident)


def is_haad_reply(dst, ident):
    def pred(p):
        return ICMPv6HAADReply in p and norm(p[IPv6].dst) == norm(dst) and \
            p[ICMPv6HAADReply].id == ident
    return pred
