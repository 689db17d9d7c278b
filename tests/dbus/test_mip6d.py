#!/usr/bin/python3
"""mip6d on a private system bus, driven through mip6ctl.

Each test class starts a dbus-daemon whose configuration includes the shipped
D-Bus policy (data/org.mip6.conf), python-dbusmock's polkitd template on it,
and, for each test, mip6d from the build directory with a test config. The
daemon is ready when it sends READY=1 to the NOTIFY_SOCKET the test made.

Environment (set by tests/dbus/meson.build): MIP6D, MIP6CTL, MIP6_DBUS_XML_DIR,
MIP6_DBUS_POLICY.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

try:
    import dbus
    import dbusmock
except ImportError as e:  # meson: 77 is "skipped", never a silent pass
    print(f"skipping: {e} (install python3-dbusmock)", file=sys.stderr)
    sys.exit(77)

MIP6D = os.environ["MIP6D"]
# unshare(1) and sh exec in place, so the PID is mip6d's own.
ISOLATED = ["unshare", "--net", "--", "sh", "-c",
            "ip link set lo up && ip link add eth0 type veth peer name eth0peer && ip link set eth0 up && "
            'exec "$0" "$@"']
MIP6CTL = os.environ["MIP6CTL"]
XML_DIR = os.environ["MIP6_DBUS_XML_DIR"]
POLICY = os.environ["MIP6_DBUS_POLICY"]

MN_CONF = """# mobile node under test
[mip6d]
role = mobile-node
interface = wlan0
home-address = fec0:106:2700::4/64
home-agent = fec0:106:2700::2
binding-lifetime = 420
datapath = userspace

[network homenet]
security = wpa-psk
key-file = @KEYFILE@
home = true

[network visitnet]
"""

HA_CONF = """[mip6d]
role = home-agent
interface = eth0
home-prefix = fec0:106:2700::/64
home-agent = fec0:106:2700::2
binding-lifetime = 600
"""

# A mobile node on eth0 without a home agent: away it looks for one by
# discovery (none answers here), and back home there is nothing to
# deregister, so a handover home completes without a home agent.
MN_ETH0_CONF = """[mip6d]
role = mobile-node
interface = eth0
home-address = fec0:106:2700::4/64
binding-lifetime = 420
datapath = userspace
"""

# Router advertisements sent from eth0peer, the other end of mip6d's eth0,
# inside mip6d's network namespace (RFC 4861 section 4.2).
RA_SCRIPT = """
import sys
from scapy.all import Ether, IPv6, ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, sendp
from scapy.arch import get_if_hwaddr
prefix, router = sys.argv[1], sys.argv[2]
mac = get_if_hwaddr("eth0peer")
ra = (Ether(src=mac, dst="33:33:00:00:00:01") / IPv6(src=router, dst="ff02::1", hlim=255) /
      ICMPv6ND_RA(routerlifetime=1800) /
      ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=64, L=1, A=1, validlifetime=86400,
                            preferredlifetime=14400) /
      ICMPv6NDOptSrcLLAddr(lladdr=mac))
