#!/usr/bin/python3
"""mip6-applet on a private desktop (uibed.py) showing the real mip6d of
the network-namespace test bed as the mobile node moves.

The mobile node's mip6d and its private system bus run on the bed (as in
tests/e2e); the applet runs here on Xvfb with DBUS_SYSTEM_BUS_ADDRESS at
that bus, so every picture shows what the daemon really does. The MN goes
home -> visitnet (registered) -> visitnet2, whose access router drops the
Mobility Header (registering, then not registered) -> visitnet again (a
handover, a notification) -> no carrier (detached) -> mip6d stopped
(offline) -> mip6d started at home. In each state: the tray icon is the
one the applet's contract names for it (compared with every state icon's
SVG), and the menu's texts and sensitivity, read through AT-SPI, are the
contract's, with the addresses mip6d reports. The notifications are
recorded from the session bus; the details window's plot is looked at.

Screenshots go to $MIP6_UI_SHOTS/applet/ and are listed in the output.
Needs root (network namespaces), Xvfb and the applet; skips (77) without.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import mip6e2e as e2e  # noqa: E402
import uibed  # noqa: E402

SRCDIR = os.environ.get("MIP6_SRCDIR", os.path.join(HERE, "..", ".."))
APPLET = os.environ.get("MIP6_APPLET", "mip6-applet")
ICON_DIR = os.environ.get("MIP6_APPLET_ICON_DIR", os.path.join(SRCDIR, "data", "icons"))
SCHEMA_DIR = os.environ.get("MIP6_APPLET_SCHEMA_DIR", "")
SHOTS = os.path.join(os.environ.get("MIP6_UI_SHOTS", tempfile.gettempdir()), "applet")

# The applet's contract: the icon of each state of org.mip6.MobileNode1
# (and "offline" for no mip6d), the state line of its menu (LANG=C).
STATES = {
    "home": ("mip6-home", "At home"),
    "registering": ("mip6-registering", "Registering with the home agent"),
    "foreign": ("mip6-away", "Away from home, registered"),
    "unregistered": ("mip6-away-unregistered", "Away from home, not registered: "),
    "detached": ("mip6-detached", "No network"),
    "offline": ("mip6-offline", "mip6d is not running"),
}
AWAY = ("registering", "foreign", "unregistered")
ICONS = [icon for icon, _ in STATES.values()]
# What the pictures must reach (uibed.match_icon: normalized correlation
# with the SVG rendered as the tray shows it; the self-test gets 1.0 for
# the right shape and below 0.4 for the others).
MATCH_MIN = 0.85
MATCH_MARGIN = 0.15
MENU_ROLES = ("menu item", "menu", "check menu item", "radio menu item")
NOTIFY_GAP = 5.0  # the contract: at most one notification per 5 s


def skip_reason():
    if os.geteuid() != 0:
        return "the applet test runs mip6d on the network-namespace test bed, which needs root"
    missing = uibed.missing_programs()
    if missing:
        return f"the UI tier needs {', '.join(missing)} (scripts/deps.sh installs them)"
    if not (os.path.isfile(APPLET) and os.access(APPLET, os.X_OK)) and not shutil_which(APPLET):
        return f"no mip6-applet at {APPLET} (build it, or set MIP6_APPLET)"
    if subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        return "ip netns is not available"
    return None


def shutil_which(p):
    import shutil
    return shutil.which(p)


class Applet(unittest.TestCase):
    """One bed, one desktop, one applet; the tests run in order, each
    from where the last left the mobile node."""

    @classmethod
    def setUpClass(cls):
        reason = skip_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.icons = {name: os.path.join(ICON_DIR, "hicolor", "scalable", "status", name + ".svg")
                     for name in ICONS}
        missing = [p for p in cls.icons.values() if not os.path.exists(p)]
        if missing:
            raise AssertionError(f"the applet's state icons are missing: {missing}")
        cls.name = f"u{os.getpid() % 100000}"
        cls.workdir = tempfile.mkdtemp(prefix="mip6-ui-applet-")
        cls.bed = cls.ha = cls.mn = cls.desktop = cls.applet = None
        cls.forget = uibed.on_sigterm(cls.cleanup)
        try:
            # visitnet2's access router drops the Mobility Header: there the
            # node registers in vain (RFC 6275 §11.8) and ends unregistered.
            cls.bed = e2e.Bed(cls.name, True, ["--filter-mh", "visitnet2"])
            e2e.testbed("filter", cls.name, "visitnet2", "on")
            cls.ha = e2e.Node(cls.bed, "ha", cls.workdir)
            cls.mn = e2e.Node(cls.bed, "mn", cls.workdir)
            cls.ha.start_mip6d(e2e.HA_CONFIG)
            cls.mn.start_mip6d(e2e.MN_CONFIG)
            cls.desktop = uibed.UiBed(SHOTS, "applet", icon_dir=ICON_DIR).__enter__()
            env = {"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={cls.mn.bus_path}",
                   "MIP6_APPLET_ICON_DIR": ICON_DIR}
            if SCHEMA_DIR:
                env["GSETTINGS_SCHEMA_DIR"] = SCHEMA_DIR
            cls.applet_env = env
            cls.applet = cls.desktop.start("mip6-applet", [APPLET], env=env)
        except BaseException:
            cls.cleanup()
            raise

    @classmethod
    def cleanup(cls):
        if cls.desktop:
            if cls.applet is not None and cls.applet.poll() is not None:
                print(f"mip6-applet exited {cls.applet.returncode}; desktop log:\n"
                      f"{cls.desktop.read_log()}")
            cls.desktop.close()
            cls.desktop = None
        for n in (cls.mn, cls.ha):
            if n is not None:
                n.cleanup()
        if cls.bed:
            cls.bed.down()
            cls.bed = None
        if os.environ.get("MIP6_KEEP_LOGS"):
            print(f"mip6d logs kept in {cls.workdir}")
        else:
            subprocess.run(["rm", "-rf", cls.workdir])

    @classmethod
    def tearDownClass(cls):
        cls.forget()
        cls.cleanup()

    def setUp(self):
        if self.applet.poll() is not None:
            self.fail(f"mip6-applet exited {self.applet.returncode}:\n{self.desktop.read_log()}")

    # -- the daemon ---------------------------------------------------------

    def status(self):
        return self.mn.json("status")

    def wait_state(self, state, timeout=15):
        last = {}

        def pred():
            last["s"] = self.status()
            return last["s"] if last["s"]["state"] == state else None
        try:
            return uibed.wait_for(pred, timeout, f"mip6d's state {state}", interval=0.05)
        except AssertionError as e:
            raise AssertionError(f"{e} (last: {last.get('s')})\nMN log:\n{self.mn.read_log()}") from None

    def carrier(self, on):
        sw = e2e.testbed("nsname", self.name, "sw").stdout.strip()
        subprocess.run(["ip", "-n", sw, "link", "set", "mn-eth0", "up" if on else "down"], check=True)

    # -- the tray icon ------------------------------------------------------

    def scores(self, crop):
        return uibed.match_icon(crop, self.icons, self.desktop.tray_background())

    def assert_icon(self, state, shot, timeout=10, still=None):
        """The applet's icon is @state's (within @timeout: the applet
        follows PropertiesChanged); the screenshot is kept as @shot.
        @still: a function that must still be true after the picture (the
        daemon still in the state it shows)."""
        want = STATES[state][0]
        pid = self.applet.pid
        deadline = time.monotonic() + timeout
        while True:
            crop = self.desktop.screenshot(shot, self.desktop.wait_tray_icon(pid), quiet=True)
            if self.scores(crop)[0][1] == want or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        crop = self.desktop.screenshot_icon(shot, pid)
        if still is not None:
            self.assertTrue(still(), f"the daemon left {state} before the picture was checked")
        scores = self.scores(crop)
        print(f"{shot}: expected {want}; scores {[(round(s, 3), n) for s, n in scores]}", flush=True)
        self.assertEqual(scores[0][1], want, f"the tray shows {scores[0][1]}, not {want}: {scores}")
        self.assertGreater(scores[0][0], MATCH_MIN, scores)
        self.assertGreater(scores[0][0] - scores[1][0], MATCH_MARGIN,
                           f"{want} is not told from {scores[1][1]}: {scores}")

    # -- the menu -----------------------------------------------------------

    def open_menu(self, shot):
        """Clicks the icon; returns the menu's items [(role, name,
        sensitive)] in order once it shows, with a screenshot of it."""
        x, y, w, h = self.desktop.wait_tray_icon(self.applet.pid)
        self.desktop.click(x + w // 2, y + h // 2)
        found = {}

        def shown():
            ws = uibed.widgets(self.desktop, self.applet.pid)
            for i, m in enumerate(ws):
                if m["role"] == "menu" and m["showing"]:
                    items = [c for c in uibed.children(ws, i) if c["role"] in MENU_ROLES]
                    if any(c["name"] == "Quit" for c in items):
                        found.update(ws=ws, menu=m, items=items)
                        return True
            return False
        try:
            uibed.wait_for(shown, 10, "the applet's menu to show (AT-SPI)", interval=0.3)
        except AssertionError:
            self.desktop.screenshot(shot + "-missing")
            raise
        region = found["menu"]["extents"]
        self.desktop.screenshot_drawn(shot, region)
        items = [(c["role"], c["name"], c["sensitive"]) for c in found["items"] if c["showing"]]
        print(f"{shot}: " + "; ".join(f"{n!r}{'' if s else ' (insensitive)'}" for _, n, s in items),
              flush=True)
        return items

    def close_menu(self):
        self.desktop.key("Escape")
        uibed.wait_for(lambda: not any(w["role"] == "menu item" and w["showing"] and w["name"] == "Quit"
                                       for w in uibed.widgets(self.desktop, self.applet.pid)),
                       5, "the menu to close", interval=0.3)

    def assert_menu(self, state, shot, status=None):
        """The menu's items for @state, in the contract's order, with the
        addresses of mip6d's @status."""
        items = self.open_menu(shot)
        try:
            names = [n for _, n, _ in items]
            sens = {n: s for _, n, s in items}
            line = STATES[state][1]
            self.assertTrue(names and (names[0] == line or line.endswith(": ") and names[0].startswith(line)
                                       and len(names[0]) > len(line)),
                            f"the state line is {names[:1]}, not {line!r}…")
            # the contract's order of the labels that show
            # The binding line without a binding: the contract names only
            # "Binding expires in ..."; "No binding" / "Binding expired"
            # take its place.
            order = ["state", "Home address: ", "Care-of address: ", "Home agent: ", "Network: ",
                     ("Binding expires in ", "No binding", "Binding expired"), "Re-register now",
                     "Roam to", "Details…", "Quit"]

            def kind(n):
                if n is names[0]:
                    return 0
                return next((i for i, p in enumerate(order) if i and n.startswith(p)), None)
            kinds = [kind(n) for n in names]
            self.assertNotIn(None, kinds[1:], f"labels outside the contract: {names}")
            self.assertEqual(kinds, sorted(kinds), f"the menu's order: {names}")
            for label in ("Re-register now", "Roam to", "Details…", "Quit"):
                self.assertIn(label, names)
            self.assertEqual(sens["Re-register now"], state in AWAY,
                             f"Re-register now sensitive={sens['Re-register now']} in {state}")
            # No NetworkManager on the bed: nothing to roam to.
            self.assertFalse(sens["Roam to"], "Roam to is sensitive without NetworkManager")
            self.assertTrue(sens["Details…"] and sens["Quit"], items)
            if state == "offline":
                # nothing to tell about a binding without mip6d
                self.assertEqual(kinds, [0, 6, 7, 8, 9], f"info lines while mip6d is not running: {names}")
            if status is not None:
                hoa = e2e.HOME_ADDRESS
                self.assertIn(self.label(names, "Home address: "), (hoa, f"{hoa}/64"), names)
                self.assertEqual(self.label(names, "Home agent: "), status["home_agent"], names)
                self.assertEqual(status["home_agent"], e2e.HOME_AGENT)
                self.assertIsNotNone(self.label(names, "Network: "), names)
                if state in AWAY:
                    self.assertTrue(status["care_of_address"], status)
                    self.assertEqual(self.label(names, "Care-of address: "), status["care_of_address"],
                                     names)
                else:
                    self.assertIsNotNone(self.label(names, "Care-of address: "), names)
                if state == "foreign":
                    exp = self.label(names, "Binding expires in ")
                    self.assertTrue(exp and re.fullmatch(r"(\d+ min )?\d+ s", exp), names)
            return names, sens
        finally:
            self.close_menu()

    @staticmethod
    def label(names, prefix):
        """The value of the item "@prefix<value>", or None without one."""
        for n in names:
            if n.startswith(prefix):
                return n[len(prefix):]
        return None

    # -- notifications ------------------------------------------------------

    def notifications(self):
        return self.desktop.recorder.notifications("mip6")

    def wait_notification(self, pred, what, timeout=15):
        return uibed.wait_for(lambda: [n for n in self.notifications() if pred(n)], timeout,
                              f"a notification {what} (recorded: {self.notifications()})")[-1]

    def assert_popup(self, n, shot):
        """The notification daemon shows @n (its texts, through AT-SPI),
        and its bubble is drawn: screenshot @shot."""
        uibed.wait_for(lambda: n.summary in (t := self.desktop.notification_texts())
                       and n.body in t, 10, f"the notification daemon to show {n}")
        popups = uibed.wait_for(self.desktop.notification_popups, 10, "the notification on the screen")
        self.desktop.screenshot_drawn(shot, popups[0])

    def quiet_notifications(self):
        """Waits until the applet may notify at once again (the 5 s gate
        is open), so the next event's notification is not merged."""
        ns = self.notifications()
        if ns:
            time.sleep(max(0.0, ns[-1].time + NOTIFY_GAP + 0.5 - time.monotonic()))

    # -- the tests, in order ------------------------------------------------

    def test_1_home(self):
        s = self.wait_state("home")
        self.assert_icon("home", "1-home-icon")
        self.assert_menu("home", "1-home-menu", s)

    def test_2_foreign(self):
        self.quiet_notifications()
        t_move = time.monotonic()
        self.bed.move("visitnet")
        s = self.wait_state("foreign")
        coa = s["care_of_address"]
        self.assertTrue(coa.startswith(e2e.VISIT_PREFIX), s)
        self.assert_icon("foreign", "2-foreign-icon")
        self.assert_menu("foreign", "2-foreign-menu", s)
        # the handover's notification: connected, with the care-of address
        n = self.wait_notification(lambda n: n.category == "network.connected" and coa in n.body,
                                   f"network.connected with {coa}")
        self.assertEqual(n.summary, "Handover completed", n)
        print(f"notification: {n}", flush=True)
        self.assert_popup(n, "2-foreign-notification")
        # A move passes through "detached" for a moment; that is no news of
        # its own: the one notification of a move says where it ended.
        moved = [x for x in self.notifications() if x.time >= t_move]
        self.assertEqual([x.summary for x in moved], ["Handover completed"], moved)

    def test_3_registering_then_unregistered(self):
        self.bed.move("visitnet2")
        # RFC 6275 §11.8: 1.5 s, then 3 s without a Binding Acknowledgement
        # before the node gives up; the picture is taken in that time.
        self.wait_state("registering", 5)
        self.assert_icon("registering", "3-registering-icon", timeout=3,
                         still=lambda: self.status()["state"] == "registering")
        s = self.wait_state("unregistered", 20)
        self.assert_icon("unregistered", "3-unregistered-icon")
        names, _ = self.assert_menu("unregistered", "3-unregistered-menu", s)
        print(f"unregistered: reason {s['state_reason']!r}; menu: {names[0]!r}")

    def test_4_handover_and_details(self):
        self.quiet_notifications()
        before = len(self.notifications())
        self.bed.move("visitnet")
        s = self.wait_state("foreign")
        coa = s["care_of_address"]
        self.assert_icon("foreign", "4-foreign-icon")
        n = self.wait_notification(lambda n: n.category == "network.connected" and coa in n.body
                                   and n in self.notifications()[before:], "of the handover back")
        self.assert_popup(n, "4-handover-notification")
        ns = self.notifications()
        print("notifications: " + "\n  ".join(map(repr, ns)), flush=True)
        # One notification, updated in place: each Notify replaces the one
        # the server returned before; no more often than once per 5 s.
        self.assertEqual(ns[0].replaces_id, 0, ns[0])
        for a, b in zip(ns, ns[1:]):
            self.assertTrue(a.id, a)
            self.assertEqual(b.replaces_id, a.id, f"{b} does not replace {a}")
            self.assertGreaterEqual(b.time - a.time, NOTIFY_GAP - 0.3, f"{a} then {b}")
        self.assertIn(n.category, ("network.connected",))
        self.assertEqual({x.app_name for x in ns}, {"mip6"})

        # The details window, opened the way the applications menu does.
        opener = self.desktop.start("mip6-applet --details", [APPLET, "--details"], env=self.applet_env)
        wid = uibed.wait_for(lambda: self.desktop.mapped_windows("^Mobile IPv6 details$"), 10,
                             "the details window")[0]
        # No window manager: out of the tray's and the notifications' way.
        self.desktop.run_x("xdotool", "windowmove", "--sync", wid, "120", "110")
        self.assertEqual(opener.wait(10), 0)
        self.desktop.stop(opener)
        found = {}

        def plot():
            ws = uibed.widgets(self.desktop, self.applet.pid)
            p = [w for w in ws if w["role"] == "drawing area" and w["name"] == "Handover times"
                 and w["showing"]]
            found.update(ws=ws, plot=p)
            return p and any(w["role"] == "frame" and w["name"] == "Mobile IPv6 details" for w in ws)
        uibed.wait_for(plot, 10, "the drawing area \"Handover times\" in the applet's window (AT-SPI)",
                       interval=0.3)
        # the binding section says what mip6d says
        # (a value label has its caption's accessible name; the caption
        # says the name itself)
        values = {}
        for w in found["ws"]:
            if w["role"] == "label" and w["showing"] and w.get("text") not in (None, w["name"]):
                values.setdefault(w["name"], []).append(w["text"])
        print(f"details: {values}", flush=True)
        self.assertEqual(values.get("State"), [STATES["foreign"][1]], values)
        self.assertEqual(values.get("Care-of address"), [coa], values)
        self.assertEqual(values.get("Home agent"), [e2e.HOME_AGENT], values)
        self.assertTrue(any(w["name"] == "Last handovers" and w["showing"] for w in found["ws"]),
                        "no \"Last handovers\" table in the details window")
        self.desktop.screenshot_drawn("4-details-window", self.desktop.window_geometry(wid))
        x, y, w, h = found["plot"][0]["extents"]
        sw, sh = uibed.SCREEN
        region = (max(0, x), max(0, y), min(w, sw - x), min(h, sh - y))
        self.assertTrue(region[2] > 20 and region[3] > 20, f"the plot is off the screen: {x, y, w, h}")
        self.desktop.screenshot_drawn("4-details-plot", region, min_colours=4, min_foreground=0.01)
        self.desktop.run_x("xdotool", "windowunmap", "--sync", wid)

    def test_5_detached(self):
        self.quiet_notifications()
        before = len(self.notifications())
        self.carrier(False)
        s = self.wait_state("detached")
        self.assert_icon("detached", "5-detached-icon")
        self.assert_menu("detached", "5-detached-menu")
        n = self.wait_notification(lambda n: n.category == "network.disconnected"
                                   and n in self.notifications()[before:], "network.disconnected")
        self.assertEqual(n.summary, "No network", n)
        print(f"notification: {n}; state {s['state']}", flush=True)

    def test_6_offline(self):
        self.assertEqual(self.mn.stop_mip6d(), 0)
        self.assert_icon("offline", "6-offline-icon")
        self.assert_menu("offline", "6-offline-menu")

    def test_7_restarted(self):
        self.bed.move("homenet")
        self.mn.start_mip6d(e2e.MN_CONFIG)
        s = self.wait_state("home")
        self.assert_icon("home", "7-home-again-icon")
        self.assert_menu("home", "7-home-again-menu", s)
        self.desktop.check_alive()


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    print(f"screenshots in {SHOTS}")
    if r.skipped and not r.failures and not r.errors and len(r.skipped) >= max(1, r.testsRun):
        sys.exit(77)
    sys.exit(0 if r.wasSuccessful() else 1)
