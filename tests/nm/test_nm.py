#!/usr/bin/python3
"""daemon/network-manager.c against python-dbusmock's NetworkManager.

A private system bus (never the host's), python-dbusmock's networkmanager
template on it (tests/nm/networkmanager_mip6.py: the template plus
Settings.Connection.Update2), a Wi-Fi device wlan0 seeing homenet
(WPA-PSK), visitnet (WEP) and visitnet2 (open), and the module driven
through tests/nm/nm-driver. What the module asked of NM is read back from
the mock's call logs, and checked against NM's documented setting names
(nm-settings-dbus(5)), not against what the module's code says.

Environment (set by tests/nm/meson.build): NM_DRIVER.
Runs as root (key files must be root's); exits 77 (skipped) otherwise.
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import unittest

try:
    import dbus
    import dbusmock
except ImportError as e:  # meson: 77 is "skipped", never a silent pass
    print(f"skipping: {e} (install python3-dbusmock)", file=sys.stderr)
    sys.exit(77)

if os.geteuid() != 0:
    print("skipping: key files must belong to root, run as root", file=sys.stderr)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.environ["NM_DRIVER"]
TEMPLATE = os.path.join(HERE, "networkmanager_mip6.py")

NM_BUS = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
NM_IFACE = "org.freedesktop.NetworkManager"
SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings"
SETTINGS_IFACE = "org.freedesktop.NetworkManager.Settings"
DEVICE_IFACE = "org.freedesktop.NetworkManager.Device"
WIFI_IFACE = "org.freedesktop.NetworkManager.Device.Wireless"
AC_IFACE = "org.freedesktop.NetworkManager.Connection.Active"

# NM's D-Bus constants (nm-dbus-interface.h).
DEVICE_STATE_UNAVAILABLE = 20
DEVICE_STATE_DISCONNECTED = 30
DEVICE_STATE_ACTIVATED = 100
DEVICE_STATE_FAILED = 120
REASON_NO_SECRETS = 7
REASON_USER_REQUESTED = 39
AC_STATE_ACTIVATING = 1
AC_STATE_DEACTIVATED = 4
MODE_INFRA = 2
SEC_PAIR_WEP40 = 0x1
SEC_GROUP_WEP40 = 0x10
SEC_CCMP = 0x8 | 0x80
SEC_KEY_MGMT_PSK = 0x100
SEC_KEY_MGMT_802_1X = 0x200
UPDATE2_FLAG_IN_MEMORY = 0x2
WEP_KEY_TYPE_KEY = 1
WEP_KEY_TYPE_PASSPHRASE = 2

KEYS = {
    "homenet": "correct horse battery staple",
    "visitnet": "abcde",               # a 40-bit WEP key: wep-key-type 1
    "visitnet3": "a WEP passphrase",   # not a key's form: wep-key-type 2
    "cafe": "espresso-lungo-42",
}

CONF = """[mip6d]
role = mobile-node
interface = auto
home-address = fec0:106:2700::4/64
home-agent = fec0:106:2700::2
datapath = userspace

[network homenet]
security = wpa-psk
key-file = {dir}/homenet.key
home = true

[network visitnet]
security = wep
key-file = {dir}/visitnet.key

[network visitnet2]

[network visitnet3]
security = wep
key-file = {dir}/visitnet3.key

[network office]
connection = Office 802.1X

[network cafe]
connection = {cafe_uuid}
"""

CAFE_UUID = "6c3a1f0e-2d4b-4e5f-9a8b-7c6d5e4f3a21"
LEFTOVER_UUID = "11111111-2222-4333-8444-555555555555"


def plain(value):
    """dbus-python's types as plain Python ones; byte arrays as bytes."""
    if isinstance(value, dbus.ByteArray):
        return bytes(value)
    if isinstance(value, dbus.Array):
        if value.signature == "y":
            return bytes(int(b) for b in value)
        return [plain(v) for v in value]
    if isinstance(value, (dict, dbus.Dictionary)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath)):
        return str(value)
    if isinstance(value, (dbus.Byte, dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64)):
        return int(value)
    return value


