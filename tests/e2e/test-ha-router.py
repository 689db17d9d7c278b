#!/usr/bin/python3
"""End to end: mip6d as a home agent that is the home router (RFC 6275
§10), on the bed of `mip6-testbed up --ha-router`: HA has an uplink (eth1)
on core with the address the other routers route the home prefix to, and a
scapy mobile node (fake-mn.py) on visitnet signals across core.

- A Binding Update that reaches the home agent on its uplink, not on the
  home link, is answered (§10.3.1), and the acknowledgement leaves the way
  the routing table says: back out of the uplink, not onto the home link.
- A Mobility Header addressed to another node that crosses the HA (a
  Binding Update from the home link to the correspondent node on core, and
  one from core to an address on the home link) is forwarded like any
  packet and not answered: a home agent acts on messages sent to its own
  address only (§9.2, §10.3.1), and none of them reaches its core.
"""
import json
import os

import mip6e2e as e2e
from mip6e2e import CN, HOME_ADDRESS, HOME_AGENT, HOME_PREFIX

LIFETIME = 1000  # seconds asked for in registrations
FAKE_MN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-mn.py")


class HaRouter(e2e.BedTestCase):
    bed_options = ("--ha-router",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ha = cls.node("ha")
        # Long bindings: under the VM tier's emulation one test can take
        # minutes, and a binding that expires midway proves nothing.
        cls.ha.start_mip6d(e2e.HA_CONFIG.replace("binding-lifetime=120", "binding-lifetime=1200"))
        e2e.leave_home(cls)
        cls.seq = 200
        mac = lambda node, dev: cls.bed.run(node, "cat", f"/sys/class/net/{dev}/address").stdout.strip()
        cls.ha_uplink_mac = mac("ha", "eth1")
        cls.ha_home_mac = mac("ha", "eth0")
        cls.ar_core_mac = mac("ar", "eth0")

    def fake(self, node="mn", **kw):
        HaRouter.seq += 1
        args = {"coa": self.coa, "ha": HOME_AGENT, "hoa": HOME_ADDRESS, "seq": HaRouter.seq}
        args.update(kw)
        r = self.bed.run(node, "/usr/bin/python3", FAKE_MN, json.dumps(args), timeout=60)
        return json.loads(r.stdout.strip().splitlines()[-1])

    def captures(self, tag):
        paths = {}
        for link in ("core", "homenet", "visitnet"):
            paths[link] = os.path.join(self.workdir, f"{tag}-{link}.pcap")
            self.bed.capture(link, paths[link])
        return paths

    def mh_rows(self, pcap, flt):
        # ICMPv6 errors quote Mobility Headers: only the messages themselves.
        return e2e.tshark_fields(pcap, f"mipv6 && !icmpv6 && {flt}",
                                 ["mip6.mhtype", "ipv6.src", "ipv6.dst", "eth.src", "eth.dst"])

    def test_1_bu_on_uplink_answered_through_uplink(self):
        caps = self.captures("uplink")
        e2e.wait_for(lambda: True, 0.3, "captures")
        # Whatever fails, the next test starts without a binding.
        self.addCleanup(lambda: self.ha.json("bc") and self.fake(lifetime=0))
        r = self.fake(lifetime=LIFETIME)
        self.assertEqual(r.get("type"), "ba", f"no Binding Acknowledgement: {r}\n{self.ha.read_log()}")
        self.assertEqual(r["status"], 0, r)
        # §6.4, §10.3.1: to the care-of address, with the home address in a
        # type 2 routing header.
        self.assertEqual((r["src"], r["dst"]), (HOME_AGENT, self.coa), r)
        self.assertEqual((r.get("rh_type"), r.get("rh_addresses")), (2, [HOME_ADDRESS]), r)
        self.assertEqual([(e["home_address"], e["care_of_address"]) for e in self.ha.json("bc")],
                         [(HOME_ADDRESS, self.coa)])
        # On core: the BU comes from AR to HA's uplink, the BA goes back out
        # of the uplink to AR (the route to visitnet), from HA's home address.
        # (tshark shows the home address as the BU's source, from its Home
        # Address option, and as the BA's destination, from its routing
        # header; fake-mn.py checked the addresses on the wire.)
        bu = e2e.wait_for(lambda: self.mh_rows(caps["core"], f"mip6.mhtype == 5 && ipv6.dst == {HOME_AGENT}"),
                          5, "the Binding Update on core")
        self.assertEqual(bu[0][3:], [self.ar_core_mac, self.ha_uplink_mac], bu)
        ba = e2e.wait_for(lambda: self.mh_rows(caps["core"], "mip6.mhtype == 6"), 5, "the BA on core")
        self.assertEqual([ba[0][1]] + ba[0][3:], [HOME_AGENT, self.ha_uplink_mac, self.ar_core_mac], ba)
        # and nothing of this registration on the home link.
        self.assertEqual(self.mh_rows(caps["homenet"], "mip6.mhtype"), [])
        # The deregistration takes the same way (§10.3.2).
        r = self.fake(lifetime=0, wait=3)
        self.assertEqual((r.get("type"), r.get("status"), r.get("lifetime")), ("ba", 0, 0), r)
        e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache")

    def test_3_refused_deregistration_from_home_reaches_home_link(self):
        # A mobile node back home whose Binding Update the home agent
        # refuses (here a stale sequence number, status 135, §10.3.1 and
        # §11.5.4) must still get the acknowledgement on the home link:
        # the binding stays, and with it the route of the home address
        # into the tunnel, which must not carry the answer to the old
        # care-of address.
        self.bed.move("visitnet")
        self.bed.run("mn", "ip", "-6", "addr", "del", f"{HOME_ADDRESS}/64", "dev", "eth0", check=False)
        self.bed.run("mn", "ip", "-6", "route", "del", HOME_PREFIX, "dev", "eth0", check=False)
        # The care-of address may be left from an earlier visit: wait for
        # the way to the home agent through AR.
        e2e.wait_for(lambda: self.bed.run("mn", "ping", "-6", "-c1", "-W1", "-I", self.coa, HOME_AGENT,
                                          check=False).returncode == 0, 10, "the MN on visitnet reaching HA")
        self.addCleanup(lambda: self.ha.json("bc") and self.fake(
            node="mn", coa=HOME_ADDRESS, no_hao=True, lifetime=0, wait=3))
        r = self.fake(lifetime=LIFETIME)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 0), r)
        accepted = HaRouter.seq
        self.bed.move("homenet")
        self.bed.run("mn", "ip", "-6", "addr", "replace", f"{HOME_ADDRESS}/64", "dev", "eth0", "nodad")
        caps = self.captures("refused")
        e2e.wait_for(lambda: True, 0.3, "captures")
        r = self.fake(coa=HOME_ADDRESS, no_hao=True, lifetime=0, seq=accepted, wait=3)
        self.assertEqual((r.get("type"), r.get("status"), r.get("seq")), ("ba", 135, accepted),
                         f"{r}\n{self.ha.read_log()}")
        self.assertEqual((r["src"], r["dst"]), (HOME_AGENT, HOME_ADDRESS), r)
        self.assertEqual(self.mh_rows(caps["visitnet"], "mip6.mhtype == 6"), [])
        self.assertEqual(len(self.ha.json("bc")), 1)
        # The next sequence number is accepted and the binding goes.
        r = self.fake(coa=HOME_ADDRESS, no_hao=True, lifetime=0, seq=accepted + 1, wait=3)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 0), r)
        e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache")

    def test_2_forwarded_mh_not_answered(self):
        # Paths that cross HA: homenet <-> core (AR and AR2 reach core
        # directly, so visitnet <-> core does not). The MN comes home with
        # its home address; no mip6d runs on it or on CN.
        self.bed.move("homenet")
        self.bed.run("mn", "ip", "-6", "addr", "replace", f"{HOME_ADDRESS}/64", "dev", "eth0", "nodad")
        e2e.wait_for(lambda: self.bed.run("mn", "ping", "-6", "-c1", "-W1", "-I", HOME_ADDRESS, CN,
                                          check=False).returncode == 0, 10, "the MN at home reaching CN")
        e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache")
        caps = self.captures("forwarded")
        e2e.wait_for(lambda: True, 0.3, "captures")
        before = self.ha.json("stats")
        # In on the home link, out of the uplink: a Binding Update from the
        # MN to CN's address (its link-layer destination is HA, the MN's
        # default router).
        r = self.fake(node="mn", coa=HOME_ADDRESS, ha=CN, no_hao=True, lifetime=0, expect="none", wait=2)
        self.assertEqual(r["received"], 0, r)
        # In on the uplink, out onto the home link: one from CN to the MN's
        # home address, with a Home Address option.
        r = self.fake(node="cn", coa=CN, ha=HOME_ADDRESS, hoa="fec0:106:2300::77", lifetime=LIFETIME,
                      expect="none", wait=2)
        self.assertEqual(r["received"], 0, r)
        # HA forwarded both, as a router does.
        out = e2e.wait_for(lambda: self.mh_rows(caps["core"], f"mip6.mhtype == 5 && ipv6.dst == {CN}"),
                           5, "the Binding Update to CN on core")
        self.assertEqual([row[3] for row in out], [self.ha_uplink_mac], out)
        into = e2e.wait_for(lambda: self.mh_rows(caps["homenet"], f"mip6.mhtype == 5 && ipv6.dst == {HOME_ADDRESS}"),
                            5, "the Binding Update to the home address on homenet")
        self.assertEqual([row[3] for row in into], [self.ha_home_mac], into)
        # Nobody answered with a Binding Acknowledgement or Error, on any link.
        for link, pcap in caps.items():
            self.assertEqual(self.mh_rows(pcap, "(mip6.mhtype == 6 || mip6.mhtype == 7)"), [], link)
        # and the home agent's core saw neither: no counter moved (not even
        # "not for us"), no binding.
        self.assertEqual(self.ha.json("stats"), before)
        self.assertEqual(self.ha.json("bc"), [])

if __name__ == "__main__":
    e2e.skip_unless_possible()
    e2e.main(f"HA {e2e.DATAPATH_HA}, bed --ha-router")
