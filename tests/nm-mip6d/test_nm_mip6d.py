#!/usr/bin/python3
"""mip6d and NetworkManager, on a private system bus.

NetworkManager is python-dbusmock's networkmanager template: one Wi-Fi
device wlan0 and access points for homenet (WPA2-PSK), visitnet (WEP),
visitnet2 (open, two of them) and two networks mip6d.conf does not name.
polkit is dbusmock's polkitd template. mip6d runs from the build directory
in a network namespace of its own (wlan0 does not exist there: detached on
the IP side, which the NetworkManager side does not need), or, for what
mip6d only does on an interface it uses, with wlan0 a veth there (ON_LINK)
whose peer the test watches and plays a router on. The dispatcher
hook (data/nm-dispatcher/90-mip6) is run as NetworkManager-dispatcher(8)
runs it: $1 interface, $2 action, and only the environment NetworkManager
builds.

The bus has one activation file, a fake org.mip6.service that touches a
marker file: a hook that activated mip6d would leave it behind.

Environment (tests/nm-mip6d/meson.build): MIP6D, MIP6CTL, MIP6_DBUS_POLICY,
MIP6_NM_HOOK. argv[1], when given, names the test class to run.
"""
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

if os.geteuid() != 0:  # meson: 77 is "skipped"
    print("skipping: mip6d, its key files and the hook need root", file=sys.stderr)
    sys.exit(77)
try:
    import dbus
    import dbusmock
except ImportError as e:
    print(f"skipping: {e} (install python3-dbusmock)", file=sys.stderr)
    sys.exit(77)

MIP6D = os.environ["MIP6D"]
MIP6CTL = os.environ.get("MIP6CTL", "")
POLICY = os.environ["MIP6_DBUS_POLICY"]
HOOK = os.environ["MIP6_NM_HOOK"]
HERE = os.path.dirname(os.path.abspath(__file__))

# mip6d changes the kernel, so it gets a network namespace of its own; sh
# execs in place, so the PID is mip6d's.
def isolated(setup="ip link set lo up"):
    return ["unshare", "--net", "--", "sh", "-c", setup + ' && exec "$0" "$@"']


ISOLATED = isolated()
# The same with the kernel side of the device NetworkManager reports: wlan0
# a veth, its peer wlan0peer beside it for the test to watch and speak on.
# The kernel's own solicitations are off, so each one seen is mip6d's.
ON_LINK = isolated("ip link set lo up && ip link add wlan0 type veth peer name wlan0peer && "
                   "sysctl -qw net.ipv6.conf.wlan0.accept_dad=0 && "
                   "sysctl -qw net.ipv6.conf.wlan0peer.accept_dad=0 && "
                   "sysctl -qw net.ipv6.conf.wlan0.router_solicitations=0 && "
                   "ip link set wlan0peer up && ip link set wlan0 up")

# What NetworkManager-dispatcher passes as PATH is its own (a systemd
# service's); no other variable of ours reaches a hook.
NM_PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# The keys. Neither may ever appear in mip6d's output or on D-Bus, except
# in what mip6d hands to NetworkManager.
HOMENET_PSK = "Mip6-Home-Passphrase-4711"
VISITNET_WEP = "0badc0ffee0badc0ffee012345"  # 104-bit, 26 hex digits

# Time limits: twice what a busy 2-core machine needs.
REACT_S = 10.0   # mip6d reacts to NetworkManager "at once"
QUIET_S = 3.0    # how long nothing must happen, for "no roam"
HOOK_S = 2.0     # the hook against a bus that answers
HOOK_SLOW_S = 2.5  # against a mip6d that does not answer (the call's timeout is 1 s)
HOOK_HUNG_S = 6.0  # the hook against a bus that never answers (its bound is 3 s)

NM_BUS = "org.freedesktop.NetworkManager"
NM_OBJ = "/org/freedesktop/NetworkManager"
NM_IFACE = "org.freedesktop.NetworkManager"
SETTINGS_OBJ = NM_OBJ + "/Settings"
SETTINGS_IFACE = NM_IFACE + ".Settings"
CONNECTION_IFACE = SETTINGS_IFACE + ".Connection"
DEVICE_IFACE = NM_IFACE + ".Device"
WIRELESS_IFACE = DEVICE_IFACE + ".Wireless"
AP_IFACE = NM_IFACE + ".AccessPoint"
ACTIVE_IFACE = NM_IFACE + ".Connection.Active"
OM_IFACE = "org.freedesktop.DBus.ObjectManager"
MN_IFACE = "org.mip6.MobileNode1"

# nm-dbus-interface.h
AP_FLAGS_PRIVACY = 0x1
SEC_PAIR_WEP104 = 0x2
SEC_PAIR_CCMP = 0x8
SEC_GROUP_CCMP = 0x80
SEC_KEY_MGMT_PSK = 0x100
SEC_KEY_MGMT_8021X = 0x200
SEC_KEY_MGMT_SAE = 0x400
# kind: (Flags, WpaFlags, RsnFlags), as a real access point of that kind
# advertises them.
AP_KINDS = {
    "open": (0, 0, 0),
    "wep": (AP_FLAGS_PRIVACY, 0, 0),
    "wpa-psk": (AP_FLAGS_PRIVACY, 0, SEC_PAIR_CCMP | SEC_GROUP_CCMP | SEC_KEY_MGMT_PSK),
    "sae": (AP_FLAGS_PRIVACY, 0, SEC_PAIR_CCMP | SEC_GROUP_CCMP | SEC_KEY_MGMT_SAE),
    "wpa-eap": (AP_FLAGS_PRIVACY, 0, SEC_PAIR_CCMP | SEC_GROUP_CCMP | SEC_KEY_MGMT_8021X),
}
DEV_STATE_DISCONNECTED = 30
DEV_STATE_ACTIVATED = 100
DEV_STATE_DEACTIVATING = 110
DEV_REASON_SUPPLICANT_DISCONNECT = 8
DEV_REASON_USER_REQUESTED = 39
AC_STATE_ACTIVATED = 2
AC_STATE_DEACTIVATING = 3
AC_STATE_DEACTIVATED = 4
AC_REASON_USER_DISCONNECTED = 2
AC_REASON_DEVICE_DISCONNECTED = 3
NM_STATE_DISCONNECTED = 20

# (name, ssid, bssid, signal, kind): the air around wlan0. visitnet2's
# weaker access point comes first, so "first in the list" is never the
# right answer for "the strongest".
ACCESS_POINTS = [
    ("homenet", "homenet", "02:00:00:00:01:01", 80, "wpa-psk"),
    ("visitnet", "visitnet", "02:00:00:00:02:01", 40, "wep"),
    ("visitnet2_weak", "visitnet2", "02:00:00:00:03:02", 30, "open"),
    ("visitnet2", "visitnet2", "02:00:00:00:03:01", 70, "open"),
    ("cafe", "cafe", "02:00:00:00:04:01", 90, "open"),
    ("corpnet", "corpnet", "02:00:00:00:05:01", 60, "wpa-eap"),
]

CONF = """# mobile node under NetworkManager
[mip6d]
role = mobile-node
interface = wlan0
home-address = fec0:106:2700::4/64
home-agent = fec0:106:2700::2
datapath = userspace

[network homenet]
security = wpa-psk
key-file = {dir}/homenet.key
home = true
priority = 10

[network visitnet]
security = wep
key-file = {dir}/visitnet.key
priority = {visitnet_priority}

[network visitnet2]
security = open
priority = 5

[network faraway]
priority = 1
"""


