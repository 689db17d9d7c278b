#!/usr/bin/python3
"""End to end over real Wi-Fi (VM tier only): mip6d as mobile node on the
Wi-Fi bed of tests/vm/wifi/mip6-wifibed, with NetworkManager and
wpa_supplicant owning its radio and docking Ethernet port, against mip6d as
home agent. mip6d joins homenet (WPA-PSK), visitnet (WEP) and visitnet2
(open) with each network's key on `mip6ctl roam`, roams by itself when the
access point in use is switched off, and DESIGN.md's scenarios pass over
Wi-Fi, as does a handover between Ethernet and Wi-Fi.

The tests run in order on one bed (each leaves the mobile node where the
next one starts). MIP6_WIFIBED names a bed that is up already.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import shutil
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "vm", "wifi"))
import mip6e2e as e2e  # noqa: E402
import wifibed  # noqa: E402
from mip6e2e import AR, CN, HOME_ADDRESS, HOME_AGENT  # noqa: E402

# The scenarios' mobile node, with interface = auto (NetworkManager's
# primary connection) and one group per ESSID; priorities make homenet the
# first choice, then visitnet.
MN_CONFIG = f"""[mip6d]
role=mobile-node
interface=auto
home-address={HOME_ADDRESS}/64
home-agent={HOME_AGENT}
binding-lifetime=120
datapath={e2e.DATAPATH_MN}

[network homenet]
security=wpa-psk
key-file={{dir}}/homenet.key
home=true
priority=10

[network visitnet]
security=wep
key-file={{dir}}/visitnet.key
priority=5

