#!/usr/bin/python3
"""Conformance suite for the HOME AGENT: one test per applicable case of the
public "Conformance Test Specification: Mobility Support in IPv6, Home Agent"
(IPv6 Ready Logo Phase-2 / TAHI; index
http://cert.v6pc.jp/mipv6/doc-3.3/mipv6-ha-4.0.7/index.html).

Each test is named after its case ID and judged by the case's JUDGEMENT
(paraphrased in its docstring), never by what mip6d happens to do. Case IDs
of sections 1 and 2.1-2.2 are those of the 4.0.7 index; the later sections
follow the case pages of the same specification published at
www.tahi.org/mipv6/doc-2.0/mipv6-ha-24/ (HA_2_3_1, HA_2_5_1, HA_2_5_8,
HA_2_6_6, HA_2_6_10, HA_2_7_8, HA_2_8_1, HA_2_8_10, HA_3_1_12, HA_3_2_1,
HA_3_2_3, HA_4_2_1, HA_4_4_1 were read there, and the IDs in between follow
the order those fix: real home link first, A=1 before A=0, then the same
cases on a virtual home link). Where no page of a case could be read, the
case takes the next ID of its group and its docstring says what the
judgement is derived from (RFC 6275, the section the specification cites).

Sequence numbers: those pages judge 15 -> 32783 (exactly 2^15 ahead) and
32783 -> 15 INVALID (BA 135), as RFC 6275 §9.5.1 words it (the last number
and the 32768 before it, inclusive, are not greater); the older draft-20
suite had them valid and 15 -> 32784 invalid. This suite follows the pages.

The bed (ha_bed.py): mip6d as home agent in its own namespace (the NUT) on the
home link Link0, and a tester namespace (TN) on the same link that plays R0,
MN0 (at its care-of addresses beyond R0, or at home), CN0 and the other nodes
with scapy. The specification runs its cases with ESP between MN and HA; this
bed has no IPsec, so the cases run without it, and the ones that are about
IPsec itself are SKIPPED, as are those that need a virtual home link.

Run, as root, from the source tree:
    MIP6D=build/daemon/mip6d /usr/bin/python3 tests/conformance/ha_conformance.py [-k PATTERN]...
MIP6_DATAPATH_HA=kernel runs the same cases on the kernel data path,
MIP6_KEEP_LOGS=1 keeps mip6d's log, MIP6_DEBUG=all makes it verbose,
MIP6CTL=build/mip6ctl/mip6ctl adds `mip6ctl bc` to failure messages, and
MIP6_HA_EXTRA_CONFIG adds lines to mip6d.conf (e.g. "allow-unprotected=true"
once mip6d refuses unprotected registrations by default).
The last line is "conformance: N cases implemented, P passed, F failed, S skipped".
"""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ha_bed as bed  # noqa: E402

if __name__ == "__main__" and not os.environ.get("MIP6_CONF_CHILD"):
    # The parent: make the bed, run this file again inside the TN namespace.
    sys.exit(bed.bed_main(os.path.abspath(__file__), sys.argv[1:]))

import struct  # noqa: E402

from scapy.all import Ether, Raw, raw  # noqa: E402
from scapy.layers.inet6 import (HAO, ICMPv6EchoRequest, ICMPv6HAADReply, ICMPv6ND_NA,  # noqa: E402
                                ICMPv6ND_RA, ICMPv6NDOptHAInfo, ICMPv6NDOptPrefixInfo,
                                ICMPv6NDOptSrcLLAddr, ICMPv6ParamProblem, IPv6,
                                IPv6ExtHdrDestOpt, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU,
                                MIP6OptBRAdvice, MIP6OptNonceIndices)
from scapy.utils import checksum as inet_checksum  # noqa: E402

import tn as tnmod  # noqa: E402
from tn import (bu, echo_with_hao, haad_request, is_ba, is_be, is_dad_ns,  # noqa: E402
                is_echo_reply, is_haad_reply, is_mh, is_na, is_param_problem, mh_checksum_ok,
                norm, ns_multicast, ns_unicast, rh2_addresses, tlla)

HA, HOA, MN_LL, COA_X, COA_Y = bed.HA, bed.HOA, bed.MN_LL, bed.COA_X, bed.COA_Y
IPSEC = "needs IPsec (ESP between MN and HA), which this bed does not set up"
VIRTUAL = "needs a virtual home link (home prefix not on any real link of the NUT)"

ANSWER = 5.0      # the longest we wait for something the judgement expects
SILENCE = 3.0     # how long "no response" is watched (DAD takes about 1 s)

DAEMON = None
TN = None


def mh_raw_with_checksum(mh, src, dst):
    """@mh (bytes, checksum field zero) with its RFC 6275 §6.1.1 checksum."""
    pseudo = (socket_pton(src) + socket_pton(dst) + struct.pack("!I", len(mh)) +
              b"\0\0\0" + bytes([135]))
    c = inet_checksum(pseudo + mh)
    return mh[:4] + struct.pack("!H", c) + mh[6:]


def socket_pton(a):
    import socket
    return socket.inet_pton(socket.AF_INET6, a)