def plain(value):
    """dbus-python values as plain Python ones; ay as bytes."""
    if isinstance(value, dbus.ByteArray):
        return bytes(value)
    if isinstance(value, dbus.Array) and value.signature == "y":
        return bytes(int(b) for b in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def wait_until(predicate, timeout, step=0.05):
    """predicate()'s first true value within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(step)


def write_key(path, key, mode=0o600, owner=0):
    with open(path, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    os.chown(path, owner, 0)
    os.chmod(path, mode)


class FakeNetworkManager:
    """python-dbusmock's NetworkManager, with what its template leaves out
    done through its generic mock methods: access points advertising real
    security flags, ActiveAccessPoint, and disconnects with NetworkManager's
    state reasons."""

    def __init__(self, case):
        self.proc, main = case.spawn_server_template("networkmanager", {},
                                                     stdout=subprocess.DEVNULL,
                                                     system_bus=True)
        self.bus = case.get_dbus(system_bus=True)
        self.main = dbus.Interface(main, dbusmock.MOCK_IFACE)
        self.device = None
        self.aps = {}
        self.active = None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.bus.close()

    def mock(self, path):
        return dbus.Interface(self.bus.get_object(NM_BUS, path, introspect=False),
                              dbusmock.MOCK_IFACE)

    def set_props(self, path, iface, props):
        """Properties.Set each, in order (dbusmock 0.28's UpdateProperties
        cannot wrap object paths and structs). Each emits PropertiesChanged."""
        obj = self.bus.get_object(NM_BUS, path, introspect=False)
        for name, value in props:
            obj.Set(iface, name, value, dbus_interface=dbus.PROPERTIES_IFACE)

    def add_wifi_device(self, iface="wlan0"):
        self.device = str(self.main.AddWiFiDevice(iface, iface, DEV_STATE_DISCONNECTED))
        dev = self.mock(self.device)
        dev.AddProperty(WIRELESS_IFACE, "ActiveAccessPoint", dbus.ObjectPath("/"))
        # AddProperty is silent; a client that already read the device
        # learns of it through PropertiesChanged.
        self.set_props(self.device, WIRELESS_IFACE, [("ActiveAccessPoint", dbus.ObjectPath("/"))])
        return self.device

    def add_ap(self, name, ssid, bssid, signal_, kind):
        flags, wpa, rsn = AP_KINDS[kind]
        # The template derives Flags from its one security argument and
        # copies it into both WpaFlags and RsnFlags; set them right after.
        path = str(self.main.AddAccessPoint(self.device, name, ssid, bssid, dbus.UInt32(2),
                                            dbus.UInt32(2437), dbus.UInt32(54000),
                                            dbus.Byte(signal_),
                                            dbus.UInt32(rsn or (SEC_PAIR_WEP104 if flags else 0))))
        self.mock(path).UpdateProperties(AP_IFACE, {"Flags": dbus.UInt32(flags),
                                                    "WpaFlags": dbus.UInt32(wpa),
                                                    "RsnFlags": dbus.UInt32(rsn)})
        self.aps[name] = path
        return path

    def add_all_aps(self):
        for ap in ACCESS_POINTS:
            self.add_ap(*ap)

    def remove_ap(self, name):
        self.main.RemoveAccessPoint(self.device, self.aps.pop(name))

    def connect_person_profile(self, ap_name, ssid, security=None):
        """The device on @ap_name with a profile of the person's own, as
        when mip6d starts on a laptop already connected."""
        settings = {
            "connection": dbus.Dictionary({"id": ssid, "type": "802-11-wireless",
                                           "uuid": "6b1a2c3d-0000-4000-8000-00000000000%d"
                                                   % len(ssid)}, signature="sv"),
            "802-11-wireless": dbus.Dictionary({"ssid": dbus.ByteArray(ssid.encode()),
                                                "mode": "infrastructure"}, signature="sv"),
        }
        if security:
            settings["802-11-wireless-security"] = dbus.Dictionary(security, signature="sv")
        conn = self.bus.get_object(NM_BUS, SETTINGS_OBJ, introspect=False).AddConnection(
            dbus.Dictionary(settings, signature="sa{sv}"), dbus_interface=SETTINGS_IFACE)
        self.active = str(self.main.AddActiveConnection(
            [self.device], conn, self.aps[ap_name], "person", dbus.UInt32(AC_STATE_ACTIVATED)))
        self.set_props(self.device, WIRELESS_IFACE,
                       [("ActiveAccessPoint", dbus.ObjectPath(self.aps[ap_name]))])
        return str(conn)

    def took_over(self, ap):
        """After the template's ActivateConnection: the device's active
        connection is the one to disconnect, on @ap."""
        self.active = str(self.bus.get_object(NM_BUS, self.device, introspect=False).Get(
            DEVICE_IFACE, "ActiveConnection", dbus_interface=dbus.PROPERTIES_IFACE))
        self.set_props(self.device, WIRELESS_IFACE, [("ActiveAccessPoint", dbus.ObjectPath(ap))])

    def disconnect(self, device_reason, ac_reason, by_user=False):
        """The device leaves its network as NetworkManager reports it: by
        the person through DEACTIVATING, or lost, straight to DISCONNECTED;
        then its active connection goes."""
        dev = self.mock(self.device)
        old = DEV_STATE_ACTIVATED
        states = ([DEV_STATE_DEACTIVATING] if by_user else []) + [DEV_STATE_DISCONNECTED]
        ac = self.mock(self.active) if self.active else None
        for state in states:
            # The reason first: whoever sees State change reads it with it.
            props = [("StateReason", dbus.Struct((dbus.UInt32(state), dbus.UInt32(device_reason)),
                                                 signature="uu"))]
            if state == DEV_STATE_DISCONNECTED:
                props.append(("ActiveConnection", dbus.ObjectPath("/")))
            props.append(("State", dbus.UInt32(state)))
            self.set_props(self.device, DEVICE_IFACE, props)
            dev.EmitSignal(DEVICE_IFACE, "StateChanged", "uuu",
                           [dbus.UInt32(state), dbus.UInt32(old), dbus.UInt32(device_reason)])
            old = state
            if ac:
                ac_state = AC_STATE_DEACTIVATING if state == DEV_STATE_DEACTIVATING \
                    else AC_STATE_DEACTIVATED
                ac.UpdateProperties(ACTIVE_IFACE, {"State": dbus.UInt32(ac_state)})
                ac.EmitSignal(ACTIVE_IFACE, "StateChanged", "uu",
                              [dbus.UInt32(ac_state), dbus.UInt32(ac_reason)])
        self.set_props(self.device, WIRELESS_IFACE, [("ActiveAccessPoint", dbus.ObjectPath("/"))])
        if ac:
            manager = self.bus.get_object(NM_BUS, NM_OBJ, introspect=False)
            left = [p for p in manager.Get(NM_IFACE, "ActiveConnections",
                                           dbus_interface=dbus.PROPERTIES_IFACE)
                    if str(p) != self.active]
            self.main.SetProperty(NM_OBJ, NM_IFACE, "ActiveConnections",
                                  dbus.Array(left, signature="o", variant_level=1))
            self.main.EmitSignal(OM_IFACE, "InterfacesRemoved", "oas",
                                 [dbus.ObjectPath(self.active),
                                  dbus.Array([ACTIVE_IFACE], signature="s")])
            self.main.RemoveObject(self.active)
            self.active = None
        self.main.SetGlobalConnectionState(dbus.UInt32(NM_STATE_DISCONNECTED))

    def calls(self, path, method):
        """[(timestamp, args)] of @method on @path, args as plain values."""
        return [(float(t), plain(args)) for t, args in self.mock(path).GetMethodCalls(method)]

    def clear_calls(self):
        for path in (NM_OBJ, SETTINGS_OBJ):
            self.mock(path).ClearCalls()

    def connection_settings(self, path):
        obj = self.bus.get_object(NM_BUS, path, introspect=False)
        return plain(obj.GetSettings(dbus_interface=CONNECTION_IFACE))

    def connections(self):
        obj = self.bus.get_object(NM_BUS, SETTINGS_OBJ, introspect=False)
        return [str(p) for p in obj.ListConnections(dbus_interface=SETTINGS_IFACE)]

    def mip6_connections(self):
        """Profiles marked as mip6d's own, path -> settings."""
        found = {}
        for path in self.connections():
            s = self.connection_settings(path)
            if s.get("user", {}).get("data", {}).get("org.mip6.managed") == "yes":
                found[path] = s
        return found


class BusTestCase(dbusmock.DBusTestCase):
    """A private system bus (with the shipped org.mip6 policy and the fake
    activation file) and polkit, for the whole class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory(prefix="mip6-nm-test-")
        cls.servicedir = os.path.join(cls.tmp.name, "services")
        os.mkdir(cls.servicedir)
        cls.activation_marker = os.path.join(cls.tmp.name, "mip6d-was-activated")
        with open(os.path.join(cls.servicedir, "org.mip6.service"), "w", encoding="utf-8") as f:
            f.write("[D-BUS Service]\nName=org.mip6\n"
                    f"Exec=/usr/bin/touch {cls.activation_marker}\nUser=root\n")
        with open(os.path.join(HERE, "test-bus.conf.in"), encoding="utf-8") as f:
            conf = f.read().replace("@POLICY@", POLICY).replace("@SERVICEDIR@", cls.servicedir)
        bus_conf = os.path.join(cls.tmp.name, "bus.conf")
        with open(bus_conf, "w", encoding="utf-8") as f:
            f.write(conf)
        # World-connectable, so a test can call as user nobody.
        old_umask = os.umask(0)
        try:
            cls.bus_pid, cls.bus_address = cls.start_dbus(conf=bus_conf)
        finally:
            os.umask(old_umask)
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = cls.bus_address
        # Nothing here may reach a session bus either.
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/mip6-test-session"
        cls.polkitd, polkit_obj = cls.spawn_server_template(
            "polkitd", {}, stdout=subprocess.DEVNULL, system_bus=True)
        cls.polkit = dbus.Interface(polkit_obj, dbusmock.MOCK_IFACE)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.polkitd.terminate()
            cls.polkitd.wait(timeout=10)
        finally:
            cls.stop_dbus(cls.bus_pid)
            cls.tmp.cleanup()
            super().tearDownClass()

    def run_hook(self, iface, action, env, argv=None, path_env=NM_PATH_ENV,
                 bus_address=None, user=None):
        """The hook as NetworkManager-dispatcher runs it: its own argv and
        environment, nothing inherited. Returns (CompletedProcess, seconds)."""
        full = {"PATH": path_env,
                "DBUS_SYSTEM_BUS_ADDRESS": bus_address or self.bus_address}
        if path_env is None:
            del full["PATH"]
        full.update(env)
        cmd = [HOOK] + ([iface, action] if argv is None else argv)
        if user:
            cmd = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups"] + cmd
        start = time.monotonic()
        r = subprocess.run(cmd, env=full, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        return r, time.monotonic() - start

    def assert_hook_quiet(self, r, elapsed, limit=HOOK_S):
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout, "", r)
        self.assertEqual(r.stderr, "", r)
        self.assertLess(elapsed, limit, "the hook held NetworkManager up")


def nm_env(action, iface="wlan0", ip_iface="wlan0", conn_id="homenet",
           conn_uuid="9d1c5f4e-2b7a-4c61-9e0a-3f5b6c7d8e9f", connectivity=None):
    """The environment NetworkManager-dispatcher(8) builds for @action
    (device actions carry the connection and the device; IP details only
    while the device is activated; connectivity-change carries nothing but
    CONNECTIVITY_STATE)."""
    env = {"NM_DISPATCHER_ACTION": action}
    if action == "connectivity-change":
        if connectivity and connectivity != "UNKNOWN":
            env["CONNECTIVITY_STATE"] = connectivity
        return env
    env.update({
        "CONNECTION_UUID": conn_uuid,
        "CONNECTION_ID": conn_id,
        "CONNECTION_DBUS_PATH": SETTINGS_OBJ + "/7",
        "CONNECTION_FILENAME": "/etc/NetworkManager/system-connections/homenet.nmconnection",
        "DEVICE_IFACE": iface,
    })
    if ip_iface is not None:
        env["DEVICE_IP_IFACE"] = ip_iface
    if action in ("up", "dhcp6-change"):
        env.update({
            "IP4_NUM_ROUTES": "0",
            "IP6_ADDRESS_0": "fec0:106:1100::99/64 fe80::1",
            "IP6_NUM_ADDRESSES": "1",
            "IP6_GATEWAY": "fe80::1",
            "IP6_NAMESERVERS": "fec0:106:1100::53",
            "DHCP6_DHCP6_NAME_SERVERS": "fec0:106:1100::53",
        })
    return env


def hook_argv1(env, action):
    """$1 as NetworkManager picks it: DEVICE_IP_IFACE, else DEVICE_IFACE;
    empty for connectivity-change."""
    if action == "connectivity-change":
        return ""
    return env.get("DEVICE_IP_IFACE") or env.get("DEVICE_IFACE", "")


HOSTILE_IDS = [
    "it's \"my\" network",
    "$(touch {marker})",
    "`touch {marker}`; touch {marker}",
    "two\nlines\n--address=unix:path=/nonexistent",
    "--address=unix:path=/nonexistent",
    "-H evil.example.org",
    "  leading and trailing spaces  ",
    "tab\there * ? [a-z] ~ \\ & | ; < > !",
    "ünïcödé ☕ 網絡",
    "",
]


class HookTest(BusTestCase):
    """The hook alone: what it sends, to a python-dbusmock org.mip6 that
    records each NetworkEvent, and that it stays quiet, quick and harmless
    whatever the other side does. Needs no mip6d."""

    def setUp(self):
        self.mip6 = None
        self.marker = os.path.join(self.tmp.name, "hostile-marker")
        for path in (self.marker, self.activation_marker):
            if os.path.exists(path):
                os.unlink(path)

    def tearDown(self):
        self.stop_mock()

    def start_mock(self, code=""):
        self.mip6_proc = self.spawn_server("org.mip6", "/org/mip6/MobileNode", MN_IFACE,
                                           system_bus=True, stdout=subprocess.DEVNULL)
        bus = self.get_dbus(system_bus=True)
        self.mip6 = dbus.Interface(bus.get_object("org.mip6", "/org/mip6/MobileNode"),
                                   dbusmock.MOCK_IFACE)
        self.mip6.AddMethod(MN_IFACE, "NetworkEvent", "ssa{ss}", "", code)

    def stop_mock(self):
        if self.mip6:
            self.mip6_proc.terminate()
            self.mip6_proc.wait(timeout=10)
            self.mip6 = None

    def events(self):
        return [tuple(plain(args)) for _, args in self.mip6.GetMethodCalls("NetworkEvent")]

    def wait_events(self, n):
        got = wait_until(lambda: len(self.events()) >= n, REACT_S)
        self.assertIsNotNone(got, f"expected {n} NetworkEvent calls, got {self.events()}")
        return self.events()

    def send(self, action, env, argv1=None):
        r, elapsed = self.run_hook(hook_argv1(env, action) if argv1 is None else argv1,
                                   action, env)
        self.assert_hook_quiet(r, elapsed)

    def test_file(self):
        st = os.stat(HOOK)
        # NetworkManager-dispatcher(8): executable, not writable by group or
        # other, not setuid.
        self.assertTrue(st.st_mode & stat.S_IXUSR, oct(st.st_mode))
        self.assertFalse(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH | stat.S_ISUID), oct(st.st_mode))
        with open(HOOK, encoding="utf-8") as f:
            self.assertEqual(f.readline(), "#!/bin/sh\n")

    def test_actions_and_environment(self):
        self.start_mock()
        up = nm_env("up")
        self.send("up", up)
        self.assertEqual(self.wait_events(1)[-1], (
            "wlan0", "up", {"connection_id": "homenet",
                            "connection_uuid": "9d1c5f4e-2b7a-4c61-9e0a-3f5b6c7d8e9f"}))
        self.send("dhcp6-change", nm_env("dhcp6-change", conn_id="visitnet"))
        self.assertEqual(self.wait_events(2)[-1][:2], ("wlan0", "dhcp6-change"))
        self.assertEqual(self.events()[-1][2]["connection_id"], "visitnet")
        self.send("down", nm_env("down"))
        self.assertEqual(self.wait_events(3)[-1][:2], ("wlan0", "down"))
        # Connectivity is global: no device, no connection, $1 empty.
        self.send("connectivity-change", nm_env("connectivity-change", connectivity="FULL"))
        self.assertEqual(self.wait_events(4)[-1],
                         ("", "connectivity-change", {"connectivity_state": "FULL"}))
        for state in ("NONE", "PORTAL", "LIMITED"):
            self.send("connectivity-change", nm_env("connectivity-change", connectivity=state))
        self.assertEqual([e[2] for e in self.wait_events(7)[4:]],
                         [{"connectivity_state": s} for s in ("NONE", "PORTAL", "LIMITED")])
        # UNKNOWN: NetworkManager sets no CONNECTIVITY_STATE, so no key.
        self.send("connectivity-change", nm_env("connectivity-change", connectivity="UNKNOWN"))
        self.assertEqual(self.wait_events(8)[-1], ("", "connectivity-change", {}))

    def test_interface_choice(self):
        self.start_mock()
        # DEVICE_IP_IFACE first (a modem's control device is not where IP runs).
        self.send("up", nm_env("up", iface="cdc-wdm0", ip_iface="wwan0"))
        # Without it, DEVICE_IFACE; without both, $1.
        self.send("dhcp6-change", nm_env("dhcp6-change", iface="wlan1", ip_iface=None),
                  argv1="wlan1")
        env = nm_env("down", ip_iface=None)
        del env["DEVICE_IFACE"]
        self.send("down", env, argv1="wlan2")
        self.assertEqual([e[:2] for e in self.wait_events(3)],
                         [("wwan0", "up"), ("wlan1", "dhcp6-change"), ("wlan2", "down")])

    def test_only_details_that_are_set(self):
        self.start_mock()
        self.send("down", {"NM_DISPATCHER_ACTION": "down", "DEVICE_IFACE": "wlan0"})
        self.send("up", {"NM_DISPATCHER_ACTION": "up", "DEVICE_IFACE": "wlan0",
                         "CONNECTION_UUID": "u-1"})
        self.assertEqual(self.wait_events(2), [("wlan0", "down", {}),
                                               ("wlan0", "up", {"connection_uuid": "u-1"})])

    def test_other_actions_not_sent(self):
        self.start_mock()
        for action in ("pre-up", "pre-down", "vpn-up", "vpn-down", "vpn-pre-up", "vpn-pre-down",
                       "hostname", "dhcp4-change", "reapply", "dns-change", "device-add",
                       "UP", "up ", "", "up\n"):
            with self.subTest(action=action):
                env = {} if action == "hostname" else nm_env("up")
                env["NM_DISPATCHER_ACTION"] = action
                self.send(action, env, argv1="none" if action == "hostname" else "wlan0")
        # Calls from one hook run after another arrive in order: once this
        # one is in, nothing earlier is still on its way.
        self.send("down", nm_env("down"))
        self.assertEqual([e[:2] for e in self.wait_events(1)], [("wlan0", "down")])
        time.sleep(0.3)
        self.assertEqual(len(self.events()), 1, self.events())

    def test_no_arguments(self):
        self.start_mock()
        for argv in ([], ["wlan0"]):
            r, elapsed = self.run_hook(None, None, {}, argv=argv)
            self.assert_hook_quiet(r, elapsed)
        self.send("down", nm_env("down"))
        self.assertEqual(len(self.wait_events(1)), 1)

    def test_hostile_values_literal(self):
        self.start_mock()
        expected = []
        for conn_id in HOSTILE_IDS:
            conn_id = conn_id.format(marker=self.marker)
            env = nm_env("up", conn_id=conn_id, iface="wl an$(touch %s)0" % self.marker,
                         ip_iface="--system", conn_uuid="';touch %s;'" % self.marker)
            self.send("up", env)
            expected.append(("--system", "up", {"connection_id": conn_id,
                                                "connection_uuid": "';touch %s;'" % self.marker}))
        self.assertEqual(self.wait_events(len(expected)), expected)
        self.assertFalse(os.path.exists(self.marker), "the hook ran a command from its input")

    def test_not_running(self):
        """mip6d absent: quiet, quick, exit 0, and never activated through
        the activation file the bus has."""
        for action in ("up", "down", "dhcp6-change", "connectivity-change"):
            env = nm_env(action, connectivity="FULL")
            r, elapsed = self.run_hook(hook_argv1(env, action), action, env)
            self.assert_hook_quiet(r, elapsed)
        time.sleep(0.5)  # activation would be the bus's doing, after the hook left
        self.assertFalse(os.path.exists(self.activation_marker), "the hook activated mip6d")
        # The fake activation file works: a call that allows auto-start
        # does start it. So the check above can fail.
        subprocess.run(["busctl", "--system", "--expect-reply=no", "call", "org.mip6",
                        "/org/mip6/MobileNode", MN_IFACE, "NetworkEvent", "ssa{ss}", "wlan0",
                        "up", "0"], check=True, timeout=10, capture_output=True)
        self.assertTrue(wait_until(lambda: os.path.exists(self.activation_marker), REACT_S),
                        "the fake org.mip6.service was not activated: the check proves nothing")

    def test_no_bus(self):
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"),
                                   bus_address="unix:path=/nonexistent/system_bus_socket")
        self.assert_hook_quiet(r, elapsed)

    def test_bus_never_answers(self):
        """A bus socket that accepts and never speaks: busctl alone would
        wait 90 s for it."""
        path = os.path.join(self.tmp.name, "mute.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(8)
        held = []
        stop = threading.Event()

        def accept():
            srv.settimeout(0.2)
            while not stop.is_set():
                try:
                    held.append(srv.accept()[0])
                except socket.timeout:
                    pass

        t = threading.Thread(target=accept)
        t.start()
        try:
            r, elapsed = self.run_hook("wlan0", "up", nm_env("up"),
                                       bus_address="unix:path=" + path)
            self.assert_hook_quiet(r, elapsed, limit=HOOK_HUNG_S)
            self.assertTrue(held, "the hook never tried the bus: the test proves nothing")
        finally:
            stop.set()
            t.join()
            for c in held:
                c.close()
            srv.close()

    def test_waits_for_answer(self):
        """mip6d asks the bus who called (only root may) after the call
        arrived: the hook must still be connected then, so it waits for
        the answer."""
        self.start_mock("import time; time.sleep(0.5)")
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"))
        self.assert_hook_quiet(r, elapsed)
        self.assertGreaterEqual(elapsed, 0.5, "the hook left before mip6d answered")

    def test_mip6d_slow(self):
        """A mip6d that takes its time to answer holds the hook up no longer
        than the call's timeout (1 s)."""
        self.start_mock("import time; time.sleep(8)")
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"))
        self.assert_hook_quiet(r, elapsed, limit=HOOK_SLOW_S)

    def test_mip6d_refuses(self):
        self.start_mock("raise dbus.exceptions.DBusException('no', "
                        "name='org.mip6.Error.AccessDenied')")
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"))
        self.assert_hook_quiet(r, elapsed)

    def test_without_busctl(self):
        empty = os.path.join(self.tmp.name, "empty-bin")
        os.makedirs(empty, exist_ok=True)
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"), path_env=empty)
        self.assert_hook_quiet(r, elapsed)

    def test_without_timeout(self):
        """No timeout(1) on PATH: the call still goes out and the hook does
        not wait for it."""
        self.start_mock()
        only = os.path.join(self.tmp.name, "only-busctl")
        os.makedirs(only, exist_ok=True)
        link = os.path.join(only, "busctl")
        if not os.path.exists(link):
            os.symlink(shutil.which("busctl", path=NM_PATH_ENV), link)
        r, elapsed = self.run_hook("wlan0", "up", nm_env("up"), path_env=only)
        self.assert_hook_quiet(r, elapsed)
        self.assertEqual(self.wait_events(1)[0][:2], ("wlan0", "up"))


class Mip6dTestCase(BusTestCase):
    """mip6d from the build directory, per test, with the NetworkManager
    mock (unless START_NM is False) set up before it starts."""

    START_NM = True
    NETNS = ISOLATED
    INITIAL = None  # the access point the device is on when mip6d starts
    VISITNET_PRIORITY = 5

    def setUp(self):
        self.polkit.SetAllowed(dbus.Array([], signature="s"))
        self.keydir = os.path.join(self.tmp.name, "keys")
        os.makedirs(self.keydir, mode=0o700, exist_ok=True)
        write_key(os.path.join(self.keydir, "homenet.key"), HOMENET_PSK)
        write_key(os.path.join(self.keydir, "visitnet.key"), VISITNET_WEP)
        self.conf = os.path.join(self.tmp.name, "mip6d.conf")
        self.write_conf()
        self.nm = None
        self.daemon = None
        self.stderr = None
        self.notify = None
        self.bus = self.get_dbus(system_bus=True)
        self.addCleanup(self.cleanup)
        if self.START_NM:
            self.start_nm()
        self.start_daemon()

    def wait_nm_seen(self):
        """READY=1 comes before mip6d has NetworkManager's state; a test
        that changes that state waits until mip6d shows it, else what it
        changes may never have been seen."""
        seen = wait_until(lambda: any(n.get("visible") for n in self.networks()), REACT_S)
        self.assertTrue(seen, "mip6d does not show what NetworkManager sees\n" + self.log())

    def cleanup(self):
        # mip6d first: NetworkManager going away is an event of its own.
        try:
            if self.daemon and self.daemon.poll() is None:
                self.stop_daemon()
        finally:
            if self.nm:
                self.nm.stop()
            if self.notify:
                self.notify.close()
            if self.stderr:
                self.stderr.close()
            self.bus.close()

    def write_conf(self, **overrides):
        values = {"dir": self.keydir, "visitnet_priority": self.VISITNET_PRIORITY}
        values.update(overrides)
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(CONF.format(**values))

    def start_nm(self):
        self.nm = FakeNetworkManager(self)
        self.nm.add_wifi_device("wlan0")
        self.nm.add_all_aps()
        if self.INITIAL:
            self.nm.connect_person_profile(
                self.INITIAL, "homenet",
                {"key-mgmt": "wpa-psk", "psk": HOMENET_PSK} if self.INITIAL == "homenet"
                else None)
        self.nm.clear_calls()

    def start_daemon(self):
        """Starts mip6d and waits for its sd_notify READY=1."""
        sock_path = os.path.join(self.tmp.name, "notify")
        if os.path.exists(sock_path):
            os.unlink(sock_path)
        for f in (self.notify, self.stderr):  # a restart's
            if f:
                f.close()
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(sock_path)
        self.notify.settimeout(10)
        env = dict(os.environ, NOTIFY_SOCKET=sock_path, G_MESSAGES_DEBUG="")
        self.stderr = open(os.path.join(self.tmp.name, "mip6d.log"), "w+", encoding="utf-8")
        self.daemon = subprocess.Popen(self.NETNS + [MIP6D, "--config", self.conf], env=env,
                                       stderr=self.stderr, stdout=subprocess.DEVNULL)
        try:
            msg = self.notify.recv(4096).decode()
        except socket.timeout:
            self.fail("mip6d did not send READY=1 within 10 s:\n" + self.log())
        self.assertEqual(msg, "READY=1", self.log())
        if self.nm:
            self.wait_nm_seen()

    def stop_daemon(self):
        self.daemon.send_signal(signal.SIGTERM)
        try:
            return self.daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
            self.fail("mip6d did not stop within 10 s of SIGTERM\n" + self.log())

    def log(self):
        self.stderr.flush()
        with open(self.stderr.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def mn(self, method, *args, **kw):
        obj = self.bus.get_object("org.mip6", "/org/mip6/MobileNode", introspect=False)
        return getattr(obj, method)(*args, dbus_interface=MN_IFACE, **kw)

    def networks(self):
        return [plain(n) for n in self.mn("GetNetworks")]

    def can_roam(self):
        obj = self.bus.get_object("org.mip6", "/org/mip6/MobileNode", introspect=False)
        return bool(obj.Get(MN_IFACE, "CanRoam", dbus_interface=dbus.PROPERTIES_IFACE))

    def by_essid(self):
        return {n["essid"]: n for n in self.networks()}

    def statistics(self):
        obj = self.bus.get_object("org.mip6", "/org/mip6/MobileNode", introspect=False)
        return plain(obj.GetStatistics(dbus_interface=MN_IFACE))

    def roam(self, name):
        self.polkit.SetAllowed(["org.mip6.roam"])
        self.mn("Roam", name)

    def wait_activation(self, n=1):
        """The first @n ActivateConnection calls, waited for."""
        got = wait_until(lambda: len(self.nm.calls(NM_OBJ, "ActivateConnection")) >= n, REACT_S)
        self.assertIsNotNone(got, "mip6d did not activate a connection\n" + self.log())
        return self.nm.calls(NM_OBJ, "ActivateConnection")

    def assert_no_activation(self, seconds=QUIET_S):
        time.sleep(seconds)
        for path, method in ((NM_OBJ, "ActivateConnection"),
                             (NM_OBJ, "AddAndActivateConnection"),
                             (SETTINGS_OBJ, "AddConnectionUnsaved"),
                             (SETTINGS_OBJ, "AddConnection")):
            self.assertEqual(self.nm.calls(path, method), [], f"{method}\n" + self.log())

    def check_activation(self, network, ap_name, activation):
        """@activation (ActivateConnection's args) joins @network through
        @ap_name with mip6d's own profile, made by AddConnectionUnsaved
        with exactly that network's settings."""
        conn, device, ap = activation
        self.assertEqual(device, self.nm.device)
        self.assertEqual(ap, self.nm.aps[ap_name], "not the strongest access point of the network")
        added = self.nm.calls(SETTINGS_OBJ, "AddConnectionUnsaved")
        self.assertEqual(len(added), 1, added)
        t_added, (settings,) = added[0]
        mine = self.nm.mip6_connections()
        self.assertIn(conn, mine, "ActivateConnection is not for mip6d's own profile")
        self.assertEqual(mine[conn]["802-11-wireless"]["ssid"], network.encode())
        self.assertEqual(settings["connection"]["type"], "802-11-wireless")
        self.assertEqual(settings["user"]["data"].get("org.mip6.managed"), "yes")
        self.assertEqual(self.nm.calls(SETTINGS_OBJ, "AddConnection"), [],
                         "a profile written to disk (the key would be too)")
        wifi = settings["802-11-wireless"]
        self.assertEqual(wifi["ssid"], network.encode())
        self.assertIn(wifi.get("mode", "infrastructure"), ("infrastructure",))
        security = {
            "visitnet": {"key-mgmt": "none", "wep-key0": VISITNET_WEP, "wep-key-type": 1},
            "homenet": {"key-mgmt": "wpa-psk", "psk": HOMENET_PSK},
            "visitnet2": None,
        }[network]
        if security is None:
            self.assertNotIn("802-11-wireless-security", settings)
            self.assertNotIn("security", wifi)
        else:
            self.assertEqual(settings["802-11-wireless-security"], security)
            self.assertIn(wifi.get("security", "802-11-wireless-security"),
                          ("802-11-wireless-security",))
        # Nothing else that would tie the profile down (a BSSID would stop
        # NetworkManager from roaming between the network's access points);
        # libnm sends some empty lists (mac-address-blacklist) as they are.
        set_keys = {k for k, v in wifi.items() if v not in ([], "", b"")}
        self.assertLessEqual(set_keys, {"ssid", "mode", "security"}, wifi)
        self.assertEqual(self.nm.calls(NM_OBJ, "AddAndActivateConnection"), [])
        t_activated = self.nm.calls(NM_OBJ, "ActivateConnection")[0][0]
        self.assertLessEqual(t_added, t_activated)


class NetworksTest(Mip6dTestCase):
    """(a) GetNetworks: configured networks first, in file order, then
    those NetworkManager sees; a key is absent when its value is unknown."""

    INITIAL = "homenet"
    # wlan0 is not in mip6d's namespace, so it uses no interface and no
    # network (Interface and Network are ""): which network NetworkManager
    # has on wlan0 is not "current" here (see NetworksOnLinkTest).
    ON_LINK = False

    def expected(self):
        def configured(name, security, home, priority, **seen):
            d = {"essid": name, "ssid": name.encode(), "configured": True, "name": name,
                 "security": security, "home": home, "priority": priority, "current": False}
            d.update(seen)
            return d

        seen = {"visible": True, "interface": "wlan0"}
        return {
            "homenet": configured("homenet", "wpa-psk", True, 10, signal=80, current=True, **seen),
            "visitnet": configured("visitnet", "wep", False, 5, signal=40, **seen),
            "visitnet2": configured("visitnet2", "open", False, 5, signal=70, **seen),
            "faraway": configured("faraway", "open", False, 1, visible=False),
            "cafe": {"essid": "cafe", "ssid": b"cafe", "configured": False, "security": "open",
                     "visible": True, "signal": 90, "current": False, "interface": "wlan0"},
            "corpnet": {"essid": "corpnet", "ssid": b"corpnet", "configured": False,
                        "security": "wpa-eap", "visible": True, "signal": 60, "current": False,
                        "interface": "wlan0"},
        }

    def test_networks(self):
        expected = self.expected()
        got = wait_until(lambda: (lambda n: n if len(n) == len(expected) else None)(
            self.networks()), REACT_S)
        nets = got or self.networks()
        self.assertEqual([n["essid"] for n in nets[:4]],
                         ["homenet", "visitnet", "visitnet2", "faraway"], nets)
        self.assertEqual({n["essid"] for n in nets[4:]}, {"cafe", "corpnet"}, nets)
        for n in nets:
            with self.subTest(essid=n["essid"]):
                want = expected[n["essid"]]
                if not self.ON_LINK:
                    # Known (NetworkManager runs), whatever the value.
                    self.assertIn("current", n)
                    n = dict(n)
                    want = dict(want)
                    del n["current"], want["current"]
                self.assertEqual(n, want)
        if self.ON_LINK:
            self.assertEqual(self.mn_property("Network"), "homenet")

    def mn_property(self, name):
        obj = self.bus.get_object("org.mip6", "/org/mip6/MobileNode", introspect=False)
        return plain(obj.Get(MN_IFACE, name, dbus_interface=dbus.PROPERTIES_IFACE))

    def test_networks_follow_the_air(self):
        """An access point that comes and goes changes the list."""
        self.assertTrue(wait_until(lambda: "cafe" in self.by_essid(), REACT_S), self.networks())
        self.nm.remove_ap("cafe")
        self.assertTrue(wait_until(lambda: "cafe" not in self.by_essid(), REACT_S),
                        self.networks())
        self.nm.add_ap("new", "newnet", "02:00:00:00:06:01", 55, "sae")
        n = wait_until(lambda: self.by_essid().get("newnet"), REACT_S)
        self.assertEqual(n, {"essid": "newnet", "ssid": b"newnet", "configured": False,
                             "security": "sae", "visible": True, "signal": 55,
                             "current": False, "interface": "wlan0"})
        # The stronger of visitnet2's two access points goes: its signal is
        # the other one's.
        self.nm.remove_ap("visitnet2")
        self.assertTrue(wait_until(lambda: self.by_essid()["visitnet2"].get("signal") == 30,
                                   REACT_S), self.networks())
        self.nm.remove_ap("visitnet2_weak")
        self.assertTrue(wait_until(lambda: self.by_essid()["visitnet2"].get("visible") is False,
                                   REACT_S), self.networks())
        self.assertNotIn("signal", self.by_essid()["visitnet2"])


class NetworksOnLinkTest(NetworksTest):
    """(a) The same with wlan0 in mip6d's namespace: homenet, where
    NetworkManager has wlan0, is the current network, and Network says so."""

    NETNS = ON_LINK
    ON_LINK = True


class RoamTest(Mip6dTestCase):
    """(b) Roam(name): AddConnectionUnsaved with exactly the network's
    settings, then ActivateConnection on wlan0 with its strongest access
    point."""

    def test_roam_wep(self):
        self.roam("visitnet")
        self.check_activation("visitnet", "visitnet", self.wait_activation()[0][1])

    def test_roam_wpa_psk(self):
        self.roam("homenet")
        self.check_activation("homenet", "homenet", self.wait_activation()[0][1])

    def test_roam_open(self):
        self.roam("visitnet2")
        self.check_activation("visitnet2", "visitnet2", self.wait_activation()[0][1])

    def test_roam_then_lost(self):
        """The network mip6d joined itself is lost: it joins the next best."""
        self.roam("homenet")
        self.check_activation("homenet", "homenet", self.wait_activation()[0][1])
        self.nm.took_over(self.nm.aps["homenet"])
        self.nm.clear_calls()
        self.nm.remove_ap("homenet")
        self.nm.disconnect(DEV_REASON_SUPPLICANT_DISCONNECT, AC_REASON_DEVICE_DISCONNECTED)
        self.check_activation("visitnet2", "visitnet2", self.wait_activation()[0][1])

    def test_roam_needs_polkit(self):
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.mn("Roam", "visitnet")
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.AccessDenied")
        self.assert_no_activation(1.0)

    def test_roam_not_visible(self):
        self.polkit.SetAllowed(["org.mip6.roam"])
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.mn("Roam", "faraway")
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.NotConnected")
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.mn("Roam", "cafe")  # visible, but not configured
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.UnknownNetwork")
        self.assert_no_activation(1.0)


class LostNetworkTest(Mip6dTestCase):
    """(c) The device on homenet (a profile of the person's) loses it:
    mip6d joins the best visible configured network by priority, then
    signal, with the security configured, never an access point offering
    another. After the person disconnects, it does nothing."""

    INITIAL = "homenet"

    def lose_homenet(self):
        self.nm.remove_ap("homenet")
        self.nm.disconnect(DEV_REASON_SUPPLICANT_DISCONNECT, AC_REASON_DEVICE_DISCONNECTED)

    def test_lost_roams_by_signal(self):
        # visitnet and visitnet2 share priority 5: visitnet2's 70 beats
        # visitnet's 40, though visitnet comes first in the file.
        self.lose_homenet()
        self.check_activation("visitnet2", "visitnet2", self.wait_activation()[0][1])
        time.sleep(1.0)  # once, not again and again
        self.assertEqual(len(self.nm.calls(NM_OBJ, "ActivateConnection")), 1)

    def test_lost_roams_by_priority(self):
        self.stop_daemon()
        self.write_conf(visitnet_priority=7)
        self.start_daemon()
        self.lose_homenet()
        self.check_activation("visitnet", "visitnet", self.wait_activation()[0][1])

    def test_lost_never_impostor(self):
        # An open access point calling itself homenet, strongest of all:
        # homenet is configured wpa-psk, so this is not homenet.
        self.nm.remove_ap("homenet")
        impostor = self.nm.add_ap("impostor", "homenet", "02:00:00:00:66:66", 99, "open")
        self.nm.disconnect(DEV_REASON_SUPPLICANT_DISCONNECT, AC_REASON_DEVICE_DISCONNECTED)
        activation = self.wait_activation()[0][1]
        self.assertNotEqual(activation[2], impostor)
        self.check_activation("visitnet2", "visitnet2", activation)

    def test_user_disconnect_no_roam(self):
        self.nm.disconnect(DEV_REASON_USER_REQUESTED, AC_REASON_USER_DISCONNECTED, by_user=True)
        self.assert_no_activation()
        # Its access point going afterwards loses nothing that was in use.
        self.nm.remove_ap("homenet")
        self.assert_no_activation()


class KeyFileTest(unittest.TestCase):
    """(d) A key file anyone but root may read (or that root does not own)
    is refused, at start and by --check-config, with its name; the key is
    never shown."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mip6-nm-keys-")
        self.keydir = os.path.join(self.tmp.name, "keys")
        os.mkdir(self.keydir, 0o755)
        self.conf = os.path.join(self.tmp.name, "mip6d.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(CONF.format(dir=self.keydir, visitnet_priority=5))
        write_key(os.path.join(self.keydir, "visitnet.key"), VISITNET_WEP)

    def tearDown(self):
        self.tmp.cleanup()

    def run_daemon(self, *extra):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/system_bus_socket",
                   G_MESSAGES_DEBUG="")
        return subprocess.run(ISOLATED + [MIP6D, "--config", self.conf, *extra],
                              capture_output=True, text=True, timeout=20, env=env)

    def test_good(self):
        write_key(os.path.join(self.keydir, "homenet.key"), HOMENET_PSK)
        r = self.run_daemon("--check-config")
        self.assertEqual(r.returncode, 0, r)

    def test_refused(self):
        key = os.path.join(self.keydir, "homenet.key")
        for mode, owner in ((0o644, 0), (0o640, 0), (0o604, 0), (0o600, 65534)):
            for extra in ((), ("--check-config",)):
                with self.subTest(mode=oct(mode), owner=owner, extra=extra):
                    write_key(key, HOMENET_PSK, mode=mode, owner=owner)
                    r = self.run_daemon(*extra)
                    self.assertGreater(r.returncode, 0, r)  # refused, not crashed
                    self.assertIn(key, r.stderr)
                    self.assertNotIn(HOMENET_PSK, r.stdout + r.stderr)


class DispatcherTest(Mip6dTestCase):
    """(e) The hook, run as NetworkManager runs it, against mip6d, with
    wlan0 on link: mip6d acts on an interface it uses (MobileNode1.xml),
    and NetworkManager only reports devices that exist."""

    INITIAL = "homenet"
    NETNS = ON_LINK

    def setUp(self):
        super().setUp()
        self.mark = 0

    def lines(self, *words):
        """Log lines since the last hook run with every one of @words, as
        words."""
        pats = [re.compile(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])") for w in words]
        return [l for l in self.log()[self.mark:].splitlines() if all(p.search(l) for p in pats)]

    def events(self):
        return self.statistics().get("nm_dispatcher_events")

    def wait_events(self, n):
        got = wait_until(lambda: self.events() == n, REACT_S)
        self.assertIsNotNone(got, f"nm_dispatcher_events is {self.events()}, expected {n}\n"
                             + self.log())

    def hook(self, action, env, user=None):
        self.mark = len(self.log())
        r, elapsed = self.run_hook(hook_argv1(env, action), action, env, user=user)
        self.assert_hook_quiet(r, elapsed)

    def test_events(self):
        for n, action in enumerate(("up", "dhcp6-change", "down"), start=1):
            with self.subTest(action=action):
                self.hook(action, nm_env(action))
                self.wait_events(n)
                self.assertTrue(wait_until(lambda: self.lines(action, "wlan0"), REACT_S),
                                self.log())
                self.assertEqual(len(self.lines(action, "wlan0")), 1, self.log())
        self.mark = 0
        self.assertTrue(self.lines("up", "wlan0", "homenet"), self.log())
        self.assertIsNone(self.daemon.poll())

    def test_connectivity_change(self):
        # Accepted and answered at once; registering is not for a detached node.
        self.hook("connectivity-change", nm_env("connectivity-change", connectivity="FULL"))
        self.hook("up", nm_env("up"))
        self.assertTrue(wait_until(lambda: self.lines("up", "wlan0"), REACT_S), self.log())
        self.assertIsNone(self.daemon.poll())

    def test_other_interface_ignored(self):
        self.hook("up", nm_env("up", iface="eth9", ip_iface="eth9", conn_id="Wired 1"))
        mark = self.mark
        self.hook("down", nm_env("down"))  # then one that counts
        self.assertTrue(wait_until(lambda: self.lines("down", "wlan0"), REACT_S), self.log())
        time.sleep(1.2)  # time for a line about eth9, were there one
        self.mark = mark
        self.assertEqual(self.lines("eth9"), [], self.log())
        self.assertIsNone(self.daemon.poll())

    def test_hostile_connection_id(self):
        marker = os.path.join(self.tmp.name, "hostile-marker")
        conn_id = "evil \"$(touch %s)\" `touch %s`\n--address=unix:path=/x; '" % (marker, marker)
        self.hook("up", nm_env("up", conn_id=conn_id))
        self.wait_events(1)
        self.assertTrue(wait_until(lambda: self.lines("up", "wlan0"), REACT_S), self.log())
        # One line: the newline in the name did not let it write a second.
        self.assertEqual(len(self.lines("up", "wlan0")), 1, self.log())
        self.assertEqual([l for l in self.log().splitlines() if l.startswith("--address")], [],
                         self.log())
        self.assertIn("evil", self.lines("up", "wlan0")[0])
        self.assertFalse(os.path.exists(marker))

    def test_not_root(self):
        """Only root may tell mip6d about the network."""
        self.hook("up", nm_env("up"), user="nobody")
        r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                            "gdbus", "call", "--system", "--dest", "org.mip6", "--object-path",
                            "/org/mip6/MobileNode", "--method", MN_IFACE + ".NetworkEvent",
                            "wlan0", "up", "{}"], capture_output=True, text=True, timeout=15)
        self.assertNotEqual(r.returncode, 0, r)
        self.assertIn("org.mip6.Error.AccessDenied", r.stderr)
        time.sleep(1.2)
        self.assertIn(self.events(), (None, 0), self.log())
        self.assertEqual(self.lines("up", "wlan0"), [], self.log())


# Inside mip6d's namespace: prints the monotonic time of each Router
# Solicitation (ICMPv6 type 133) it sees on the link.
RS_WATCHER = """
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x86dd))
s.bind((sys.argv[1], 0))
print("ready", flush=True)
while True:
    f = s.recv(2048)
    if len(f) > 54 and f[20] == 58 and f[54] == 133:
        print(time.monotonic(), flush=True)