[network visitnet2]
security=open
"""


class Patient:
    """Node start-ups with four times mip6e2e's waits: on two cores shared
    with another VM, a python-dbusmock polkitd took more than its 10 s."""

    def start_bus(self):
        with slower():
            super().start_bus()

    def start_mip6d(self, *args, **kw):
        with slower():
            super().start_mip6d(*args, **kw)


class slower:
    def __enter__(self):
        self.orig = e2e.wait_for
        e2e.wait_for = lambda pred, timeout, what, interval=0.05: self.orig(pred, 4 * timeout, what,
                                                                              interval)

    def __exit__(self, *exc):
        e2e.wait_for = self.orig


class HomeAgent(Patient, e2e.Node):
    pass


class MobileNode(Patient, e2e.Node):
    """mip6d on the Wi-Fi bed's mobile node: the VM's root namespace (named
    for ip netns exec by the bed) and NetworkManager's system bus, with the
    polkitd mock on that bus."""

    def __init__(self, bed, workdir, bus):
        super().__init__(bed, "mn", workdir)
        self.bus_path = bus.removeprefix("unix:path=")
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = bus

    def start_bus(self):
        self.polkit = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--system", "--template",
                                        "polkitd"], env=self.env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        e2e.wait_for(lambda: self.gdbus_polkit("AllowUnknown", "false").returncode == 0, 10,
                     "the polkitd mock on NetworkManager's bus")
        self.bus = self.polkit  # the bus itself is the Wi-Fi bed's

    def roam_run(self, network, timeout=120):
        return subprocess.run(["ip", "netns", "exec", self.bed.ns("mn"), e2e.MIP6CTL, "roam", network,
                               "--json"], env=self.env, capture_output=True, text=True,
                              timeout=timeout)

    def roam(self, network, timeout=120):
        """mip6ctl roam NETWORK --json: the handover it waited for."""
        r = self.roam_run(network, timeout)
        if r.returncode != 0:
            raise AssertionError(f"mip6ctl roam {network} exited {r.returncode}: {r.stdout}{r.stderr}"
                                 f"\nmip6d log:\n{self.read_log()[-6000:]}")
        return json.loads(r.stdout)


class WifiMobileNode(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="mip6-wifi-")
        cls.wifi = wifibed.WifiBed(f"w{os.getpid() % 100000}")
        # The wired bed under it, for the nodes' namespaces and captures.
        cls.bed = e2e.Bed.__new__(e2e.Bed)
        cls.bed.name = cls.wifi.name
        cls.bed._ns = {"mn": cls.wifi.info["mn_namespace"]}
        keys = os.path.join(cls.workdir, "keys")
        os.mkdir(keys, 0o700)
        for ssid in ("homenet", "visitnet"):
            path = os.path.join(keys, f"{ssid}.key")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, (cls.wifi.aps[ssid]["key"] + "\n").encode())
            os.close(fd)
        cls.config = MN_CONFIG.format(dir=keys)
        cls.ha = HomeAgent(cls.bed, "ha", cls.workdir)
        cls.mn = MobileNode(cls.bed, cls.workdir, cls.wifi.info["bus"])
        cls.dock_profile = None
        cls.ha.start_mip6d(e2e.HA_CONFIG)
        cls.mn.start_mip6d(cls.config)
        cls.mn.allow_polkit("org.mip6.roam", "org.mip6.reregister")

    @classmethod
    def tearDownClass(cls):
        w = cls.wifi
        for n in (cls.mn, cls.ha):
            n.cleanup()
        for ssid in w.aps:
            w.tool("ap", w.name, ssid, "on", check=False)
        w.tool("undock", w.name, check=False)
        if cls.dock_profile:
            w.nmcli("connection", "delete", cls.dock_profile, check=False)
        w.nmcli("device", "disconnect", w.wlan, check=False)
        w.down()
        if os.environ.get("MIP6_KEEP_LOGS"):
            print(f"logs kept in {cls.workdir}")
        else:
            shutil.rmtree(cls.workdir, ignore_errors=True)

    # ------------------------------------------------------------ helpers

    def status(self):
        return self.mn.json("status")

    def wait_status(self, timeout=60, **want):
        def match():
            s = self.status()
            return s if all(s.get(k) == v for k, v in want.items()) else None
        return e2e.wait_for(match, timeout, f"mip6ctl status with {want} (last: {self.status()})\n"
                            f"mip6d log:\n{self.mn.read_log()[-6000:]}", interval=0.5)

    def wait_handover(self, since, timeout=90, **want):
        """The status once a handover that started after since (time.time())
        has ended, its keys as in want."""
        def done():
            s = self.status()
            h = s.get("last_handover") or {}
            return s if (h.get("started", 0) / 1e6 >= since
                         and h.get("result") in ("completed", "failed")
                         and all(h.get(k) == v for k, v in want.items())) else None
        return e2e.wait_for(done, timeout, f"a handover with {want} (last: {self.status()})\n"
                            f"mip6d log:\n{self.mn.read_log()[-6000:]}", interval=0.3)

    def assert_on(self, ssid):
        """The radio is associated with ssid's access point, as iw says."""
        bssid = self.wifi.scan().get(ssid, ("?",))[0]
        self.assertEqual(self.wifi.link(), (bssid, ssid))

    def assert_foreign(self, s, ssid, iface=None):
        prefix = self.wifi.aps[ssid]["prefix"]
        iface = iface or self.wifi.wlan
        self.assertEqual((s["state"], s["network"] if iface == self.wifi.wlan else ssid,
                          s["interface"]), ("foreign", ssid, iface), s)
        coa = s["care_of_address"]
        self.assertIn(coa, self.wifi.addresses(iface, prefix), (s, prefix))
        e2e.wait_for(lambda: [(e["home_address"], e["care_of_address"]) for e in self.ha.json("bc")]
                     == [(HOME_ADDRESS, coa)], 10, f"the home agent's binding of {coa}")
        self.assertEqual(s["home_address"].split("/")[0], HOME_ADDRESS)
        return coa

    def assert_home(self):
        s = self.wait_status(state="home", network="homenet", interface=self.wifi.wlan)
        e2e.wait_for(lambda: self.ha.json("bc") == [], 10, "an empty binding cache")
        self.assertIn(HOME_ADDRESS, self.wifi.addresses(self.wifi.wlan), "home address on wlan0")
        self.assert_clean()
        r = self.wifi.ping(HOME_AGENT, src=HOME_ADDRESS)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return s

    def assert_clean(self):
        """Nothing of a binding left on the mobile node."""
        tunnel = e2e.TUNNEL_DEVICE[e2e.DATAPATH_MN]
        run = lambda *c: subprocess.run(c, capture_output=True, text=True).stdout  # noqa: E731
        self.assertNotIn("lookup 109", run("ip", "-6", "rule", "show"))
        self.assertEqual(run("ip", "-6", "route", "show", "table", "all", "proto", "109"), "")
        self.assertNotRegex(run("ip", "-o", "link"), rf"\b{tunnel}\d")

    def signalling(self, cap, handover):
        """What to show when a handover failed: it, the Mobility Header
        messages in the capture, the mobile node's addresses, routes and
        log, the home agent's log."""
        mh = e2e.tshark_fields(cap, "mipv6", ["frame.time_epoch", "ipv6.src", "ipv6.dst", "mip6.mhtype",
                                             "mip6.bu.seqnr", "mip6.ba.status"])
        run = lambda *c: subprocess.run(c, capture_output=True, text=True).stdout  # noqa: E731
        return (f"{handover}\nMobility Header in {cap}: {mh}\n"
                f"MN addresses:\n{run('ip', '-6', 'addr')}\nMN routes:\n{run('ip', '-6', 'route', 'show', 'table', 'all')}"
                f"\nMN rules:\n{run('ip', '-6', 'rule')}\nMN neighbours:\n{run('ip', '-6', 'neigh')}"
                f"\nMN log:\n{self.mn.read_log()[-8000:]}"
                f"\nHA log:\n{self.ha.read_log()[-3000:]}")

    def timeline(self, cap):
        """Mobility Header and Neighbour Discovery on a link, as tshark
        decodes them, and the mobile node's neighbour cache."""
        rows = e2e.tshark_fields(cap, "mipv6 || icmpv6.type >= 133 && icmpv6.type <= 136",
                                 ["frame.time_epoch", "eth.src", "ipv6.src", "ipv6.dst", "_ws.col.Info"])
        neigh = subprocess.run(["ip", "-6", "neigh"], capture_output=True, text=True).stdout
        return ("capture " + cap + ":\n" + "\n".join(" ".join(r) for r in rows[:80])
                + "\nMN neighbours:\n" + neigh)

    def logs_since(self, t):
        """The mobile node's and the home agent's log lines from wall-clock
        time t on (their HH:MM:SS.mmm stamps), to see where a slow
        registration lost its time."""
        stamp = time.strftime("%H:%M:%S", time.localtime(t))
        def tail(text):
            lines = text.splitlines()
            lines = [x for x in lines if "ARM_TIMER" not in x]
            for i, line in enumerate(lines):
                m = re.search(r"(\d\d:\d\d:\d\d)\.\d{3}", line)
                if m and m.group(1) >= stamp:
                    return "\n".join(lines[i:i + 150])
            return "\n".join(lines[-60:])
        return f"MN log:\n{tail(self.mn.read_log())}\nHA log:\n{tail(self.ha.read_log())}"

    def ping_stream(self, dst=CN):
        return subprocess.Popen(["ping", "-6", "-n", "-D", "-i", "0.05", "-W", "1", "-I", HOME_ADDRESS,
                                 dst], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def stop_stream(self, probe):
        probe.send_signal(signal.SIGINT)
        out = probe.communicate(timeout=10)[0]
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        self.assertIsNotNone(m, out)
        replies = [float(t) for t in re.findall(r"^\[(\d+\.\d+)\] \d+ bytes from", out, re.M)]
        return int(m.group(1)), int(m.group(2)), replies

    # ------------------------------------------------------------ tests

    def test_joins_homenet_with_its_passphrase(self):
        # Scenario 8: mip6d asks NetworkManager to join the WPA-PSK network
        # with the key of its key file.
        w = self.wifi
        s = self.status()
        self.assertEqual(s["datapath"], e2e.DATAPATH_MN)
        self.assertEqual(s["state"], "detached", s)  # the bed leaves wlan0 disconnected
        r = self.mn.roam_run("homenet")
        self.assert_on("homenet")
        self.wait_status(state="home", network="homenet", interface=w.wlan)
        self.assert_clean()
        # NetworkManager holds mip6d's profile in memory only, marked as
        # mip6d's; nothing went to the keyfile directory; no key in the log.
        ac = w.device(w.wlan).get_active_connection()
        conn = ac.get_connection()
        self.assertTrue(conn.get_unsaved(), conn.get_filename())
        user = conn.get_setting_by_name("user")
        self.assertEqual(user.get_data("org.mip6.managed") if user else None, "yes")
        conndir = os.path.join(os.environ.get("MIP6_WIFIBED_STATE", "/run/mip6-wifibed"), w.name,
                               "connections")
        self.assertEqual(os.listdir(conndir), [])
        log = self.mn.read_log() + self.mn.ctl("networks").stdout
        for ssid in ("homenet", "visitnet"):
            self.assertNotIn(w.aps[ssid]["key"], log)
        nets = {n["name"]: n for n in self.mn.json("networks")}
        self.assertTrue(nets["homenet"]["current"], nets)
        self.assertEqual({k: (nets[k]["security"], nets[k]["visible"]) for k in w.aps},
                         {"homenet": ("wpa-psk", True), "visitnet": ("wep", True),
                          "visitnet2": ("open", True)})
        # At home the home address is on the home link's interface, and
        # joining from detached is a roam like any other for the person.
        wrong = []
        if HOME_ADDRESS not in w.addresses(w.wlan):
            wrong.append(f"no {HOME_ADDRESS} on {w.wlan} at home: {w.addresses(w.wlan)}")
        if r.returncode != 0:
            wrong.append(f"mip6ctl roam homenet, from detached, exited {r.returncode}: "
                         f"{r.stdout}{r.stderr}".strip())
        self.assertEqual(wrong, [], self.mn.read_log()[-3000:])

    def test_roam_visitnet_with_wep_key(self):
        # Scenarios 2-4 and 8 over Wi-Fi: WEP key, CoA from the visited
        # prefix, binding, ping through the tunnel, default route in it.
        w = self.wifi
        if self.status()["state"] != "home":
            self.mn.roam("homenet")
            self.assert_home()
        cap = os.path.join(self.workdir, "visitnet.pcap")
        self.bed.capture("visitnet", cap)
        h = self.mn.roam("visitnet")
        self.assertEqual((h["to_network"], h["result"]), ("visitnet", "completed"), h)
        self.assert_on("visitnet")
        s = self.wait_status(state="foreign", network="visitnet")
        coa = self.assert_foreign(s, "visitnet")
        self.assertEqual(h["care_of_address"], coa, h)
        r = w.ping(AR, src=HOME_ADDRESS, count=3)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        time.sleep(0.5)
        rows = e2e.tshark_fields(cap, "ipv6.nxt == 41 && icmpv6.type == 128", ["ipv6.src", "ipv6.dst"])
        self.assertTrue(rows, "no encapsulated echo request on visitnet")
        self.assertEqual([a.split(",")[:2] for a in rows[0]], [[coa, HOME_ADDRESS], [HOME_AGENT, AR]])
        tunnel = e2e.TUNNEL_DEVICE[e2e.DATAPATH_MN]
        got = subprocess.run(["ip", "-6", "route", "get", CN], capture_output=True, text=True).stdout
        self.assertIn(f"dev {tunnel}", got)
        self.assertIn(f"src {HOME_ADDRESS}", got)
        # LastHandover names the ESSIDs before and after (org.mip6.MobileNode1).
        self.assertEqual(h["from_network"], "homenet", h)

    def test_roam_visitnet2_open_with_traffic(self):
        # Scenarios 5 and 7: the next sequence number, no restart, and a
        # probe stream from the home address across the Wi-Fi handover.
        s1 = self.status()
        if (s1["state"], s1["network"]) != ("foreign", "visitnet"):
            self.mn.roam("visitnet")
            s1 = self.wait_status(state="foreign", network="visitnet")
        pid = self.mn.daemon.pid
        bus_before = self.mn.json("stats")["bind_updates_sent"]
        cap = os.path.join(self.workdir, "visitnet2-roam.pcap")
        self.bed.capture("visitnet2", cap)
        probe = self.ping_stream()
        try:
            time.sleep(1)
            t0 = time.time()
            h = self.mn.roam("visitnet2")
            t1 = time.time()
            time.sleep(2)
        finally:
            sent, got, replies = self.stop_stream(probe)
        self.assertEqual((h["to_network"], h["result"]), ("visitnet2", "completed"), h)
        self.assert_on("visitnet2")
        s2 = self.wait_status(state="foreign", network="visitnet2")
        self.assert_foreign(s2, "visitnet2")
        # RFC 6275 section 11.8: every Binding Update, a retransmission too,
        # takes the next sequence number; one BU answered at once is +1.
        bus = self.mn.json("stats")["bind_updates_sent"] - bus_before
        self.assertEqual(s2["sequence"], (s1["sequence"] + bus) % 65536, (s1, s2, bus))
        if bus != 1:
            print(f"visitnet -> visitnet2: {bus} Binding Updates for one registration (the first went "
                  f"unanswered); handover {s2['last_handover']}\n{self.logs_since(t0)}\n"
                  f"{self.timeline(cap)}")
        self.assertEqual(self.mn.daemon.pid, pid)
        before = [t for t in replies if t < t0]
        after = [t for t in replies if t > t1]
        gap = max([b - a for a, b in zip(replies, replies[1:])] or [0])
        print(f"visitnet -> visitnet2 (mip6ctl roam {t1 - t0:.1f} s): {sent} probes sent, {got} "
              f"answered, {sent - got} lost; longest gap {gap:.1f} s; handover {h.get('total_ms')} ms")
        self.assertTrue(before and after, f"no replies before or after the roam: {before[-3:]}, {after[:3]}")

    def test_access_point_off_roams_home(self):
        # The access point in use goes: mip6d joins the best remaining
        # configured network by itself, homenet (priority 10), and scenario
        # 6 follows: deregistration, empty cache, nothing left behind.
        s = self.status()
        if (s["state"], s["network"]) != ("foreign", "visitnet2"):
            self.mn.roam("visitnet2")
            self.wait_status(state="foreign", network="visitnet2")
        cap = os.path.join(self.workdir, "homenet-return.pcap")
        self.bed.capture("homenet", cap)
        t0 = time.monotonic()
        self.wifi.ap("visitnet2", "off")
        try:
            self.wait_status(timeout=120, state="home", network="homenet")
            took = time.monotonic() - t0
            self.assert_on("homenet")
            self.assert_home()
        finally:
            self.wifi.ap("visitnet2", "on")
        self.assertIn("homenet is the best known network in sight", self.mn.read_log())
        rows = e2e.tshark_fields(cap, "mip6.mhtype == 5", ["mip6.bu.lifetime"])
        self.assertIn("0", [r[0] for r in rows], rows)
        r = self.wifi.ping(AR, src=HOME_ADDRESS)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        print(f"visitnet2 switched off: home on homenet after {took:.1f} s")

    def test_home_access_point_off_roams_to_visitnet(self):
        # The same from home: of the two visited networks, visitnet has the
        # higher priority; mip6d joins it with its WEP key and registers.
        if self.status()["state"] != "home":
            self.mn.roam("homenet")
            self.assert_home()
        t0 = time.monotonic()
        self.wifi.ap("homenet", "off")
        try:
            s = self.wait_status(timeout=120, state="foreign", network="visitnet")
            took = time.monotonic() - t0
            self.assert_on("visitnet")
            self.assert_foreign(s, "visitnet")
            r = self.wifi.ping(CN, src=HOME_ADDRESS)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            self.wifi.ap("homenet", "on")
        print(f"homenet switched off: registered from visitnet after {took:.1f} s")

    def test_ethernet_wifi_handover(self):
        # Docking: NetworkManager brings eth0 up with a profile of the
        # person's, it becomes the primary connection (Ethernet's lower
        # route metric), and with interface = auto mip6d hands over from
        # wlan0 to eth0; undocking hands back. The home address and a
        # running ping survive both, and both are reported as handovers.
        w = self.wifi
        s = self.status()
        if (s["state"], s["network"]) != ("foreign", "visitnet"):
            self.mn.roam("visitnet")
            s = self.wait_status(state="foreign", network="visitnet")
        type(self).dock_profile = "dock"
        w.nmcli("connection", "delete", "dock", check=False)
        w.nmcli("connection", "add", "type", "ethernet", "ifname", w.eth, "con-name", "dock",
                "ipv4.method", "disabled", "ipv6.method", "auto", "autoconnect", "yes")
        cap = os.path.join(self.workdir, "visitnet2-dock.pcap")
        self.bed.capture("visitnet2", cap)
        probe = self.ping_stream()
        try:
            time.sleep(1)
            t = time.time()
            w.dock("visitnet2")
            docked = self.wait_handover(t, to_interface=w.eth)
            hd = docked["last_handover"]
            self.assertEqual(hd["result"], "completed", self.signalling(cap, hd))
            self.assert_foreign(docked, "visitnet2", iface=w.eth)
            time.sleep(2)
            t = time.time()
            w.undock()
            back = self.wait_handover(t, to_interface=w.wlan)
            hb = back["last_handover"]
            self.assertEqual(hb["result"], "completed", self.signalling(cap, hb))
            self.assert_foreign(back, "visitnet")
            time.sleep(2)
        finally:
            t_stop = time.time()
            sent, got, replies = self.stop_stream(probe)
        self.assertEqual((hd["from_interface"], hd["to_interface"], hd["result"]),
                         (w.wlan, w.eth, "completed"), hd)
        self.assertEqual((hb["from_interface"], hb["to_interface"], hb["result"]),
                         (w.eth, w.wlan, "completed"), hb)
        for st in (docked, back):
            self.assertEqual(st["home_address"].split("/")[0], HOME_ADDRESS)
        print(f"dock onto visitnet2 and undock: {sent} probes sent, {got} answered, {sent - got} lost; "
              f"handovers {hd.get('total_ms')} ms and {hb.get('total_ms')} ms")
        self.assertGreater(got, sent // 2, "most probes must arrive")
        self.assertTrue(replies and replies[-1] > t_stop - 1.5, "the ping stream died")

    def test_stop_cleans_up(self):
        # On stop mip6d deletes its in-memory profiles (the network they
        # joined is left) and takes down the tunnel, routes and rule.
        w = self.wifi
        self.assertEqual(self.mn.stop_mip6d(), 0, self.mn.read_log()[-3000:])
        w.pump()
        left = [c.get_id() for c in w.nm.get_connections()
                if c.get_setting_by_name("user")
                and c.get_setting_by_name("user").get_data("org.mip6.managed") == "yes"]
        self.assertEqual(left, [])
        self.assert_clean()
        self.assertNotIn(HOME_ADDRESS, w.addresses(w.wlan) + w.addresses(w.eth))
        e2e.wait_for(lambda: w.device_states()[w.wlan][0] != "connected", 30,
                     "wlan0 to leave the network mip6d's profile joined")


load_tests = wifibed.in_definition_order


if __name__ == "__main__":
    e2e.skip_unless_possible()
    if not wifibed.in_vm():
        print("SKIP: the Wi-Fi bed runs only in the VM of tests/vm/mip6-vm")
        sys.exit(77)
    wifibed.main(e2e, f"Wi-Fi, MN {e2e.DATAPATH_MN}, HA {e2e.DATAPATH_HA}")
