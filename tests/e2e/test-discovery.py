#!/usr/bin/python3
"""End to end: discovery on the test bed (RFC 6275 sections 10.5, 10.6,
11.4.1). mip6d as home agent answers scapy's DHAAD Request and Mobile
Prefix Solicitation; a mip6d mobile node without the key home-agent finds
its home agent by DHAAD and registers with it."""
import json
import os

import mip6e2e as e2e
from mip6e2e import HOME_ADDRESS, HOME_AGENT, HOME_PREFIX

FAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-discovery.py")
# RFC 2526: the Mobile IPv6 Home-Agents anycast address of a /64 prefix.
ANYCAST = "fec0:106:2700::fdff:ffff:ffff:fffe"

MN_CONFIG_NO_HA = f"""[mip6d]
role=mobile-node
interface=eth0
home-address={HOME_ADDRESS}/64
binding-lifetime=120
datapath={e2e.DATAPATH_MN}
"""


class HomeAgentDiscovery(e2e.BedTestCase):
    """scapy on visitnet against mip6d as home agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ha = cls.node("ha")
        cls.ha.start_mip6d(e2e.HA_CONFIG)
        # Away from home the home prefix is not on-link (section 11.5.2):
        # what the bed's MN node has of it goes, or the Request would be
        # sent onto visitnet.
        cls.bed.move("visitnet")
        for a in cls.bed.addresses("mn"):
            if a["local"].startswith("fec0:106:2700:"):
                cls.bed.run("mn", "ip", "-6", "addr", "del", f"{a['local']}/{a['prefixlen']}",
                            "dev", "eth0")
        cls.bed.run("mn", "ip", "-6", "route", "del", HOME_PREFIX, "dev", "eth0", check=False)
        cls.coa = e2e.wait_for(lambda: cls.bed.global_address("mn", e2e.VISIT_PREFIX), 10,
                               "a care-of address on visitnet")

    def fake(self, **kw):
        r = self.bed.run("mn", "/usr/bin/python3", FAKE, json.dumps(kw), timeout=60)
        return json.loads(r.stdout.strip().splitlines()[-1])

    def test_dhaad_reply_lists_home_agent(self):
        # RFC 6275 section 10.5: the Reply to the anycast Request comes
        # from the home agent's unicast address, to the Request's source,
        # with its Identifier, listing the home agent itself.
        r = self.fake(kind="dhaad", src=self.coa, dst=ANYCAST, id=0x1234)
        self.assertEqual(r["type"], "dhaad-answer", f"no DHAAD Reply\n{self.ha.read_log()}")
        self.assertEqual(r["id"], 0x1234)
        self.assertEqual(r["src"], HOME_AGENT)
        self.assertEqual(r["dst"], self.coa)
        self.assertIn(HOME_AGENT, r["addresses"])
        self.assertEqual(r["addresses"][0], HOME_AGENT)
        stats = self.ha.json("stats")
        self.assertGreaterEqual(stats.get("dhaad_requests_rcvd", 0), 1, stats)
        self.assertGreaterEqual(stats.get("dhaad_replies_sent", 0), 1, stats)

    def test_mps_answered_with_home_prefix(self):
        # RFC 6275 sections 6.8, 10.6: the Advertisement carries the home
        # prefix as a Prefix Information option, the Identifier copied.
        r = self.fake(kind="mps", src=self.coa, dst=HOME_AGENT, id=0x4321)
        self.assertEqual(r["type"], "mps-answer", f"no Mobile Prefix Advertisement\n{self.ha.read_log()}")
        self.assertEqual(r["id"], 0x4321)
        self.assertEqual(r["src"], HOME_AGENT)
        self.assertEqual(r["dst"], self.coa)
        prefixes = [p["prefix"] for p in r["prefixes"]]
        self.assertIn(HOME_PREFIX, prefixes, r)
        p = r["prefixes"][prefixes.index(HOME_PREFIX)]
        self.assertGreater(p["valid"], 0)
        self.assertLessEqual(p["preferred"], p["valid"])


class MobileNodeDiscovers(e2e.BedTestCase):
    """mip6d as mobile node without home-agent, against mip6d as home agent."""

    def test_registers_with_discovered_home_agent(self):
        ha = self.node("ha")
        ha.start_mip6d(e2e.HA_CONFIG)
        mn = self.node("mn")
        mn.start_mip6d(MN_CONFIG_NO_HA)
        self.bed.move("visitnet")
        # RFC 6275 section 11.4.1: DHAAD names the home agent, the
        # registration follows.
        e2e.wait_for(lambda: mn.json("status").get("state") == "foreign", 30,
                     "the mobile node to register with the discovered home agent")
        bul = mn.json("bul")
        self.assertEqual(mn.json("status").get("home_agent"), HOME_AGENT)
        entries = ha.json("bc")
        self.assertEqual([e["home_address"] for e in entries], [HOME_ADDRESS], entries)
        self.assertIn(f"Home agent {HOME_AGENT} found", mn.read_log())
        # Back home, the deregistration goes to the discovered home agent
        # (section 11.5.4), which then holds no binding.
        self.bed.move("homenet")
        e2e.wait_for(lambda: mn.json("status").get("state") == "home", 30, "the return home")
        e2e.wait_for(lambda: ha.json("bc") == [], 15,
                     f"the home agent to drop the binding\n{mn.read_log()}")


if __name__ == "__main__":
    e2e.skip_unless_possible()
    e2e.main("discovery")