sendp(ra, iface="eth0peer", verbose=False)
"""

CONST = "org.freedesktop.DBus.Property.EmitsChangedSignal"


class BusRecorder:
    """Every signal org.mip6 sends, in the order the bus delivers them:
    (member, arguments), PropertiesChanged as ("PropertiesChanged", {name:
    value})."""

    def __init__(self):
        from gi.repository import Gio, GLib
        self.GLib = GLib
        self.bus = Gio.DBusConnection.new_for_address_sync(
            os.environ["DBUS_SYSTEM_BUS_ADDRESS"],
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        self.seen = []
        self.sub = self.bus.signal_subscribe("org.mip6", None, None, None, None,
                                             Gio.DBusSignalFlags.NONE, self._on_signal)
        # A round trip: once answered, the bus routes every later signal here.
        self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                           "org.freedesktop.DBus.Peer", "Ping", None, None,
                           Gio.DBusCallFlags.NONE, -1, None)

    def _on_signal(self, conn, sender, path, iface, member, params):
        args = params.unpack()
        if member == "PropertiesChanged":
            self.seen.append((member, args[1]))
        else:
            self.seen.append((member, args))

    def pump(self, seconds):
        ctx = self.GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ctx.iteration(False)
            time.sleep(0.01)

    def wait(self, predicate, timeout=10.0):
        ctx = self.GLib.MainContext.default()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while ctx.iteration(False):
                pass
            if predicate():
                return True
            time.sleep(0.02)
        return False

    def index(self, predicate):
        for i, (member, args) in enumerate(self.seen):
            if predicate(member, args):
                return i
        return -1

    def close(self):
        self.bus.signal_unsubscribe(self.sub)
        self.bus.close_sync(None)


STATS_KEYS = {
    "bind_updates_sent", "bind_acks_rcvd", "bind_nacks_rcvd", "bind_refresh_rqs_rcvd",
    "bind_errors_rcvd", "bind_updates_rcvd", "bind_acks_sent", "encapsulations",
    "decapsulations", "dropped_invalid", "dropped_auth",
}


class DaemonTestCase(dbusmock.DBusTestCase):
    CONF = MN_CONF

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory(prefix="mip6-dbus-test-")
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "test-bus.conf.in"), encoding="utf-8") as f:
            conf = f.read().replace("@POLICY@", POLICY)
        bus_conf = os.path.join(cls.tmp.name, "bus.conf")
        with open(bus_conf, "w", encoding="utf-8") as f:
            f.write(conf)
        # World-connectable socket, so a test can act as an unprivileged user.
        old_umask = os.umask(0)
        try:
            cls.bus_pid, addr = cls.start_dbus(conf=bus_conf)
        finally:
            os.umask(old_umask)
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = addr
        cls.polkitd, cls.polkit_obj = cls.spawn_server_template(
            "polkitd", {}, stdout=subprocess.DEVNULL, system_bus=True)
        cls.polkit = dbus.Interface(cls.polkit_obj, dbusmock.MOCK_IFACE)

    @classmethod
    def tearDownClass(cls):
        cls.polkitd.terminate()
        cls.polkitd.wait()
        cls.stop_dbus(cls.bus_pid)
        cls.tmp.cleanup()
        super().tearDownClass()

    def setUp(self):
        self.polkit.SetAllowed(dbus.Array([], signature="s"))
        self.polkit.AllowUnknown(False)
        self.conf = os.path.join(self.tmp.name, "mip6d.conf")
        self.write_conf(self.CONF)
        self.daemon = None
        self.start_daemon()

    def tearDown(self):
        if self.daemon and self.daemon.poll() is None:
            self.stop_daemon()

    def write_conf(self, text):
        # A WPA key file must be root's alone (mip6d.conf(5)).
        key = os.path.join(self.tmp.name, "homenet.key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("dbus-test-passphrase\n")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(text.replace("@KEYFILE@", key))

    def start_daemon(self):
        """Starts mip6d and waits for its sd_notify READY=1."""
        sock_path = os.path.join(self.tmp.name, "notify")
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(sock_path)
        self.notify.settimeout(10)
        env = dict(os.environ, NOTIFY_SOCKET=sock_path, G_MESSAGES_DEBUG="")
        self.stderr = open(os.path.join(self.tmp.name, "mip6d.log"), "w+", encoding="utf-8")
        # mip6d changes the kernel (tunnels, routes, sysctls), so it runs in
        # a network namespace of its own, with a veth eth0 for the home
        # agent's home link; the bus socket is a path and works across it.
        self.daemon = subprocess.Popen(ISOLATED + [MIP6D, "--config", self.conf], env=env,
                                       stderr=self.stderr, stdout=subprocess.DEVNULL)
        self.assertEqual(self.wait_notify(), "READY=1", self.log())

    def wait_notify(self):
        try:
            return self.notify.recv(4096).decode()
        except socket.timeout:
            self.fail("mip6d did not send READY=1 within 10 s:\n" + self.log())

    def stop_daemon(self, sig=signal.SIGTERM):
        self.daemon.send_signal(sig)
        rc = self.daemon.wait(timeout=10)
        self.notify.close()
        return rc

    def log(self):
        self.stderr.flush()
        with open(self.stderr.name, encoding="utf-8") as f:
            return f.read()

    def ctl(self, *args, timeout=15):
        return subprocess.run([MIP6CTL, *args], capture_output=True, text=True, timeout=timeout)

    def ctl_json(self, *args):
        r = self.ctl(*args, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def wait_for(self, predicate, what, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        self.fail(f"timed out waiting for {what}\n" + self.log())

    def recorder(self):
        rec = BusRecorder()
        self.addCleanup(rec.close)
        return rec

    def mn_proxy(self, iface="org.mip6.MobileNode1", path="/org/mip6/MobileNode"):
        bus = dbus.SystemBus()
        self.addCleanup(bus.close)
        return dbus.Interface(bus.get_object("org.mip6", path), iface), \
            dbus.Interface(bus.get_object("org.mip6", path), "org.freedesktop.DBus.Properties")

    def const_properties(self, path, iface):
        """The properties the running daemon annotates EmitsChangedSignal=const."""
        out = subprocess.run(["gdbus", "introspect", "--system", "--dest", "org.mip6",
                              "--object-path", path, "--xml"],
                             capture_output=True, text=True, check=True).stdout
        node = ET.fromstring(out)
        result = set()
        for i in node.findall("interface"):
            if i.get("name") != iface:
                continue
            for p in i.findall("property"):
                for a in p.findall("annotation"):
                    if a.get("name") == CONST and a.get("value") == "const":
                        result.add(p.get("name"))
        return result

    def check_introspection(self, path, xml_file):
        """The running daemon's interface has every member of the XML, with
        the same signatures, and nothing else."""
        out = subprocess.run(["gdbus", "introspect", "--system", "--dest", "org.mip6",
                              "--object-path", path, "--xml"],
                             capture_output=True, text=True, check=True).stdout
        live = ET.fromstring(out)
        ref = ET.parse(os.path.join(XML_DIR, xml_file)).getroot()

        def members(node, name):
            iface = [i for i in node.findall("interface") if i.get("name") == name]
            self.assertEqual(len(iface), 1, f"{name} not at {path}")
            iface = iface[0]
            result = {}
            for m in iface.findall("method"):
                result["method " + m.get("name")] = [
                    (a.get("direction", "in"), a.get("type")) for a in m.findall("arg")]
            for s in iface.findall("signal"):
                result["signal " + s.get("name")] = [a.get("type") for a in s.findall("arg")]
            for p in iface.findall("property"):
                result["property " + p.get("name")] = (p.get("type"), p.get("access"))
            return result

        name = ref.find("interface").get("name")
        self.assertEqual(members(live, name), members(ref, name))


class MobileNodeTest(DaemonTestCase):
    def test_status_human(self):
        r = self.ctl("status")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = dict(re.split(r":\s+", line, maxsplit=1) for line in r.stdout.splitlines())
        self.assertEqual(lines["Role"], "mobile-node")
        self.assertEqual(lines["State"], "detached")
        self.assertEqual(lines["Home address"], "fec0:106:2700::4/64")
        self.assertEqual(lines["Home agent"], "fec0:106:2700::2")
        # The interface in use: wlan0 does not exist here.
        self.assertEqual(lines["Interface"], "-")
        self.assertEqual(lines["Datapath"], "userspace")
        self.assertEqual(lines["Care-of address"], "-")
        self.assertNotIn("\033[", r.stdout, "no colour when not on a terminal")
        # Aligned: every value starts in the same column.
        cols = {re.search(r":\s+", line).end() for line in r.stdout.splitlines()}
        self.assertEqual(len(cols), 1, r.stdout)

    def test_status_json(self):
        s = self.ctl_json("status")
        self.assertEqual(set(s), {
            "role", "state", "home_address", "care_of_address", "home_agent", "interface",
            "network", "datapath", "sequence", "binding_expires", "binding_expires_at",
            "last_handover", "state_reason", "state_reason_status", "state_reason_text"})
        self.assertEqual(s["role"], "mobile-node")
        self.assertEqual(s["state"], "detached")
        # StateReason (documented in org.mip6.MobileNode1.xml): nothing to
        # report before the first network.
        self.assertEqual((s["state_reason"], s["state_reason_status"], s["state_reason_text"]),
                         ("", 0, ""))
        self.assertEqual(s["home_address"], "fec0:106:2700::4/64")
        self.assertEqual(s["care_of_address"], "")
        self.assertEqual(s["datapath"], "userspace")
        self.assertEqual(s["sequence"], 0)
        self.assertEqual(s["binding_expires"], 0)
        self.assertIsNone(s["last_handover"])

    def test_stats(self):
        s = self.ctl_json("stats")
        self.assertTrue(STATS_KEYS <= set(s), s)
        self.assertTrue(all(v == 0 for v in s.values()), s)
        r = self.ctl("stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"Binding updates sent:\s+0\n")
        self.assertRegex(r.stdout, r"Dropped: invalid:\s+0\n")
        self.assertEqual(len(r.stdout.splitlines()), len(s))

    def test_bul(self):
        self.assertEqual(self.ctl_json("bul"), [])
        r = self.ctl("bul")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("binding update list is empty", r.stdout)

    def test_networks(self):
        nets = self.ctl_json("networks")
        self.assertEqual([n["essid"] for n in nets], ["homenet", "visitnet"])
        # No NetworkManager on this bus: visibility, signal and "current"
        # are not known, so absent (org.mip6.MobileNode1.xml, GetNetworks).
        self.assertEqual(nets[0], {"essid": "homenet", "ssid": list(b"homenet"),
                                   "configured": True, "name": "homenet",
                                   "security": "wpa-psk", "home": True, "priority": 0})
        self.assertEqual(nets[1]["security"], "open")
        r = self.ctl("networks")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"homenet\s+wpa-psk\s+yes\s+0\s+-\s+-")
        # The key is nowhere in what mip6d says.
        self.assertNotIn("dbus-test-passphrase", r.stdout + json.dumps(nets) + self.log())

    def test_bc_needs_home_agent(self):
        r = self.ctl("bc")
        self.assertEqual(r.returncode, 1)
        self.assertIn("role=home-agent", r.stderr)

    def test_roam_denied(self):
        for args in (("roam", "visitnet"), ("roam", "visitnet", "--json")):
            r = self.ctl(*args)
            self.assertEqual(r.returncode, 3, r)
            self.assertIn("Not authorized to move to another network", r.stderr)
            self.assertIn("org.mip6.roam", r.stderr)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

    def test_roam_allowed(self):
        self.polkit.SetAllowed(["org.mip6.roam"])
        r = self.ctl("roam", "visitnet")
        # Past polkit: no NetworkManager on this bus, which the daemon says
        # plainly.
        self.assertEqual(r.returncode, 1, r)
        self.assertNotIn("Not authorized", r.stderr)
        self.assertIn("NetworkManager is not running", r.stderr)
        r = self.ctl("roam", "nosuchnet")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("No network 'nosuchnet' is configured", r.stderr)
        # Another action's grant does not open this one.
        self.polkit.SetAllowed(["org.mip6.reregister"])
        self.assertEqual(self.ctl("roam", "visitnet").returncode, 3)

    def test_reregister_denied(self):
        r = self.ctl("reregister")
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("Not authorized to re-register with the home agent", r.stderr)

    def test_reregister_allowed(self):
        self.polkit.SetAllowed(["org.mip6.reregister"])
        r = self.ctl("reregister", "--json")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("detached", r.stderr)  # NotConnected: nothing to register

    def test_reload_method(self):
        r = self.ctl("reload")
        self.assertEqual(r.returncode, 3, r)
        self.assertIn("org.mip6.configure", r.stderr)
        self.polkit.SetAllowed(["org.mip6.configure"])
        self.write_conf(MN_CONF.replace("wlan0", "wlan1"))
        out = self.ctl_json("reload")
        self.assertEqual(out, {"config_file": self.conf, "reloaded": True})
        # The engine restarted for the new interface list (wlan1 is not
        # here, so none is in use).
        self.assertIn("Mobile node fec0:106:2700::4/64 on wlan1", self.log())
        self.write_conf(MN_CONF.replace("binding-lifetime = 420", "binding-lifetime = 3"))
        r = self.ctl("reload")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(f"{self.conf}:7: key 'binding-lifetime'", r.stderr)

    def test_sighup_good(self):
        self.write_conf(MN_CONF.replace("wlan0", "eth1").replace("::4/64", "::5/64"))
        self.daemon.send_signal(signal.SIGHUP)
        self.assertEqual(self.wait_notify(), "RELOADING=1")
        self.assertEqual(self.wait_notify(), "READY=1")
        s = self.ctl_json("status")
        self.assertEqual(s["home_address"], "fec0:106:2700::5/64")
        self.assertIn("Mobile node fec0:106:2700::5/64 on eth1", self.log())
        self.assertIn("Configuration reloaded", self.log())

    def test_sighup_bad(self):
        self.write_conf(MN_CONF.replace("home-agent = fec0:106:2700::2", "home-agent = nonsense"))
        self.daemon.send_signal(signal.SIGHUP)
        self.assertEqual(self.wait_notify(), "RELOADING=1")
        self.assertEqual(self.wait_notify(), "READY=1")
        self.assertIn("old one stays in force", self.log())
        self.assertIn(f"{self.conf}:6: key 'home-agent': 'nonsense' is not an IPv6 address",
                      self.log())
        self.assertIsNone(self.daemon.poll())
        self.assertEqual(self.ctl_json("status")["home_agent"], "fec0:106:2700::2")

    def test_sighup_role_change_refused(self):
        self.write_conf(HA_CONF)
        self.daemon.send_signal(signal.SIGHUP)
        self.wait_notify()
        self.wait_notify()
        self.assertIn(f"{self.conf}:2: key 'role': changed from mobile-node to home-agent, which "
                      "needs a restart", self.log())
        self.assertEqual(self.ctl_json("status")["role"], "mobile-node")

    def monitor(self, *args):
        mon = subprocess.Popen([MIP6CTL, "monitor", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        self.assertIn("Monitoring mip6d", mon.stderr.readline())
        return mon

    def next_line(self, mon, predicate, limit=50):
        """The first line of monitor output that satisfies predicate; lines
        about other changes (a running engine's) are skipped."""
        for _ in range(limit):
            line = mon.stdout.readline()
            self.assertTrue(line, "monitor ended early")
            if predicate(line):
                return line
        self.fail("no matching monitor line")

    def test_monitor(self):
        mon = self.monitor()
        self.write_conf(MN_CONF.replace("2700::2", "2700::7"))
        self.daemon.send_signal(signal.SIGHUP)
        line = self.next_line(mon, lambda l: "HomeAgent:" in l)
        self.assertRegex(line, r"^\d\d:\d\d:\d\d\.\d+  HomeAgent: fec0:106:2700::7$")
        mon.send_signal(signal.SIGINT)
        self.assertEqual(mon.wait(timeout=5), 0)
        mon.stdout.close()
        mon.stderr.close()

    def test_monitor_json(self):
        mon = self.monitor("--json")
        self.write_conf(MN_CONF.replace("::4/64", "::9/64"))
        self.daemon.send_signal(signal.SIGHUP)
        event = json.loads(self.next_line(
            mon, lambda l: "home_address" in json.loads(l).get("changed", {})))
        self.assertEqual(event["event"], "properties_changed")
        self.assertEqual(event["interface"], "org.mip6.MobileNode1")
        self.assertEqual(event["changed"]["home_address"], "fec0:106:2700::9/64")
        # Only what changed is announced.
        self.assertFalse({"interface", "home_agent", "role", "datapath"} & set(event["changed"]))
        self.assertRegex(event["time"], r"^\d{4}-\d\d-\d\dT")
        self.stop_daemon()
        self.next_line(mon, lambda l: json.loads(l)["event"] == "daemon_stopped")
        mon.send_signal(signal.SIGINT)
        self.assertEqual(mon.wait(timeout=5), 0)
        mon.stdout.close()
        mon.stderr.close()

    def test_introspection(self):
        self.check_introspection("/org/mip6/MobileNode", "org.mip6.MobileNode1.xml")
        self.check_introspection("/org/mip6/Daemon", "org.mip6.Daemon1.xml")

    def test_object_manager(self):
        bus = dbus.SystemBus()
        managed = bus.get_object("org.mip6", "/org/mip6").GetManagedObjects(
            dbus_interface="org.freedesktop.DBus.ObjectManager")
        bus.close()
        self.assertEqual(sorted(managed), ["/org/mip6/Daemon", "/org/mip6/MobileNode"])
        self.assertEqual(managed["/org/mip6/Daemon"]["org.mip6.Daemon1"]["Role"], "mobile-node")
        self.assertEqual(managed["/org/mip6/Daemon"]["org.mip6.Daemon1"]["ConfigFile"], self.conf)
        self.assertEqual(
            managed["/org/mip6/MobileNode"]["org.mip6.MobileNode1"]["HomeAddress"],
            "fec0:106:2700::4/64")

    def test_named_errors(self):
        self.polkit.SetAllowed(["org.mip6.roam"])
        bus = dbus.SystemBus()
        mn = dbus.Interface(bus.get_object("org.mip6", "/org/mip6/MobileNode"),
                            "org.mip6.MobileNode1")
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            mn.Roam("")
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.InvalidArgument")
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            mn.Roam("x" * 40)
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.InvalidArgument")
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            mn.Reregister()
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.AccessDenied")
        bus.close()

    def test_statistics_on_request(self):
        """org.mip6.MobileNode1.GetStatistics: no Statistics property, no
        PropertiesChanged for counters however fast they move; each call
        returns the counters as they stand."""
        if os.geteuid() != 0:
            self.skipTest("NetworkEvent, which moves a counter, is root's")
        mn, props = self.mn_proxy()
        self.assertNotIn("Statistics", props.GetAll("org.mip6.MobileNode1"))
        rec = self.recorder()
        first = mn.GetStatistics()
        self.assertTrue(STATS_KEYS <= set(first), first)
        counts = [int(first.get("nm_dispatcher_events", 0))]
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            for _ in range(5):
                mn.NetworkEvent("eth9", "up", dbus.Dictionary({}, signature="ss"))
            counts.append(int(mn.GetStatistics()["nm_dispatcher_events"]))
            rec.pump(0.2)
        rec.pump(1.2)  # a once-a-second publication would have shown by now
        self.assertEqual(counts, sorted(counts))
        self.assertGreaterEqual(counts[-1] - counts[0], 5 * (len(counts) - 1))
        carried = [args for member, args in rec.seen
                   if member == "PropertiesChanged" and "Statistics" in args]
        self.assertEqual(carried, [])
        self.assertEqual(self.ctl_json("stats")["nm_dispatcher_events"], counts[-1])

    def test_const_properties(self):
        """EmitsChangedSignal=const where a value never changes while mip6d
        runs, and those values are the same after a reload that changes
        everything else it may."""
        self.assertEqual(self.const_properties("/org/mip6/Daemon", "org.mip6.Daemon1"),
                         {"Version", "Role", "ConfigFile"})
        self.assertEqual(self.const_properties("/org/mip6/MobileNode", "org.mip6.MobileNode1"),
                         {"Role"})
        _, dprops = self.mn_proxy("org.mip6.Daemon1", "/org/mip6/Daemon")
        _, mprops = self.mn_proxy()
        before = (dprops.GetAll("org.mip6.Daemon1"), mprops.GetAll("org.mip6.MobileNode1"))
        self.polkit.SetAllowed(["org.mip6.configure"])
        self.write_conf(MN_CONF.replace("wlan0", "wlan1").replace("::4/64", "::9/64")
                        .replace("2700::2", "2700::7"))
        self.assertEqual(self.ctl_json("reload")["reloaded"], True)
        after = (dprops.GetAll("org.mip6.Daemon1"), mprops.GetAll("org.mip6.MobileNode1"))
        self.assertEqual(after[1]["HomeAddress"], "fec0:106:2700::9/64")  # it did reload
        for name in ("Version", "Role", "ConfigFile"):
            self.assertEqual(after[0][name], before[0][name], name)
        self.assertEqual(after[1]["Role"], before[1]["Role"])

    def test_abilities_without_network_manager(self):
        """CanRoam and CanReregister say what Roam and Reregister answer:
        detached and without NetworkManager, neither is accepted."""
        self.polkit.SetAllowed(["org.mip6.roam", "org.mip6.reregister"])
        mn, props = self.mn_proxy()
        self.assertIs(bool(props.Get("org.mip6.MobileNode1", "CanRoam")), False)
        self.assertIs(bool(props.Get("org.mip6.MobileNode1", "CanReregister")), False)
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            mn.Roam("visitnet")
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.NotSupported")
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            mn.Reregister()
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.NotConnected")

    def test_sigterm(self):
        self.assertEqual(self.stop_daemon(signal.SIGTERM), 0, self.log())
        self.assertIn("Stopped", self.log())

    def test_sigint(self):
        self.assertEqual(self.stop_daemon(signal.SIGINT), 0, self.log())

    def test_not_running(self):
        self.stop_daemon()
        for cmd in (["status"], ["stats", "--json"], ["bul"], ["bc"], ["monitor"],
                    ["roam", "homenet"], ["reregister"], ["networks"]):
            r = self.ctl(*cmd)
            self.assertEqual(r.returncode, 2, (cmd, r))
            self.assertEqual(r.stdout, "")
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
            self.assertIn("mip6d is not running", r.stderr)

    def as_nobody(self, *argv):
        """Runs argv as user nobody (the shipped D-Bus policy is in force)."""
        if os.geteuid() != 0:
            self.skipTest("needs root to switch to user nobody")
        return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               *argv], capture_output=True, text=True, timeout=15)

    def test_policy_lets_anyone_call(self):
        r = self.as_nobody(MIP6CTL, "status", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["role"], "mobile-node")
        r = self.as_nobody(MIP6CTL, "roam", "visitnet")
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_policy_only_root_owns(self):
        self.stop_daemon()
        with open(self.conf, "rb") as f:
            conf = f.read()
        nobody_conf = os.path.join(self.tmp.name, "nobody.conf")
        # Without the key file, which nobody may read (mip6d.conf(5)).
        conf = re.sub(rb"key-file = .*\n", b"", conf).replace(b"security = wpa-psk",
                                                              b"security = open")
        with open(nobody_conf, "wb") as f:
            f.write(conf)
        os.chmod(nobody_conf, 0o644)
        os.chmod(self.tmp.name, 0o755)
        r = self.as_nobody(MIP6D, "--config", nobody_conf)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("does not allow this user to own it", r.stderr)

    def test_second_instance(self):
        r = subprocess.run([MIP6D, "--config", self.conf], capture_output=True, text=True,
                           timeout=10)
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot own the name org.mip6", r.stderr)


