#!/usr/bin/python3
"""The twists of real networks (tests/testbed/README.md, "Twists of real
networks") against mip6d as mobile node and home agent.

The assertions come from DESIGN.md ("The rule above the others") and RFC
6275, not from what the code happens to do:

- a second router or prefix on a link is not a move: the state stays and no
  Binding Update is sent because of it;
- only packets from the home address are steered into the tunnel (the rule
  "from HOA lookup 109" exists only while registered); while registering or
  unregistered, traffic from the care-of address flows directly on the
  visited network and no tunnel device exists;
- registration that goes unanswered (1.5 s + 3 s, RFC 6275 §11.8 / §13)
  makes the node "unregistered" with reason "ha-unreachable", and
  retransmissions go on with back-off up to 32 s, so when the path works
  again the node registers within one retransmission interval;
- returning home from any state restores exactly the home link.

One test class per twist, each on its own bed (the fixture removes it in
tearDownClass); each test is its own meson test (tests/e2e/meson.build).
"""
import os
import re
import subprocess
import time

import mip6e2e as e2e
from mip6e2e import AR, CN, HOME_ADDRESS

HA_CONFIG, MN_CONFIG = e2e.HA_CONFIG, e2e.MN_CONFIG

R2HOME_PREFIX = "fd00:106:2700:"
R2VISIT_PREFIX = "fec0:106:1200:"
VISITED_PREFIXES = (e2e.VISIT_PREFIX, e2e.VISIT2_PREFIX, R2VISIT_PREFIX, "fec0:106:1300:")
TUNNEL_RE = r"\bmip6t(un|nl)"
# RFC 6275 §13: InitialBindackTimeoutFirstReg 1.5 s, then doubled; the node
# reports "unregistered" when the first two attempts went unanswered.
UNREGISTERED_WITHIN = 10
MAX_BINDACK_TIMEOUT = 32


