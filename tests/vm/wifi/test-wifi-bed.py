#!/usr/bin/python3
"""The Wi-Fi bed itself, without mip6d (VM tier only): NetworkManager with
wpa_supplicant connects the mobile node to each ESSID with its key, SLAAC
gives it an address from that link's prefix and its router answers; a wrong
key fails; the docking Ethernet port works beside the radio; an access point
switched off disappears.

Runs on the bed MIP6_WIFIBED names, or makes its own. Leaves the bed as it
found it: every access point on, eth0 undocked, no profile of its own.
"""
import os
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "e2e"))
import mip6e2e as e2e  # noqa: E402
import wifibed  # noqa: E402
from wifibed import wait_for  # noqa: E402

SSIDS = ("homenet", "visitnet", "visitnet2")


def pids_named(comm):
    out = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{p}/comm") as f:
                if f.read().strip() == comm:
                    out.append(int(p))
        except OSError:
            pass  # gone meanwhile
    return out


class WifiBed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.bed = wifibed.WifiBed(f"w{os.getpid() % 100000}")
        cls.profiles = []

    @classmethod
    def tearDownClass(cls):
        b = cls.bed
        for ssid in SSIDS:
            b.tool("ap", b.name, ssid, "on", check=False)
        b.tool("undock", b.name, check=False)
        b.nmcli("device", "disconnect", b.wlan, check=False)
        for p in cls.profiles:
            b.nmcli("connection", "delete", p, check=False)
        b.down()

    def profile(self, name, ssid, security, key, extra=()):
        """A Wi-Fi profile for ssid; IPv4 off, NM does SLAAC itself."""
        sec = {"wpa-psk": ["wifi-sec.key-mgmt", "wpa-psk", "wifi-sec.psk", key or ""],
               "wep": ["wifi-sec.key-mgmt", "none", "wifi-sec.wep-key0", key or "",
                       "wifi-sec.wep-key-type", "key"],
               "open": []}[security]
        self.bed.nmcli("connection", "delete", name, check=False)
        self.bed.nmcli("connection", "add", "type", "wifi", "ifname", self.bed.wlan, "con-name",
                       name, "ssid", ssid, *sec, "ipv4.method", "disabled", "ipv6.method", "auto",
                       "ipv6.addr-gen-mode", "eui64", "autoconnect", "no", *extra)
        if name not in self.profiles:
            self.profiles.append(name)

    def connect(self, ssid):
        """Connects with the right key and checks association, SLAAC and the
        router; returns the address."""
        b, ap = self.bed, self.bed.aps[ssid]
        took = None
        if b.device_states()[b.wlan] != ("connected", f"t-{ssid}"):
            self.profile(f"t-{ssid}", ssid, ap["security"], ap["key"])
            t0 = time.monotonic()
            b.nmcli("--wait", "60", "connection", "up", f"t-{ssid}")
            took = time.monotonic() - t0
        bssid = b.scan()[ssid][0]
        self.assertEqual(b.link(), (bssid, ssid))
        self.assertEqual(b.device_states()[b.wlan], ("connected", f"t-{ssid}"))
        want = wifibed.eui64(ap["prefix"], b.mac(b.wlan))
        wait_for(lambda: want in b.addresses(b.wlan, ap["prefix"]), 20,
                 f"{want} by SLAAC from {ap['prefix']} on {b.wlan}")
        r = b.ping(ap["router"], src=want)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        print(f"{ssid} ({ap['security']}): associated with {bssid}, {want}, router "
              f"{ap['router']} answers"
              + (f"; nmcli connection up took {took:.1f} s" if took else " (still connected)"))
        return want

    def test_networkmanager_manages_only_the_mobile_node(self):
        b = self.bed
        states = b.device_states()
        self.assertEqual(states[b.wlan][0], "disconnected", states)
        self.assertEqual(states[b.eth][0], "unavailable", states)  # undocked: no carrier
        others = {d: s for d, (s, _) in states.items() if d not in (b.wlan, b.eth)}
        self.assertTrue(all(s == "unmanaged" for s in others.values()), others)
        # NetworkManager lives in the root namespace only: the bed's
        # namespaces hold no interface of its own and none of its processes.
        nm = pids_named("NetworkManager")
        self.assertEqual(len(nm), 1, nm)
        nm = nm[0]
        self.assertEqual(os.readlink(f"/proc/{nm}/ns/net"), os.readlink("/proc/self/ns/net"))
        for ns in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                 text=True).stdout.split("\n"):
            ns = ns.split(" ")[0]
            if ns.startswith(f"mip6tb-{b.name}-"):
                pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                                      text=True).stdout.split()
                names = {open(f"/proc/{p}/comm").read().strip() for p in pids
                         if os.path.exists(f"/proc/{p}/comm")}
                self.assertFalse(names & {"NetworkManager", "wpa_supplicant"}, (ns, names))
        # The three access points, each with its channel and security.
        seen = b.scan()
        self.assertEqual({s: seen[s][1:] for s in SSIDS if s in seen},
                         {"homenet": (1, "WPA2"), "visitnet": (6, "WEP"), "visitnet2": (11, "")})

    def test_homenet_wpa_psk(self):
        self.connect("homenet")

    def test_visitnet_wep(self):
        self.connect("visitnet")

    def test_visitnet2_open(self):
        self.connect("visitnet2")

    def test_ethernet_dock_beside_wifi(self):
        b = self.bed
        self.connect("visitnet2")
        b.nmcli("connection", "delete", "t-eth", check=False)
        b.nmcli("connection", "add", "type", "ethernet", "ifname", b.eth, "con-name", "t-eth",
                "ipv4.method", "disabled", "ipv6.method", "auto", "ipv6.addr-gen-mode", "eui64",
                "autoconnect", "yes")
        self.profiles.append("t-eth")
        # Docking onto visitnet: carrier comes, NM activates the profile
        # by itself and does SLAAC there, the radio stays on visitnet2.
        b.dock("visitnet")
        want = wifibed.eui64(b.aps["visitnet"]["prefix"], b.mac(b.eth))
        wait_for(lambda: b.device_states()[b.eth] == ("connected", "t-eth"), 60,
                 f"NM to activate t-eth on {b.eth}: {b.device_states()}")
        wait_for(lambda: want in b.addresses(b.eth, b.aps["visitnet"]["prefix"]), 20,
                 f"{want} on {b.eth}")
        r = b.ping(b.aps["visitnet"]["router"], src=want)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(b.device_states()[b.wlan], ("connected", "t-visitnet2"))
        self.assertEqual(b.ping(b.aps["visitnet2"]["router"], dev=b.wlan).returncode, 0)
        # Undocking: no carrier, NM takes the profile down and the address.
        b.undock()
        wait_for(lambda: b.device_states()[b.eth][0] == "unavailable", 30,
                 f"{b.eth} unavailable after undocking: {b.device_states()}")
        wait_for(lambda: not b.addresses(b.eth, b.aps["visitnet"]["prefix"]), 10,
                 f"the visitnet address gone from {b.eth}")
        b.nmcli("connection", "delete", "t-eth")
        self.profiles.remove("t-eth")

    def test_wrong_keys_fail(self):
        b = self.bed
        # WPA-PSK: the 4-way handshake fails, NM has no agent to ask for
        # another key, the activation fails and nothing is associated.
        self.profile("t-homenet-wrong", "homenet", "wpa-psk", "not-the-passphrase")
        t0 = time.monotonic()
        r = b.nmcli("--wait", "60", "connection", "up", "t-homenet-wrong", check=False)
        took_psk = time.monotonic() - t0
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIsNone(b.link())
        self.assertEqual(b.addresses(b.wlan, b.aps["homenet"]["prefix"], tentative=True), [])
        # WEP with Open System authentication associates whatever the key,
        # but no frame decrypts: no RA, so no address, and NM gives up.
        self.profile("t-visitnet-wrong", "visitnet", "wep", "wrong-wepkey!",
                     ["ipv6.ra-timeout", "5"])
        seen = {"associated": False, "address": []}
        done = threading.Event()

        def watch():
            while not done.is_set():
                if (b.link() or ("", ""))[1] == "visitnet":
                    seen["associated"] = True
                seen["address"] += b.addresses(b.wlan, b.aps["visitnet"]["prefix"], tentative=True)
                time.sleep(0.2)

        w = threading.Thread(target=watch)
        w.start()
        t0 = time.monotonic()
        try:
            r = b.nmcli("--wait", "90", "connection", "up", "t-visitnet-wrong", check=False)
        finally:
            done.set()
            w.join()
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertTrue(seen["associated"], "never associated with visitnet")
        self.assertEqual(seen["address"], [])
        print(f"wrong keys: WPA-PSK refused after {took_psk:.1f} s; WEP associated, no address, "
              f"failed after {time.monotonic() - t0:.1f} s: {r.stderr.strip().splitlines()[0]}")

    def test_access_point_switched_off(self):
        b = self.bed
        self.connect("visitnet")
        t0 = time.monotonic()
        b.ap("visitnet", "off")
        wait_for(lambda: b.device_states()[b.wlan][0] != "connected", 30,
                 "NM to notice that visitnet is gone")
        lost = time.monotonic() - t0
        self.assertIsNone(b.link())

        def gone():
            b.rescan()
            return "visitnet" not in b.scan()
        wait_for(gone, 90, "visitnet to leave NM's scan results", interval=3)
        print(f"visitnet off: NM disconnected after {lost:.1f} s, left the scan list "
              f"after {time.monotonic() - t0:.1f} s")
        b.ap("visitnet", "on")

        def back():
            b.rescan()
            return "visitnet" in b.scan()
        wait_for(back, 60, "visitnet back in NM's scan results", interval=2)


load_tests = wifibed.in_definition_order


if __name__ == "__main__":
    e2e.skip_unless_possible()
    if not wifibed.in_vm():
        print("SKIP: the Wi-Fi bed runs only in the VM of tests/vm/mip6-vm")
        sys.exit(77)
    wifibed.main(e2e, "Wi-Fi bed, NetworkManager")
