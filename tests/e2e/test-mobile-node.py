#!/usr/bin/python3
"""End to end: the HOWTO's scenarios (DESIGN.md 1-7) with mip6d as
mobile node against mip6d as home agent on the test bed.

Each scenario is its own test (and its own meson test) on a fresh bed, so a
failure names the scenario and nothing leaks from one into the next.
"""
import datetime
import json
import os
import re
import signal
import subprocess
import time

import mip6e2e as e2e
from mip6e2e import AR, HOME_ADDRESS, HOME_AGENT

HA_CONFIG, MN_CONFIG = e2e.HA_CONFIG, e2e.MN_CONFIG


class Scenario(e2e.BedTestCase):
    def setUp(self):
        self.ha = self.node("ha")
        self.mn = self.node("mn")
        if self.ha.daemon is None:
            self.ha.start_mip6d(HA_CONFIG)
            # The configured data path is the one running (the daemon
            # refuses to start when the kernel cannot do it).
            self.assertEqual(self.ha.json("status")["datapath"], e2e.DATAPATH_HA)
        if self.mn.daemon is None:
            self.cap_home = os.path.join(self.workdir, "homenet-start.pcap")
            self.bed.capture("homenet", self.cap_home)
            time.sleep(0.3)
            self.mn.start_mip6d(MN_CONFIG)
            self.assertEqual(self.status()["datapath"], e2e.DATAPATH_MN)
        elif self.status()["state"] != "home":
            # Scenarios run one after another on one bed (the VM tier does
            # that): each starts from home.
            self.bed.move("homenet")
            self.wait_state("home")
            e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache")

    def status(self):
        return self.mn.json("status")

    def wait_state(self, state, timeout=10):
        return e2e.wait_for(lambda: (lambda s: s if s["state"] == state else None)(self.status()),
                            timeout, f"state {state} (last: {self.status()})\nMN log:\n{self.mn.read_log()}")

    def go(self, link, prefix):
        seq_before = self.status()["sequence"]
        self.bed.move(link)
        s = self.wait_state("foreign")
        self.assertTrue(s["care_of_address"].startswith(e2e.link_prefixes(link, prefix)), s)
        return s, seq_before

    def test_1_router_solicitation_at_start(self):
        # RFC 6275 §11.5.1 / HOWTO 5.1: at start the MN solicits routers.
        def rs():
            return e2e.tshark_fields(self.cap_home, "icmpv6.type == 133 && ipv6.dst == ff02::2",
                                     ["ipv6.src"])
        e2e.wait_for(rs, 5, "a Router Solicitation to ff02::2 on homenet")
        self.assertEqual(self.wait_state("home")["state"], "home")

    def test_2_move_to_visitnet(self):
        self.wait_state("home")
        monitor = self.bed.popen("mn", e2e.MIP6CTL, "monitor", "--json", env=self.mn.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        # What the kernel is told, time-stamped, and what crosses the link.
        kernel = self.bed.popen("mn", "ip", "-ts", "monitor", "link", "rule",
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        cap = os.path.join(self.workdir, "visitnet-registration.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.5)
        try:
            s, _ = self.go("visitnet", e2e.VISIT_PREFIX)
            time.sleep(0.3)
        finally:
            monitor.terminate()
            kernel.terminate()
            events = [json.loads(line) for line in monitor.communicate(timeout=10)[0].splitlines()
                      if line.strip()]
            kernel_lines = kernel.communicate(timeout=10)[0].splitlines()
        # RFC 6275 §11.7.3, DESIGN.md: the BU leaves, the BA arrives, and
        # only then do the tunnel and the rule into it appear in the kernel.
        def kernel_time(pred):
            for line in kernel_lines:
                m = re.match(r"\[(\S+)\]\s*(.*)", line)
                if m and pred(m.group(2)):
                    return datetime.datetime.fromisoformat(m.group(1)).timestamp()
            return None
        tunnel = e2e.TUNNEL_DEVICE[e2e.DATAPATH_MN]
        t_tunnel = kernel_time(lambda l: tunnel in l and not l.startswith("Deleted"))
        t_rule = kernel_time(lambda l: f"from {HOME_ADDRESS} lookup 109" in l and not l.startswith("Deleted"))
        bu = e2e.tshark_fields(cap, f"mip6.mhtype == 5 && ipv6.src == {s['care_of_address']}", ["frame.time_epoch"])
        ba = e2e.tshark_fields(cap, "mip6.mhtype == 6 && mip6.ba.status == 0", ["frame.time_epoch"])
        self.assertTrue(bu and ba and t_tunnel and t_rule, (bu, ba, t_tunnel, t_rule, kernel_lines))
        t_bu, t_ba = float(bu[0][0]), float(ba[0][0])
        self.assertLess(t_bu, t_ba)
        self.assertGreaterEqual(t_tunnel, t_ba, (t_bu, t_ba, t_tunnel, kernel_lines))
        self.assertGreaterEqual(t_rule, t_tunnel, (t_tunnel, t_rule))
        # The handover's phases reach mip6ctl monitor ...
        done = [e for e in events if e["event"] == "handover_completed"]
        self.assertTrue(done, [e["event"] for e in events])
        h = done[-1]["handover"]
        for phase in ("ra_received_ms", "coa_usable_ms", "bu_sent_ms", "ba_received_ms",
                      "routes_switched_ms", "total_ms"):
            self.assertIn(phase, h)
        self.assertLessEqual(h["bu_sent_ms"], h["ba_received_ms"])
        self.assertLessEqual(h["ba_received_ms"], h["total_ms"])
        self.assertEqual(h["care_of_address"], s["care_of_address"])
        # ... and mip6ctl status.
        self.assertEqual(s["last_handover"]["total_ms"], h["total_ms"])
        self.assertEqual(s["home_address"].split("/")[0], HOME_ADDRESS)
        bul = self.mn.json("bul")
        self.assertEqual(len(bul), 1, bul)
        self.assertEqual(bul[0]["care_of_address"], s["care_of_address"])
        self.assertEqual(bul[0]["sequence"], s["sequence"])
        stats = self.mn.json("stats")
        self.assertGreaterEqual(stats["bind_updates_sent"], 1)
        self.assertGreaterEqual(stats["bind_acks_rcvd"], 1)
        bc = self.ha.json("bc")
        self.assertEqual([(e["home_address"], e["care_of_address"]) for e in bc],
                         [(HOME_ADDRESS, s["care_of_address"])])
        # Reregister (polkit allowed): a fresh Binding Update with the next
        # sequence number, acknowledged; refused (exit 3) when polkit says no.
        r = self.mn.ctl("reregister", check=False)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.mn.allow_polkit("org.mip6.reregister")
        self.mn.ctl("reregister")
        e2e.wait_for(lambda: self.mn.json("bul")[0]["sequence"] == (s["sequence"] + 1) % 65536
                     and self.mn.json("bul")[0]["state"] == "registered", 5,
                     "the re-registration to be acknowledged")
        self.assertEqual(self.ha.json("bc")[0]["sequence"], (s["sequence"] + 1) % 65536)
        # HOWTO-style human output is readable too
        self.assertIn(s["care_of_address"], self.mn.ctl("bul").stdout)
        self.assertIn(HOME_ADDRESS, self.ha.ctl("bc").stdout)

    def test_3_ping_through_home_agent(self):
        self.wait_state("home")
        s, _ = self.go("visitnet", e2e.VISIT_PREFIX)
        coa = s["care_of_address"]
        cap = os.path.join(self.workdir, "visitnet-ping.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.3)
        r = self.bed.run("mn", "ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", "-I", HOME_ADDRESS, AR,
                         check=False)
        self.assertEqual(r.returncode, 0, f"{r.stdout}{r.stderr}\nMN:\n{self.mn.read_log()}\nHA:\n{self.ha.read_log()}")
        time.sleep(0.5)
        # Outer care-of address -> home agent, inner home address -> AR.
        rows = e2e.tshark_fields(cap, "ipv6.nxt == 41 && icmpv6.type == 128", ["ipv6.src", "ipv6.dst"])
        self.assertTrue(rows, "no encapsulated echo request on visitnet")
        srcs, dsts = rows[0][0].split(","), rows[0][1].split(",")
        self.assertEqual((srcs[0], dsts[0]), (coa, HOME_AGENT))
        self.assertEqual((srcs[1], dsts[1]), (HOME_ADDRESS, AR))
        # and the replies come back encapsulated home agent -> care-of address
        rows = e2e.tshark_fields(cap, "ipv6.nxt == 41 && icmpv6.type == 129", ["ipv6.src", "ipv6.dst"])
        self.assertTrue(rows, "no encapsulated echo reply on visitnet")
        self.assertEqual(rows[0][0].split(",")[0], HOME_AGENT)
        self.assertEqual(rows[0][1].split(",")[1], HOME_ADDRESS)
        # The tunnel counters (GetStatistics: since mip6d started) run on
        # across a return home and the next tunnel: read away after more
        # traffic than the next tunnel carries, home, away again.
        def ping(n):
            r = self.bed.run("mn", "ping", "-6", "-c", str(n), "-i", "0.05", "-W", "2", "-I", HOME_ADDRESS,
                             AR, check=False)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        ping(10)
        s1 = self.mn.json("stats")
        self.bed.move("homenet")
        self.wait_state("home")
        self.go("visitnet", e2e.VISIT_PREFIX)
        ping(3)
        s2 = self.mn.json("stats")
        for key in ("encapsulations", "decapsulations"):
            self.assertGreaterEqual(s2[key], s1[key] + 3, (key, s1, s2))

    def test_4_default_route_into_tunnel(self):
        self.wait_state("home")
        s, _ = self.go("visitnet", e2e.VISIT_PREFIX)
        coa = s["care_of_address"]
        tunnel = e2e.TUNNEL_DEVICE[e2e.DATAPATH_MN]
        # HOWTO 5.4: new connections (no source chosen yet) follow the
        # default route into the tunnel and pick the home address (RFC 6724
        # rule 4 prefers home addresses).
        got = self.bed.run("mn", "ip", "-6", "route", "get", e2e.CN).stdout
        self.assertIn(f"dev {tunnel}", got)
        self.assertIn(f"src {HOME_ADDRESS}", got)
        # Everything from the home address goes through the tunnel, even to
        # on-link destinations (reverse tunnelling, RFC 6275 §11.3.1).
        rules = self.bed.run("mn", "ip", "-6", "rule", "show").stdout
        self.assertRegex(rules, rf"from {HOME_ADDRESS} lookup 109", rules)
        got = self.bed.run("mn", "ip", "-6", "route", "get", AR, "from", HOME_ADDRESS).stdout
        self.assertIn(f"dev {tunnel}", got)
        # Only the home address is steered: the care-of address reaches
        # off-link hosts directly, and so does signalling to the home agent.
        for dst in (e2e.CN, HOME_AGENT):
            got = self.bed.run("mn", "ip", "-6", "route", "get", dst, "from", coa).stdout
            self.assertIn("dev eth0", got, f"{dst} from {coa}: {got}")
        r = self.bed.run("mn", "ping", "-6", "-c", "2", "-i", "0.2", "-W", "2", "-I", coa, e2e.CN,
                         check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_5_visitnet_to_visitnet2(self):
        self.wait_state("home")
        s1, _ = self.go("visitnet", e2e.VISIT_PREFIX)
        pid = self.mn.daemon.pid
        s2, _ = self.go("visitnet2", e2e.VISIT2_PREFIX)
        # the next sequence number (RFC 6275 §11.7.1), modulo 2^16
        self.assertEqual(s2["sequence"], (s1["sequence"] + 1) % 65536, (s1, s2))
        self.assertEqual(self.mn.daemon.pid, pid)  # no restart
        self.assertIsNone(self.mn.daemon.poll())
        bc = self.ha.json("bc")
        self.assertEqual(bc[0]["care_of_address"], s2["care_of_address"])
        self.assertEqual(bc[0]["sequence"], s2["sequence"])
        # the old network's address is gone
        addrs = [a["local"] for a in self.bed.addresses("mn")]
        self.assertFalse([a for a in addrs if a.startswith(e2e.link_prefixes("visitnet", e2e.VISIT_PREFIX))], addrs)

    def test_6_return_home(self):
        self.wait_state("home")
        self.go("visitnet", e2e.VISIT_PREFIX)
        cap = os.path.join(self.workdir, "homenet-return.pcap")
        self.bed.capture("homenet", cap)
        time.sleep(0.3)
        self.bed.move("homenet")
        self.wait_state("home")
        e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache on the HA")
        # deregistration: a Binding Update with lifetime 0 (RFC 6275 §11.5.4)
        rows = e2e.tshark_fields(cap, "mip6.mhtype == 5", ["mip6.bu.lifetime"])
        self.assertTrue(rows, "no Binding Update on homenet")
        self.assertIn("0", [r[0] for r in rows])
        time.sleep(3.5)
        # §11.5.4: until the deregistration is acknowledged the home address
        # is not the source of a Neighbor Solicitation (the home agent
        # answers for it); the home agent's link-layer address comes from
        # its router advertisement here, or from a solicitation from ::.
        ns = e2e.tshark_fields(cap, f"icmpv6.type == 135 && ipv6.src == {HOME_ADDRESS} && icmpv6.nd.ns.target_address == {HOME_AGENT}",
                               ["frame.time_relative"])
        ba = e2e.tshark_fields(cap, "mip6.mhtype == 6", ["frame.time_relative"])
        self.assertTrue(ba, "no Binding Acknowledgement on homenet")
        self.assertFalse([t for t in ns if float(t[0]) < float(ba[0][0])], ns)
        # Then up to MAX_NEIGHBOR_ADVERTISEMENT (3) unsolicited NAs for the
        # home address, RetransTimer (1 s) apart (RFC 4861 §7.2.6).
        na = e2e.tshark_fields(cap, f"icmpv6.type == 136 && ipv6.dst == ff02::1 && icmpv6.nd.na.target_address == {HOME_ADDRESS} && icmpv6.nd.na.flag.s == 0",
                               ["frame.time_relative", "eth.src"])
        mn_mac = self.bed.run("mn", "cat", "/sys/class/net/eth0/address").stdout.strip()
        times = [float(r[0]) for r in na if r[1] == mn_mac]
        self.assertGreaterEqual(len(times), 3, na)
        gaps = [b - a for a, b in zip(times[-3:], times[-2:])]
        self.assertTrue(all(g >= 0.9 for g in gaps), times)
        self.assertNotIn("lookup 109", self.bed.run("mn", "ip", "-6", "rule", "show").stdout)
        self.assertEqual(self.bed.run("mn", "ip", "-6", "route", "show", "table", "all", "proto", "109").stdout, "")
        links = self.bed.run("mn", "ip", "-o", "link").stdout
        self.assertNotRegex(links, r"\bmip6t(un|nl)", "tunnel left behind")
        addrs = [a["local"] for a in self.bed.addresses("mn")]
        self.assertIn(HOME_ADDRESS, addrs)
        self.assertFalse([a for a in addrs if a.startswith(e2e.link_prefixes("visitnet", e2e.VISIT_PREFIX))], addrs)
        r = self.bed.run("mn", "ping", "-6", "-c", "1", "-W", "2", "-I", HOME_ADDRESS, AR, check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_7_continuous_traffic(self):
        # A 10 ms probe stream from the home address to CN across home ->
        # visitnet -> visitnet2 -> home; prints the loss per move.
        self.wait_state("home")
        probe = self.bed.popen("mn", "ping", "-6", "-i", "0.01", "-W", "1", "-I", HOME_ADDRESS,
                               "fec0:106:2300::10", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            time.sleep(1)
            for link, prefix in (("visitnet", e2e.VISIT_PREFIX), ("visitnet2", e2e.VISIT2_PREFIX)):
                self.go(link, prefix)
                time.sleep(1)
            self.bed.move("homenet")
            self.wait_state("home")
            time.sleep(1)
        finally:
            probe.send_signal(2)
            out = probe.communicate(timeout=10)[0]
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        self.assertIsNotNone(m, out)
        sent, got = int(m.group(1)), int(m.group(2))
        lost = sent - got
        print(f"continuous probe: {sent} sent, {got} received, {lost} lost across 3 handovers")
        self.assertGreater(got, sent // 2, "most probes must arrive")
        last = self.status()["last_handover"]
        self.assertIn("total_ms", last)

    def test_8_reload(self):
        # SIGHUP with a new binding lifetime restarts the engine: the mobile
        # node registers again and asks for the new lifetime; a file naming
        # a data path the kernel cannot carry keeps the old engine running.
        self.wait_state("home")
        s, _ = self.go("visitnet", e2e.VISIT_PREFIX)
        # A reload that changes no key the mobile node uses keeps the
        # binding and the tunnel: no Binding Update, the same tunnel link.
        tunnel = e2e.TUNNEL_DEVICE[e2e.DATAPATH_MN]
        link = lambda: json.loads(self.bed.run("mn", "ip", "-j", "link", "show", f"{tunnel}0").stdout)[0]["ifindex"]
        ifindex = link()
        with open(self.mn.config, "w") as f:
            f.write("# edited, nothing that matters\n" + MN_CONFIG)
        self.mn.daemon.send_signal(signal.SIGHUP)
        time.sleep(1.5)
        after = self.status()
        self.assertEqual((after["state"], after["sequence"], after["care_of_address"]),
                         ("foreign", s["sequence"], s["care_of_address"]), after)
        self.assertEqual(link(), ifindex)
        with open(self.mn.config, "w") as f:
            f.write(MN_CONFIG.replace("binding-lifetime=120", "binding-lifetime=60"))
        self.mn.daemon.send_signal(signal.SIGHUP)
        e2e.wait_for(lambda: [e for e in self.mn.json("bul") if e["lifetime"] == 60
                              and e["state"] == "registered"], 10,
                     f"a registration with lifetime 60\n{self.mn.read_log()}")
        self.assertEqual(self.status()["state"], "foreign")
        with open(self.mn.config, "w") as f:
            f.write(MN_CONFIG.replace("datapath=", "datapath=kernel\n#"))
        self.mn.daemon.send_signal(signal.SIGHUP)
        time.sleep(1)
        self.assertIsNone(self.mn.daemon.poll())
        # A kernel with Mobile IPv6 takes the new setting; any other refuses
        # it with a sentence naming the option, and the old engine goes on.
        if self.status()["datapath"] != "kernel":
            log = self.mn.read_log()
            self.assertIn("the old one stays in force", log)
            self.assertIn("CONFIG_IPV6_MIP6", log)
        self.assertEqual(self.wait_state("foreign")["state"], "foreign")

    def test_9_crash_recovery(self):
        # kill -9 away from home leaves the home address on the tunnel's
        # side and mip6's routes and rule; a new mip6d started at home
        # removes them first and puts the home address back (DESIGN.md).
        self.wait_state("home")
        self.go("visitnet", e2e.VISIT_PREFIX)
        self.mn.daemon.kill()
        self.mn.daemon.wait()
        self.assertTrue(self.bed.run("mn", "ip", "-6", "route", "show", "table", "all", "proto", "109").stdout)
        self.bed.move("homenet")
        self.mn.start_mip6d(MN_CONFIG)
        self.wait_state("home")
        e2e.wait_for(lambda: HOME_ADDRESS in [a["local"] for a in self.bed.addresses("mn")], 5,
                     "the home address back on eth0")
        self.assertEqual(self.bed.run("mn", "ip", "-6", "route", "show", "table", "all", "proto", "109").stdout, "")
        self.assertNotIn("lookup 109", self.bed.run("mn", "ip", "-6", "rule", "show").stdout)
        self.assertNotRegex(self.bed.run("mn", "ip", "-o", "link").stdout, r"\bmip6t(un|nl)")
        # The binding the killed daemon left at the home agent is
        # deregistered (RFC 6275 §11.5.4), and the visited network's
        # address is gone, so the home address works again on the home link.
        e2e.wait_for(lambda: self.ha.json("bc") == [], 5, "an empty binding cache")
        self.assertFalse([a for a in self.bed.addresses("mn") if a["local"].startswith(e2e.link_prefixes("visitnet", e2e.VISIT_PREFIX))])
        e2e.wait_for(lambda: self.bed.run("mn", "ping", "-6", "-c", "1", "-W", "1", "-I", HOME_ADDRESS,
                                          AR, check=False).returncode == 0, 5,
                     "a ping from the home address")


if __name__ == "__main__":
    e2e.skip_unless_possible()
    twists = os.environ.get("MIP6_TESTBED_OPTIONS", "")
    e2e.main(f"MN {e2e.DATAPATH_MN}, HA {e2e.DATAPATH_HA}" + (f", bed {twists}" if twists else ""))