"""


class MovementHintTest(Mip6dTestCase):
    """(e) "up", "dhcp6-change" and "down" from the hook start movement
    detection at once: a Router Solicitation goes out without waiting for
    a timer. wlan0 is on link (ON_LINK)."""

    INITIAL = "homenet"
    NETNS = ON_LINK
    # No solicitation for this long before the hook runs: more than
    # RTR_SOLICITATION_INTERVAL (RFC 4861, 4 s), so a solicitation within
    # a second of the hook is not one that was due anyway.
    QUIET = 4.5

    def setUp(self):
        super().setUp()
        self.watcher = subprocess.Popen(
            ["nsenter", f"--net=/proc/{self.daemon.pid}/ns/net", "--", "/usr/bin/python3", "-u",
             "-c", RS_WATCHER, "wlan0peer"], stdout=subprocess.PIPE, text=True)
        self.addCleanup(self.stop_watcher)
        self.assertEqual(self.watcher.stdout.readline(), "ready\n")
        self.seen = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self.read_watcher, daemon=True)
        self.reader.start()

    def read_watcher(self):
        for line in self.watcher.stdout:
            with self.lock:
                self.seen.append(float(line))

    def stop_watcher(self):
        self.watcher.terminate()
        self.watcher.wait(timeout=10)
        self.reader.join(timeout=10)
        self.watcher.stdout.close()

    def last_rs(self):
        with self.lock:
            return self.seen[-1] if self.seen else None

    def wait_quiet(self):
        # Before the first solicitation is seen too: mip6d sends some at
        # start.
        since = time.monotonic()
        deadline = since + 60
        while time.monotonic() < deadline:
            last = self.last_rs() or since
            if time.monotonic() - last >= self.QUIET:
                return
            time.sleep(0.1)
        # Soliciting at least every QUIET s for a minute (no back-off): a
        # hint's solicitation cannot be told from the schedule's.
        self.skipTest(f"mip6d solicits at least every {self.QUIET} s: {self.seen}")

    def test_hint_solicits(self):
        for action in ("up", "dhcp6-change", "down"):
            with self.subTest(action=action):
                self.wait_quiet()
                start = time.monotonic()
                env = nm_env(action)
                r, elapsed = self.run_hook(hook_argv1(env, action), action, env)
                self.assert_hook_quiet(r, elapsed)
                got = wait_until(lambda: (self.last_rs() or 0) > start, 1.0, step=0.01)
                self.assertTrue(got, f"no Router Solicitation within 1 s of {action} "
                                f"(at {start:.2f}; seen {self.seen})\n" + self.log())


# Inside mip6d's namespace, on wlan0peer: a router of the visited network
# (RFC 4861 Router Advertisements every second for fec0:106:1100::/64, with
# the Advertisement Interval option of RFC 6275 7.3), printing the
# monotonic time of each packet wlan0 sends to the home agent.
VISITED_ROUTER = """
import fcntl, socket, struct, sys, threading, time
ifname, ha = sys.argv[1], socket.inet_pton(socket.AF_INET6, sys.argv[2])
cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x86dd))
cap.bind((ifname, 0))
index = socket.if_nametoindex(ifname)
mac = fcntl.ioctl(cap, 0x8927, struct.pack("256s", ifname.encode()))[18:24]  # SIOCGIFHWADDR
ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
ra += struct.pack("!BB6s", 1, 1, mac)
ra += struct.pack("!BBBBIII16s", 3, 4, 64, 0xC0, 86400, 14400, 0,
                  socket.inet_pton(socket.AF_INET6, "fec0:106:1100::"))