class MobileNodeHandoverTest(DaemonTestCase):
    """A real handover of mip6d: router advertisements on its eth0 (sent
    from eth0peer in its network namespace) move it away, the link goes
    down, and it comes back home."""
    CONF = MN_ETH0_CONF
    IFACE = "org.mip6.MobileNode1"

    def netns(self, *argv):
        return subprocess.run(["nsenter", f"--net=/proc/{self.daemon.pid}/ns/net", *argv],
                              capture_output=True, text=True, timeout=30, check=True)

    def advertise_until(self, props, prefix, router, states, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.netns("/usr/bin/python3", "-c", RA_SCRIPT, prefix, router)
            if str(props.Get(self.IFACE, "State")) in states:
                return
            time.sleep(0.3)
        self.fail(f"State did not become {states} after router advertisements of {prefix}\n"
                  + self.log())

    def test_handover_signals_follow_properties(self):
        if os.geteuid() != 0:
            self.skipTest("needs root for mip6d's network namespace")
        rec = self.recorder()
        mn, props = self.mn_proxy()
        self.netns("ip", "link", "set", "eth0peer", "up")

        # Away: a handover starts; no home agent is known, so discovery runs.
        self.advertise_until(props, "2001:db8:1::", "fe80::1", ("registering", "unregistered"))
        self.assertTrue(rec.wait(lambda: rec.index(lambda m, a: m == "HandoverStarted") >= 0))
        self.wait_for(lambda: str(props.Get(self.IFACE, "StateReason")[0]) in
                      ("registering", "discovering-home-agent"), "a StateReason away from home")
        # A handover is running: Reregister would answer Busy.
        self.assertIs(bool(props.Get(self.IFACE, "CanReregister")), False)

        # The link goes: detached, and the handover that ran fails with a token.
        self.netns("ip", "link", "set", "eth0peer", "down")
        self.wait_for(lambda: str(props.Get(self.IFACE, "State")) == "detached", "detached")
        reason = props.Get(self.IFACE, "StateReason")
        self.assertEqual((str(reason[0]), int(reason[1])), ("no-link", 0))
        self.assertTrue(str(reason[2]))
        self.assertTrue(rec.wait(lambda: rec.index(lambda m, a: m == "HandoverFailed") >= 0))
        failed = rec.seen[rec.index(lambda m, a: m == "HandoverFailed")][1]
        self.assertEqual(failed[0]["reason_token"], "no-link")
        self.assertEqual(failed[0]["status"], 0)
        self.assertTrue(failed[1])

        # Home again: the handover completes, and what it changed was on the
        # bus before HandoverCompleted.
        self.netns("ip", "link", "set", "eth0peer", "up")
        self.advertise_until(props, "fec0:106:2700::", "fe80::2", ("home",))
        self.assertTrue(rec.wait(lambda: rec.index(lambda m, a: m == "HandoverCompleted") >= 0),
                        self.log())
        completed = rec.index(lambda m, a: m == "HandoverCompleted")
        home = rec.index(lambda m, a: m == "PropertiesChanged" and a.get("State") == "home")
        self.assertGreaterEqual(home, 0, rec.seen)
        self.assertLess(home, completed, rec.seen)
        last = rec.index(lambda m, a: m == "PropertiesChanged" and "LastHandover" in a
                         and a["LastHandover"].get("result") == "completed")
        self.assertGreaterEqual(last, 0, rec.seen)
        self.assertLess(last, completed, rec.seen)
        # At home StateReason is cleared, and there is nothing to reregister.
        self.assertEqual(tuple(props.Get(self.IFACE, "StateReason")), ("", 0, ""))
        self.assertIs(bool(props.Get(self.IFACE, "CanReregister")), False)
        self.assertEqual(str(props.Get(self.IFACE, "BindingExpires")), "0")


class HomeAgentTest(DaemonTestCase):
    CONF = HA_CONF

    def test_status(self):
        s = self.ctl_json("status")
        # datapath=auto is resolved by the kernel probe at start-up.
        self.assertIn(s.pop("datapath"), ("kernel", "userspace"))
        self.assertEqual(s, {"role": "home-agent", "interface": "eth0",
                             "home_prefix": "fec0:106:2700::/64", "address": "fec0:106:2700::2",
                             "max_binding_lifetime": 600, "binding_count": 0})
        r = self.ctl("status")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"Home prefix:\s+fec0:106:2700::/64\n")

    def test_bc(self):
        self.assertEqual(self.ctl_json("bc"), [])
        r = self.ctl("bc")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("binding cache is empty", r.stdout)

    def test_stats(self):
        self.assertTrue(STATS_KEYS <= set(self.ctl_json("stats")))
        ha, props = self.mn_proxy("org.mip6.HomeAgent1", "/org/mip6/HomeAgent")
        # Read on request (GetStatistics), never a property.
        self.assertNotIn("Statistics", props.GetAll("org.mip6.HomeAgent1"))
        self.assertTrue(STATS_KEYS <= set(ha.GetStatistics()))

    def test_const_properties(self):
        self.assertEqual(self.const_properties("/org/mip6/HomeAgent", "org.mip6.HomeAgent1"),
                         {"Role"})

    def test_mobile_node_commands_refused(self):
        for cmd in (["bul"], ["networks"], ["reregister"], ["roam", "x"]):
            r = self.ctl(*cmd)
            self.assertEqual(r.returncode, 1, (cmd, r))
            self.assertIn("role=mobile-node", r.stderr)

    def test_introspection(self):
        self.check_introspection("/org/mip6/HomeAgent", "org.mip6.HomeAgent1.xml")


