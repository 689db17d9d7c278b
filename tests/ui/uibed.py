"""A private desktop for the UI tests, for /usr/bin/python3 (Debian's gi,
pyatspi and PIL).

UiBed() is a context manager that starts, each with names unique to the
run: Xvfb on a free display, a session D-Bus daemon of its own, the AT-SPI
bus on it (at-spi-bus-launcher, which activates at-spi2-registryd), an
XEmbed system tray (trayer, top left, a known height) and a notification
daemon that draws on the display (Debian's notification-daemon), plus a
recorder of every org.freedesktop.Notifications.Notify call on that bus.
Leaving it, or SIGTERM (meson's timeout), stops every process it started,
and their descendants, by PID, and removes its directory.

The helpers take screenshots (ImageMagick's import, cropped with PIL),
tell a blank picture from a drawn one, compare a tray icon with the SVG it
should show (rendered by rsvg-convert), click with xdotool and list the
widgets of a process through AT-SPI.

`python3 uibed.py atspi PID` prints the widget list of PID as JSON; the
tests run it as a child so that every reading is fresh and can time out.
"""
import colorsys
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import mip6e2e as e2e  # noqa: E402

SCREEN = (1024, 768)
TRAY_HEIGHT = 32  # trayer's panel height: the size of the icons in it
TRAY_WIDTH = 160
# The applet under test is told nothing of this; the self-test and the
# applet test read the icon's position from the X window tree.

SESSION_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={path}</listen>
  <auth>EXTERNAL</auth>
  <!-- Nothing is activated behind the bed's back: it starts every service. -->
  <servicedir>{servicedir}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

_live = []  # UiBed and other cleanups SIGTERM must run, last first


def on_sigterm(cleanup):
    """Runs @cleanup (no arguments) when SIGTERM arrives, before exiting;
    returns a function that forgets it again."""
    _install_sigterm()
    _live.append(cleanup)
    return lambda: cleanup in _live and _live.remove(cleanup)


def _install_sigterm():
    if getattr(_install_sigterm, "done", False):
        return
    _install_sigterm.done = True

    def handler(signum, frame):
        print(f"uibed: signal {signum}: cleaning up", file=sys.stderr, flush=True)
        while _live:
            try:
                _live.pop()()
            except Exception as e:  # clean up the rest regardless
                print(f"uibed: cleanup failed: {e}", file=sys.stderr)
        os._exit(128 + signum)
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def wait_for(pred, timeout, what, interval=0.1):
    """mip6e2e.wait_for, polling less often: X and AT-SPI are slow."""
    return e2e.wait_for(pred, timeout, what, interval=interval)


def missing_programs():
    """The programs a UiBed needs that this machine lacks (the tests skip
    with this list; scripts/deps.sh installs them)."""
    need = ["Xvfb", "xauth", "dbus-daemon", "trayer", "import", "xdotool", "xwininfo",
            "rsvg-convert", "/usr/libexec/at-spi-bus-launcher",
            "/usr/lib/notification-daemon/notification-daemon"]
    out = [p for p in need if not shutil.which(p)]
    try:
        import gi
        gi.require_version("Gtk", "3.0")
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi, Gio, Gtk  # noqa: F401
        import PIL  # noqa: F401
    except (ImportError, ValueError) as e:
        out.append(f"python3 module ({e})")
    return out


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def descendants(pid):
    """@pid's descendants, deepest last."""
    out, todo = [], [pid]
    while todo:
        for c in _children(todo.pop()):
            out.append(c)
            todo.append(c)
    return out


def stop_tree(p, timeout=5):
    """Stops a process we started and everything it started (by PID),
    SIGTERM then SIGKILL; reaps @p."""
    if p is None:
        return
    pids = [p.pid] + descendants(p.pid) if p.poll() is None else []
    for pid in reversed(pids):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + timeout
    for pid in pids:
        while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") and not _zombie(pid):
            time.sleep(0.05)
        try:
            if os.path.exists(f"/proc/{pid}") and not _zombie(pid):
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if p.poll() is None:
        p.kill()
        p.wait()