ra += struct.pack("!BBHI", 7, 1, 0, 1000)
tx = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
tx.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
tx.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
def advertise():
    while True:
        try:
            tx.sendto(ra, ("ff02::1", 0, 0, index))
        except OSError:
            pass
        time.sleep(1)
threading.Thread(target=advertise, daemon=True).start()
print("ready", flush=True)
while True:
    f, addr = cap.recvfrom(2048)
    if addr[2] != socket.PACKET_OUTGOING and len(f) >= 54 and f[38:54] == ha:
        print(time.monotonic(), flush=True)
"""


class ConnectivityTest(Mip6dTestCase):
    """(e) "connectivity-change" to FULL while unregistered starts a
    registration attempt at once (a captive portal was passed). mip6d is
    on a visited network (a router the test plays on wlan0peer) whose home
    agent never answers, so it ends up unregistered; NetworkManager does
    not run (mip6d works without it), the dispatcher still reports."""

    START_NM = False
    NETNS = ON_LINK
    # No Binding Update for this long before the hook runs. The
    # retransmissions double (RFC 6275 11.8), so once a gap is this long the
    # next one is further off than the second the hook's update has.
    QUIET = 7.0

    def setUp(self):
        super().setUp()
        self.router = subprocess.Popen(
            ["nsenter", f"--net=/proc/{self.daemon.pid}/ns/net", "--", "/usr/bin/python3", "-u",
             "-c", VISITED_ROUTER, "wlan0peer", "fec0:106:2700::2"],
            stdout=subprocess.PIPE, text=True)
        self.addCleanup(self.stop_router)
        self.assertEqual(self.router.stdout.readline(), "ready\n")
        self.updates = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self.read_router, daemon=True)
        self.reader.start()

    def read_router(self):
        for line in self.router.stdout:
            with self.lock:
                self.updates.append(float(line))

    def stop_router(self):
        self.router.terminate()
        self.router.wait(timeout=10)
        self.reader.join(timeout=10)
        self.router.stdout.close()

    def state(self):
        obj = self.bus.get_object("org.mip6", "/org/mip6/MobileNode", introspect=False)
        return str(obj.Get(MN_IFACE, "State", dbus_interface=dbus.PROPERTIES_IFACE))

    def last_update(self):
        with self.lock:
            return self.updates[-1] if self.updates else None

    def test_full_connectivity_registers(self):
        # 2 unanswered updates make it unregistered (4.5 s), after the
        # care-of address is formed: 30 s is a wide margin.
        self.assertTrue(wait_until(lambda: self.state() == "unregistered", 30.0),
                        f"state {self.state()}, updates {self.updates}\n" + self.log())
        deadline = time.monotonic() + 90
        while time.monotonic() - (self.last_update() or 0) < self.QUIET:
            self.assertLess(time.monotonic(), deadline, f"no quiet spell: {self.updates}")
            time.sleep(0.1)
        self.assertEqual(self.state(), "unregistered")
        start = time.monotonic()
        env = nm_env("connectivity-change", connectivity="FULL")
        r, elapsed = self.run_hook(hook_argv1(env, "connectivity-change"), "connectivity-change",
                                   env)
        self.assert_hook_quiet(r, elapsed)
        self.assertTrue(wait_until(lambda: (self.last_update() or 0) > start, 1.0, step=0.01),
                        f"no Binding Update within 1 s of connectivity FULL (at {start:.2f}; "
                        f"updates {self.updates})\n" + self.log())


class SecretsTest(Mip6dTestCase):
    """(f) The keys go to NetworkManager and nowhere else: not mip6d's
    output, not its D-Bus properties or results, not mip6ctl; its own
    profiles, keys and all, go when it stops."""

    def everything_said(self):
        texts = [self.log()]
        obj = self.bus.get_object("org.mip6", "/org/mip6", introspect=False)
        texts.append(repr(plain(obj.GetManagedObjects(dbus_interface=OM_IFACE))))
        for path, iface in (("/org/mip6/MobileNode", MN_IFACE),
                            ("/org/mip6/Daemon", "org.mip6.Daemon1")):
            o = self.bus.get_object("org.mip6", path, introspect=False)
            texts.append(repr(plain(o.GetAll(iface, dbus_interface=dbus.PROPERTIES_IFACE))))
        texts.append(repr(self.networks()))
        texts.append(repr(plain(self.mn("GetBindingUpdateList"))))
        if MIP6CTL:
            for args in (["status"], ["status", "--json"], ["networks"], ["networks", "--json"],
                         ["stats", "--json"], ["bul", "--json"]):
                r = subprocess.run([MIP6CTL, *args], capture_output=True, text=True, timeout=15)
                texts.append(r.stdout + r.stderr)
        return "\n".join(texts)

    def assert_no_secret(self, text):
        for secret in (HOMENET_PSK, VISITNET_WEP):
            self.assertNotIn(secret, text)
            self.assertNotIn(secret.encode().hex(), text)

    def test_secrets(self):
        self.roam("homenet")
        self.wait_activation(1)
        self.roam("visitnet")
        self.wait_activation(2)
        # They did reach NetworkManager, so their absence elsewhere means
        # something.
        sent = repr(self.nm.calls(SETTINGS_OBJ, "AddConnectionUnsaved")) + \
            repr(self.nm.mip6_connections())
        self.assertIn(HOMENET_PSK, sent)
        self.assertIn(VISITNET_WEP, sent)
        self.assert_no_secret(self.everything_said())
        self.assertEqual(self.stop_daemon(), 0, self.log())
        self.assert_no_secret(self.log())
        self.assertEqual(self.nm.mip6_connections(), {}, "mip6d left its profiles (and keys)")


class LateNetworkManagerTest(Mip6dTestCase):
    """(g) mip6d started before NetworkManager: one line saying so, then
    NetworkManager is picked up when it comes, without a restart."""

    START_NM = False
    INITIAL = "homenet"

    def not_running_lines(self):
        return [l for l in self.log().splitlines()
                if re.search(r"NetworkManager.*not running", l, re.IGNORECASE)]

    def test_late(self):
        self.assertTrue(wait_until(self.not_running_lines, REACT_S), self.log())
        for n in self.networks():
            # Without NetworkManager, nothing is known about the air.
            self.assertFalse({"visible", "signal", "current", "interface"} & set(n), n)
        time.sleep(1.0)
        self.assertEqual(len(self.not_running_lines()), 1, self.log())
        # CanRoam: Roam would answer NotSupported without NetworkManager.
        self.assertFalse(self.can_roam())
        self.polkit.SetAllowed(["org.mip6.roam"])
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.mn("Roam", "visitnet")
        self.assertEqual(cm.exception.get_dbus_name(), "org.mip6.Error.NotSupported")
        self.start_nm()
        got = wait_until(lambda: (lambda n: n if n.get("homenet", {}).get("visible")
                                  else None)(self.by_essid()), REACT_S)
        self.assertTrue(got, self.networks())
        self.assertEqual(got["visitnet2"]["signal"], 70)
        self.assertEqual(got["cafe"]["configured"], False)
        self.assertEqual(len(self.not_running_lines()), 1, self.log())
        self.assertIsNone(self.daemon.poll())
        # NetworkManager with a Wi-Fi device mip6d uses, networks configured.
        self.assertTrue(wait_until(self.can_roam, REACT_S), self.log())
        # And when it goes, what it told is no longer known.
        self.nm.stop()
        self.nm = None
        self.assertTrue(wait_until(lambda: all("visible" not in n for n in self.networks()),
                                   REACT_S), self.networks())
        self.assertTrue(wait_until(lambda: not self.can_roam(), REACT_S), self.log())
        self.assertNotIn("cafe", self.by_essid())
        self.assertIsNone(self.daemon.poll())


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
