"""What the Wi-Fi tests share: a bed of mip6-wifibed (made here, or one that
MIP6_WIFIBED names, so that several tests use one VM boot), and what the
mobile node's NetworkManager, radio and addresses say."""
import inspect
import ipaddress
import json
import os
import re
import subprocess
import time
import unittest

import gi
gi.require_version("NM", "1.0")
from gi.repository import GLib, NM  # noqa: E402

# NMDeviceState as nmcli spells it.
NM_STATES = {0: "unknown", 10: "unmanaged", 20: "unavailable", 30: "disconnected",
             40: "connecting (prepare)", 50: "connecting (configuring)",
             60: "connecting (need authentication)", 70: "connecting (getting IP configuration)",
             80: "connecting (checking IP connectivity)",
             90: "connecting (starting secondary connections)", 100: "connected",
             110: "deactivating", 120: "failed"}
AP_PRIVACY = getattr(NM, "80211ApFlags").PRIVACY  # WEP, or any security

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "mip6-wifibed")


def in_vm():
    """Inside tests/vm/mip6-vm's guest (its /init passes the job on the
    kernel command line)."""
    try:
        with open("/proc/cmdline") as f:
            return "mip6vm.job=" in f.read()
    except OSError:
        return False


def eui64(prefix, mac):
    """The SLAAC address of mac in prefix (RFC 4291 appendix A)."""
    b = bytearray(int(x, 16) for x in mac.split(":"))
    b[0] ^= 2
    iid = bytes(b[:3]) + b"\xff\xfe" + bytes(b[3:])
    net = ipaddress.ip_network(prefix)
    return str(ipaddress.ip_address(int(net.network_address) | int.from_bytes(iid, "big")))


class WifiBed:
    def __init__(self, name=None):
        """Uses the bed MIP6_WIFIBED names, or makes one called name."""
        self.shared = os.environ.get("MIP6_WIFIBED")
        self.name = self.shared or name
        if not self.shared:
            r = self.tool("up", self.name, check=False, timeout=400)
            if r.returncode != 0:
                raise AssertionError(f"mip6-wifibed up failed:\n{r.stdout}{r.stderr}")
        self.info = json.loads(self.tool("info", self.name).stdout)
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.info["bus"])
        self.wlan, self.eth = self.info["wlan"], self.info["ethernet"]
        self.aps = self.info["aps"]
        # Watching NM through libnm in this process: an nmcli call costs
        # about a second under TCG, a look at libnm's cache nothing.
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = self.info["bus"]
        self.nm = NM.Client.new(None)

    def down(self):
        if not self.shared:
            self.tool("down", self.name, check=False)

    def tool(self, *args, check=True, timeout=120):
        r = subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"mip6-wifibed {' '.join(args)} exited {r.returncode}: "
                                 f"{r.stdout}{r.stderr}")
        return r

    def ap(self, ssid, state):
        self.tool("ap", self.name, ssid, state)

    def dock(self, link):
        self.tool("dock", self.name, link)

    def undock(self):
        self.tool("undock", self.name)

    def nmcli(self, *args, check=True, timeout=120):
        r = subprocess.run(["nmcli", *args], capture_output=True, text=True, env=self.env,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"nmcli {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
        return r

    def pump(self):
        """Lets libnm take in what NM has signalled since the last look."""
        ctx = GLib.MainContext.default()
        while ctx.iteration(False):
            pass

    def device_states(self):
        """Interface -> (state as nmcli names it, active connection's name)."""
        self.pump()
        out = {}
        for d in self.nm.get_all_devices():
            ac = d.get_active_connection()
            out[d.get_iface()] = (NM_STATES.get(int(d.get_state()), str(d.get_state())),
                                  ac.get_id() if ac else "")
        return out

    def device(self, iface):
        self.pump()
        return self.nm.get_device_by_iface(iface)

    def scan(self):
        """SSID -> (BSSID, channel, security) of the access points NM lists."""
        out = {}
        for ap in self.device(self.wlan).get_access_points():
            ssid = ap.get_ssid()
            if ssid is None:
                continue
            if ap.get_rsn_flags() != 0:
                sec = "WPA2"
            elif ap.get_wpa_flags() != 0:
                sec = "WPA1"
            elif ap.get_flags() & AP_PRIVACY:
                sec = "WEP"
            else:
                sec = ""
            out[ssid.get_data().decode()] = (ap.get_bssid().lower(),
                                            NM.utils_wifi_freq_to_channel(ap.get_frequency()), sec)
        return out

    def rescan(self):
        try:
            self.device(self.wlan).request_scan_async(None, None, None)
        except GLib.Error:
            pass  # NM refuses scans in quick succession

    def link(self):
        """(BSSID, SSID) the radio is associated with, or None."""
        out = subprocess.run(["iw", "dev", self.wlan, "link"], capture_output=True,
                             text=True).stdout
        m = re.search(r"Connected to ([0-9a-f:]{17})", out)
        s = re.search(r"SSID: (.*)", out)
        return (m.group(1), s.group(1).strip()) if m and s else None

    def mac(self, dev):
        with open(f"/sys/class/net/{dev}/address") as f:
            return f.read().strip()

    def addresses(self, dev, prefix=None, tentative=False):
        out = json.loads(subprocess.run(["ip", "-6", "-j", "addr", "show", "dev", dev],
                                        capture_output=True, text=True).stdout or "[]")
        net = ipaddress.ip_network(prefix) if prefix else None
        return [a["local"] for link in out for a in link.get("addr_info", [])
                if (tentative or not a.get("tentative"))
                and (net is None or ipaddress.ip_address(a["local"]) in net)]

    def ping(self, dst, dev=None, src=None, count=2):
        cmd = ["ping", "-6", "-n", "-c", str(count), "-i", "0.3", "-W", "2"]
        if src or dev:
            cmd += ["-I", src or dev]
        return subprocess.run(cmd + [dst], capture_output=True, text=True)


def wait_for(pred, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def in_definition_order(loader, tests, pattern):
    """unittest's load_tests: the classes and their tests in the order they
    are written, since each test leaves the bed as the next one expects."""
    def key(t):
        cls = type(t)
        names = list(cls.__dict__)
        return (inspect.getsourcelines(cls)[1], names.index(t._testMethodName)
                if t._testMethodName in names else 0)
    return unittest.TestSuite(sorted(_flatten(tests), key=key))


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


class ReportAtOnce:
    """A unittest result mixin that prints a failure's traceback when it
    happens: in the VM a later hang (or the timeout) may leave no summary."""

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.stream.writeln(f"\nFAILED {test.id()}:\n{self._exc_info_to_string(err, test)}")
        self.stream.flush()

    def addError(self, test, err):
        super().addError(test, err)
        self.stream.writeln(f"\nERROR {test.id()}:\n{self._exc_info_to_string(err, test)}")
        self.stream.flush()


def main(e2e, label):
    """mip6e2e.main with failures printed at once."""
    e2e.RecordingResult = type("RecordingResult", (ReportAtOnce, e2e.RecordingResult), {})
    e2e.main(label)
