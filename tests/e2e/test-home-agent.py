#!/usr/bin/python3
"""End to end: mip6d as home agent on the test bed, with scapy as an
independent mobile node (fake-mn.py) on visitnet."""
import json
import os
import re
import signal
import subprocess
import time
import unittest

import mip6e2e as e2e
from mip6e2e import HOME_ADDRESS, HOME_AGENT, HOME_PREFIX

FAKE_MN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-mn.py")
DAD_ANSWERER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dad-answerer.py")

HA_CONFIG = f"""[mip6d]
role=home-agent
interface=eth0
home-prefix={HOME_PREFIX}
binding-lifetime=120
datapath={e2e.DATAPATH_HA}
max-bindings=2
allowed-home-addresses={HOME_ADDRESS} fec0:106:2700::77 fec0:106:2700::55 fec0:106:2700::56
"""

# The VM tier runs this file to test the kernel data path; cases that only
# check a decision of the protocol core (a status code, the sequence
# window, a limit) are the same on every data path and run on the netns
# tier. MIP6_E2E_DATAPATH_ONLY=1 (vm-check.sh) skips them there.
core_only = unittest.skipIf(os.environ.get("MIP6_E2E_DATAPATH_ONLY") == "1",
                            "a decision of the protocol core, the same on every data path: "
                            "run on the netns tier")