def processes_with_env(marker):
    """PIDs of the processes whose environment mentions @marker (a path
    unique to one bed): what the bed's processes started, also those that
    left their parent (D-Bus activation double-forks at-spi2-registryd)."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as f:
                if marker.encode() in f.read():
                    out.append(int(d))
        except OSError:
            continue
    return out


def _zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Notification:
    """One recorded Notify call: its arguments (the Desktop Notifications
    Specification 1.2) and the id the server returned."""

    def __init__(self, args, sender):
        (self.app_name, self.replaces_id, self.app_icon, self.summary, self.body, self.actions,
         self.hints, self.expire_timeout) = args
        self.category = self.hints.get("category", "")
        self.sender = sender
        self.id = None  # from the method return
        self.time = time.monotonic()

    def __repr__(self):
        return (f"Notify(app={self.app_name!r}, replaces_id={self.replaces_id}, id={self.id}, "
                f"category={self.category!r}, summary={self.summary!r}, body={self.body!r})")


class NotifyRecorder:
    """A D-Bus monitor (org.freedesktop.DBus.Monitoring.BecomeMonitor) on
    the session bus that records Notify calls and the ids returned."""

    def __init__(self, address):
        from gi.repository import Gio, GLib
        self.lock = threading.Lock()
        self.calls = []
        self._pending = {}  # (sender, serial) of a Notify -> Notification
        self._monitoring = False
        flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                 | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
        self.conn = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
        self.conn.add_filter(self._filter)
        rules = ["type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
                 "type='method_return'"]
        self.conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                            GLib.Variant("(asu)", (rules, 0)), None, Gio.DBusCallFlags.NONE,
                            5000, None)
        self._monitoring = True

    def _filter(self, conn, msg, incoming):
        from gi.repository import Gio
        if not incoming:
            return msg
        if msg.get_destination() == conn.get_unique_name() and not self._monitoring:
            return msg  # the bus's answers to us before we became a monitor
        t = msg.get_message_type()
        if t == Gio.DBusMessageType.METHOD_CALL and msg.get_member() == "Notify":
            n = Notification(msg.get_body().unpack(), msg.get_sender())
            with self.lock:
                self.calls.append(n)
                self._pending[(msg.get_sender(), msg.get_serial())] = n
        elif t == Gio.DBusMessageType.METHOD_RETURN:
            with self.lock:
                n = self._pending.pop((msg.get_destination(), msg.get_reply_serial()), None)
                if n is not None:
                    n.id = msg.get_body().unpack()[0]
        return None  # a monitor answers nothing

    def notifications(self, app_name=None):
        with self.lock:
            return [n for n in self.calls if app_name is None or n.app_name == app_name]

    def close(self):
        try:
            self.conn.close_sync(None)
        except Exception:
            pass


class UiBed:
    """Xvfb, a session bus, AT-SPI, a tray (unless @tray is False) and a
    notification daemon.
    @shots: directory for the screenshots (made if missing); @icon_dir: an
    icon theme directory (holding hicolor/) every client of the desktop
    finds, as an installed application's icons are found: the
    notification daemon draws the icons notifications name."""

    def __init__(self, shots, label="ui", icon_dir=None, tray=True):
        self.tray = tray  # False: a desktop without any tray (GNOME Shell's)
        self.shots = shots
        self.icon_dir = icon_dir
        self.label = label
        self.procs = []  # (name, Popen), in start order
        self.dir = None
        self.recorder = None
        self._forget = None

    # -- life --------------------------------------------------------------

    def __enter__(self):
        self._forget = on_sigterm(self.close)
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _start(self):
        os.makedirs(self.shots, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=f"mip6-{self.label}-")
        for d in ("home", "run", "services", "config", "cache", "data"):
            os.makedirs(os.path.join(self.dir, d), mode=0o700)
        if self.icon_dir:
            # $XDG_DATA_HOME/icons is searched first by every GTK client
            os.symlink(os.path.abspath(self.icon_dir), os.path.join(self.dir, "data", "icons"))
        self.log_path = os.path.join(self.dir, "desktop.log")
        self.log = open(self.log_path, "w")
        self._start_x()
        self.env = self._base_env()
        self._start_session_bus()
        self._start_atspi()
        if self.tray:
            self._start_tray()
        self._start_notifications()
        self.recorder = NotifyRecorder(self.bus_address)

    def _base_env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DBUS_SESSION", "XDG_", "WAYLAND", "GTK_", "GDK_",
                                    "AT_SPI", "NO_AT_BRIDGE", "SESSION_MANAGER", "LC_"))}
        env.update(
            DISPLAY=self.display, XAUTHORITY=self.xauth,
            HOME=os.path.join(self.dir, "home"),
            XDG_RUNTIME_DIR=os.path.join(self.dir, "run"),
            XDG_CONFIG_HOME=os.path.join(self.dir, "config"),
            XDG_CACHE_HOME=os.path.join(self.dir, "cache"),
            XDG_DATA_HOME=os.path.join(self.dir, "data"),
            # No dconf: settings live and die with the process.
            GSETTINGS_BACKEND="memory",
            GDK_BACKEND="x11",
            LANG="C.UTF-8", LANGUAGE="",
            # GTK 3.24 has the AT-SPI bridge built in; it only has to be
            # left on (NO_AT_BRIDGE is removed above) and find the bus.
            NO_AT_BRIDGE="0",
        )
        env.pop("NO_AT_BRIDGE")
        return env

    def _popen(self, name, cmd, env=None, **kw):
        self.log.write(f"--- {name}: {' '.join(cmd)}\n")
        self.log.flush()
        p = subprocess.Popen(cmd, env=env if env is not None else self.env, stdout=self.log,
                             stderr=subprocess.STDOUT, **kw)
        self.procs.append((name, p))
        return p

    def _start_x(self):
        self.xauth = os.path.join(self.dir, "Xauthority")
        cookie = secrets.token_hex(16)
        # The server loads every entry of its -auth file; clients look up
        # theirs by display number, added once Xvfb has picked one.
        open(self.xauth, "w").close()
        subprocess.run(["xauth", "-q", "-f", self.xauth, "add", ":0", "MIT-MAGIC-COOKIE-1", cookie],
                       check=True)
        r, w = os.pipe()
        self.xvfb = self._popen("Xvfb", ["Xvfb", "-displayfd", str(w), "-screen", "0",
                                         f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp",
                                         "-auth", self.xauth, "-noreset"],
                                env=dict(os.environ), pass_fds=(w,))
        os.close(w)
        buf = b""
        deadline = time.monotonic() + 15
        while not buf.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(r, 16)
            if not chunk:
                break
            buf += chunk
        os.close(r)
        if not buf.strip().isdigit():
            raise AssertionError(f"Xvfb did not report a display: {self.read_log()}")
        self.display = f":{int(buf)}"
        subprocess.run(["xauth", "-q", "-f", self.xauth, "add", self.display, "MIT-MAGIC-COOKIE-1",
                        cookie], check=True)

    def _start_session_bus(self):
        self.bus_path = os.path.join(self.dir, "session-bus")
        conf = os.path.join(self.dir, "session-bus.conf")
        with open(conf, "w") as f:
            f.write(SESSION_BUS_CONFIG.format(path=self.bus_path,
                                              servicedir=os.path.join(self.dir, "services")))
        self._popen("dbus-daemon", ["dbus-daemon", "--config-file", conf, "--nofork", "--nopidfile"])
        wait_for(lambda: os.path.exists(self.bus_path), 5, "the session bus")
        self.bus_address = f"unix:path={self.bus_path}"
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address

    def name_has_owner(self, name):
        r = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                            "--object-path", "/org/freedesktop/DBus", "--method",
                            "org.freedesktop.DBus.NameHasOwner", name], env=self.env,
                           capture_output=True, text=True, timeout=10)
        return r.stdout.strip() == "(true,)"

    def _start_atspi(self):
        # The launcher owns org.a11y.Bus, starts the accessibility bus (a
        # dbus-daemon) and, with a display, puts its address on the root
        # window (AT_SPI_BUS), where GTK's bridge and libatspi look.
        self._popen("at-spi-bus-launcher", ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
        wait_for(lambda: self.name_has_owner("org.a11y.Bus"), 10, "at-spi-bus-launcher on the session bus")
        wait_for(lambda: "AT_SPI_BUS" in self.xprop_root(), 10, "the AT_SPI_BUS property on the root window")

    def xprop_root(self):
        return subprocess.run(["xprop", "-root"], env=self.env, capture_output=True, text=True,
                              timeout=10).stdout

    def _start_tray(self):
        # A fixed panel at the top left; without a window manager it stays
        # where it asks to be. Its icons are TRAY_HEIGHT pixels square.
        self._popen("trayer", ["trayer", "--edge", "top", "--align", "left", "--widthtype", "pixel",
                               "--width", str(TRAY_WIDTH), "--heighttype", "pixel", "--height",
                               str(TRAY_HEIGHT), "--SetDockType", "false", "--SetPartialStrut",
                               "false", "--transparent", "false", "--expand", "false"])
        screen = "_NET_SYSTEM_TRAY_S0"
        wait_for(lambda: self._selection_owned(screen), 10, f"trayer to own {screen}")

    def _selection_owned(self, selection):
        # The tray manager announces itself by owning the selection; the
        # window it uses is one of trayer's. xwininfo names it in the tree.
        return any(w["name"] == "panel" or "trayer" in w["class"].lower() for w in self.windows())

    def _start_notifications(self):
        self._popen("notification-daemon", ["/usr/lib/notification-daemon/notification-daemon",
                                            "--replace"])
        wait_for(lambda: self.name_has_owner("org.freedesktop.Notifications"), 10,
                 "notification-daemon on the session bus")

    def close(self):
        if self._forget:
            self._forget()
            self._forget = None
        if self.recorder:
            self.recorder.close()
            self.recorder = None
        for name, p in reversed(self.procs):
            stop_tree(p)
        self.procs = []
        if self.dir:
            for pid in processes_with_env(self.dir):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
            if os.environ.get("MIP6_KEEP_LOGS") and self.dir:
                print(f"desktop log kept in {self.log_path}")
        if self.dir and not os.environ.get("MIP6_KEEP_LOGS"):
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def read_log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except (OSError, AttributeError):
            return ""

    def check_alive(self):
        """Raises when a process of the desktop died."""
        dead = [(n, p.returncode) for n, p in self.procs if p.poll() is not None]
        if dead:
            raise AssertionError(f"desktop processes exited: {dead}\n{self.read_log()}")

    def start(self, name, cmd, env=None, **kw):
        """Starts a client on the desktop (stopped on close, with its
        children); @env is added to the desktop's environment."""
        return self._popen(name, cmd, env=dict(self.env, **(env or {})), **kw)

    def stop(self, p):
        stop_tree(p)
        self.procs = [(n, q) for n, q in self.procs if q is not p]

    # -- X ---------------------------------------------------------------

    def run_x(self, *cmd, check=True, timeout=20):
        r = subprocess.run(list(cmd), env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {r.returncode}: {r.stdout}{r.stderr}")
        return r

    def windows(self):
        """Every window of the display: id, name, class, depth in the
        tree, mapped or not, and its absolute geometry (xwininfo)."""
        out = self.run_x("xwininfo", "-root", "-tree", check=False).stdout
        wins = []
        for line in out.splitlines():
            m = re.match(r"^(\s*)(0x[0-9a-f]+) (\(has no name\)|\"(.*)\"): (\((.*)\))?\s+"
                         r"(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)", line)
            if m:
                wins.append({"id": m.group(2), "name": m.group(4) or "", "class": m.group(6) or "",
                             "depth": len(m.group(1)) // 2, "w": int(m.group(7)), "h": int(m.group(8)),
                             "x": int(m.group(11)), "y": int(m.group(12))})
        return wins

    def window_pid(self, wid):
        """_NET_WM_PID of the window @wid, or None. GDK sets it on every
        toplevel, GtkPlug's too, so an embedded tray icon has its owner's."""
        out = self.run_x("xprop", "-id", str(wid), "_NET_WM_PID", check=False).stdout
        m = re.search(r"= (\d+)", out)
        return int(m.group(1)) if m else None

    def tray_icons(self, pid=None):
        """The tray's icons as (x, y, w, h) on the screen, left to right:
        the windows embedded in trayer's panel (the plugs in its sockets);
        with @pid only those of that process (the notification daemon
        shows an icon of its own)."""
        wins = self.windows()
        panel = [i for i, w in enumerate(wins) if w["name"] == "panel" and "trayer" in w["class"].lower()]
        if not panel:
            return []
        i = panel[0]
        out = []
        for w in wins[i + 1:]:
            if w["depth"] <= wins[i]["depth"]:
                break
            # A plug: icon-sized, inside the panel's height.
            if not (8 <= w["w"] <= TRAY_HEIGHT and 8 <= w["h"] <= TRAY_HEIGHT and w["y"] < TRAY_HEIGHT):
                continue
            if pid is not None and self.window_pid(w["id"]) != pid:
                continue
            out.append((w["x"], w["y"], w["w"], w["h"]))
        # nested windows may give the same rectangle twice
        return sorted(set(out))

    def tray_background(self):
        """The colour of the tray's panel where no icon is (its right end)."""
        from PIL import Image
        fd, path = tempfile.mkstemp(suffix=".png", dir=self.dir)
        os.close(fd)
        self.run_x("import", "-window", "root", "-crop", f"1x1+{TRAY_WIDTH - 2}+{TRAY_HEIGHT // 2}",
                   f"png:{path}")
        c = Image.open(path).convert("RGB").getpixel((0, 0))
        os.unlink(path)
        return c

    def wait_tray_icon(self, pid=None, timeout=15):
        return wait_for(lambda: self.tray_icons(pid), timeout,
                        f"an icon of {pid or 'any process'} in the tray")[0]

    def process_windows(self, pid, min_size=40):
        """Geometry (x, y, w, h) of the shown windows of process @pid that
        are bigger than @min_size pixels both ways (not its tray icon)."""
        r = self.run_x("xdotool", "search", "--onlyvisible", "--pid", str(pid), check=False)
        out = []
        for wid in r.stdout.split():
            try:
                g = self.window_geometry(wid)
            except AssertionError:
                continue  # gone meanwhile
            if g[2] > min_size and g[3] > min_size:
                out.append(g)
        return sorted(set(out))

    def notification_daemon_pid(self):
        return [p.pid for n, p in self.procs if n == "notification-daemon"][0]

    def notification_popups(self):
        """Geometry of the notification daemon's bubbles on the screen."""
        return self.process_windows(self.notification_daemon_pid())

    def notification_texts(self):
        """The texts the notification daemon shows now (AT-SPI)."""
        return [w["name"] for w in widgets(self, self.notification_daemon_pid())
                if w["showing"] and w["name"]]

    def click(self, x, y, button=1):
        self.run_x("xdotool", "mousemove", "--sync", str(x), str(y), "click", str(button))

    def key(self, *keys):
        self.run_x("xdotool", "key", *keys)

    def mapped_windows(self, name=None):
        """Top-level windows shown now, or those called @name."""
        r = self.run_x("xdotool", "search", "--onlyvisible", "--name", name or ".", check=False)
        return r.stdout.split()

    def window_geometry(self, wid):
        """(x, y, w, h) of the window @wid (decimal or hex)."""
        out = self.run_x("xwininfo", "-id", str(wid)).stdout
        g = {k: int(v) for k, v in re.findall(r"(Absolute upper-left X|Absolute upper-left Y|Width|Height):\s+(-?\d+)", out)}
        return (g["Absolute upper-left X"], g["Absolute upper-left Y"], g["Width"], g["Height"])

    # -- pictures ----------------------------------------------------------

    def screenshot_drawn(self, name, region, timeout=10, **blank_args):
        """screenshot(), again until the region is not blank (a window is
        drawn some time after it is mapped); asserts it is not blank and
        prints the paths of the last picture taken, the one checked."""
        deadline = time.monotonic() + timeout
        while True:
            img = self.screenshot(name, region, quiet=True)
            try:
                assert_not_blank(img, f"{name} {region}", **blank_args)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    self._print_shot(name, region)
                    raise
                time.sleep(0.3)
        self._print_shot(name, region)
        return img

    def screenshot_icon(self, name, pid, timeout=10):
        """screenshot_drawn() of @pid's tray icon, taken while the tray
        holds still: icons that come and go (the notification daemon's)
        move the others, so the icon's place is read before and after."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.wait_tray_icon(pid)
            img = self.screenshot(name, before, quiet=True)
            if self.tray_icons(pid)[:1] == [before]:
                try:
                    assert_not_blank(img, f"the tray icon {name}", min_colours=2, min_foreground=0.1,
                                     bg=self.tray_background())
                    break
                except AssertionError:
                    if time.monotonic() > deadline:
                        self._print_shot(name, before)
                        raise
            elif time.monotonic() > deadline:
                raise AssertionError(f"the tray icon of {pid} kept moving")
            time.sleep(0.3)
        self._print_shot(name, before)
        return img

    def _print_shot(self, name, region):
        print(f"screenshot: {os.path.join(self.shots, name + '.png')}", flush=True)
        if region:
            print(f"screenshot: {os.path.join(self.shots, name + '-crop.png')}", flush=True)

    def screenshot(self, name, region=None, quiet=False):
        """Saves the whole screen as NAME.png under the shots directory
        and, with @region (x, y, w, h), the crop as NAME-crop.png too;
        prints the paths and returns the PIL image (cropped if asked)."""
        from PIL import Image
        path = os.path.join(self.shots, f"{name}.png")
        self.run_x("import", "-window", "root", f"png:{path}")
        img = Image.open(path).convert("RGB")
        if region:
            x, y, w, h = region
            img = img.crop((x, y, x + w, y + h))
            crop = os.path.join(self.shots, f"{name}-crop.png")
            img.save(crop)
        if not quiet:
            self._print_shot(name, region)
        return img


# -- picture checks --------------------------------------------------------

def colour_count(img):
    return len(img.getcolors(maxcolors=1 << 24) or [])


def background(img):
    """The commonest colour of @img."""
    return max(img.getcolors(maxcolors=1 << 24))[1]


def foreground_fraction(img, tolerance=24, bg=None):
    """The share of pixels that differ from @bg (default: the commonest
    colour) by more than @tolerance in some channel."""
    bg = bg or background(img)
    px = list(img.getdata())
    fg = sum(1 for p in px if max(abs(a - b) for a, b in zip(p, bg)) > tolerance)
    return fg / len(px)


def assert_not_blank(img, what, min_colours=8, min_foreground=0.02, bg=None):
    """A drawn picture: several colours and some pixels off the background
    (@bg, default: the commonest colour)."""
    n, fg = colour_count(img), foreground_fraction(img, bg=bg)
    if n < min_colours or fg < min_foreground:
        raise AssertionError(f"{what} looks blank: {n} colours, {fg:.1%} of pixels off the "
                             f"background (want >= {min_colours} and >= {min_foreground:.0%})")
    return n, fg


_renders = {}


def render_svg(svg, size):
    """@svg rendered @size pixels square, RGBA (a copy: the caller may
    draw on it)."""
    key = (os.path.abspath(svg), os.stat(svg).st_mtime_ns, size)
    if key not in _renders:
        _renders[key] = _render_svg(svg, size)
    return _renders[key].copy()


def _render_svg(svg, size):
    from PIL import Image
    fd, png = tempfile.mkstemp(suffix=".png")
    os.close(fd)
    try:
        subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), "-o", png, svg], check=True)
        icon = Image.open(png).convert("RGBA")
        icon.load()
    finally:
        os.unlink(png)
    return icon


def foreground_bbox(img, bg, tolerance=24):
    """(left, top, right, bottom) of the pixels of @img (RGB) off @bg."""
    w, h = img.size
    px = img.load()
    xs, ys = [], []
    for y in range(h):
        for x in range(w):
            if max(abs(a - b) for a, b in zip(px[x, y], bg)) > tolerance:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1) if xs else None


def _alpha_bbox(rgba):
    return rgba.getchannel("A").point(lambda a: 255 if a > 40 else 0).getbbox()


def _vector(img):
    return [v for p in img.getdata() for v in p]


def correlation(a, b):
    """Normalized correlation of two same-sized RGB pictures, -1..1."""
    va, vb = _vector(a), _vector(b)
    n = len(va)
    ma, mb = sum(va) / n, sum(vb) / n
    da = [x - ma for x in va]
    db = [x - mb for x in vb]
    num = sum(x * y for x, y in zip(da, db))
    den = (sum(x * x for x in da) * sum(y * y for y in db)) ** 0.5
    return num / den if den else 0.0


def reference_on(crop, svg, bg):
    """The picture @crop should be if it showed @svg: the SVG rendered so
    that what it draws has the size of what the crop shows and the same
    centre (a tray scales an icon to its socket and centres it), on @bg;
    a few neighbouring sizes and places are tried, the best kept:
    (correlation, picture)."""
    from PIL import Image
    box = foreground_bbox(crop, bg)
    if box is None:
        return (0.0, None)
    big = render_svg(svg, 128)
    rb = _alpha_bbox(big)
    if rb is None:
        return (0.0, None)
    # the size at which the drawn part spans what the crop shows
    span = max(box[2] - box[0], box[3] - box[1])
    base = max(4, round(128 * span / max(rb[2] - rb[0], rb[3] - rb[1])))
    best = (-2.0, None)
    for size in (base - 1, base, base + 1):
        icon = render_svg(svg, size)
        ib = _alpha_bbox(icon)
        if ib is None:
            continue
        cx = (box[0] + box[2]) / 2 - (ib[0] + ib[2]) / 2
        cy = (box[1] + box[3]) / 2 - (ib[1] + ib[3]) / 2
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                canvas = Image.new("RGBA", crop.size, tuple(bg) + (255,))
                layer = Image.new("RGBA", crop.size, (0, 0, 0, 0))
                layer.paste(icon, (round(cx) + dx, round(cy) + dy))
                canvas.alpha_composite(layer)
                ref = canvas.convert("RGB")
                c = correlation(crop, ref)
                if c > best[0]:
                    best = (c, ref)
    return best


def match_icon(crop, references, bg=None):
    """Scores @crop (an icon's rectangle on the screen) against each of
    @references (name -> SVG path) by normalized correlation with the SVG
    rendered as the tray would show it (reference_on): [(score, name)],
    best first."""
    bg = bg or background(crop)
    return sorted(((reference_on(crop, svg, bg)[0], name) for name, svg in references.items()),
                  reverse=True)


# -- AT-SPI ----------------------------------------------------------------

def atspi_dump(pid):
    """Every accessible of the application with process @pid:
    [{role, name, sensitive, showing, depth, extents, text}], in tree
    order (extents: [x, y, w, h] on the screen, or None; text: what a
    label or entry says, for those with AT-SPI's Text interface). Run in a
    child process (widgets()), with the desktop's environment."""
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
    desktop = Atspi.get_desktop(0)
    out = []

    def walk(acc, depth):
        if acc is None or depth > 40:
            return
        try:
            states = acc.get_state_set()
            w = {"role": acc.get_role_name(), "name": acc.get_name() or "",
                 "sensitive": states.contains(Atspi.StateType.SENSITIVE),
                 "showing": states.contains(Atspi.StateType.SHOWING), "depth": depth,
                 "extents": None}
            out.append(w)
            text = acc.get_text_iface()
            if text is not None:
                w["text"] = text.get_text(0, min(text.get_character_count(), 500))
            comp = acc.get_component_iface()
            if comp is not None:
                e = comp.get_extents(Atspi.CoordType.SCREEN)
                w["extents"] = [e.x, e.y, e.width, e.height]
            n = acc.get_child_count()
        except Exception:
            return
        for i in range(n):
            try:
                walk(acc.get_child_at_index(i), depth + 1)
            except Exception:
                pass

    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                walk(app, 0)
        except Exception:
            continue
    return out


def widgets(bed, pid, timeout=20):
    """atspi_dump(@pid) read by a child on @bed's desktop."""
    r = subprocess.run(["/usr/bin/python3", os.path.abspath(__file__), "atspi", str(pid)], env=bed.env,
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError(f"reading the AT-SPI tree of {pid}: {r.stderr}")
    return json.loads(r.stdout)


def children(ws, i):
    """The direct children of ws[@i] in an atspi_dump() list."""
    out = []
    for w in ws[i + 1:]:
        if w["depth"] <= ws[i]["depth"]:
            break
        if w["depth"] == ws[i]["depth"] + 1:
            out.append(w)
    return out


def format_widgets(ws):
    return "\n".join(f"{'  ' * w['depth']}{w['role']}: {w['name']!r}"
                     f"{'' if w['sensitive'] else ' (insensitive)'}{' (showing)' if w['showing'] else ''}"
                     for w in ws)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "atspi":
        print(json.dumps(atspi_dump(int(sys.argv[2]))))
    else:
        print("usage: uibed.py atspi PID", file=sys.stderr)
        sys.exit(2)