def testbed(*args, check=True):
    r = subprocess.run([e2e.TESTBED, *args], capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"mip6-testbed {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


class RealNetwork(e2e.BedTestCase):
    """The HA and the MN with the scenarios' configuration; every test
    starts with the MN at home and both daemons running."""

    capture_home_at_start = False
    has_moved = False  # the MN has been away since its mip6d started

    def setUp(self):
        self.ha = self.node("ha")
        self.mn = self.node("mn")
        if self.ha.daemon is None or self.ha.daemon.poll() is not None:
            self.ha.start_mip6d(HA_CONFIG)
        if self.mn.daemon is None:
            if self.capture_home_at_start:
                type(self).cap_home_start = os.path.join(self.workdir, "homenet-start.pcap")
                self.bed.capture("homenet", self.cap_home_start)
                time.sleep(0.3)
            self.mn.start_mip6d(MN_CONFIG)
        elif self.status()["state"] != "home":
            self.bed.move("homenet")
            self.wait_state("home")
            e2e.wait_for(lambda: self.ha.json("bc") == [], 10, "an empty binding cache")

    # -- observation ---------------------------------------------------

    def status(self):
        return self.mn.json("status")

    def stats(self):
        return self.mn.json("stats")

    def logs(self):
        return f"\nMN log:\n{self.mn.read_log()}\nHA log:\n{self.ha.read_log()}"

    def wait_state(self, state, timeout=10):
        last = {}

        def pred():
            last["s"] = self.status()
            return last["s"] if last["s"]["state"] == state else None
        try:
            return e2e.wait_for(pred, timeout, f"state {state}")
        except AssertionError as e:
            raise AssertionError(f"{e} (last status: {last.get('s')}){self.logs()}") from None

    def states_during(self, seconds, interval=0.25):
        """Every status seen during @seconds."""
        seen = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            seen.append(self.status())
            time.sleep(interval)
        return seen

    def mn_run(self, *cmd, check=False, timeout=30):
        return self.bed.run("mn", *cmd, check=check, timeout=timeout)

    def tunnel_devices(self):
        links = self.mn_run("ip", "-o", "link").stdout
        return [line.split(":")[1].strip() for line in links.splitlines() if re.search(TUNNEL_RE, line)]

    def rules(self):
        return self.mn_run("ip", "-6", "rule", "show").stdout

    def route_get(self, dst, src=None):
        return self.mn_run("ip", "-6", "route", "get", dst, *(["from", src] if src else [])).stdout

    def ping(self, dst, src=None, count=3, size=None, wait=2):
        args = ["ping", "-6", "-n", "-c", str(count), "-i", "0.3", "-W", str(wait)]
        if src:
            args += ["-I", src]
        if size:
            args += ["-s", str(size)]
        return self.mn_run(*args, dst, timeout=count * (wait + 1) + 10)

    def bu_rows(self, pcap):
        """(time, source, destination, sequence, lifetime) of each Binding
        Update in @pcap (not those quoted in ICMPv6 errors: a home agent's
        kernel without CONFIG_IPV6_MIP6 answers the Home Address option with
        a Parameter Problem, which the mobile node ignores)."""
        return e2e.tshark_fields(pcap, "mip6.mhtype == 5 && !icmpv6",
                                 ["frame.time_epoch", "ipv6.src", "ipv6.dst", "mip6.bu.seqnr",
                                  "mip6.bu.lifetime"])

    # -- moves ---------------------------------------------------------

    def go_foreign(self, link="visitnet", prefixes=(e2e.VISIT_PREFIX,), timeout=10):
        type(self).has_moved = True
        self.bed.move(link)
        s = self.wait_state("foreign", timeout)
        self.assertTrue(s["care_of_address"].startswith(tuple(prefixes)), s)
        return s

    def go_unregistered(self, reasons=("ha-unreachable",)):
        """Moves to visitnet where registration cannot succeed: the node is
        "registering", then "unregistered" with one of @reasons within
        UNREGISTERED_WITHIN s. Returns the last status and the states seen."""
        type(self).has_moved = True
        self.bed.move("visitnet")
        t0 = time.monotonic()
        seen = []
        while True:
            s = self.status()
            seen.append((s["state"], s["state_reason"]))
            if s["state"] == "unregistered":
                break
            self.assertNotEqual(s["state"], "foreign", f"registered through a path that cannot work: {s}")
            if time.monotonic() - t0 > UNREGISTERED_WITHIN + 5:
                self.fail(f"not unregistered after {UNREGISTERED_WITHIN + 5} s: {s}; seen {seen}{self.logs()}")
            time.sleep(0.05)
        took = time.monotonic() - t0
        print(f"unregistered ({s['state_reason']}) {took:.1f} s after the move")
        self.assertIn("registering", [st for st, _ in seen], f"never registering: {seen}")
        self.assertLessEqual(took, UNREGISTERED_WITHIN, f"unregistered only after {took:.1f} s")
        self.assertIn(s["state_reason"], reasons, s)
        self.assertTrue(s["state_reason_text"], s)  # the person is told why
        self.assertTrue(s["care_of_address"].startswith(e2e.VISIT_PREFIX), s)
        return s, seen

    # -- contract checks -----------------------------------------------

    def assert_direct(self, coa):
        """While registering or unregistered: no tunnel, no steering rule,
        traffic from the care-of address (and new connections) go directly
        on the visited network."""
        self.assertEqual(self.tunnel_devices(), [], "a tunnel device without a binding")
        self.assertNotRegex(self.rules(), rf"from {re.escape(HOME_ADDRESS)} lookup 109",
                            "home address steered into the tunnel without a binding")
        got = self.route_get(CN, coa)
        self.assertIn("dev eth0", got, f"{CN} from {coa}: {got}")
        got = self.route_get(CN)
        self.assertIn("dev eth0", got, f"{CN} without source: {got}")
        r = self.ping(CN, coa)
        self.assertEqual(r.returncode, 0, f"ping -I {coa} {CN}: {r.stdout}{r.stderr}{self.logs()}")
        # never worse off than without mip6: a new connection that lets the
        # kernel pick its source works too
        r = self.ping(CN)
        self.assertEqual(r.returncode, 0, f"ping {CN} (no source) while unregistered: "
                         f"{r.stdout}{r.stderr}\nroute: {got}")

    def assert_through_tunnel(self, dst=CN, size=None, count=3, min_replies=None):
        tunnels = self.tunnel_devices()
        self.assertEqual(len(tunnels), 1, f"tunnel devices: {tunnels}")
        self.assertRegex(self.rules(), rf"from {re.escape(HOME_ADDRESS)} lookup 109")
        got = self.route_get(dst, HOME_ADDRESS)
        self.assertIn(f"dev {tunnels[0]}", got, f"{dst} from {HOME_ADDRESS}: {got}")
        r = self.ping(dst, HOME_ADDRESS, count=count, size=size)
        m = re.search(r"(\d+) packets transmitted, (\d+) received", r.stdout)
        got_replies = int(m.group(2)) if m else 0
        self.assertEqual(r.returncode, 0, f"ping -I {HOME_ADDRESS} {dst}"
                         f"{f' -s {size}' if size else ''}: {r.stdout}{r.stderr}{self.logs()}")
        if min_replies is not None:
            self.assertGreaterEqual(got_replies, min_replies, r.stdout)
        return r

    def assert_clean_home(self, ha_running=True, timeout=10):
        """Exactly the home link: home address on eth0, no tunnel, no rule
        at priority 1000, no routes of proto 109, HA's cache empty."""
        s = self.wait_state("home", timeout)
        self.assertEqual(s["state_reason"], "", s)
        e2e.wait_for(lambda: HOME_ADDRESS in [a["local"] for a in self.bed.addresses("mn")], 5,
                     f"the home address on eth0 ({self.bed.addresses('mn')}){self.logs()}")
        e2e.wait_for(lambda: not self.tunnel_devices(), 5, f"no tunnel device ({self.tunnel_devices()})")
        # the visited networks keep nothing of ours (scenario 6, the
        # HOWTO's FAQ 6), whichever of their prefixes was the care-of one
        def foreign_addresses():
            return [a["local"] for a in self.bed.addresses("mn") if a["local"].startswith(VISITED_PREFIXES)]
        try:
            e2e.wait_for(lambda: not foreign_addresses(), 5, "no visited network's address")
        except AssertionError as e:
            raise AssertionError(f"{e}: {foreign_addresses()}\nroutes:\n"
                                 f"{self.mn_run('ip', '-6', 'route', 'show').stdout}{self.logs()}") from None
        prio = [line for line in self.rules().splitlines() if line.startswith("1000:")]
        self.assertEqual(prio, [], "a rule at priority 1000 left at home")
        routes = self.mn_run("ip", "-6", "route", "show", "table", "all", "proto", "109").stdout
        self.assertEqual(routes, "", "routes of proto 109 left at home")
        if ha_running:
            e2e.wait_for(lambda: self.ha.json("bc") == [], 10, f"an empty binding cache{self.logs()}")
        try:
            return e2e.wait_for(lambda: (lambda r: r if r.returncode == 0 else None)(
                self.ping(AR, HOME_ADDRESS, count=1)), 5, "a ping from the home address at home")
        except AssertionError as e:
            raise AssertionError(
                f"{e}\nroute get: {self.route_get(AR, HOME_ADDRESS)}\nroutes:\n"
                f"{self.mn_run('ip', '-6', 'route', 'show').stdout}addresses: "
                f"{[a['local'] for a in self.bed.addresses('mn')]}{self.logs()}") from None

    def assert_registered(self, s):
        bul = self.mn.json("bul")
        self.assertEqual(len(bul), 1, bul)
        self.assertEqual(bul[0]["care_of_address"], s["care_of_address"])
        self.assertEqual(bul[0]["state"], "registered", bul)
        bc = self.ha.json("bc")
        self.assertEqual([(e["home_address"], e["care_of_address"]) for e in bc],
                         [(HOME_ADDRESS, s["care_of_address"])])


class SecondRouterHomeBase(RealNetwork):
    """A second router with a prefix of its own on the home link is not a
    move: the MN stays "home" and sends no Binding Update; the scenarios
    still work."""

    def check_stays_home(self):
        self.wait_state("home")
        # the MN forms an address from the second router's prefix (the
        # twist is in place) ...
        e2e.wait_for(lambda: self.bed.global_address("mn", R2HOME_PREFIX), 10,
                     f"an address from {R2HOME_PREFIX}:/64")
        time.sleep(1)
        cap = os.path.join(self.workdir, "homenet-stay.pcap")
        self.bed.capture("homenet", cap)
        time.sleep(0.3)
        sent = self.stats()["bind_updates_sent"]
        # ... and stays home for 10 s, keeping that address (the second
        # router's prefix is as much the home link's as the home prefix)
        seen, ula = [], set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            seen.append(self.status())
            ula.add(self.bed.global_address("mn", R2HOME_PREFIX))
            time.sleep(0.25)
        self.assertEqual({(s["state"], s["state_reason"]) for s in seen}, {("home", "")}, seen)
        self.assertNotIn(None, ula, f"the address from {R2HOME_PREFIX}:/64 vanished at home")
        self.assertEqual(self.mn.json("bul"), [])
        self.assertEqual(self.stats()["bind_updates_sent"], sent, "Binding Updates sent at home")
        self.assertEqual(self.bu_rows(cap), [], "Binding Updates on homenet")
        self.assertEqual(self.ha.json("bc"), [])
        self.assertEqual(self.tunnel_devices(), [])
        # nothing at home was ever registered since the start ...
        if not self.has_moved:
            self.assertEqual([r for r in self.bu_rows(self.cap_home_start) if r[4] != "0"], [],
                             f"a registration (lifetime > 0) sent from home at start{self.logs()}")
        # ... nor at two more starts at home (whichever router's
        # advertisement the MN hears first)
        for n in range(2):
            self.assertEqual(self.mn.stop_mip6d(), 0)
            cap = os.path.join(self.workdir, f"homenet-restart-{n}.pcap")
            self.bed.capture("homenet", cap)
            time.sleep(0.3)
            self.mn.start_mip6d(MN_CONFIG)
            self.wait_state("home")
            time.sleep(2)
            self.assertEqual(self.status()["state"], "home")
            self.assertEqual([r for r in self.bu_rows(cap) if r[4] != "0"], [],
                             f"restart {n + 1}: a registration (lifetime > 0) sent from home{self.logs()}")
            self.assertEqual(self.ha.json("bc"), [])

    def check_move_and_return(self, rounds=3):
        """Scenarios 2 and 6, @rounds times: whichever of the two routers'
        advertisements the MN hears first on its return, it is home."""
        self.wait_state("home")
        e2e.wait_for(lambda: self.bed.global_address("mn", R2HOME_PREFIX), 10,
                     f"an address from {R2HOME_PREFIX}:/64")
        for n in range(rounds):
            # scenario 2
            s = self.go_foreign()
            self.assertEqual(s["home_address"].split("/")[0], HOME_ADDRESS)
            self.assertGreaterEqual(self.stats()["bind_acks_rcvd"], 1)
            self.assert_registered(s)
            self.assert_through_tunnel()
            # scenario 6
            cap = os.path.join(self.workdir, f"homenet-return-{n}.pcap")
            self.bed.capture("homenet", cap)
            time.sleep(0.3)
            self.bed.move("homenet")
            self.assert_clean_home()
            rows = self.bu_rows(cap)
            self.assertIn("0", [r[4] for r in rows], f"no deregistration on homenet: {rows}")
            # the second router's RAs did not make the home link look foreign
            self.assertEqual([r for r in rows if r[4] != "0"], [],
                             f"return {n + 1}: a registration (lifetime > 0) sent on the home link"
                             f"{self.logs()}")
            # and it stays home with both routers advertising
            seen = self.states_during(2)
            self.assertEqual({s["state"] for s in seen}, {"home"}, seen)


class SecondRouterHomeNoDefault(SecondRouterHomeBase):
    """`--second-router homenet:no-default`: a Thread/Matter border router's
    ULA prefix at home (router lifetime 0)."""
    bed_options = ("--second-router", "homenet:no-default")
    capture_home_at_start = True

    def test_stays_home(self):
        self.check_stays_home()

    def test_move_and_return(self):
        self.check_move_and_return()


class SecondRouterHomeDefault(SecondRouterHomeBase):
    """`--second-router homenet`: two default routers at home."""
    bed_options = ("--second-router", "homenet")
    capture_home_at_start = True

    def test_stays_home(self):
        self.check_stays_home()

    def test_move_and_return(self):
        self.check_move_and_return()


class SecondRouterVisited(RealNetwork):
    """`--second-router visitnet`: two routers and two prefixes on the
    visited link. One registration, none triggered by the second router."""
    bed_options = ("--second-router", "visitnet")

    def test_one_registration(self):
        self.wait_state("home")
        cap = os.path.join(self.workdir, "visitnet.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.3)
        sent = self.stats()["bind_updates_sent"]
        s = self.go_foreign(prefixes=(e2e.VISIT_PREFIX, R2VISIT_PREFIX))
        coa, seq = s["care_of_address"], s["sequence"]
        # both prefixes are there (the twist is in place)
        e2e.wait_for(lambda: self.bed.global_address("mn", R2VISIT_PREFIX)
                     and self.bed.global_address("mn", e2e.VISIT_PREFIX), 10,
                     "addresses from both visited prefixes")
        seen = self.states_during(10)
        self.assertEqual({(x["state"], x["care_of_address"], x["sequence"]) for x in seen},
                         {("foreign", coa, seq)}, "state, CoA or sequence changed on a link with two routers")
        self.assertEqual(self.stats()["bind_updates_sent"] - sent, 1,
                         f"Binding Updates sent for one move{self.logs()}")
        rows = self.bu_rows(cap)
        self.assertEqual(len(rows), 1, f"Binding Updates on visitnet: {rows}")
        self.assertEqual(rows[0][1], coa)
        self.assert_registered(s)
        self.assert_through_tunnel()
        self.bed.move("homenet")
        self.assert_clean_home()


class Unreachable(RealNetwork):
    """Shared checks of a registration that cannot succeed."""

    def check_retransmissions(self, cap, coa, before=None):
        """BUs keep going out from the care-of address, with growing gaps
        (no busy loop), none sooner than 1 s after the previous one."""
        rows = [r for r in self.bu_rows(cap) if r[1] == coa and (before is None or float(r[0]) < before)]
        times = [float(r[0]) for r in rows]
        self.assertGreaterEqual(len(times), 3, f"Binding Updates on visitnet: {rows}")
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertTrue(all(g >= 1.0 for g in gaps), f"retransmission gaps {gaps}")
        self.assertTrue(all(b >= a * 0.9 for a, b in zip(gaps, gaps[1:])),
                        f"retransmission gaps do not back off: {gaps}")
        self.assertTrue(all(g <= MAX_BINDACK_TIMEOUT * 1.2 for g in gaps), gaps)
        return gaps

    def wait_registered_again(self, cap, coa, t_fixed, what):
        """The path works again since @t_fixed (time.time()): registered
        within one retransmission interval, i.e. by the next Binding Update
        due after the last one that went unanswered."""
        s = self.wait_state("foreign", 40)
        t_registered = time.time()
        rows = [float(r[0]) for r in self.bu_rows(cap) if r[1] == coa and float(r[0]) < t_fixed]
        gaps = [b - a for a, b in zip(rows, rows[1:])]
        due = rows[-1] + min(2 * gaps[-1], MAX_BINDACK_TIMEOUT)
        print(f"registered {t_registered - t_fixed:.1f} s after {what}; the next Binding Update "
              f"was due {due - t_fixed:.1f} s after it")
        self.assertLessEqual(t_registered, due + 2, f"not registered by the next retransmission "
                             f"after {what}{self.logs()}")
        self.assertEqual(s["state_reason"], "", s)
        return s


class FilteredMh(Unreachable):
    """`--filter-mh visitnet`: AR drops the Mobility Header (and HAO, RH2)."""
    bed_options = ("--filter-mh", "visitnet")

    def setUp(self):
        super().setUp()
        testbed("filter", self.name, "visitnet", "on")

    def test_unregistered_then_unfiltered(self):
        self.wait_state("home")
        cap = os.path.join(self.workdir, "visitnet-filtered.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.3)
        t_move = time.monotonic()
        s, _ = self.go_unregistered()
        coa = s["care_of_address"]
        self.assertEqual(self.ha.json("bc"), [])
        self.assert_direct(coa)
        # it stays unregistered (and keeps retrying) while the filter is on
        time.sleep(max(0, 14 - (time.monotonic() - t_move)))
        s = self.status()
        self.assertEqual((s["state"], s["state_reason"]), ("unregistered", "ha-unreachable"), s)
        self.assert_direct(coa)
        gaps = self.check_retransmissions(cap, coa)
        print(f"BU retransmission gaps behind the filter: {[round(g, 2) for g in gaps]}")
        # the path works again: registered within one retransmission interval
        testbed("filter", self.name, "visitnet", "off")
        s = self.wait_registered_again(cap, coa, time.time(), "the filter went off")
        self.assertEqual(s["care_of_address"], coa)
        self.assert_registered(s)
        self.assert_through_tunnel()
        self.bed.move("homenet")
        self.assert_clean_home()

    def test_home_while_unregistered(self):
        self.wait_state("home")
        s, _ = self.go_unregistered()
        self.assert_direct(s["care_of_address"])
        self.bed.move("homenet")
        self.assert_clean_home()
        # and it stays home: no retransmission of the failed registration
        # (a deregistration may still be repeated until answered, §11.5.4:
        # the filtered BU might have reached the home agent).
        cap = os.path.join(self.workdir, "homenet-after-return.pcap")
        self.bed.capture("homenet", cap)
        seen = self.states_during(5)
        self.assertEqual({x["state"] for x in seen}, {"home"}, seen)
        self.assertEqual(self.mn.json("bul"), [])
        registrations = e2e.tshark_fields(cap, "mip6.mhtype == 5 && mip6.bu.lifetime > 0",
                                          ["mip6.bu.seqnr"])
        self.assertEqual(registrations, [])


class HomeAgentDown(Unreachable):
    """The home agent's mip6d is stopped before the move (the host, its
    router advertisements and its forwarding stay). Its kernel may answer
    the Binding Update with an ICMP Parameter Problem (RFC 6275 §9.2/§11.3.5),
    so "not-home-agent" is as right a reason as "ha-unreachable"."""
    REASONS = ("ha-unreachable", "not-home-agent")

    def test_unregistered_then_ha_back(self):
        self.wait_state("home")
        self.assertEqual(self.ha.stop_mip6d(), 0)
        cap = os.path.join(self.workdir, "visitnet-hadown.pcap")
        self.bed.capture("visitnet", cap)
        time.sleep(0.3)
        t_move = time.monotonic()
        s, _ = self.go_unregistered(self.REASONS)
        coa = s["care_of_address"]
        self.assert_direct(coa)
        time.sleep(max(0, 14 - (time.monotonic() - t_move)))
        s = self.status()
        self.assertEqual(s["state"], "unregistered", s)
        self.assertIn(s["state_reason"], self.REASONS, s)
        self.assert_direct(coa)
        gaps = self.check_retransmissions(cap, coa)
        print(f"BU retransmission gaps with the HA down: {[round(g, 2) for g in gaps]}")
        t_up = time.time()
        self.ha.start_mip6d(HA_CONFIG)
        s = self.wait_registered_again(cap, coa, t_up, "the home agent came back")
        self.assert_registered(s)
        self.assert_through_tunnel()
        self.bed.move("homenet")
        self.assert_clean_home()

    def test_home_while_unregistered(self):
        self.wait_state("home")
        self.assertEqual(self.ha.stop_mip6d(), 0)
        s, _ = self.go_unregistered(self.REASONS)
        self.assert_direct(s["care_of_address"])
        self.bed.move("homenet")
        self.assert_clean_home(ha_running=False)
        self.ha.start_mip6d(HA_CONFIG)
        self.assertEqual(self.ha.json("bc"), [])
        seen = self.states_during(3)
        self.assertEqual({x["state"] for x in seen}, {"home"}, seen)


class OfflinkPrefix(RealNetwork):
    """`--offlink-prefix visitnet`: the CoA's prefix has no on-link route."""
    bed_options = ("--offlink-prefix", "visitnet")

    def test_foreign_and_ping(self):
        self.wait_state("home")
        s = self.go_foreign()
        self.assert_registered(s)
        self.assert_through_tunnel()
        # the twist is in place: no on-link route for the visited prefix
        routes = self.mn_run("ip", "-6", "route", "show", "dev", "eth0").stdout
        self.assertNotRegex(routes, r"(?m)^fec0:106:1100::/64 ", routes)
        r = self.ping(CN, s["care_of_address"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.bed.move("homenet")
        self.assert_clean_home()


class Replug(RealNetwork):
    """`mip6-testbed replug`: eth0 vanishes and comes back with a new
    ifindex (a USB adapter pulled and plugged in again)."""

    def ifindex(self):
        return int(self.mn_run("cat", "/sys/class/net/eth0/ifindex", check=True).stdout)

    def test_replug(self):
        self.wait_state("home")
        self.assertEqual(self.mn.json("bul"), [])
        s = self.go_foreign()
        self.assert_registered(s)
        old = self.ifindex()
        testbed("replug", self.name, "visitnet")
        self.assertNotEqual(self.ifindex(), old)
        # re-attached to the new eth0: registered from it, traffic from the
        # home address goes through the tunnel again
        def reattached():
            st = self.status()
            if st["state"] != "foreign" or not st["care_of_address"].startswith(e2e.VISIT_PREFIX):
                return None
            if self.bed.global_address("mn", e2e.VISIT_PREFIX) is None:
                return None
            if self.ping(CN, HOME_ADDRESS, count=1, wait=1).returncode != 0:
                return None
            return st
        try:
            s = e2e.wait_for(reattached, 20, "foreign again on the new eth0", interval=0.5)
        except AssertionError as e:
            raise AssertionError(f"{e}: {self.status()}\nroutes: "
                                 f"{self.mn_run('ip', '-6', 'route', 'show', 'table', 'all').stdout}"
                                 f"{self.logs()}") from None
        self.assert_registered(s)
        self.assert_through_tunnel()
        testbed("replug", self.name, "homenet")
        self.assert_clean_home(timeout=20)


class Mtu1280(RealNetwork):
    """`--mtu 1280 visitnet`: the tunnel's outer packets need 40 bytes more
    than the inner ones (RFC 2473 §7, RFC 6275 §11.3.1)."""
    bed_options = ("--mtu", "1280", "visitnet")

    def test_big_ping_through_tunnel(self):
        self.wait_state("home")
        s = self.go_foreign()
        self.assert_registered(s)
        mtu = self.mn_run("sysctl", "-n", "net.ipv6.conf.eth0.mtu").stdout.strip()
        self.assertEqual(mtu, "1280", "the MN did not learn the link MTU from the RA")
        self.assert_through_tunnel()  # small packets first
        # 1200 bytes of data: 1248-byte inner packets, 1288 bytes encapsulated
        self.assert_through_tunnel(size=1200, count=6, min_replies=3)
        self.bed.move("homenet")
        self.assert_clean_home()


if __name__ == "__main__":
    e2e.skip_unless_possible()
    e2e.main(f"real networks, MN {e2e.DATAPATH_MN}, HA {e2e.DATAPATH_HA}")