class HomeAgent(e2e.BedTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ha = cls.node("ha")
        cls.ha.start_mip6d(HA_CONFIG)
        # The fake mobile node leaves home: it takes a care-of address on
        # visitnet and drops its home address from the interface, as a
        # mobile node does away from home. Moving first: on homenet the
        # next (fast) Router Advertisement would put the address and the
        # on-link home prefix route back, and the BU to the home agent
        # would then go out on-link instead of through the router.
        e2e.leave_home(cls)
        cls.coa2 = "fec0:106:1100::99"
        cls.bed.run("mn", "ip", "-6", "addr", "add", f"{cls.coa2}/64", "dev", "eth0", "nodad")
        cls.seq = 100

    def fake(self, **kw):
        args = {"coa": self.coa, "ha": HOME_AGENT, "hoa": HOME_ADDRESS}
        args.update(kw)
        r = self.bed.run("mn", "/usr/bin/python3", FAKE_MN, json.dumps(args), timeout=60)
        return json.loads(r.stdout.strip().splitlines()[-1])

    def bc(self):
        return self.ha.json("bc")

    def stats(self):
        return self.ha.json("stats")

    def register(self, coa=None, lifetime=60, **kw):
        HomeAgent.seq += 1
        return self.fake(coa=coa or self.coa, seq=HomeAgent.seq, lifetime=lifetime, **kw)

    def assert_ba(self, r, status, coa=None):
        self.assertEqual(r.get("type"), "ba", f"no Binding Acknowledgement: {r}\n{self.ha.read_log()}")
        self.assertEqual(r["status"], status, r)
        self.assertEqual(r["dst"], coa or self.coa)
        # RFC 6275 §6.4, §10.3.1: a type 2 routing header carries the home address.
        self.assertEqual(r.get("rh_type"), 2, r)
        self.assertEqual(r.get("rh_segleft"), 1, r)
        self.assertEqual(r.get("rh_addresses"), [HOME_ADDRESS], r)

    def test_1_registration(self):
        before = self.stats()
        r = self.register()
        self.assert_ba(r, 0)
        self.assertEqual(r["seq"], HomeAgent.seq)
        self.assertGreater(r["lifetime"], 0)
        self.assertLessEqual(r["lifetime"], 60)
        # Binding Refresh Advice (§6.2.4, §10.3.1): refresh before the end
        self.assertGreater(r.get("refresh", 0), 0, r)
        self.assertLess(r["refresh"], r["lifetime"])
        entries = self.bc()
        self.assertEqual(len(entries), 1, entries)
        e = entries[0]
        self.assertEqual(e["home_address"], HOME_ADDRESS)
        self.assertEqual(e["care_of_address"], self.coa)
        self.assertEqual(e["sequence"], HomeAgent.seq)
        after = self.stats()
        self.assertEqual(after["bind_updates_rcvd"], before["bind_updates_rcvd"] + 1)
        self.assertEqual(after["bind_acks_sent"], before["bind_acks_sent"] + 1)

    def test_1_no_parameter_problem_for_processed_options(self):
        # The Home Address option and the Mobility Header were processed
        # and answered: nothing may tell the mobile node that they were
        # not (on the userspace path, the kernel would: mip6d stops it).
        r = self.register(linger=1.5)
        self.assert_ba(r, 0)
        self.assertEqual(r["param_problems"], [], r)

    def test_2_home_address_option_to_home_agent(self):
        # RFC 6275 §9.3.1: a packet to the home agent with a Home Address
        # option from the registered care-of address is accepted (as from
        # the home address); the answer goes to the care-of address with a
        # type 2 routing header (§9.3.2). Without a binding for that pair:
        # dropped, Binding Error status 1 with the home address (§9.3.3).
        self.assert_ba(self.register(), 0)
        r = self.fake(kind="hao-echo", seq=7, expect="echo-reply", linger=1)
        self.assertEqual((r.get("type"), r.get("id")), ("echo-reply", 0x4d36), r)
        self.assertEqual((r["src"], r["dst"]), (HOME_AGENT, self.coa), r)
        self.assertEqual((r.get("rh_type"), r.get("rh_segleft"), r.get("rh_addresses")),
                         (2, 1, [HOME_ADDRESS]), r)
        self.assertEqual(r["param_problems"], [], r)
        r = self.fake(kind="hao-echo", coa=self.coa2, expect="be", linger=1)
        self.assertEqual((r.get("type"), r.get("status"), r.get("hoa")), ("be", 1, HOME_ADDRESS), r)
        self.assertEqual(r["dst"], self.coa2, r)
        self.assertEqual(r["param_problems"], [], r)

    def test_2_proxy_nd_and_tunnel_to_mn(self):
        # R, on the home link, resolves the home address: the home agent
        # answers for it (RFC 6275 §10.4.1), so CN's ping reaches the HA and
        # is tunnelled to the care-of address (§10.4.2).
        self.register()
        cap = os.path.join(self.workdir, "visitnet-tunnel.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.3)
        self.bed.run("cn", "ping", "-6", "-c", "3", "-i", "0.2", "-W", "1", HOME_ADDRESS, check=False)
        time.sleep(0.5)
        rows = e2e.tshark_fields(cap, f"ipv6.nxt == 41 && icmpv6.type == 128",
                                 ["ipv6.src", "ipv6.dst"])
        self.assertTrue(rows, f"no encapsulated echo request on visitnet\n{self.ha.read_log()}")
        srcs, dsts = rows[0][0].split(","), rows[0][1].split(",")
        self.assertEqual(srcs[0], HOME_AGENT)
        self.assertEqual(dsts[0], self.coa)
        self.assertEqual(dsts[1], HOME_ADDRESS)
        self.assertGreaterEqual(self.stats()["encapsulations"], 1)

    def test_3_reverse_tunnel_from_mn(self):
        # A packet from the home address, encapsulated care-of address ->
        # home agent, is decapsulated and forwarded (§10.4.5); CN's answer
        # comes back through the tunnel.
        self.register()
        before = self.stats()["decapsulations"]
        r = self.fake(kind="encap", to="fec0:106:2300::10", expect="encap-reply", wait=4)
        self.assertEqual(r.get("type"), "encap-reply", f"{r}\n{self.ha.read_log()}")
        self.assertEqual(r["dst"], self.coa)
        self.assertEqual(r["inner_dst"], HOME_ADDRESS)
        self.assertGreater(self.stats()["decapsulations"], before)

    def test_3_reverse_tunnel_other_inner_source_dropped(self):
        # §10.4.5: a decapsulated packet is forwarded only when its source
        # is the home address bound to the care-of address it came from;
        # this one comes from the registered care-of address with another
        # home-prefix source: dropped and counted, on both data paths.
        self.register()
        before = self.stats().get("dropped_tunnel_bad_source", 0)
        r = self.fake(kind="encap", hoa="fec0:106:2700::99", to="fec0:106:2300::10",
                      expect="encap-reply", wait=3)
        self.assertEqual(r["received"], 0, r)
        e2e.wait_for(lambda: self.stats().get("dropped_tunnel_bad_source", 0) > before, 5,
                     "the drop counted as dropped_tunnel_bad_source")

    def test_4_new_care_of_address(self):
        r = self.register(coa=self.coa2)
        self.assert_ba(r, 0, coa=self.coa2)
        e = self.bc()[0]
        self.assertEqual(e["care_of_address"], self.coa2)
        self.assertEqual(e["sequence"], HomeAgent.seq)
        self.register()  # back to the first care-of address

    @core_only
    def test_5_sequence_out_of_window(self):
        self.register()
        last = HomeAgent.seq
        r = self.fake(seq=last, lifetime=60)  # not greater than the last accepted
        self.assert_ba(r, 135)
        self.assertEqual(r["seq"], last)  # §9.5.1: the BA carries the last accepted number
        self.assertEqual(self.bc()[0]["sequence"], last)

    @core_only
    def test_6_not_home_subnet(self):
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:9999::4", seq=HomeAgent.seq, lifetime=60)
        self.assertEqual(r.get("type"), "ba", r)
        self.assertEqual(r["status"], 132, r)
        self.assertNotIn("fec0:106:9999::4", [e["home_address"] for e in self.bc()])

    @core_only
    def test_6_no_home_registration_flag(self):
        # Without the H flag and without Binding Authorization Data the
        # update is neither a home registration nor an authorised
        # correspondent registration: silently discarded (§9.5.1), counted.
        before = self.stats()
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::44", seq=HomeAgent.seq, lifetime=60, flags="A", wait=1,
                      expect="none")
        self.assertEqual(r["received"], 0, r)
        self.assertNotIn("fec0:106:2700::44", [e["home_address"] for e in self.bc()])
        after = self.stats()
        self.assertEqual(sum(v for k, v in after.items() if k.startswith("dropped_")),
                         sum(v for k, v in before.items() if k.startswith("dropped_")) + 1, after)

    def test_6_duplicate_address(self):
        # The home address is already used on the home link (by R): DAD on
        # the home link fails and the HA refuses with 134 (§10.4.1, §10.3.1).
        taken = "fec0:106:2700::77"
        self.bed.run("r", "ip", "-6", "addr", "add", f"{taken}/64", "dev", "eth1", "nodad")
        HomeAgent.seq += 1
        r = self.fake(hoa=taken, seq=HomeAgent.seq, lifetime=60, wait=5)
        self.assertEqual(r.get("type"), "ba", r)
        self.assertEqual(r["status"], 134, r)
        self.assertNotIn(taken, [e["home_address"] for e in self.bc()])

    def dad_answered(self, hoa, hop_limit):
        """Registers @hoa while R answers the HA's DAD probe with an NA of
        @hop_limit; returns the BA's status."""
        answerer = self.bed.popen("r", "/usr/bin/python3", DAD_ANSWERER, "eth1", hoa, str(hop_limit),
                                  "15", stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(answerer.stdout.readline().strip(), "ready")
            HomeAgent.seq += 1
            r = self.fake(hoa=hoa, seq=HomeAgent.seq, lifetime=60, wait=5)
            self.assertEqual(answerer.stdout.readline().strip(), "answered")
        finally:
            answerer.kill()
            answerer.wait()
            answerer.stdout.close()
        self.assertEqual(r.get("type"), "ba", r)
        return r["status"]

    def test_6_dad_counts_only_valid_advertisements(self):
        # RFC 4861 §7.1.2: an NA with a hop limit other than 255 may come
        # from another link and is invalid; it must not fail proxy DAD.
        hoa = "fec0:106:2700::56"
        self.assertEqual(self.dad_answered(hoa, 254), 0)
        HomeAgent.seq += 1
        self.fake(hoa=hoa, seq=HomeAgent.seq, lifetime=0)
        # The same NA with hop limit 255 does (§10.3.1: 134).
        self.assertEqual(self.dad_answered(hoa, 255), 134)

    @core_only
    def test_6_insufficient_resources(self):
        # max-bindings=2: the home address and ::55 fill the cache, ::56 is
        # refused with 130 (§10.3.1).
        self.register()
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::55", seq=HomeAgent.seq, lifetime=60, wait=4)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 0), r)
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::56", seq=HomeAgent.seq, lifetime=60, wait=4)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 130), r)
        self.assertEqual(sorted(e["home_address"] for e in self.bc()),
                         [HOME_ADDRESS, "fec0:106:2700::55"])
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::55", seq=HomeAgent.seq, lifetime=0)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 0), r)

    @core_only
    def test_6_prohibited(self):
        # Not in allowed-home-addresses: administratively prohibited (129).
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::66", seq=HomeAgent.seq, lifetime=60)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 129), r)
        self.assertNotIn("fec0:106:2700::66", [e["home_address"] for e in self.bc()])

    def test_7_malformed_dropped_and_counted(self):
        self.register()
        bc_before = self.bc()
        before = self.stats()
        for kw in ({"bad_checksum": True}, {"truncate": 40 + 24 + 6}):
            HomeAgent.seq += 1
            r = self.fake(seq=HomeAgent.seq, lifetime=60, wait=1, expect="none", **kw)
            self.assertEqual(r["received"], 0, f"{kw}: a malformed BU was answered: {r}")
        after = self.stats()
        dropped_before = sum(v for k, v in before.items() if k.startswith("dropped_"))
        dropped_after = sum(v for k, v in after.items() if k.startswith("dropped_"))
        # On the kernel data path the kernel's own Mobility Header check
        # (mip6_mh_filter) drops the truncated message before any socket
        # sees it; the bad checksum is mip6d's to find on both paths.
        self.assertEqual(dropped_after - dropped_before, 1 if e2e.DATAPATH_HA == "kernel" else 2,
                         after)
        self.assertEqual(after.get("dropped_bad_checksum", 0),
                         before.get("dropped_bad_checksum", 0) + 1, after)
        # no state change: the same bindings (their countdown aside)
        strip = lambda bc: [{k: v for k, v in e.items() if k not in ("expires", "expires_at")}
                              for e in bc]
        self.assertEqual(strip(self.bc()), strip(bc_before))

    def test_7_malformed_header_parameter_problem(self):
        # RFC 6275 §9.2: Payload Proto other than IPPROTO_NONE, and a
        # Header Len too small for the MH Type, are answered with ICMP
        # Parameter Problem code 0 pointing at that field. The MH starts
        # after the 40-byte IPv6 header and the 24-byte Destination Options
        # header with the Home Address option.
        for kw, pointer in (({"payload_proto": 6}, 64), ({"header_len": 0}, 65)):
            HomeAgent.seq += 1
            r = self.fake(seq=HomeAgent.seq, lifetime=60, wait=1, linger=1.5, expect="none", **kw)
            self.assertEqual(r["received"], 0, f"{kw}: a malformed BU was answered: {r}")
            self.assertEqual(r["param_problems"], [[0, pointer]], f"{kw}: {r}")

    def test_7_unknown_mh_type_binding_error(self):
        HomeAgent.seq += 1
        r = self.fake(seq=HomeAgent.seq, lifetime=60, mh_type=42, expect="be")
        self.assertEqual(r.get("type"), "be", r)
        self.assertEqual(r["status"], 2, r)  # §9.2: unrecognized MH type value

    def test_8_deregistration(self):
        self.register()
        r = self.register(lifetime=0)
        self.assert_ba(r, 0)
        self.assertEqual(self.bc(), [])
        # no proxy entry left for the home address
        out = self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout
        self.assertNotIn(HOME_ADDRESS, out)

    def test_8_expiry(self):
        # A binding lives as long as the lifetime granted, then the home agent
        # drops it with its proxy entry (RFC 6275 §10.3.1, §10.4.1).
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::55", seq=HomeAgent.seq, lifetime=8, wait=4)
        self.assertEqual((r.get("type"), r.get("status"), r.get("lifetime")), ("ba", 0, 8), r)
        self.assertIn("fec0:106:2700::55", [e["home_address"] for e in self.bc()])
        e2e.wait_for(lambda: "fec0:106:2700::55" not in [e["home_address"] for e in self.bc()], 12,
                     "the binding to expire")
        self.assertNotIn("fec0:106:2700::55",
                         self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout)
        self.assertGreaterEqual(self.stats().get("bindings_expired", 0), 1)

    @core_only
    def test_8_deregistration_without_binding(self):
        # §10.3.2: deregistering a home address this HA has no binding for.
        HomeAgent.seq += 1
        r = self.fake(hoa="fec0:106:2700::56", seq=HomeAgent.seq, lifetime=0)
        self.assertEqual((r.get("type"), r.get("status")), ("ba", 133), r)

    def test_9_clean_stop(self):
        self.register()
        self.assertEqual(self.ha.stop_mip6d(), 0, self.ha.read_log())
        links = self.bed.run("ha", "ip", "-o", "link").stdout
        self.assertNotRegex(links, r"\bmip6t(un|nl)", "tunnel left behind")
        self.assertNotIn(HOME_ADDRESS, self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout)


class FakeMnMixin:
    seq = 500

    def fake(self, **kw):
        args = {"coa": self.coa, "ha": HOME_AGENT, "hoa": HOME_ADDRESS}
        args.update(kw)
        r = self.bed.run("mn", "/usr/bin/python3", FAKE_MN, json.dumps(args), timeout=60)
        return json.loads(r.stdout.strip().splitlines()[-1])

    def register(self, hoa=HOME_ADDRESS, lifetime=60, **kw):
        FakeMnMixin.seq += 1
        return self.fake(hoa=hoa, seq=FakeMnMixin.seq, lifetime=lifetime, wait=4, **kw)

    def status_of(self, r):
        return (r.get("type"), r.get("status"))


# What a home agent changes in /proc/sys/net/ipv6/conf: the test bed's HA
# is made a plain host first (forwarding off) with an uplink that takes
# Router Advertisements (accept_ra 1), so that mip6d has all of them to
# change and put back.
SYSCTLS = ["all/forwarding", "default/forwarding", "eth0/forwarding", "eth0/proxy_ndp",
           "up0/accept_ra", "up0/forwarding"]


class HomeAgentCrash(FakeMnMixin, e2e.BedTestCase):
    """kill -9 of the home agent, then a restart: everything mip6d changed
    in the kernel is put back (DESIGN.md, "On stop or crash-restart")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ha = cls.node("ha")
        try:
            # An uplink of the home agent's own (a veth pair: the host may
            # have no dummy module).
            cls.bed.run("ha", "ip", "link", "add", "up0", "type", "veth", "peer", "name", "up0p")
            cls.bed.run("ha", "ip", "link", "set", "up0", "up")
            cls.bed.run("ha", "ip", "link", "set", "up0p", "up")
            cls.bed.run("ha", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=0")
            cls.bed.run("ha", "sysctl", "-qw", "net.ipv6.conf.up0.accept_ra=1")
            cls.bed.run("ha", "sysctl", "-qw", "net.ipv6.conf.up0p.accept_ra=0")
            e2e.leave_home(cls)
        except BaseException:
            cls.tearDownClass()
            raise

    def sysctls(self):
        return {k: self.bed.run("ha", "cat", f"/proc/sys/net/ipv6/conf/{k}").stdout.strip()
                for k in SYSCTLS}

    def kernel_state(self):
        """What mip6d may leave behind, without what changes on its own."""
        routes = [r for r in self.bed.run("ha", "ip", "-6", "route", "show", "table", "all").stdout.splitlines()
                  # Subnet-Router anycast routes follow forwarding (RFC
                  # 4291 §2.6.1), which the sysctls check.
                  if " expires " not in r and not r.startswith("anycast ")]
        links = sorted(re.findall(r"^\d+: ([^:@]+)", self.bed.run("ha", "ip", "-o", "link").stdout, re.M))
        xfrm = self.bed.run("ha", "ip", "xfrm", "state", check=False).stdout + \
            self.bed.run("ha", "ip", "xfrm", "policy", check=False).stdout
        return {"proxy": self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout,
                "links": links, "routes": sorted(routes), "xfrm": xfrm}

    def test_kill_and_restart(self):
        before_sysctl, before = self.sysctls(), self.kernel_state()
        self.assertEqual(before_sysctl["all/forwarding"], "0")
        self.assertEqual(before_sysctl["up0/accept_ra"], "1")
        self.ha.start_mip6d(HA_CONFIG)
        self.assertEqual(self.status_of(self.register()), ("ba", 0))
        # mip6d switched on what a home agent needs, and said so once.
        on = self.sysctls()
        self.assertEqual((on["all/forwarding"], on["eth0/proxy_ndp"], on["up0/accept_ra"]),
                         ("1", "1", "2"), on)
        log = self.ha.read_log()
        self.assertEqual(log.count("IPv6 forwarding is now on"), 1, log)
        # Among others where the kernel has them (ip6tnl0 and its kind
        # come with their modules, accept_ra 1 too).
        self.assertRegex(log, r"accept_ra is now 2 on [^.]*\bup0\b")
        proxy = self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout
        self.assertIn(HOME_ADDRESS, proxy)

        self.ha.daemon.kill()
        self.ha.daemon.wait()
        # What kill -9 leaves: the proxy entry (marked as mip6's) and the
        # sysctls; on the kernel path the per-MN tunnel and its route too
        # (a TUN device goes with the process that holds it).
        left = self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout
        self.assertIn(HOME_ADDRESS, left)
        self.assertRegex(left, rf"{HOME_ADDRESS} .*proto 109")
        self.assertEqual(self.sysctls(), on)
        if e2e.DATAPATH_HA == "kernel":
            self.assertRegex(self.bed.run("ha", "ip", "-o", "link").stdout, r"\bmip6tnl\d")
            self.assertIn(HOME_ADDRESS, self.bed.run("ha", "ip", "-6", "route", "show", "table", "all",
                                                     "proto", "109").stdout)

        # The next start removes what is left before anything else ...
        self.ha.start_mip6d(HA_CONFIG)
        self.assertEqual(self.ha.json("bc"), [])
        after = self.kernel_state()
        for key in before:
            if key == "xfrm":
                # The running home agent's own Mobility Header state and
                # policy (kernel path) are back; nothing of the binding is.
                self.assertNotIn(HOME_ADDRESS, after[key], "xfrm after the restart")
                continue
            self.assertEqual(after[key], before[key], f"{key} after the restart")
        log = self.ha.read_log()
        self.assertIn("Removed 1 proxy neighbour entries left behind", log)
        self.assertRegex(log, r"Put back \d+ IPv6 settings")
        # ... and notes the host's own values again, not the ones the
        # killed mip6d set, so a clean stop ends where the host began.
        self.assertEqual(self.sysctls()["all/forwarding"], "1")
        self.assertEqual(self.ha.stop_mip6d(), 0, self.ha.read_log())
        self.assertEqual(self.sysctls(), before_sysctl)
        self.assertEqual(self.kernel_state(), before)
        self.assertFalse([f for f in os.listdir(self.ha.dir) if f.startswith("home-agent-")],
                         "state files left after a clean stop")


# How long `mip6ctl monitor` may take to subscribe before the events it
# must see: it prints nothing until then, and a VM under TCG is slow.
MONITOR_SETTLE = 2.5


@core_only  # on the class: no bed is built for it
class HomeAgentReload(FakeMnMixin, e2e.BedTestCase):
    """A reload that changes only the limits keeps the binding cache; one
    that changes what the home agent is rebuilds it (mip6d(8))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ha = cls.node("ha")
        try:
            e2e.leave_home(cls)
        except BaseException:
            cls.tearDownClass()
            raise

    def reload(self, config, dbus=False):
        """SIGHUP, or the D-Bus Reload method (mip6ctl reload)."""
        with open(self.ha.config, "w") as f:
            f.write(config)
        mark = len(self.ha.read_log())
        if dbus:
            self.ha.allow_polkit("org.mip6.configure")
            self.ha.ctl("reload")
        else:
            self.ha.daemon.send_signal(signal.SIGHUP)
        e2e.wait_for(lambda: "Configuration reloaded" in self.ha.read_log()[mark:] or
                     "not reloaded" in self.ha.read_log()[mark:], 10, "the reload")
        self.assertIn("Configuration reloaded", self.ha.read_log()[mark:])

    def events(self, monitor):
        monitor.terminate()
        events = [json.loads(line) for line in monitor.communicate(timeout=10)[0].splitlines()
                  if line.strip()]
        return [e for e in events if e["event"].startswith("binding_")]

    def test_limits_keep_bindings(self):
        self.ha.start_mip6d(HA_CONFIG)
        self.assertEqual(self.status_of(self.register(lifetime=100)), ("ba", 0))
        bc = self.ha.json("bc")
        monitor = self.bed.popen("ha", e2e.MIP6CTL, "monitor", "--json", env=self.ha.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(MONITOR_SETTLE)
        try:
            self.reload(HA_CONFIG.replace("max-bindings=2", "max-bindings=1")
                        .replace("binding-lifetime=120", "binding-lifetime=40"), dbus=True)
            self.assertIn("applies the new limits", self.ha.read_log())
            # The binding, its proxy entry and its tunnel stay.
            strip = lambda bc: [{k: v for k, v in e.items() if k not in ("expires", "expires_at")}
                              for e in bc]
            self.assertEqual(strip(self.ha.json("bc")), strip(bc))
            self.assertIn(HOME_ADDRESS, self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout)
            self.assertRegex(self.bed.run("ha", "ip", "-o", "link").stdout, r"\bmip6t(un|nl)")
            # max-bindings=1 is full: a new home address is refused (130).
            r = self.register(hoa="fec0:106:2700::55")
            self.assertEqual(self.status_of(r), ("ba", 130), r)
            # A refresh is a new registration for the lifetime cap.
            r = self.register(lifetime=100)
            self.assertEqual(self.status_of(r), ("ba", 0), r)
            self.assertEqual(r["lifetime"], 40, r)
            time.sleep(0.5)
        finally:
            events = self.events(monitor)
        self.assertEqual([e["event"] for e in events], ["binding_updated"], events)
        self.assertEqual(events[0]["entry"]["lifetime"], 40)

        # The home agent's address named explicitly: a rebuild, and the
        # binding goes with the reason.
        monitor = self.bed.popen("ha", e2e.MIP6CTL, "monitor", "--json", env=self.ha.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(MONITOR_SETTLE)
        try:
            self.reload(HA_CONFIG + f"home-agent={HOME_AGENT}\n")
            self.assertIn("protocol engine restarted", self.ha.read_log())
            self.assertEqual(self.ha.json("bc"), [])
            self.assertNotIn(HOME_ADDRESS, self.bed.run("ha", "ip", "-6", "neigh", "show", "proxy").stdout)
            # Registered again, then deregistered, and another one left to
            # expire: each removal with its own reason.
            self.assertEqual(self.status_of(self.register()), ("ba", 0))
            self.assertEqual(self.status_of(self.register(lifetime=0)), ("ba", 0))
            r = self.register(hoa="fec0:106:2700::55", lifetime=8)
            self.assertEqual(self.status_of(r), ("ba", 0), r)
            e2e.wait_for(lambda: self.ha.json("bc") == [], 15, "the binding to expire")
            time.sleep(0.5)
        finally:
            events = self.events(monitor)
        removed = [(e["home_address"], e["reason"]) for e in events if e["event"] == "binding_removed"]
        self.assertEqual(removed, [(HOME_ADDRESS, "reloaded"), (HOME_ADDRESS, "deregistered"),
                                   ("fec0:106:2700::55", "expired")], events)
        self.assertEqual(self.ha.stop_mip6d(), 0, self.ha.read_log())


if __name__ == "__main__":
    e2e.skip_unless_possible()
    unittest.main(verbosity=2)