class MockedDaemonTest(dbusmock.DBusTestCase):
    """mip6ctl against a mocked org.mip6 (python-dbusmock), so the state and
    signals the protocol engines will produce (handovers, bindings, new drop
    reasons) can be set at will: what is under test here is mip6ctl's
    rendering of them."""

    HANDOVER = {"result": "completed", "reason": "", "from_network": "homenet",
                "to_network": "visitnet", "care_of_address": "fec0:106:1100::99",
                "started": dbus.UInt64(1700000000000000), "total_ms": 53.0,
                "ra_received_ms": 12.0, "coa_usable_ms": 30.5, "bu_sent_ms": 31.0,
                "ba_received_ms": 52.0, "routes_switched_ms": 53.0}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.start_system_bus()

    def setUp(self):
        self.mock_proc = self.spawn_server("org.mip6", "/org/mip6/Daemon", "org.mip6.Daemon1",
                                           system_bus=True, stdout=subprocess.DEVNULL)
        bus = self.get_dbus(system_bus=True)
        daemon = dbus.Interface(bus.get_object("org.mip6", "/org/mip6/Daemon"),
                                dbusmock.MOCK_IFACE)
        daemon.AddProperties("org.mip6.Daemon1", {"Role": "mobile-node", "Version": "0",
                                                  "ConfigFile": "/x"})
        expires_us = int((time.time() + 300.5) * 1e6)
        daemon.AddObject("/org/mip6/MobileNode", "org.mip6.MobileNode1", {
            "Role": "mobile-node", "State": "foreign", "HomeAddress": "fec0:106:2700::4/64",
            "CareOfAddress": "fec0:106:1100::99", "HomeAgent": "fec0:106:2700::2",
            "Interface": "wlan0", "Network": "visitnet", "Datapath": "userspace",
            # A point in time: microseconds since the epoch (the API's convention).
            "BindingExpires": dbus.UInt64(expires_us),
            "Sequence": dbus.UInt16(12),
            "LastHandover": dbus.Dictionary(self.HANDOVER, signature="sv"),
        }, [("GetBindingUpdateList", "", "aa{sv}",
             "ret = [{'recipient': 'fec0:106:2700::2', 'home_address': 'fec0:106:2700::4', "
             "'care_of_address': 'fec0:106:1100::99', 'lifetime': dbus.UInt32(420), "
             f"'expires': dbus.UInt64({expires_us}), 'sequence': dbus.UInt16(12), "
             "'state': 'registered'}]"),
            # No Statistics property: the counters are read on request.
            ("GetStatistics", "", "a{st}",
             "ret = dbus.Dictionary({'bind_updates_sent': dbus.UInt64(3), "
             "'dropped_invalid': dbus.UInt64(0), 'dropped_bad_checksum': dbus.UInt64(2), "
             "'future_counter': dbus.UInt64(5)}, signature='st')")])
        daemon.AddObject("/org/mip6/HomeAgent", "org.mip6.HomeAgent1", {}, [])
        self.mn = dbus.Interface(bus.get_object("org.mip6", "/org/mip6/MobileNode"),
                                 dbusmock.MOCK_IFACE)
        self.ha = dbus.Interface(bus.get_object("org.mip6", "/org/mip6/HomeAgent"),
                                 dbusmock.MOCK_IFACE)

    def tearDown(self):
        self.mock_proc.terminate()
        self.mock_proc.wait()

    def monitor(self, *args):
        mon = subprocess.Popen([MIP6CTL, "monitor", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.cleanup_monitor, mon)
        self.assertIn("Monitoring mip6d", mon.stderr.readline())
        return mon

    @staticmethod
    def cleanup_monitor(mon):
        if mon.poll() is None:
            mon.kill()
            mon.wait()
        mon.stdout.close()
        mon.stderr.close()

    @staticmethod
    def emit(obj, iface, name, signature, *args):
        """dbusmock's EmitSignal takes the arguments as variants."""
        wrapped = []
        for a in args:
            if isinstance(a, dict):
                wrapped.append(dbus.Dictionary(a, signature="sv", variant_level=1))
            else:
                wrapped.append(dbus.String(a, variant_level=1))
        obj.EmitSignal(iface, name, signature, dbus.Array(wrapped, signature="v"))

    def finish(self, mon):
        mon.send_signal(signal.SIGINT)
        self.assertEqual(mon.wait(timeout=5), 0)

    def test_status_when_away(self):
        s = json.loads(subprocess.run([MIP6CTL, "status", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
        self.assertEqual(s["state"], "foreign")
        self.assertEqual(s["care_of_address"], "fec0:106:1100::99")
        self.assertEqual(s["sequence"], 12)
        self.assertTrue(295 <= s["binding_expires"] <= 300, s)
        self.assertAlmostEqual(s["binding_expires_at"], (time.time() + 300) * 1e6, delta=5e6)
        self.assertEqual(s["last_handover"]["total_ms"], 53.0)
        self.assertEqual(s["last_handover"]["ba_received_ms"], 52.0)
        out = subprocess.run([MIP6CTL, "status"], capture_output=True, text=True,
                             check=True).stdout
        self.assertRegex(out, r"Binding expires:\s+in (29\d|300) s\n")
        self.assertRegex(out, r"Last handover:\s+completed in 53\.0 ms \(homenet -> visitnet\)\n"
                              r"\s+router advertisement\s+\+12\.0 ms\n")

    def test_stats_new_keys(self):
        out = subprocess.run([MIP6CTL, "stats"], capture_output=True, text=True,
                             check=True).stdout
        self.assertRegex(out, r"Binding updates sent:\s+3\n")
        self.assertRegex(out, r"Dropped: bad checksum:\s+2\n")
        self.assertRegex(out, r"future_counter:\s+5\n")
        s = json.loads(subprocess.run([MIP6CTL, "stats", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
        self.assertEqual(s["dropped_bad_checksum"], 2)
        self.assertEqual(s["future_counter"], 5)

    def test_bul_table(self):
        out = subprocess.run([MIP6CTL, "bul"], capture_output=True, text=True,
                             check=True).stdout.splitlines()
        self.assertEqual(out[0].split(), ["RECIPIENT", "HOME", "ADDRESS", "CARE-OF", "ADDRESS",
                                          "LIFETIME", "EXPIRES", "SEQ", "STATE"])
        row = out[1].split()
        # "expires" is a point in time on the bus; mip6ctl shows the seconds left.
        self.assertIn(row[5], ("299", "300"))
        row[5] = "300"
        self.assertEqual(row, ["fec0:106:2700::2", "fec0:106:2700::4",
                               "fec0:106:1100::99", "420", "s", "300", "s", "12",
                               "registered"])
        self.assertEqual(out[0].index("CARE-OF"), out[1].index("fec0:106:1100::99"))
        entries = json.loads(subprocess.run([MIP6CTL, "bul", "--json"], capture_output=True,
                                            text=True, check=True).stdout)
        self.assertEqual(entries[0]["sequence"], 12)
        self.assertEqual(entries[0]["state"], "registered")
        # --json: seconds left as before, and the point in time beside it.
        self.assertIn(entries[0]["expires"], (299, 300))
        self.assertAlmostEqual(entries[0]["expires_at"], (time.time() + 300) * 1e6, delta=5e6)

    def test_handover_human(self):
        mon = self.monitor()
        self.emit(self.mn, "org.mip6.MobileNode1", "HandoverStarted", "a{sv}", {"from_network": "homenet", "to_network": "visitnet"})
        self.emit(self.mn, "org.mip6.MobileNode1", "HandoverCompleted", "a{sv}", self.HANDOVER)
        failed = dict(self.HANDOVER, result="failed", reason="")
        del failed["total_ms"]
        self.emit(self.mn, "org.mip6.MobileNode1", "HandoverFailed", "a{sv}s", failed, "The home agent did not answer")
        self.assertRegex(mon.stdout.readline(), r"Handover started \(homenet -> visitnet\)$")
        self.assertRegex(mon.stdout.readline(),
                         r"Handover completed in 53\.0 ms \(homenet -> visitnet\)$")
        phases = [mon.stdout.readline().strip() for _ in range(5)]
        self.assertEqual(phases[0].split(), ["router", "advertisement", "+12.0", "ms"])
        self.assertEqual(phases[4].split(), ["routes", "switched", "+53.0", "ms"])
        self.assertRegex(mon.stdout.readline(),
                         r"Handover failed \(homenet -> visitnet\): The home agent did not answer$")
        self.finish(mon)

    def test_handover_json(self):
        mon = self.monitor("--json")
        self.emit(self.mn, "org.mip6.MobileNode1", "HandoverCompleted", "a{sv}", self.HANDOVER)
        self.emit(self.mn, "org.mip6.MobileNode1", "HandoverFailed", "a{sv}s", {"result": "failed"}, "No router")
        ev = json.loads(mon.stdout.readline())
        self.assertEqual(ev["event"], "handover_completed")
        self.assertEqual(ev["handover"]["total_ms"], 53.0)
        self.assertEqual(ev["handover"]["coa_usable_ms"], 30.5)
        self.assertEqual(ev["handover"]["to_network"], "visitnet")
        ev = json.loads(mon.stdout.readline())
        self.assertEqual((ev["event"], ev["reason"]), ("handover_failed", "No router"))
        self.finish(mon)

    def test_binding_cache_events(self):
        entry = {"home_address": "fec0:106:2700::4", "care_of_address": "fec0:106:1100::99",
                 "lifetime": dbus.UInt32(420), "expires": dbus.UInt32(420),
                 "sequence": dbus.UInt16(7), "state": "registered"}
        for args, check in ((["--json"], True), ([], False)):
            mon = self.monitor(*args)
            self.emit(self.ha, "org.mip6.HomeAgent1", "BindingAdded", "a{sv}", entry)
            self.emit(self.ha, "org.mip6.HomeAgent1", "BindingRemoved", "ss", "fec0:106:2700::4", "deregistered")
            first, second = mon.stdout.readline(), mon.stdout.readline()
            if check:
                self.assertEqual(json.loads(first)["event"], "binding_added")
                self.assertEqual(json.loads(first)["entry"]["sequence"], 7)
                self.assertEqual(json.loads(second)["home_address"], "fec0:106:2700::4")
            else:
                self.assertRegex(first, r"Binding added: fec0:106:2700::4 via fec0:106:1100::99, "
                                        r"lifetime 420 s, sequence 7$")
                self.assertRegex(second, r"Binding removed: fec0:106:2700::4 \(deregistered\)$")
            self.finish(mon)


class ConfigTest(unittest.TestCase):
    """Bad files stop start-up with FILE:LINE: key 'x': ... and exit 3,
    before the bus is touched."""

    CASES = [
        # (replace this, with that, expected line, expected text)
        ("role = mobile-node", "role = roamer", 3, "key 'role': 'roamer' is not a role"),
        ("interface = wlan0", "interface = wlan0/1", 4, "key 'interface'"),
        ("home-address = fec0:106:2700::4/64", "home-address = fec0:106:2700::4", 5,
         "has no prefix length"),
        ("home-address = fec0:106:2700::4/64", "home-address = fec0:106:2700::4/129", 5,
         "prefix length '129' is not a number from 1 to 128"),
        ("home-address = fec0:106:2700::4/64", "home-address = ff02::1/64", 5, "multicast"),
        ("home-agent = fec0:106:2700::2", "home-agent = fec0:106:9999::2", 6,
         "is not on the home prefix fec0:106:2700::/64"),
        ("binding-lifetime = 420", "binding-lifetime = 300000", 7,
         "key 'binding-lifetime': '300000' is out of range, allowed: a whole number of seconds "
         "from 4 to 262140"),
        ("datapath = userspace", "datapath = fast", 8,
         "allowed: auto, kernel, userspace"),
        ("home-agent = fec0:106:2700::2", "home-agnet = fec0:106:2700::2", 6,
         "key 'home-agnet': unknown key in [mip6d], did you mean 'home-agent'?"),
        ("home-address = fec0:106:2700::4/64\n", "", 2, "key 'home-address': missing in [mip6d]"),
        ("[network visitnet]", "[netwrok visitnet]", 15, "group [netwrok visitnet]: unknown group"),
        ("security = wpa-psk", "security = wpa3", 11, "key 'security': 'wpa3'"),
        ("home = true", "home = yes", 13, "key 'home': 'yes' is not a boolean"),
        ("key-file = @KEYFILE@", "key-file = @KEYFILE@.absent", 12,
         "cannot open the key file"),
        ("binding-lifetime = 420", "binding-lifetime = 420\nrole = home-agent", 8,
         "key 'role': set twice in [mip6d] (first on line 3)"),
        ("interface = wlan0", "interface wlan0", 4, "is not a 'key = value' line"),
    ]

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mip6-config-test-")
        self.path = os.path.join(self.tmp.name, "bad.conf")

    def tearDown(self):
        self.tmp.cleanup()

    def run_daemon(self, text, *extra):
        key = os.path.join(self.tmp.name, "homenet.key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("config-test-passphrase\n")
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(text.replace("@KEYFILE@", key))
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent")
        return subprocess.run([MIP6D, "--config", self.path, *extra], capture_output=True,
                              text=True, timeout=10, env=env)

    def test_good_files(self):
        for text in (MN_CONF, HA_CONF):
            r = self.run_daemon(text, "--check-config")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("configuration is valid", r.stdout)

    def test_bad_files(self):
        for old, new, line, text in self.CASES:
            with self.subTest(new=new):
                self.assertIn(old, MN_CONF)
                r = self.run_daemon(MN_CONF.replace(old, new))
                self.assertEqual(r.returncode, 3, r)
                self.assertIn(f"{self.path}:{line}: ", r.stderr)
                self.assertIn(text, r.stderr)
                self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                r = self.run_daemon(MN_CONF.replace(old, new), "--check-config")
                self.assertEqual(r.returncode, 3, r)

    def test_key_file_readable_by_others(self):
        """mip6d.conf(5): a key file anyone but root can read is refused, with
        a sentence naming it, never quoting the key."""
        key = os.path.join(self.tmp.name, "homenet.key")
        r = self.run_daemon(MN_CONF, "--check-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        os.chmod(key, 0o644)
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(MN_CONF.replace("@KEYFILE@", key))
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent")
        for extra in ([], ["--check-config"]):
            r = subprocess.run([MIP6D, "--config", self.path, *extra], capture_output=True,
                               text=True, timeout=10, env=env)
            self.assertEqual(r.returncode, 3, r)
            self.assertIn(f"{self.path}:12: [network homenet] key 'key-file': the key file "
                          f"{key} can be read or changed by users other than root", r.stderr)
            self.assertNotIn("config-test-passphrase", r.stderr + r.stdout)

    def test_home_agent_files(self):
        r = self.run_daemon(HA_CONF.replace("fec0:106:2700::/64", "fec0:106:2700::1/64"))
        self.assertEqual(r.returncode, 3)
        self.assertIn(":4: key 'home-prefix': 'fec0:106:2700::1/64' has bits set after the "
                      "prefix length, write the prefix itself: fec0:106:2700::/64", r.stderr)
        r = self.run_daemon(HA_CONF.replace("fec0:106:2700::/64", "fe80::/64"))
        self.assertIn(":4: key 'home-prefix': a link-local address is not allowed", r.stderr)
        r = self.run_daemon(HA_CONF.replace("home-prefix", "home-address"))
        self.assertEqual(r.returncode, 3)
        self.assertIn("key 'home-prefix': missing in [mip6d], role=home-agent needs it", r.stderr)
        r = self.run_daemon(HA_CONF + "\n[network x]\n")
        self.assertIn(":8: group [network x]: networks are only used when role=mobile-node",
                      r.stderr)

    def test_home_agent_policy_keys(self):
        good = HA_CONF + "max-bindings = 2\nallowed-home-addresses = fec0:106:2700::4, fec0:106:2700::5\n"
        r = self.run_daemon(good, "--check-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_daemon(HA_CONF + "max-bindings = 0\n")
        self.assertEqual(r.returncode, 3)
        self.assertIn(":7: key 'max-bindings': '0' is out of range, allowed: a whole number from 1 "
                      "to 65535", r.stderr)
        r = self.run_daemon(HA_CONF + "allowed-home-addresses = fec0:106:2700::4 fec0:106:9999::4\n")
        self.assertEqual(r.returncode, 3)
        self.assertIn(":7: key 'allowed-home-addresses': 'fec0:106:9999::4' is not an IPv6 address "
                      "on home-prefix fec0:106:2700::/64", r.stderr)
        r = self.run_daemon(MN_CONF.replace("binding-lifetime = 420",
                                            "binding-lifetime = 420\nmax-bindings = 3"))
        self.assertEqual(r.returncode, 3)
        self.assertIn("key 'max-bindings'", r.stderr)

    def test_missing_file(self):
        r = subprocess.run([MIP6D, "--config", "/nonexistent/mip6d.conf"], capture_output=True,
                           text=True, timeout=10)
        self.assertEqual(r.returncode, 3)
        self.assertIn("/nonexistent/mip6d.conf: cannot read the configuration", r.stderr)


if __name__ == "__main__":
    # argv[1], when given, names the test class to run (one meson test each).
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
