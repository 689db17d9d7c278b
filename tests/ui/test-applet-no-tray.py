#!/usr/bin/python3
"""mip6-applet on a desktop with no tray at all, as GNOME Shell without the
AppIndicator extension is: neither a StatusNotifierWatcher on the session
bus nor an XEmbed tray manager. The applet's contract (HACKING.md,
"Applet"): it says so once, on stderr and in one notification, keeps
running, and its details window still opens the way the desktop file
opens it (mip6-applet --details). No mip6d runs, and the applet does
not have the bus start one: the details say it is not running."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import uibed  # noqa: E402

SRCDIR = os.environ.get("MIP6_SRCDIR", os.path.join(HERE, "..", ".."))
APPLET = os.environ.get("MIP6_APPLET", "mip6-applet")
ICON_DIR = os.environ.get("MIP6_APPLET_ICON_DIR", os.path.join(SRCDIR, "data", "icons"))
SCHEMA_DIR = os.environ.get("MIP6_APPLET_SCHEMA_DIR", "")
SHOTS = os.path.join(os.environ.get("MIP6_UI_SHOTS", tempfile.gettempdir()), "no-tray")
NO_TRAY_SENTENCE = "no system tray is running"


class NoTray(unittest.TestCase):
    def setUp(self):
        missing = uibed.missing_programs()
        if missing:
            self.skipTest(f"the UI tier needs {', '.join(missing)} (scripts/deps.sh installs them)")
        if not os.access(APPLET, os.X_OK):
            self.skipTest(f"no mip6-applet at {APPLET} (build it, or set MIP6_APPLET)")
        self.desktop = uibed.UiBed(SHOTS, "no-tray", icon_dir=ICON_DIR, tray=False).__enter__()
        self.addCleanup(self.desktop.close)
        # A system bus with no mip6d on it, but which could start one: the
        # applet shows mip6d as not running and must never start it
        # (activation would run the service file's Exec, which leaves a mark).
        self.bus_dir = tempfile.mkdtemp(prefix="mip6-no-tray-bus-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.bus_dir])
        sock = os.path.join(self.bus_dir, "system_bus_socket")
        services = os.path.join(self.bus_dir, "services")
        os.mkdir(services)
        self.activated = os.path.join(self.bus_dir, "activated")
        with open(os.path.join(services, "org.mip6.service"), "w") as f:
            f.write(f"[D-BUS Service]\nName=org.mip6\nExec=/usr/bin/touch {self.activated}\n")
        conf = os.path.join(self.bus_dir, "bus.conf")
        with open(conf, "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={sock}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
        self.bus = subprocess.Popen(["dbus-daemon", "--config-file", conf, "--nofork", "--nopidfile"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self.bus.wait, 5)
        self.addCleanup(self.bus.terminate)
        uibed.wait_for(lambda: os.path.exists(sock), 10, "the system bus socket")
        self.env = {"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={sock}", "MIP6_APPLET_ICON_DIR": ICON_DIR}
        if SCHEMA_DIR:
            self.env["GSETTINGS_SCHEMA_DIR"] = SCHEMA_DIR

    def test_says_so_once_and_details_still_open(self):
        applet = self.desktop.start("mip6-applet", [APPLET], env=self.env)
        n = uibed.wait_for(lambda: self.desktop.recorder.notifications("mip6"), 15,
                           "the applet's notification that there is no tray")[0]
        self.assertEqual(n.summary, "No system tray", n)
        self.assertIn("Mobile IPv6", n.body, n)
        time.sleep(3)
        self.assertIsNone(applet.poll(), f"mip6-applet ended:\n{self.desktop.read_log()}")
        # Once: one notification and one line on stderr, not one per attempt.
        self.assertEqual(len(self.desktop.recorder.notifications("mip6")), 1,
                         self.desktop.recorder.notifications())
        self.assertEqual(self.desktop.read_log().count(NO_TRAY_SENTENCE), 1, self.desktop.read_log())
        self.desktop.screenshot_drawn("notification", None)
        # What the desktop file runs (Exec=mip6-applet --details) reaches
        # the running applet, which opens its details window.
        opener = self.desktop.start("mip6-applet --details", [APPLET, "--details"], env=self.env)
        wid = uibed.wait_for(lambda: self.desktop.mapped_windows("^Mobile IPv6 details$"), 10,
                             "the details window")[0]
        self.assertEqual(opener.wait(10), 0)
        ws = uibed.wait_for(lambda: [w for w in uibed.widgets(self.desktop, applet.pid)
                                     if w["role"] == "label" and w.get("text") == "mip6d is not running"],
                            10, "\"mip6d is not running\" in the details window (AT-SPI)")
        self.assertTrue(ws)
        self.desktop.screenshot_drawn("details", self.desktop.window_geometry(wid))
        # HACKING.md, "Applet": it follows mip6d's name, never starts it.
        self.assertFalse(os.path.exists(self.activated), "mip6-applet had the bus start mip6d")

    def test_setting_turns_notifications_off(self):
        # org.mip6.Applet notifications=false (the installed GSettings
        # schema), here through GLib's keyfile back end: not one Notify.
        if not SCHEMA_DIR:
            self.skipTest("MIP6_APPLET_SCHEMA_DIR names no compiled schema")
        keyfile = os.path.join(self.desktop.env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
        os.makedirs(os.path.dirname(keyfile), exist_ok=True)
        with open(keyfile, "w") as f:
            f.write("[org/mip6/Applet]\nnotifications=false\n")
        applet = self.desktop.start("mip6-applet", [APPLET], env=dict(self.env, GSETTINGS_BACKEND="keyfile"))
        uibed.wait_for(lambda: NO_TRAY_SENTENCE in self.desktop.read_log(), 15,
                       "the applet's line on stderr that there is no tray")
        time.sleep(3)
        self.assertIsNone(applet.poll(), f"mip6-applet ended:\n{self.desktop.read_log()}")
        self.assertEqual(self.desktop.recorder.notifications("mip6"), [],
                         "notifications came although the setting turns them off")


if __name__ == "__main__":
    unittest.main(verbosity=2)