class HomeAgent(unittest.TestCase):
    """Each case starts on a freshly started mip6d (empty binding cache)."""

    binding_lifetime = 120

    def setUp(self):
        # Judgements of a case are all checked, in order: a "Check BCE"
        # step that fails is recorded and the case goes on, so that one
        # report shows every judgement mip6d misses; the case then fails.
        self.missed = []
        TN.dad_owner.clear()
        TN.nd_owner.clear()
        DAEMON.start(binding_lifetime=self.binding_lifetime)
        self.t_start = TN.mark()

    def tearDown(self):
        TN.dad_owner.clear()
        TN.nd_owner.clear()
        if self.missed:
            self.fail("judgement(s) not met:\n  - " + "\n  - ".join(self.missed) + self.log())

    def soft(self, fn, *args, **kw):
        try:
            fn(*args, **kw)
        except AssertionError as e:
            self.missed.append(str(e).split("\n--- mip6d log")[0].removeprefix("unexpectedly None : "))

    # ----------------------------------------------------------- helpers

    def log(self):
        bc = DAEMON.binding_cache()
        return ("\n--- mip6d log ---\n" + DAEMON.log()[-4000:] +
                (f"\n--- mip6ctl bc ---\n{bc}" if bc else ""))

    def send(self, pkt):
        TN.send_from_beyond_r0(pkt)

    def bu_ba(self, coa=COA_X, hoa=HOA, seq=1, timeout=ANSWER, **kw):
        """Send a BU from @coa, return the BA sent back to @coa (or None)."""
        t0 = TN.mark()
        self.send(bu(coa, hoa, seq, **kw))
        return TN.expect(is_ba(coa), t0, timeout)

    def assert_ba(self, ba, status, seq, coa=COA_X, hoa=HOA, what="BA"):
        self.assertIsNotNone(ba, f"no {what} came back to {coa}{self.log()}")
        self.assertTrue(mh_checksum_ok(ba), f"{what}: bad Mobility Header checksum")
        m = ba[MIP6MH_BA]
        self.assertEqual(m.status, status, f"{what}: status {m.status}, expected {status}")
        self.assertEqual(m.seq, seq, f"{what}: sequence number {m.seq}, expected {seq}")
        self.assertEqual(norm(ba[IPv6].src), norm(HA))
        # RFC 6275 §6.1.8/§9.5.4: to a mobile node away from home, through a
        # type 2 routing header carrying the home address.
        if norm(coa) != norm(hoa):
            self.assertEqual(rh2_addresses(ba), (2, 1, [norm(hoa)]),
                             f"{what}: no type 2 routing header with the home address")
        return m

    def register(self, coa=COA_X, hoa=HOA, seq=1, **kw):
        ba = self.bu_ba(coa, hoa, seq, **kw)
        self.assert_ba(ba, 0, seq, coa, hoa, "BA of the home registration")
        return ba[MIP6MH_BA]

    def echo(self, coa=COA_X, hoa=HOA, ident=0x4d36):
        t0 = TN.mark()
        self.send(echo_with_hao(coa, hoa, ident=ident))
        return t0

    def assert_bce(self, *args, **kw):
        self.soft(self._assert_bce, *args, **kw)

    def assert_no_bce(self, *args, hard=False, **kw):
        if hard:
            self._assert_no_bce(*args, **kw)
        else:
            self.soft(self._assert_no_bce, *args, **kw)

    def _assert_bce(self, coa=COA_X, hoa=HOA, what="Check BCE"):
        """Echo Request w/ HaO from @coa: an Echo Reply w/ RH (type 2,
        home address) must come back, so a binding @hoa -> @coa exists."""
        t0 = self.echo(coa, hoa)
        r = TN.expect(is_echo_reply(coa), t0, ANSWER)
        self.assertIsNotNone(r, f"{what}: no Echo Reply to {coa} for an Echo Request w/ HaO "
                                f"{hoa}{self.log()}")
        self.assertEqual(rh2_addresses(r), (2, 1, [norm(hoa)]),
                         f"{what}: the Echo Reply has no type 2 routing header with {hoa}")

    def _assert_no_bce(self, coa=COA_X, hoa=HOA, what="Check BCE"):
        """Echo Request w/ HaO from @coa: a Binding Error (status 1, unknown
        binding for Home Address destination option) must come back."""
        t0 = self.echo(coa, hoa)
        be = TN.expect(is_be(coa), t0, ANSWER)
        self.assertIsNotNone(be, f"{what}: no Binding Error to {coa} for an Echo Request w/ HaO "
                                 f"{hoa} without binding{self.log()}")
        self.assertTrue(mh_checksum_ok(be), f"{what}: bad Mobility Header checksum in the BE")
        self.assertEqual(be[MIP6MH_BE].status, 1, f"{what}: BE status")
        self.assertEqual(norm(be[MIP6MH_BE].ha), norm(hoa), f"{what}: BE Home Address field")
        self.assertIsNone(TN.none_for(is_echo_reply(coa), t0, 0.2),
                          f"{what}: an Echo Reply came back although no binding exists")

    def assert_silence(self, t0, coa=COA_X, what="the BU"):
        p = TN.none_for(is_mh(coa), t0, SILENCE)
        self.assertIsNone(p, f"{what} was answered: {p and p.summary()}{self.log()}")

    def param_problem(self, *args):
        self.soft(self._param_problem, *args)

    def _param_problem(self, data, field_offset, what):
        """Send the raw IPv6 packet @data; an ICMPv6 Parameter Problem code 0
        pointing at @field_offset must come back to its source."""
        t0 = TN.mark()
        TN.send_bytes_from_beyond_r0(data)
        src = tnmod.norm(IPv6(data).src)
        pp = TN.expect(lambda p: is_param_problem(src)(p) and p[ICMPv6ParamProblem].code == 0,
                       t0, ANSWER)
        if pp is None:
            other = TN.none_for(is_param_problem(src), t0, 0)
            detail = (f" (only one with code {other[ICMPv6ParamProblem].code}, pointer "
                      f"{other[ICMPv6ParamProblem].ptr})" if other is not None else "")
            self.fail(f"{what}: no ICMPv6 Parameter Problem code 0 to {src}{detail}{self.log()}")
        self.assertEqual(pp[ICMPv6ParamProblem].ptr, field_offset,
                         f"{what}: the Pointer does not point at the offending field")
        self.assertIsNone(TN.none_for(is_mh(src), t0, 0.5), f"{what}: answered with an MH")

    def piggyback_bu(self, seq):
        """A BU whose Payload Proto is 58 with an Echo Request after it."""
        pkt = bu(COA_X, HOA, seq)
        pkt[MIP6MH_BU].nh = 58
        pkt = pkt / ICMPv6EchoRequest(id=0x5555, seq=1)
        data = raw(pkt)
        return data, tnmod.mh_offset(data)[0]

    def short_header_len_bu(self, seq):
        """A BU with Header Len 0 (8 octets), less than a BU's minimum."""
        mh = bytes([59, 0, 5, 0, 0, 0]) + struct.pack("!H", seq)
        mh = mh_raw_with_checksum(mh, HOA, HA)
        data = raw(IPv6(src=COA_X, dst=HA) / IPv6ExtHdrDestOpt(nh=135, options=[HAO(hoa=HOA)]) /
                   Raw(mh))
        return data, tnmod.mh_offset(data)[0]

    def bad_checksum_bu(self, seq):
        data = bytearray(raw(bu(COA_X, HOA, seq)))
        off = tnmod.mh_offset(bytes(data))[0]
        data[off + 4] ^= 0x5a
        data[off + 5] ^= 0xa5
        return bytes(data)

    def unknown_mh_type(self, seq, mh_type=0xff):
        pkt = bu(COA_X, HOA, seq)
        pkt[MIP6MH_BU].mhtype = mh_type
        return pkt

    # ============================================== 0. Initialization

    def test_HA_0_0_0_initialization(self):
        """HA_0_0_0: the NUT is up on the home link and reachable through
        R0: an Echo Request from MN0X's care-of address is answered."""
        t0 = TN.mark()
        self.send(IPv6(src=COA_X, dst=HA) / ICMPv6EchoRequest(id=0x4d36, seq=1))
        r = TN.expect(is_echo_reply(COA_X), t0, ANSWER)
        self.assertIsNotNone(r, f"no Echo Reply from the NUT{self.log()}")
        self.assertEqual(r[Ether].dst.lower(), bed.R0_MAC, "not sent through R0")

    # ============================== 1. Processing Mobility Headers

    def test_HA_1_1_3_invalid_checksum(self):
        """HA_1_1_3: a BU with a wrong MH checksum gets no response at all
        (silently discarded), and no binding is made: an Echo Request w/ HaO
        is answered with a Binding Error."""
        t0 = TN.mark()
        TN.send_bytes_from_beyond_r0(self.bad_checksum_bu(1))
        self.assert_silence(t0, what="a BU with a bad checksum")
        self.assert_no_bce()

    def test_HA_1_1_1_unrecognized_mh_type(self):
        """HA_1_1_1: an MH of unknown type (255) is answered with a Binding
        Error, status 2 (unrecognized MH Type value), to its source."""
        t0 = TN.mark()
        self.send(self.unknown_mh_type(1))
        be = TN.expect(is_be(COA_X), t0, ANSWER)
        self.assertIsNotNone(be, f"no Binding Error for MH type 255{self.log()}")
        self.assertTrue(mh_checksum_ok(be), "bad MH checksum in the BE")
        self.assertEqual(be[MIP6MH_BE].status, 2)
        self.assertEqual(norm(be[MIP6MH_BE].ha), norm(HOA), "BE Home Address: the HaO's")

    def test_HA_1_1_5_unrecognized_mh_type_with_bce(self):
        """HA_1_1_5: as HA_1_1_1 with a binding in place: Binding Error
        status 2, and the binding stays (Echo Reply w/ RH)."""
        self.register(seq=1)
        t0 = TN.mark()
        self.send(self.unknown_mh_type(2))
        be = TN.expect(is_be(COA_X), t0, ANSWER)
        self.assertIsNotNone(be, f"no Binding Error for MH type 255{self.log()}")
        self.assertTrue(mh_checksum_ok(be), "bad MH checksum in the BE")
        self.assertEqual(be[MIP6MH_BE].status, 2)
        self.assert_bce()

    def test_HA_1_1_2_piggybacking(self):
        """HA_1_1_2: a BU whose Payload Proto is not IPPROTO_NONE (an Echo
        Request piggybacked) is answered with ICMPv6 Parameter Problem (code
        0, pointer at Payload Proto, RFC 6275 §9.2), and makes no binding:
        an Echo Request w/ HaO gets a Binding Error."""
        data, off = self.piggyback_bu(1)
        self.param_problem(data, off, "piggybacked BU")
        self.assert_no_bce()

    def test_HA_1_1_6_piggybacking_with_bce(self):
        """HA_1_1_6: as HA_1_1_2 with a binding in place: Parameter Problem,
        and the binding stays (Echo Reply w/ RH)."""
        self.register(seq=1)
        data, off = self.piggyback_bu(2)
        self.param_problem(data, off, "piggybacked BU")
        self.assert_bce()

    def test_HA_1_1_4_invalid_header_length(self):
        """HA_1_1_4: a BU whose Header Len is less than a BU's length is
        answered with ICMPv6 Parameter Problem (code 0, pointer at Header
        Len, RFC 6275 §9.2), and makes no binding (Binding Error)."""
        data, off = self.short_header_len_bu(1)
        self.param_problem(data, off + 1, "BU with Header Len 0")
        self.assert_no_bce()

    def test_HA_1_1_7_invalid_header_length_with_bce(self):
        """HA_1_1_7: as HA_1_1_4 with a binding in place: Parameter
        Problem, and the binding stays (Echo Reply w/ RH)."""
        self.register(seq=1)
        data, off = self.short_header_len_bu(2)
        self.param_problem(data, off + 1, "BU with Header Len 0")
        self.assert_bce()

    @unittest.skip(VIRTUAL)
    def test_HA_1_1_8_invalid_checksum_virtual(self):
        """HA_1_1_8: HA_1_1_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_1_1_9_piggybacking_virtual(self):
        """HA_1_1_9: HA_1_1_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_1_1_10_invalid_header_length_virtual(self):
        """HA_1_1_10: HA_1_1_4 on a virtual home link."""

    # ======================== 2.1 Valid primary registration

    def test_HA_2_1_1_valid_bu_a1(self):
        """HA_2_1_1: a valid BU with A=1 gets a BA (status 0, same SN, type
        2 routing header), and the binding is used: Echo Request w/ HaO is
        answered with an Echo Reply w/ RH."""
        m = self.register(seq=1, A=1)
        self.assertGreater(m.mhtime, 0)
        self.assertLessEqual(m.mhtime, 0x10, "BA lifetime above the BU's (§10.3.1)")
        self.assert_bce()

    def test_HA_2_1_2_valid_bu_a0(self):
        """HA_2_1_2: a valid BU with A=0 is still acknowledged (a home
        registration always is, §10.3.1) and the binding is used."""
        self.register(seq=1, A=0)
        self.assert_bce()

    def test_HA_2_1_14_nonzero_reserved(self):
        """HA_2_1_14: a BU with a non-zero Reserved field is valid (reserved
        bits are ignored on receipt): BA status 0, and the binding is used."""
        self.register(seq=1, res=0x001)
        self.assert_bce()

    def test_HA_2_1_3_decrease_lifetime(self):
        """HA_2_1_3: after a registration granted lifetime X, a BU asking for
        X/2 gets a BA with lifetime Y <= X/2 and the binding is used; a BU
        asking for Y/2 gets a BA whose lifetime and Binding Refresh Advice
        (if any) do not exceed it (refresh < lifetime, §10.3.1)."""
        x = self.register(seq=1).mhtime
        self.assertGreater(x, 1)
        ba = self.bu_ba(seq=2, lifetime_units=x // 2)
        y = self.assert_ba(ba, 0, 2).mhtime
        self.assertGreater(y, 0)
        self.assertLessEqual(y, x // 2, "BA lifetime above what the BU asked")
        self.assert_bce()
        ba = self.bu_ba(seq=3, lifetime_units=max(1, y // 2))
        m = self.assert_ba(ba, 0, 3)
        self.assertLessEqual(m.mhtime, max(1, y // 2))
        if MIP6OptBRAdvice in ba:
            self.assertLess(ba[MIP6OptBRAdvice].rinter, m.mhtime,
                            "Refresh Interval not below the granted lifetime")
        self.assert_bce()

    def test_HA_2_1_4_lifetime_expired(self):
        """HA_2_1_4: while the granted lifetime runs the binding is used
        (Echo Reply w/ RH); once it has expired an Echo Request w/ HaO gets
        a Binding Error. (The spec asks 32 s; 8 s here, the judgement is
        the same.)"""
        m = self.register(seq=1, lifetime_units=2)
        self.assert_bce()
        granted = m.mhtime * 4
        time.sleep(granted + 2)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.assert_no_bce(what="after the lifetime", hard=True)
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def test_HA_2_1_9_binding_lifetime_vs_prefix_lifetime(self):
        """HA_2_1_9: the lifetime granted must not exceed the remaining valid
        lifetime of the home prefix (§10.3.1). R0 advertises the home prefix
        with valid lifetime 20 s (preferred 10 s); a BU asking for 64 s must
        get a BA (status 0) with a lifetime of at most 20 s."""
        TN.router_advertisement(bed.HOME_PREFIX, bed.HOME_PLEN, valid=20, preferred=10)
        time.sleep(0.5)
        m = self.register(seq=1, lifetime_units=0x10)
        self.assertLessEqual(m.mhtime * 4, 20,
                             f"BA lifetime {m.mhtime * 4} s exceeds the prefix's valid lifetime 20 s")

    def test_HA_2_1_10_valid_bu_k0(self):
        """HA_2_1_10: a valid BU with K=0 gets BA status 0 with K=0, and
        the binding is used."""
        m = self.register(seq=1, K=0)
        self.assertNotIn("K", str(m.flags), "K set in the BA of a K=0 BU")
        self.assert_bce()

    def test_HA_2_1_11_valid_bu_k1(self):
        """HA_2_1_11: a valid BU with K=1 is accepted (BA status 0) and the
        binding is used. This HA has manual keying only, no IKE that could
        follow the care-of address, so the BA's K must be 0 (§10.3.1)."""
        m = self.register(seq=1, K=1)
        self.assertNotIn("K", str(m.flags), "K set although no IKE SA can follow the CoA")
        self.assert_bce()

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_5_valid_bu_a1_virtual(self):
        """HA_2_1_5: HA_2_1_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_6_valid_bu_a0_virtual(self):
        """HA_2_1_6: HA_2_1_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_15_nonzero_reserved_virtual(self):
        """HA_2_1_15: HA_2_1_14 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_7_decrease_lifetime_virtual(self):
        """HA_2_1_7: HA_2_1_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_8_lifetime_expired_virtual(self):
        """HA_2_1_8: HA_2_1_4 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_12_valid_bu_k0_virtual(self):
        """HA_2_1_12: HA_2_1_10 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_1_13_valid_bu_k1_virtual(self):
        """HA_2_1_13: HA_2_1_11 on a virtual home link."""

    # ====================== 2.2 Invalid primary registration

    @unittest.skip(IPSEC)
    def test_HA_2_2_3_unauthorized(self):
        """HA_2_2_3: a BU not protected by the MN's security association."""

    @unittest.skip(IPSEC)
    def test_HA_2_2_6_unauthorized_virtual(self):
        """HA_2_2_6: HA_2_2_3 on a virtual home link (IPsec, virtual link)."""

    def test_HA_2_2_7_nonce_indices_option(self):
        """HA_2_2_7: a home registration carrying a Nonce Indices option is
        silently discarded (no response), and no binding is made (Binding
        Error for an Echo Request w/ HaO)."""
        t0 = TN.mark()
        self.send(bu(COA_X, HOA, 1, options=[MIP6OptNonceIndices(hni=1, coni=2)]))
        self.assert_silence(t0, what="a home registration with Nonce Indices")
        self.assert_no_bce()

    def test_HA_2_2_13_hao_multicast(self):
        """HA_2_2_13: a BU whose HaO holds a multicast address is dropped
        (not unicast routable, §9.3.1): no response, no binding."""
        t0 = TN.mark()
        self.send(bu(COA_X, "ff0e::1", 1))
        self.assert_silence(t0, what="a BU with a multicast home address")
        self.assert_no_bce()

    def test_HA_2_2_9_hao_link_local_l0(self):
        """HA_2_2_9: a BU (L=0) whose HaO holds a link-local address is
        dropped (§9.3.1): no response, and no binding (Binding Error)."""
        t0 = TN.mark()
        self.send(bu(COA_X, MN_LL, 1, L=0))
        self.assert_silence(t0, what="a BU with a link-local home address")
        self.assert_no_bce()

    def test_HA_2_2_10_hao_link_local_l1(self):
        """HA_2_2_10: as HA_2_2_9 with L=1: no response, no binding."""
        t0 = TN.mark()
        self.send(bu(COA_X, MN_LL, 1, L=1))
        self.assert_silence(t0, what="a BU (L=1) with a link-local home address")
        self.assert_no_bce()

    def test_HA_2_2_1_not_home_subnet_a1(self):
        """HA_2_2_1: a BU (A=1) for a home address outside the home subnet
        gets BA status 132, and no binding (Binding Error)."""
        ba = self.bu_ba(hoa=bed.FOREIGN_HOA, seq=1, A=1)
        self.assert_ba(ba, 132, 1, hoa=bed.FOREIGN_HOA)
        self.assert_no_bce(hoa=bed.FOREIGN_HOA)

    def test_HA_2_2_2_not_home_subnet_a0(self):
        """HA_2_2_2: as HA_2_2_1 with A=0: BA status 132, no binding."""
        ba = self.bu_ba(hoa=bed.FOREIGN_HOA, seq=1, A=0)
        self.assert_ba(ba, 132, 1, hoa=bed.FOREIGN_HOA)
        self.assert_no_bce(hoa=bed.FOREIGN_HOA)

    @unittest.skip(VIRTUAL)
    def test_HA_2_2_4_not_home_subnet_a1_virtual(self):
        """HA_2_2_4: HA_2_2_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_2_5_not_home_subnet_a0_virtual(self):
        """HA_2_2_5: HA_2_2_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_2_8_nonce_indices_virtual(self):
        """HA_2_2_8: HA_2_2_7 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_2_11_hao_link_local_virtual(self):
        """HA_2_2_11: HA_2_2_9 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_2_14_hao_multicast_virtual(self):
        """HA_2_2_14: HA_2_2_13 on a virtual home link."""

    # ==================================== 2.3 Proxy DAD succeeded

    def test_HA_2_3_1_dad_succeeded_l0(self):
        """HA_2_3_1: BU with L=0: the HA probes the home address with a DAD
        NS (source ::, to its solicited-node address) (*1), then sends BA
        status 0 (*2); Echo Reply w/ RH (*3)."""
        t0 = TN.mark()
        self.send(bu(COA_X, HOA, 1, L=0))
        ns = TN.expect(is_dad_ns(HOA), t0, ANSWER)
        self.assertIsNotNone(ns, f"(*1) no DAD NS for the home address{self.log()}")
        ba = TN.expect(is_ba(COA_X), t0, ANSWER)
        self.assert_ba(ba, 0, 1)
        self.assertGreater(ba.time, ns.time, "the BA came before the DAD probe")
        self.assert_bce()

    def test_HA_2_3_2_dad_succeeded_l1(self):
        """HA_2_3_2: BU with L=1: DAD NS for the home address and for the
        link-local address of the same interface identifier, then BA status
        0; the binding is used."""
        t0 = TN.mark()
        self.send(bu(COA_X, HOA, 1, L=1))
        ns = TN.expect(is_dad_ns(HOA), t0, ANSWER)
        self.assertIsNotNone(ns, f"no DAD NS for the home address{self.log()}")
        ns_ll = TN.expect(is_dad_ns(MN_LL), t0, ANSWER)
        if ns_ll is None:
            self.missed.append("no DAD NS for the link-local address (L=1)")
        ba = TN.expect(is_ba(COA_X), t0, ANSWER)
        self.assert_ba(ba, 0, 1)
        self.assertGreater(ba.time, max(ns.time, ns_ll.time if ns_ll else 0),
                           "the BA came before DAD")
        self.assert_bce()

    # ======================================= 2.4 Proxy DAD failed

    def dad_failure(self, l_flag, duplicate):
        TN.dad_owner[norm(duplicate)] = bed.CN0_MAC
        t0 = TN.mark()
        self.send(bu(COA_X, HOA, 1, L=l_flag))
        if TN.expect(is_dad_ns(duplicate), t0, ANSWER) is None:
            self.missed.append(f"no DAD NS for {duplicate}")
        ba = TN.expect(is_ba(COA_X), t0, ANSWER + 2)
        self.assert_ba(ba, 134, 1)
        self.assert_no_bce()

    def test_HA_2_4_1_dad_failed_l0(self):
        """HA_2_4_1: BU with L=0 while another node defends the home address
        against the DAD probe: BA status 134, and no binding."""
        self.dad_failure(0, HOA)

    def test_HA_2_4_2_dad_failed_l1_home_address(self):
        """HA_2_4_2: BU with L=1, the home address is duplicate: BA 134
        (§10.3.1: DAD failed for the home address), no binding."""
        self.dad_failure(1, HOA)

    def test_HA_2_4_3_dad_failed_l1_link_local(self):
        """HA_2_4_3: BU with L=1, only the link-local address is duplicate:
        BA 134 (§10.3.1: DAD failed for an associated link-local address),
        no binding."""
        self.dad_failure(1, MN_LL)

    # ================================== 2.5-2.8 Sequence numbers

    def sequence_case(self, first, second, valid, a_flag=1):
        """MN0X registers with SN @first (A=1); MN0Y (another care-of
        address) then sends SN @second with A=@a_flag. The comparison is
        modulo 2^16; a number within the last accepted one and the 32768
        before it, inclusive, is not greater (RFC 6275 §9.5.1)."""
        self.register(coa=COA_X, seq=first)
        self.assert_bce(coa=COA_X)
        ba = self.bu_ba(coa=COA_Y, seq=second, A=a_flag)
        if valid:
            self.assert_ba(ba, 0, second, coa=COA_Y, what=f"BA for SN {second} after {first}")
            self.assert_bce(coa=COA_Y)
        else:
            # §9.5.1: 135, with the last accepted sequence number.
            self.assert_ba(ba, 135, first, coa=COA_Y, what=f"BA for SN {second} after {first}")
            self.assert_no_bce(coa=COA_Y)

    # 2.5 valid SN: BA with the new SN (*3), Echo Reply w/ RH at the new CoA (*4)
    def test_HA_2_5_1_valid_sn_15_16_a1(self):
        """HA_2_5_1: SN 15, then 16 (A=1) from another CoA: accepted."""
        self.sequence_case(15, 16, True)

    def test_HA_2_5_2_valid_sn_15_32782_a1(self):
        """HA_2_5_2: SN 15, then 32782 (A=1), 32767 ahead: accepted."""
        self.sequence_case(15, 32782, True)

    def test_HA_2_5_3_valid_sn_15_16_a0(self):
        """HA_2_5_3: SN 15, then 16 with A=0: accepted, BA all the same."""
        self.sequence_case(15, 16, True, a_flag=0)

    def test_HA_2_5_4_valid_sn_15_32782_a0(self):
        """HA_2_5_4: SN 15, then 32782 with A=0: accepted."""
        self.sequence_case(15, 32782, True, a_flag=0)

    # 2.6 invalid SN: BA 135 with the last accepted SN (*1), BE at the new CoA (*2)
    def test_HA_2_6_1_invalid_sn_15_14_a1(self):
        """HA_2_6_1: SN 15, then 14 (A=1): BA 135 carrying SN 15; the new
        care-of address gets a Binding Error."""
        self.sequence_case(15, 14, False)

    def test_HA_2_6_2_invalid_sn_15_15_a1(self):
        """HA_2_6_2: SN 15 twice (A=1): BA 135 with SN 15, BE."""
        self.sequence_case(15, 15, False)

    def test_HA_2_6_3_invalid_sn_15_32783_a1(self):
        """HA_2_6_3: SN 15, then 32783 (A=1), exactly 2^15 ahead, which is
        within the 32768 numbers before 15: BA 135 with SN 15, BE."""
        self.sequence_case(15, 32783, False)

    def test_HA_2_6_4_invalid_sn_15_14_a0(self):
        """HA_2_6_4: as HA_2_6_1 with A=0: BA 135 with SN 15, BE."""
        self.sequence_case(15, 14, False, a_flag=0)

    def test_HA_2_6_5_invalid_sn_15_15_a0(self):
        """HA_2_6_5: as HA_2_6_2 with A=0: BA 135 with SN 15, BE."""
        self.sequence_case(15, 15, False, a_flag=0)

    def test_HA_2_6_6_invalid_sn_15_32783_a0(self):
        """HA_2_6_6: SN 15, then 32783 with A=0: BA 135 with SN 15, BE."""
        self.sequence_case(15, 32783, False, a_flag=0)

    # 2.7 valid SN across the wrap of the counter
    def test_HA_2_7_1_valid_sn_32783_32784_a1(self):
        """HA_2_7_1: SN 32783, then 32784 (A=1): accepted."""
        self.sequence_case(32783, 32784, True)

    def test_HA_2_7_2_valid_sn_32783_14_a1(self):
        """HA_2_7_2: SN 32783, then 14 (A=1), 32767 ahead across the
        wrap: accepted."""
        self.sequence_case(32783, 14, True)

    def test_HA_2_7_3_valid_sn_32783_32784_a0(self):
        """HA_2_7_3: as HA_2_7_1 with A=0: accepted."""
        self.sequence_case(32783, 32784, True, a_flag=0)

    def test_HA_2_7_4_valid_sn_32783_14_a0(self):
        """HA_2_7_4: SN 32783, then 14 with A=0: accepted."""
        self.sequence_case(32783, 14, True, a_flag=0)

    # 2.8 invalid SN across the wrap of the counter
    def test_HA_2_8_1_invalid_sn_32783_32782_a1(self):
        """HA_2_8_1: SN 32783, then 32782 (A=1): BA 135 with SN 32783, and
        a Binding Error for an Echo Request w/ HaO from the new CoA."""
        self.sequence_case(32783, 32782, False)

    def test_HA_2_8_2_invalid_sn_32783_32783_a1(self):
        """HA_2_8_2: SN 32783 twice (A=1): BA 135 with SN 32783, BE."""
        self.sequence_case(32783, 32783, False)

    def test_HA_2_8_3_invalid_sn_32783_15_a1(self):
        """HA_2_8_3: SN 32783, then 15 (A=1), exactly 2^15 ahead across the
        wrap, within the 32768 numbers before 32783: BA 135, BE."""
        self.sequence_case(32783, 15, False)

    def test_HA_2_8_4_invalid_sn_32783_32782_a0(self):
        """HA_2_8_4: as HA_2_8_1 with A=0: BA 135 with SN 32783, BE."""
        self.sequence_case(32783, 32782, False, a_flag=0)

    def test_HA_2_8_5_invalid_sn_32783_32783_a0(self):
        """HA_2_8_5: as HA_2_8_2 with A=0: BA 135 with SN 32783, BE."""
        self.sequence_case(32783, 32783, False, a_flag=0)

    def test_HA_2_8_6_invalid_sn_32783_15_a0(self):
        """HA_2_8_6: as HA_2_8_3 with A=0: BA 135 with SN 32783, BE."""
        self.sequence_case(32783, 15, False, a_flag=0)

    @unittest.skip(VIRTUAL)
    def test_HA_2_5_5_valid_sn_virtual(self):
        """HA_2_5_5: HA_2_5_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_5_6_valid_sn_virtual(self):
        """HA_2_5_6: HA_2_5_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_5_7_valid_sn_virtual(self):
        """HA_2_5_7: HA_2_5_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_5_8_valid_sn_virtual(self):
        """HA_2_5_8: HA_2_5_4 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_7_invalid_sn_virtual(self):
        """HA_2_6_7: HA_2_6_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_8_invalid_sn_virtual(self):
        """HA_2_6_8: HA_2_6_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_9_invalid_sn_virtual(self):
        """HA_2_6_9: HA_2_6_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_10_invalid_sn_virtual(self):
        """HA_2_6_10: HA_2_6_4 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_11_invalid_sn_virtual(self):
        """HA_2_6_11: HA_2_6_5 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_6_12_invalid_sn_virtual(self):
        """HA_2_6_12: HA_2_6_6 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_7_5_valid_sn_wrap_virtual(self):
        """HA_2_7_5: HA_2_7_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_7_6_valid_sn_wrap_virtual(self):
        """HA_2_7_6: HA_2_7_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_7_7_valid_sn_wrap_virtual(self):
        """HA_2_7_7: HA_2_7_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_7_8_valid_sn_wrap_virtual(self):
        """HA_2_7_8: HA_2_7_4 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_7_invalid_sn_wrap_virtual(self):
        """HA_2_8_7: HA_2_8_1 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_8_invalid_sn_wrap_virtual(self):
        """HA_2_8_8: HA_2_8_2 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_9_invalid_sn_wrap_virtual(self):
        """HA_2_8_9: HA_2_8_3 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_10_invalid_sn_wrap_virtual(self):
        """HA_2_8_10: HA_2_8_4 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_11_invalid_sn_wrap_virtual(self):
        """HA_2_8_11: HA_2_8_5 on a virtual home link."""

    @unittest.skip(VIRTUAL)
    def test_HA_2_8_12_invalid_sn_wrap_virtual(self):
        """HA_2_8_12: HA_2_8_6 on a virtual home link."""

    # ========================================= 3. De-registration

    def from_home(self, pkt):
        """@pkt sent by MN0 on the home link (it has returned home)."""
        TN.nd_owner[norm(HOA)] = bed.MN0_MAC
        TN.send_on_link(bed.MN0_MAC, pkt)

    def home_bu(self, seq, lifetime_units, with_hao=False):
        m = MIP6MH_BU(seq=seq, mhtime=lifetime_units, flags="AH")
        if with_hao:
            return IPv6(src=HOA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / m
        return IPv6(src=HOA, dst=HA) / m

    def test_HA_3_1_1_deregistration_lifetime0(self):
        """HA_3_1_1: with a binding, BU (lifetime 0, CoA != HoA) gets BA
        status 0 with its SN; the binding is gone (Binding Error)."""
        self.register(seq=1)
        ba = self.bu_ba(seq=2, lifetime_units=0)
        self.assert_ba(ba, 0, 2, what="BA of the de-registration")
        self.assert_no_bce()

    def test_HA_3_1_2_deregistration_coa_is_hoa(self):
        """HA_3_1_2: with a binding, MN0 back home sends BU (lifetime 0,
        source = care-of address = home address): BA status 0 to the home
        address; the binding is gone."""
        self.register(seq=1)
        t0 = TN.mark()
        self.from_home(self.home_bu(2, 0))
        ba = TN.expect(is_ba(HOA), t0, ANSWER)
        self.assert_ba(ba, 0, 2, coa=HOA, what="BA of the de-registration from home")
        self.assert_no_bce()

    def test_HA_3_1_3_deregistration_lifetime_nonzero_coa_is_hoa(self):
        """HA_3_1_3: with a binding, BU from home with lifetime != 0 and CoA
        = HoA is a de-registration too (§10.3.2): BA status 0; no binding."""
        self.register(seq=1)
        t0 = TN.mark()
        self.from_home(self.home_bu(2, 0x10))
        ba = TN.expect(is_ba(HOA), t0, ANSWER)
        self.assert_ba(ba, 0, 2, coa=HOA, what="BA of the de-registration from home")
        self.assert_no_bce()

    def test_HA_3_2_1_not_home_agent_lifetime0(self):
        """HA_3_2_1: without a binding, BU (lifetime 0, CoA != HoA) gets BA
        status 133 (not home agent for this MN) with SN 1; no binding."""
        ba = self.bu_ba(seq=1, lifetime_units=0)
        self.assert_ba(ba, 133, 1)
        self.assert_no_bce()

    def test_HA_3_2_2_not_home_agent_coa_is_hoa(self):
        """HA_3_2_2: without a binding, BU from home (lifetime 0, CoA = HoA)
        gets BA status 133."""
        t0 = TN.mark()
        self.from_home(self.home_bu(1, 0))
        ba = TN.expect(is_ba(HOA), t0, ANSWER)
        self.assert_ba(ba, 133, 1, coa=HOA)

    def test_HA_3_2_3_not_home_agent_lifetime_nonzero_with_hao(self):
        """HA_3_2_3: without a binding, BU from home w/ HaO, lifetime != 0,
        CoA = HoA: BA status 133, and then a Binding Error for an Echo
        Request w/ HaO."""
        t0 = TN.mark()
        self.from_home(self.home_bu(1, 0x10, with_hao=True))
        ba = TN.expect(is_ba(HOA), t0, ANSWER)
        self.assert_ba(ba, 133, 1, coa=HOA)
        self.assert_no_bce()

    # ================================== 4.1 Sending multicast NA

    def multicast_na(self, l_flag):
        t0 = TN.mark()
        self.send(bu(COA_X, HOA, 1, L=l_flag))
        ba = TN.expect(is_ba(COA_X), t0, ANSWER)
        self.assert_ba(ba, 0, 1)
        targets = [HOA] + ([MN_LL] if l_flag else [])
        for target in targets:
            self.soft(self.check_multicast_na, target, t0)

    def check_multicast_na(self, target, t0):
        na = TN.expect(is_na(target, "ff02::1"), t0, ANSWER)
        self.assertIsNotNone(na, f"no multicast NA for {target} on the home link")
        n = na[ICMPv6ND_NA]
        self.assertEqual(na[IPv6].hlim, 255, f"NA for {target}: hop limit")
        self.assertEqual(tlla(na), bed.NUT_MAC, f"NA for {target}: TLLA not the HA's MAC")
        self.assertEqual((n.R, n.S, n.O), (0, 0, 1), f"NA for {target}: R, S, O flags")

    def test_HA_4_1_1_multicast_na_l0(self):
        """HA_4_1_1: on accepting a BU (L=0) the HA multicasts to all-nodes
        an NA for the home address with its own link-layer address, R=0,
        S=0, O=1 (§10.4.1)."""
        self.multicast_na(0)

    def test_HA_4_1_2_multicast_na_l1(self):
        """HA_4_1_2: as HA_4_1_1 with L=1: NAs for the home address and for
        the link-local address."""
        self.multicast_na(1)

    # =============================================== 4.2 Proxy ND

    def proxy_nd(self, l_flag, target, multicast):
        self.register(seq=1, L=l_flag)
        time.sleep(0.3)
        src = bed.CN0_LL if target.startswith("fe80") else bed.CN0
        t0 = TN.mark()
        if multicast:
            TN.send_raw(ns_multicast(target, src, bed.CN0_MAC))
        else:
            TN.send_raw(ns_unicast(target, src, bed.CN0_MAC))
        na = TN.expect(is_na(target, src), t0, ANSWER)
        kind = "multicast" if multicast else "unicast"
        self.assertIsNotNone(na, f"no NA for a {kind} NS for {target}{self.log()}")
        # RFC 4861 §7.2.4: the TLLA option is required in an answer to a
        # multicast NS, optional for a unicast one (the frame is the HA's).
        if multicast or tlla(na) is not None:
            self.assertEqual(tlla(na), bed.NUT_MAC, "the proxy NA must carry the HA's MAC")
        self.assertEqual(na[ICMPv6ND_NA].S, 1, "solicited NA without S")
        self.assertEqual(na[ICMPv6ND_NA].O, 0, "a proxy NA must have O=0 (RFC 4861 §7.2.8)")

    def test_HA_4_2_1_proxy_nd_l0_multicast_ns(self):
        """HA_4_2_1: with a binding (L=0), a multicast NS for the home
        address from CN0 is answered by the HA (proxy NA, O=0)."""
        self.proxy_nd(0, HOA, True)

    def test_HA_4_2_2_proxy_nd_l0_unicast_ns(self):
        """HA_4_2_2: as HA_4_2_1 with a unicast NS (to the home address,
        the HA's MAC): answered."""
        self.proxy_nd(0, HOA, False)

    def test_HA_4_2_3_proxy_nd_l1_multicast_ns_link_local(self):
        """HA_4_2_3: with a binding (L=1), a multicast NS for the MN's
        link-local address is answered by the HA."""
        self.proxy_nd(1, MN_LL, True)

    def test_HA_4_2_4_proxy_nd_l1_unicast_ns_link_local(self):
        """HA_4_2_4: as HA_4_2_3 with a unicast NS: answered."""
        self.proxy_nd(1, MN_LL, False)

    def test_HA_4_4_1_stop_proxy_nd(self):
        """HA_4_4_1: after de-registration (BA, then Binding Error for an
        Echo Request w/ HaO) a multicast NS for the home address gets no
        response (§10.3.2: the HA stops intercepting)."""
        self.register(seq=1)
        ba = self.bu_ba(seq=2, lifetime_units=0)
        self.assert_ba(ba, 0, 2)
        self.assert_no_bce()
        t0 = TN.mark()
        TN.send_raw(ns_multicast(HOA, bed.CN0, bed.CN0_MAC))
        p = TN.none_for(is_na(HOA), t0, SILENCE)
        self.assertIsNone(p, "the HA still answers NS for the de-registered home address")

    # ======================================== 4.3 Reverse tunnelling

    def tunnelled_echo(self, inner_src):
        inner = IPv6(src=inner_src, dst=bed.CN_REMOTE, hlim=64) / \
            ICMPv6EchoRequest(id=0x7777, seq=1)
        t0 = TN.mark()
        self.send(IPv6(src=COA_X, dst=HA, nh=41) / inner)
        return t0

    @staticmethod
    def forwarded(inner_src):
        def pred(p):
            return (IPv6 in p and norm(p[IPv6].src) == norm(inner_src) and
                    norm(p[IPv6].dst) == norm(bed.CN_REMOTE) and ICMPv6EchoRequest in p and
                    p[ICMPv6EchoRequest].id == 0x7777)
        return pred

    def test_HA_4_3_1_reverse_tunnel(self):
        """HA_4_3_1: with a binding, a packet from the home address
        tunnelled by MN0X to the HA is decapsulated and forwarded to its
        destination through R0 (§10.4.5)."""
        self.register(seq=1)
        t0 = self.tunnelled_echo(HOA)
        p = TN.expect(self.forwarded(HOA), t0, ANSWER)
        self.assertIsNotNone(p, f"the reverse-tunnelled packet was not forwarded{self.log()}")
        self.assertEqual(p[Ether].dst.lower(), bed.R0_MAC, "not forwarded to R0")
        self.assertEqual(p[IPv6].hlim, 63, "inner hop limit not decremented once")

    def test_HA_4_3_2_reverse_tunnel_wrong_inner_source(self):
        """HA_4_3_2: a tunnelled packet whose inner source is not the home
        address bound to that care-of address is dropped (§10.4.5)."""
        self.register(seq=1)
        other = "3ffe:501:ffff:100::bad"
        t0 = self.tunnelled_echo(other)
        p = TN.none_for(self.forwarded(other), t0, SILENCE)
        self.assertIsNone(p, "a tunnelled packet with a foreign inner source was forwarded")

    def test_HA_4_3_3_tunnel_to_mobile_node(self):
        """HA_4_3_3 (derived from §10.4.1-§10.4.2, as the older suite's
        "Echo Request (encapsulated)" judgements): with a binding, a packet
        for the home address arriving through R0 is tunnelled by the HA to
        the care-of address (outer HA -> CoA, inner packet unchanged)."""
        self.register(seq=1)
        t0 = TN.mark()
        self.send(IPv6(src=bed.CN_REMOTE, dst=HOA, hlim=64) / ICMPv6EchoRequest(id=0x6666, seq=1))

        def tunnelled(p):
            return (IPv6 in p and p[IPv6].nh == 41 and norm(p[IPv6].src) == norm(HA) and
                    norm(p[IPv6].dst) == norm(COA_X) and
                    norm(p[IPv6].payload.dst) == norm(HOA) and ICMPv6EchoRequest in p and
                    p[ICMPv6EchoRequest].id == 0x6666)
        p = TN.expect(tunnelled, t0, ANSWER)
        self.assertIsNotNone(p, f"no Echo Request tunnelled to the care-of address{self.log()}")
        self.assertEqual(norm(p[IPv6].payload.src), norm(bed.CN_REMOTE), "inner source changed")

    # ============================================= 5. DHAAD

    def test_HA_5_1_1_dhaad(self):
        """HA_5_1_1: a Home Agent Address Discovery Request from MN0X to the
        home-agents anycast address of the home prefix is answered with a
        Reply to MN0X, same Identifier, listing this HA (§10.5)."""
        t0 = TN.mark()
        self.send(haad_request(COA_X, 0x1234))
        r = TN.expect(is_haad_reply(COA_X, 0x1234), t0, ANSWER)
        self.assertIsNotNone(r, f"no Home Agent Address Discovery Reply{self.log()}")
        addrs = [norm(a) for a in r[ICMPv6HAADReply].addresses]
        self.assertIn(norm(HA), addrs, "the Reply does not list this home agent")


    def test_HA_5_1_2_dhaad_two_home_agents(self):
        """HA_5_1_2 (derived from the older suite's DHAAD_HA1_HA2_NUT and
        §10.5.1): HA1, another home agent on the home link, advertises
        itself (RA with H=1, Home Agent Information option preference 10,
        its global address in a Prefix Information option with R=1). A
        DHAAD Request is then answered with a Reply listing HA1 before this
        HA (preference 0 by default, §7.4), higher preference first."""
        ha1_mac, ha1_ll, ha1 = "00:00:00:00:b0:b0", "fe80::200:ff:fe00:b0b0", \
            "3ffe:501:ffff:100::b0b0"
        ra = (Ether(src=ha1_mac, dst="33:33:00:00:00:01") /
              IPv6(src=ha1_ll, dst="ff02::1", hlim=255) /
              ICMPv6ND_RA(H=1, routerlifetime=1800) /
              ICMPv6NDOptSrcLLAddr(lladdr=ha1_mac) /
              ICMPv6NDOptHAInfo(pref=10, lifetime=1800) /
              ICMPv6NDOptPrefixInfo(prefix=ha1, prefixlen=bed.HOME_PLEN, L=1, A=1, R=1,
                                    validlifetime=3600, preferredlifetime=1800))
        TN.send_raw(ra)
        time.sleep(0.5)
        t0 = TN.mark()
        self.send(haad_request(COA_X, 0x4321))
        r = TN.expect(is_haad_reply(COA_X, 0x4321), t0, ANSWER)
        self.assertIsNotNone(r, f"no Home Agent Address Discovery Reply{self.log()}")
        addrs = [norm(a) for a in r[ICMPv6HAADReply].addresses]
        self.assertIn(norm(ha1), addrs, "the Reply does not list HA1")
        self.assertIn(norm(HA), addrs, "the Reply does not list this home agent")
        self.assertLess(addrs.index(norm(ha1)), addrs.index(norm(HA)),
                        "the Reply is not ordered by preference")


# ------------------------------------------------------------------ runner

class Result(unittest.TextTestResult):
    def startTest(self, test):
        self.t = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        self.times = getattr(self, "times", {})
        self.times[test.id()] = time.monotonic() - self.t
        super().stopTest(test)


def case_name(test_id):
    return test_id.rsplit(".", 1)[-1].removeprefix("test_")


def main():
    global DAEMON, TN
    loader = unittest.TestLoader()
    args = sys.argv[1:]
    patterns = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "-k"]
    if patterns:  # -k PATTERN, repeatable: the cases whose name contains one
        loader.testNamePatterns = [f"*{p}*" for p in patterns]
    suite = loader.loadTestsFromTestCase(HomeAgent)
    ids = [t.id() for t in suite]
    DAEMON = bed.Daemon()
    TN = tnmod.Tester()
    try:
        runner = unittest.TextTestRunner(verbosity=2, resultclass=Result, stream=sys.stdout)
        result = runner.run(suite)
    finally:
        DAEMON.close()
        TN.close()
    failed = {t.id(): "FAIL" for t, _ in result.failures + result.errors}
    skipped = {t.id(): reason for t, reason in result.skipped}
    print()
    for i in ids:
        took = getattr(result, "times", {}).get(i, 0)
        if i in skipped:
            print(f"SKIP: {case_name(i)} ({skipped[i]})")
        else:
            print(f"{failed.get(i, 'PASS')}: {case_name(i)} ({took:.1f} s)")
    n_skip = len([i for i in ids if i in skipped])
    n_fail = len([i for i in ids if i in failed])
    n_impl = len(ids) - n_skip
    print(f"conformance: {n_impl} cases implemented, {n_impl - n_fail} passed, {n_fail} failed, "
          f"{n_skip} skipped", flush=True)
    return 0 if n_fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
