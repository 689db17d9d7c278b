#!/usr/bin/python3
"""The UI tier's own desktop (uibed.py) against a tiny GTK 3 client: a
Gtk.StatusIcon from an icon theme of the test's making, its menu, a
window with a drawing area, and a libnotify notification updated in place.

Each check can fail: the client's icon is one of three coloured shapes and
must be told from the other two, before and after it changes; the menu's
texts and sensitivity come through AT-SPI; the Notify calls are recorded
with the arguments the client gave.

`test-uibed.py client ICON_DIR` is the client (run by the test).
"""
import os
import signal
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uibed  # noqa: E402

# Three shapes in three colours: the comparison must tell each from the
# others (by shape and colour, as the state icons differ).
SVGS = {
    "uibed-red": '<circle cx="16" cy="16" r="13" fill="#d01010"/>',
    "uibed-blue": '<rect x="4" y="4" width="24" height="24" fill="#1030d0"/>',
    "uibed-green": '<path d="M16 3 L30 29 L2 29 Z" fill="#10a010"/>',
}


def write_theme(root):
    d = os.path.join(root, "hicolor", "scalable", "status")
    os.makedirs(d)
    for name, body in SVGS.items():
        with open(os.path.join(d, name + ".svg"), "w") as f:
            f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" '
                    f'viewBox="0 0 32 32">{body}</svg>\n')
    return {n: os.path.join(d, n + ".svg") for n in SVGS}


def client(icon_dir):
    import gi
    gi.require_version("Gtk", "3.0")
    gi.require_version("Notify", "0.7")
    from gi.repository import GLib, Gtk, Notify
    Gtk.IconTheme.get_default().append_search_path(icon_dir)
    icon = Gtk.StatusIcon.new_from_icon_name("uibed-red")
    icon.set_tooltip_text("Self-test icon")
    menu = Gtk.Menu()
    for label, sensitive in (("First item", True), ("Disabled item", False), ("Quit", True)):
        item = Gtk.MenuItem.new_with_label(label)
        item.set_sensitive(sensitive)
        menu.append(item)
    menu.show_all()

    def popup(*_):
        menu.popup(None, None, Gtk.StatusIcon.position_menu, icon, 0, Gtk.get_current_event_time())
    icon.connect("activate", popup)
    icon.connect("popup-menu", lambda i, b, t: popup())

    win = Gtk.Window(title="Self-test window")
    area = Gtk.DrawingArea()
    area.set_size_request(300, 200)
    area.get_accessible().set_name("Test plot")

    def draw(w, cr):
        cr.set_source_rgb(1, 1, 1)
        cr.paint()
        cr.set_source_rgb(0.1, 0.3, 0.8)
        cr.set_line_width(3)
        for i in range(10):
            cr.line_to(20 + i * 28, 180 - (i * i) % 150)
        cr.stroke()
    area.connect("draw", draw)
    win.add(area)
    win.move(400, 300)

    Notify.init("uibed-selftest")
    note = Notify.Notification.new("Connected", "Care-of address fec0::1", "network-wired")
    note.set_category("network.connected")

    def usr1():
        icon.set_from_icon_name("uibed-blue")
        return True

    def usr2():
        # the same notification again, updated in place (replaces_id)
        note.update("Connected", "Care-of address fec0::2", "network-wired")
        note.show()
        return True

    def show_window():
        win.show_all()
        return True
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR1, usr1)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR2, usr2)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGWINCH, show_window)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: Gtk.main_quit() or False)
    note.show()
    Gtk.main()


class UiBedSelfTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = uibed.missing_programs()
        if missing:
            raise unittest.SkipTest(f"the UI tier needs {', '.join(missing)} (scripts/deps.sh)")
        shots = os.path.join(os.environ.get("MIP6_UI_SHOTS", tempfile.gettempdir()), "uibed")
        cls.tmp = tempfile.TemporaryDirectory(prefix="mip6-uibed-theme-")
        cls.svgs = write_theme(cls.tmp.name)
        cls.bed = uibed.UiBed(shots, "uibed").__enter__()
        cls.client = cls.bed.start("client", ["/usr/bin/python3", os.path.abspath(__file__), "client",
                                              cls.tmp.name])

    @classmethod
    def tearDownClass(cls):
        cls.bed.close()
        cls.tmp.cleanup()

    def icon(self):
        return self.bed.wait_tray_icon(self.client.pid)

    def icon_matches(self, shot, expected):
        crop = self.bed.screenshot_icon(shot, self.client.pid)
        scores = uibed.match_icon(crop, self.svgs, self.bed.tray_background())
        print(f"{shot}: scores {[(round(s, 3), n) for s, n in scores]}")
        self.assertEqual(scores[0][1], expected, scores)
        self.assertGreater(scores[0][0], 0.8, scores)
        self.assertGreater(scores[0][0] - scores[1][0], 0.2, scores)

    def test_1_icon(self):
        self.icon_matches("icon-red", "uibed-red")
        self.client.send_signal(signal.SIGUSR1)
        uibed.wait_for(lambda: uibed.match_icon(self.bed.screenshot("tray-wait", self.icon(), quiet=True),
                                                self.svgs, self.bed.tray_background())[0][1] == "uibed-blue", 10, "the blue icon")
        self.icon_matches("icon-blue", "uibed-blue")
        # the notification daemon's own icon is in the tray too, and is
        # neither (the comparison does not take any icon for one of ours)
        others = [r for r in self.bed.tray_icons() if r != self.icon()]
        self.assertTrue(others, "the notification daemon's icon is not in the tray")
        crop = self.bed.screenshot("other-icon", others[0])
        scores = uibed.match_icon(crop, self.svgs, self.bed.tray_background())
        print(f"other-icon: scores {[(round(s, 3), n) for s, n in scores]}")
        self.assertLess(scores[0][0], 0.8, scores)

    def test_2_menu(self):
        x, y, w, h = self.icon()
        self.bed.click(x + w // 2, y + h // 2)

        def menu_shown():
            ws = uibed.widgets(self.bed, self.client.pid)
            return ws if any(w["role"] == "menu item" and w["name"] == "First item" and w["showing"]
                             for w in ws) else None
        ws = uibed.wait_for(menu_shown, 10, "the menu to show (AT-SPI)")
        print(uibed.format_widgets(ws))
        items = [(w["name"], w["sensitive"]) for w in ws if w["role"] == "menu item"]
        self.assertEqual(items, [("First item", True), ("Disabled item", False), ("Quit", True)])
        menus = uibed.wait_for(lambda: self.bed.process_windows(self.client.pid), 10, "the menu window")
        self.bed.screenshot_drawn("menu", menus[0])
        self.bed.key("Escape")

    def test_3_notification(self):
        rec = self.bed.recorder
        uibed.wait_for(lambda: rec.notifications("uibed-selftest"), 10, "the client's Notify call")
        self.client.send_signal(signal.SIGUSR2)
        calls = uibed.wait_for(lambda: (lambda c: c if len(c) >= 2 and c[1].id else None)(
            rec.notifications("uibed-selftest")), 10, "the second Notify call")
        print(calls)
        first, second = calls[:2]
        self.assertEqual((first.summary, first.body, first.category, first.replaces_id),
                         ("Connected", "Care-of address fec0::1", "network.connected", 0))
        self.assertTrue(first.id)
        self.assertEqual((second.body, second.replaces_id, second.id),
                         ("Care-of address fec0::2", first.id, first.id))
        popups = uibed.wait_for(self.bed.notification_popups, 10, "the notification popup")
        self.bed.screenshot_drawn("notification", popups[0])

    def test_4_window(self):
        self.client.send_signal(signal.SIGWINCH)
        ws = uibed.wait_for(lambda: (lambda w: w if any(x["name"] == "Test plot" and x["showing"] for x in w)
                                     else None)(uibed.widgets(self.bed, self.client.pid)), 10,
                            "the window's drawing area (AT-SPI)")
        area = [w for w in ws if w["name"] == "Test plot"][0]
        self.assertEqual(area["role"], "drawing area")
        wid = uibed.wait_for(lambda: self.bed.mapped_windows("Self-test window"), 10, "the window")[0]
        self.bed.screenshot_drawn("window", self.bed.window_geometry(wid), min_colours=3,
                                  min_foreground=0.005)
        self.bed.check_alive()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "client":
        client(sys.argv[2])
        sys.exit(0)
    r = unittest.main(exit=False, verbosity=2).result
    if r.testsRun and len(r.skipped) == r.testsRun or (not r.testsRun and r.skipped):
        sys.exit(77)
    sys.exit(0 if r.wasSuccessful() else 1)