def non_empty(setting):
    """A setting without the empty arrays libnm sends whatever is set
    (connection.permissions, ipv4.address-data, ...): NM assumes those
    without them."""
    return {k: v for k, v in setting.items() if not (isinstance(v, (list, dict)) and not v)}


class NmTestCase(dbusmock.DBusTestCase):
    """One private system bus per class; per test: the mock (unless
    START_NM is False), key files, the driver."""
    START_NM = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory(prefix="mip6-nm-test-")
        cls.bus_pid, addr = cls.start_dbus(conf=os.path.join(HERE, "test-bus.conf"))
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = addr
        cls.bus = cls.get_dbus(system_bus=True)

    @classmethod
    def tearDownClass(cls):
        cls.stop_dbus(cls.bus_pid)
        cls.tmp.cleanup()
        super().tearDownClass()

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=self.tmp.name)
        for name, key in KEYS.items():
            path = os.path.join(self.dir, name + ".key")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, (key + "\n").encode())
            os.close(fd)
            os.chown(path, 0, 0)
        self.conf = os.path.join(self.dir, "mip6d.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(CONF.format(dir=self.dir, cafe_uuid=CAFE_UUID))
        self.nm_proc = None
        self.driver = None
        self.stderr = None
        # Also when setUp fails half way.
        self.addCleanup(self.clean_up)
        if self.START_NM:
            self.start_nm()
        self.before_driver()
        self.start_driver()

    def clean_up(self):
        rc = 0
        if self.driver:
            self.driver.stdin.close()  # end of input: the driver quits
            try:
                rc = self.driver.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                rc = self.driver.wait()
            self.reader.join(timeout=5)
            self.driver.stdout.close()
        self.stop_nm()
        if self.stderr:
            log = self.log()
            self.stderr.close()
            # Whatever happened, no key reached the log (G_MESSAGES_DEBUG=all),
            # and the driver ended well (a sanitizer's report would not).
            for key in KEYS.values():
                self.assertNotIn(key, log)
            self.assertEqual(rc, 0, log)
            self.assertNotIn("CRITICAL", log)
            self.assertNotIn("WARNING", log)

    def before_driver(self):
        """What a test adds to NM before mip6d starts."""

    # NetworkManager (the mock)

    def start_nm(self):
        self.nm_log = open(os.path.join(self.dir, "nm-mock.log"), "a", encoding="utf-8")
        self.nm_proc, self.nm_obj = self.spawn_server_template(
            TEMPLATE, {}, stdout=self.nm_log, system_bus=True)
        self.mock = dbus.Interface(self.nm_obj, dbusmock.MOCK_IFACE)
        self.settings = dbus.Interface(self.bus.get_object(NM_BUS, SETTINGS_PATH), SETTINGS_IFACE)
        self.settings_mock = dbus.Interface(self.bus.get_object(NM_BUS, SETTINGS_PATH),
                                            dbusmock.MOCK_IFACE)
        self.wlan0 = self.mock.AddWiFiDevice("wlan0", "wlan0", DEVICE_STATE_DISCONNECTED)
        # Properties of real NM the template leaves out; the module follows them.
        self.object_mock(self.wlan0).AddProperty(WIFI_IFACE, "ActiveAccessPoint",
                                                 dbus.ObjectPath("/"))
        self.object_mock(NM_PATH).AddProperty(NM_IFACE, "PrimaryConnection", dbus.ObjectPath("/"))
        self.ap = {}
        self.add_ap("homenet", "homenet", 80, SEC_KEY_MGMT_PSK | SEC_CCMP)
        self.add_ap("homenet_far", "homenet", 35, SEC_KEY_MGMT_PSK | SEC_CCMP)
        # A WEP access point: privacy, and no WPA or RSN element at all.
        self.add_ap("visitnet", "visitnet", 60, SEC_PAIR_WEP40 | SEC_GROUP_WEP40)
        self.set_props(self.ap["visitnet"], "org.freedesktop.NetworkManager.AccessPoint",
                       WpaFlags=dbus.UInt32(0), RsnFlags=dbus.UInt32(0))
        self.add_ap("visitnet2", "visitnet2", 45, 0)
        self.add_ap("visitnet3", "visitnet3", 30, SEC_PAIR_WEP40 | SEC_GROUP_WEP40)
        self.set_props(self.ap["visitnet3"], "org.freedesktop.NetworkManager.AccessPoint",
                       WpaFlags=dbus.UInt32(0), RsnFlags=dbus.UInt32(0))
        self.add_ap("office", "office", 50, SEC_KEY_MGMT_802_1X | SEC_CCMP)
        self.add_ap("cafe", "cafe", 40, SEC_KEY_MGMT_PSK | SEC_CCMP)

    def stop_nm(self):
        if self.nm_proc:
            self.nm_proc.terminate()
            self.nm_proc.wait()
            self.nm_proc = None
            self.nm_log.close()
            # The bus lets the name go when it sees the mock's connection end.
            deadline = time.monotonic() + 5
            while self.bus.name_has_owner(NM_BUS) and time.monotonic() < deadline:
                time.sleep(0.02)

    def add_ap(self, name, ssid, strength, security):
        self.ap[name] = self.mock.AddAccessPoint(self.wlan0, name, ssid, "00:11:22:33:44:%02x"
                                                 % len(self.ap), MODE_INFRA, 2437, 54000,
                                                 strength, security)

    def object_mock(self, path):
        return dbus.Interface(self.bus.get_object(NM_BUS, path), dbusmock.MOCK_IFACE)

    def set_props(self, path, iface, **props):
        """As NM changes properties: PropertiesChanged, one per property (the
        template's SetProperty; UpdateProperties cannot send object paths)."""
        for name, value in props.items():
            self.mock.SetProperty(path, iface, name, value)

    def calls(self, path, method):
        return [plain(args) for _, args in self.object_mock(path).GetMethodCalls(method)]

    def profiles(self):
        """Settings path -> settings, of every profile NM has."""
        result = {}
        for path in self.settings.ListConnections():
            conn = dbus.Interface(self.bus.get_object(NM_BUS, path),
                                  "org.freedesktop.NetworkManager.Settings.Connection")
            result[str(path)] = plain(conn.GetSettings())
        return result

    def own_profiles(self):
        return {p: s for p, s in self.profiles().items()
                if s.get("user", {}).get("data", {}).get("org.mip6.managed") == "yes"}

    def add_person_profile(self, settings):
        return str(self.settings.AddConnection(settings))

    # The driver

    def start_driver(self):
        env = dict(os.environ, G_MESSAGES_DEBUG="all")
        self.stderr = open(os.path.join(self.dir, "driver.log"), "w+", encoding="utf-8")
        self.driver = subprocess.Popen([DRIVER, self.conf], env=env, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                       bufsize=1)
        self.events = queue.Queue()
        self.seen = []
        self.cursor = 0
        self.driver_ended = False
        self.reader = threading.Thread(target=self.read_events, daemon=True)
        self.reader.start()

    def read_events(self):
        for line in self.driver.stdout:
            self.events.put(json.loads(line))
        self.events.put(None)

    def send(self, command):
        self.driver.stdin.write(command + "\n")
        self.driver.stdin.flush()

    def mark(self):
        """Where the events from now on start, for wait_event(since=)."""
        self.pump()
        return len(self.seen)

    def pump(self, timeout=0.0):
        """Moves what the driver wrote to self.seen; False if nothing came."""
        try:
            ev = self.events.get(timeout=timeout) if timeout > 0 else self.events.get_nowait()
        except queue.Empty:
            return False
        if ev is None:
            self.driver_ended = True
            return False
        self.seen.append(ev)
        while True:
            try:
                ev = self.events.get_nowait()
            except queue.Empty:
                return True
            if ev is None:
                self.driver_ended = True
                return True
            self.seen.append(ev)

    def wait_event(self, predicate, what, since=None, timeout=10.0):
        """The first event @predicate accepts, from event @since on (by
        default the one after the last wait_event's)."""
        i = self.cursor if since is None else since
        deadline = time.monotonic() + timeout
        while True:
            while i < len(self.seen):
                ev = self.seen[i]
                i += 1
                if predicate(ev):
                    self.cursor = i
                    return ev
            left = deadline - time.monotonic()
            if left <= 0 or (not self.pump(min(left, 0.1)) and self.driver_ended):
                self.fail(f"no {what} within {timeout} s (driver "
                          f"{'ended' if self.driver_ended else 'silent'}); events: "
                          f"{self.seen[since or 0:]}\n" + self.log())

    def dump(self):
        self.send("dump")
        return self.wait_event(lambda e: e["event"] == "dump", "dump")

    def wait_dump(self, predicate, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            d = self.dump()
            if predicate(d):
                return d
            if time.monotonic() > deadline:
                self.fail(f"the snapshot never showed {what}: {d}\n" + self.log())
            time.sleep(0.1)

    def wait_running(self):
        return self.wait_dump(lambda d: d["running"] and d["devices"], "NM with its devices")

    def activate(self, name, interface=None):
        self.send(f"activate {name}" + (f" {interface}" if interface else ""))
        return self.wait_event(lambda e: e["event"] == "activate" and e["network"] == name,
                               f"the answer to activate {name}")

    def activated(self, name):
        return self.wait_event(lambda e: e["event"] == "activated" and e["network"] == name,
                               f"activated({name})")

    def join(self, name):
        """activate NAME, which must start and succeed."""
        started = self.activate(name)
        self.assertTrue(started["ok"], started["error"])
        done = self.activated(name)
        self.assertIsNone(done["error"], self.log())

    def quit(self):
        self.send("quit")
        self.wait_event(lambda e: e["event"] == "bye", "bye")
        self.assertEqual(self.driver.wait(timeout=10), 0, self.log())

    def log(self):
        self.stderr.flush()
        with open(self.stderr.name, encoding="utf-8") as f:
            return f.read()

    def wait_for(self, predicate, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}\n" + self.log())
            time.sleep(0.05)

    def added(self):
        """The settings of each AddConnectionUnsaved call."""
        return [args[0] for args in self.calls(SETTINGS_PATH, "AddConnectionUnsaved")]


class SnapshotTest(NmTestCase):
    def test_visible_networks(self):
        d = self.wait_running()
        visible = {bytes.fromhex(v["ssid"]).decode(): v for v in d["visible"]}
        self.assertEqual(set(visible), {"homenet", "visitnet", "visitnet2", "visitnet3",
                                        "office", "cafe"})
        # Per SSID: the strongest access point, and what they offer.
        self.assertEqual(visible["homenet"]["signal"], 80)
        self.assertEqual(visible["homenet"]["access_point"], self.ap["homenet"])
        self.assertEqual(visible["homenet"]["interface"], "wlan0")
        self.assertEqual(visible["homenet"]["securities"], ["wpa-psk"])
        self.assertEqual(visible["visitnet"]["signal"], 60)
        self.assertEqual(visible["visitnet"]["securities"], ["wep"])
        self.assertEqual(visible["visitnet2"]["signal"], 45)
        self.assertEqual(visible["visitnet2"]["securities"], ["open"])
        self.assertEqual(visible["office"]["securities"], ["profile"])
        self.assertEqual(visible["homenet"]["display"], "homenet")
        # Strongest first.
        self.assertEqual([v["signal"] for v in d["visible"]],
                         sorted((v["signal"] for v in d["visible"]), reverse=True))
        self.assertEqual(d["devices"], [{
            "interface": "wlan0", "managed": True, "wifi": True, "activated": False,
            "connecting": False, "disconnected_by_user": False, "ssid": None,
            "connection_id": None}])
        self.assertIsNone(d["primary"])

    def test_follows_access_points(self):
        self.wait_running()
        # The far homenet access point becomes the strongest: signals, no polling.
        mark = self.mark()
        self.set_props(self.ap["homenet_far"], "org.freedesktop.NetworkManager.AccessPoint",
                       Strength=dbus.Byte(95))
        self.wait_event(lambda e: e["event"] == "changed", "changed()", since=mark)
        d = self.dump()
        home = [v for v in d["visible"] if v["display"] == "homenet"][0]
        self.assertEqual((home["signal"], home["access_point"]), (95, self.ap["homenet_far"]))
        self.mock.RemoveAccessPoint(self.wlan0, self.ap["visitnet2"])
        self.wait_dump(lambda d: "visitnet2" not in [v["display"] for v in d["visible"]],
                       "visitnet2 gone")
        self.add_ap("newnet", "newnet", 20, 0)
        self.wait_dump(lambda d: "newnet" in [v["display"] for v in d["visible"]],
                       "newnet seen")

    def test_link_hints_and_user_disconnect(self):
        self.wait_running()
        mark = self.mark()
        self.join("homenet")
        # The device's state went to ACTIVATED.
        self.wait_event(lambda e: e == {"event": "link-hint", "interface": "wlan0"},
                        "a link hint for wlan0", since=mark)
        d = self.wait_dump(lambda d: d["devices"][0]["activated"], "wlan0 activated")
        self.assertEqual(d["devices"][0]["connection_id"], "mip6: homenet")
        self.assertEqual(bytes.fromhex(d["devices"][0]["ssid"]), b"homenet")
        self.assertTrue(d["devices"][0]["connecting"])
        # NM associates with another access point of homenet.
        mark = self.mark()
        self.set_props(self.wlan0, WIFI_IFACE,
                       ActiveAccessPoint=dbus.ObjectPath(self.ap["homenet_far"]))
        self.wait_event(lambda e: e == {"event": "link-hint", "interface": "wlan0"},
                        "a link hint for the new access point", since=mark)
        # NM's primary connection is wlan0's.
        ac = self.bus.get_object(NM_BUS, self.wlan0).Get(DEVICE_IFACE, "ActiveConnection",
                                                         dbus_interface=dbus.PROPERTIES_IFACE)
        self.set_props(NM_PATH, NM_IFACE, PrimaryConnection=dbus.ObjectPath(ac))
        self.wait_dump(lambda d: d["primary"] == "wlan0", "wlan0 as the primary connection")
        # nmcli device disconnect wlan0: NM says the person asked.
        mark = self.mark()
        self.set_props(self.wlan0, DEVICE_IFACE, ActiveConnection=dbus.ObjectPath("/"),
                       State=dbus.UInt32(DEVICE_STATE_DISCONNECTED),
                       StateReason=dbus.Struct((dbus.UInt32(DEVICE_STATE_DISCONNECTED),
                                                dbus.UInt32(REASON_USER_REQUESTED))))
        self.wait_event(lambda e: e == {"event": "link-hint", "interface": "wlan0"},
                        "a link hint for the disconnection", since=mark)
        d = self.wait_dump(lambda d: d["devices"][0]["disconnected_by_user"],
                           "wlan0 disconnected by its user")
        self.assertFalse(d["devices"][0]["activated"])
        self.assertIsNone(d["devices"][0]["connection_id"])
        # The radio goes off: unavailable, a hint too.
        mark = self.mark()
        self.set_props(self.wlan0, DEVICE_IFACE, State=dbus.UInt32(DEVICE_STATE_UNAVAILABLE),
                       StateReason=dbus.Struct((dbus.UInt32(DEVICE_STATE_UNAVAILABLE),
                                                dbus.UInt32(0))))
        self.wait_event(lambda e: e == {"event": "link-hint", "interface": "wlan0"},
                        "a link hint for unavailable", since=mark)
        self.wait_dump(lambda d: not d["devices"][0]["disconnected_by_user"],
                       "the person's disconnection no longer the last word")


class ActivationTest(NmTestCase):
    def setUp(self):
        super().setUp()
        self.wait_running()

    def test_wpa_psk(self):
        self.join("homenet")
        self.assertEqual(self.calls(SETTINGS_PATH, "AddConnection"), [])
        [settings] = self.added()
        self.assertEqual(set(settings), {"connection", "user", "802-11-wireless",
                                         "802-11-wireless-security", "ipv4", "ipv6"})
        conn = non_empty(settings["connection"])
        self.assertEqual(conn["id"], "mip6: homenet")
        self.assertEqual(conn["type"], "802-11-wireless")
        self.assertIs(conn["autoconnect"], False)
        self.assertEqual(settings["user"], {"data": {"org.mip6.managed": "yes"}})
        # libnm adds 802-11-wireless.security, deprecated (nm-settings-dbus(5)),
        # whenever a security setting is there.
        self.assertEqual(non_empty(settings["802-11-wireless"]), {
            "ssid": b"homenet", "mode": "infrastructure",
            "security": "802-11-wireless-security"})
        self.assertEqual(settings["802-11-wireless-security"], {
            "key-mgmt": "wpa-psk", "psk": KEYS["homenet"]})
        self.assertEqual(non_empty(settings["ipv4"]), {"method": "auto"})
        self.assertEqual(non_empty(settings["ipv6"]), {"method": "auto"})
        # Activated on wlan0 with the strongest homenet access point.
        [path] = self.own_profiles()
        self.assertEqual(self.calls(NM_PATH, "ActivateConnection"),
                         [[path, self.wlan0, self.ap["homenet"]]])

    def test_wep_key(self):
        self.join("visitnet")
        [settings] = self.added()
        self.assertEqual(non_empty(settings["802-11-wireless"]), {
            "ssid": b"visitnet", "mode": "infrastructure",
            "security": "802-11-wireless-security"})
        # wep-tx-keyidx 0 is NM's default and not sent.
        self.assertEqual(settings["802-11-wireless-security"], {
            "key-mgmt": "none", "wep-key0": KEYS["visitnet"], "wep-key-type": WEP_KEY_TYPE_KEY})

    def test_wep_passphrase(self):
        self.join("visitnet3")
        [settings] = self.added()
        self.assertEqual(settings["802-11-wireless-security"], {
            "key-mgmt": "none", "wep-key0": KEYS["visitnet3"],
            "wep-key-type": WEP_KEY_TYPE_PASSPHRASE})

    def test_open(self):
        self.join("visitnet2")
        [settings] = self.added()
        self.assertNotIn("802-11-wireless-security", settings)
        self.assertEqual(non_empty(settings["802-11-wireless"]), {
            "ssid": b"visitnet2", "mode": "infrastructure"})
        self.assertEqual(settings["user"], {"data": {"org.mip6.managed": "yes"}})

    def test_second_activation_updates(self):
        self.join("homenet")
        [path] = self.own_profiles()
        uuid = self.own_profiles()[path]["connection"]["uuid"]
        self.join("homenet")
        # One profile, updated in memory (Update2 with IN_MEMORY; Update would
        # write it to disk), activated again.
        self.assertEqual(len(self.added()), 1)
        self.assertEqual(list(self.own_profiles()), [path])
        self.assertEqual(self.calls(path, "Update"), [])
        [update] = self.calls(path, "Update2")
        settings, flags, _ = update
        self.assertEqual(flags, UPDATE2_FLAG_IN_MEMORY)
        self.assertEqual(settings["connection"]["uuid"], uuid)
        self.assertEqual(settings["802-11-wireless-security"], {
            "key-mgmt": "wpa-psk", "psk": KEYS["homenet"]})
        self.assertEqual(len(self.calls(NM_PATH, "ActivateConnection")), 2)

    def test_on_named_interface(self):
        started = self.activate("visitnet2", "wlan0")
        self.assertTrue(started["ok"], started["error"])
        self.assertIsNone(self.activated("visitnet2")["error"])
        self.assertEqual(self.calls(NM_PATH, "ActivateConnection")[0][1:],
                         [self.wlan0, self.ap["visitnet2"]])
        refused = self.activate("visitnet2", "wlan9")
        self.assertFalse(refused["ok"])
        self.assertIn("wlan9", refused["error"])

    def test_key_file_refused(self):
        # The key file became readable by others after mip6d read its config.
        os.chmod(os.path.join(self.dir, "homenet.key"), 0o644)
        refused = self.activate("homenet")
        self.assertFalse(refused["ok"])
        self.assertIn("homenet.key", refused["error"])
        self.assertIn("chmod 600", refused["error"])
        self.assertEqual(self.added(), [])
        self.assertEqual(self.calls(NM_PATH, "ActivateConnection"), [])

    def test_not_in_sight(self):
        self.mock.RemoveAccessPoint(self.wlan0, self.ap["visitnet2"])
        self.wait_dump(lambda d: "visitnet2" not in [v["display"] for v in d["visible"]],
                       "visitnet2 gone")
        refused = self.activate("visitnet2")
        self.assertFalse(refused["ok"])
        self.assertIn("visitnet2", refused["error"])
        self.assertEqual(self.added(), [])

    def test_failure_says_why(self):
        # This NM leaves the activation ACTIVATING; then the key is refused.
        self.object_mock(NM_PATH).AddMethod(NM_IFACE, "ActivateConnection", "ooo", "o",
                            "ret = dbus.ObjectPath(self.AddActiveConnection([args[1]], args[0], "
                            "args[2], 'pending', dbus.UInt32(1)))")
        started = self.activate("homenet")
        self.assertTrue(started["ok"], started["error"])
        ac = "/org/freedesktop/NetworkManager/ActiveConnection/pending"
        manager = self.bus.get_object(NM_BUS, NM_PATH)
        self.wait_for(lambda: ac in manager.Get(NM_IFACE, "ActiveConnections",
                                                dbus_interface=dbus.PROPERTIES_IFACE),
                      "the active connection")
        self.set_props(self.wlan0, DEVICE_IFACE, State=dbus.UInt32(DEVICE_STATE_FAILED),
                       StateReason=dbus.Struct((dbus.UInt32(DEVICE_STATE_FAILED),
                                                dbus.UInt32(REASON_NO_SECRETS))))
        self.set_props(ac, AC_IFACE, State=dbus.UInt32(AC_STATE_DEACTIVATED))
        done = self.activated("homenet")
        self.assertEqual(done["error"], "NetworkManager could not join homenet on wlan0 because "
                         "the access point did not accept the key.")
        # Nothing pending: the network can be tried again.
        self.assertTrue(self.activate("homenet")["ok"])


class PersonProfileTest(NmTestCase):
    def before_driver(self):
        self.office = self.add_person_profile({
            "connection": {"id": "Office 802.1X", "uuid": "0f1e2d3c-4b5a-4697-8877-665544332211",
                           "type": "802-11-wireless"},
            "802-11-wireless": {"ssid": dbus.ByteArray(b"office"), "mode": "infrastructure"},
            "802-11-wireless-security": {"key-mgmt": "wpa-eap"},
            "802-1x": {"eap": ["peap"], "identity": "alice", "phase2-auth": "mschapv2"},
        })
        self.cafe = self.add_person_profile({
            "connection": {"id": "Café", "uuid": CAFE_UUID, "type": "802-11-wireless"},
            "802-11-wireless": {"ssid": dbus.ByteArray(b"cafe"), "mode": "infrastructure"},
            "802-11-wireless-security": {"key-mgmt": "wpa-psk", "psk": KEYS["cafe"]},
        })

    def test_named_profiles_used_as_they_are(self):
        self.wait_running()
        before = self.profiles()
        self.join("office")  # connection = its id
        self.join("cafe")    # connection = its UUID
        self.assertEqual(self.calls(NM_PATH, "ActivateConnection"), [
            [self.office, self.wlan0, self.ap["office"]],
            [self.cafe, self.wlan0, self.ap["cafe"]]])
        self.assertEqual(self.added(), [])
        for path in (self.office, self.cafe):
            for method in ("Update", "Update2", "Delete"):
                self.assertEqual(self.calls(path, method), [], f"{method} on {path}")
        self.quit()
        # The person's profiles outlive mip6d, unchanged.
        self.assertEqual(self.profiles(), before)
        for path in (self.office, self.cafe):
            for method in ("Update", "Update2", "Delete"):
                self.assertEqual(self.calls(path, method), [], f"{method} on {path}")

    def test_missing_profile(self):
        self.wait_running()
        dbus.Interface(self.bus.get_object(NM_BUS, self.office),
                       "org.freedesktop.NetworkManager.Settings.Connection").Delete()
        self.wait_for(lambda: self.office not in self.profiles(), "the profile gone")
        time.sleep(0.3)
        refused = self.activate("office")
        self.assertFalse(refused["ok"])
        self.assertIn("Office 802.1X", refused["error"])
        self.assertIn("[network office]", refused["error"])

    def test_exit_deletes_only_mip6_profiles(self):
        self.wait_running()
        self.join("homenet")
        self.join("visitnet2")
        self.assertEqual(len(self.own_profiles()), 2)
        self.quit()
        # Gone before the process ended, and the person's stay.
        self.assertEqual(self.own_profiles(), {})
        self.assertEqual(set(self.profiles()), {self.office, self.cafe})


class LeftoverTest(NmTestCase):
    def before_driver(self):
        # A killed mip6d's profile, key and all, and a person's.
        self.leftover = self.add_person_profile({
            "connection": {"id": "mip6: homenet", "uuid": LEFTOVER_UUID,
                           "type": "802-11-wireless", "autoconnect": False},
            "user": {"data": dbus.Dictionary({"org.mip6.managed": "yes"}, signature="ss")},
            "802-11-wireless": {"ssid": dbus.ByteArray(b"homenet"), "mode": "infrastructure"},
            "802-11-wireless-security": {"key-mgmt": "wpa-psk", "psk": KEYS["homenet"]},
        })
        self.person = self.add_person_profile({
            "connection": {"id": "homenet", "uuid": "99999999-8888-4777-8666-555555555555",
                           "type": "802-11-wireless"},
            "802-11-wireless": {"ssid": dbus.ByteArray(b"homenet"), "mode": "infrastructure"},
        })

    def test_leftover_deleted_at_start(self):
        self.wait_for(lambda: self.leftover not in self.profiles(), "the leftover deleted")
        self.assertIn(self.person, self.profiles())
        self.assertIn("Deleting the NetworkManager profile 'mip6: homenet' that an earlier mip6d "
                      "left behind", self.log())
        # mip6d then makes its own, not reusing the leftover.
        self.join("homenet")
        [settings] = self.own_profiles().values()
        self.assertNotEqual(settings["connection"]["uuid"], LEFTOVER_UUID)
        self.assertEqual(self.calls(self.person, "Update2"), [])


class AbsentTest(NmTestCase):
    START_NM = False

    def count(self, text):
        return self.log().count(text)

    def test_picked_up_when_it_starts(self):
        NOT_RUNNING = "NetworkManager is not running"
        self.wait_for(lambda: self.count(NOT_RUNNING) == 1, "the log to say NM is absent")
        d = self.dump()
        self.assertEqual((d["running"], d["devices"], d["visible"]), (False, [], []))
        refused = self.activate("homenet")
        self.assertFalse(refused["ok"])
        self.assertIn("NetworkManager is not running", refused["error"])
        time.sleep(1)
        self.assertEqual(self.count(NOT_RUNNING), 1, self.log())
        # NM starts: libnm follows the name's owner, nothing polls.
        self.start_nm()
        d = self.wait_running()
        self.assertEqual(d["devices"][0]["interface"], "wlan0")
        self.assertIn("NetworkManager is running", self.log())
        self.join("visitnet2")
        # NM goes away: said once, the snapshot empties.
        self.stop_nm()
        self.wait_dump(lambda d: not d["running"], "NM gone")
        self.wait_for(lambda: self.count("NetworkManager stopped") == 1, "the log to say so")
        d = self.dump()
        self.assertEqual((d["devices"], d["visible"]), ([], []))
        time.sleep(0.5)
        self.assertEqual(self.count("NetworkManager stopped"), 1, self.log())
        self.assertEqual(self.count(NOT_RUNNING), 1, self.log())
        # Without NM, stopping does not wait for it.
        started = time.monotonic()
        self.quit()
        self.assertLess(time.monotonic() - started, 2.5)


if __name__ == "__main__":
    # meson runs one class (or Class.test) per test: argv[1].
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
