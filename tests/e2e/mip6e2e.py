"""Shared fixture of the end-to-end tests: a test bed from
tests/testbed/mip6-testbed, a private D-Bus system bus per node, and mip6d
started inside a node's namespace.

Everything is made with names unique to this run and removed in tearDown,
also when a test fails.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

SRCDIR = os.environ.get("MIP6_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TESTBED = os.path.join(SRCDIR, "tests", "testbed", "mip6-testbed")
MIP6D = os.environ.get("MIP6D", "mip6d")
MIP6CTL = os.environ.get("MIP6CTL", "mip6ctl")
# The data path of each role: userspace on kernels without Mobile IPv6 (the
# default here); the VM tier sets kernel, or mixes them for interoperability.
DATAPATH_MN = os.environ.get("MIP6_DATAPATH_MN", os.environ.get("MIP6_DATAPATH", "userspace"))
DATAPATH_HA = os.environ.get("MIP6_DATAPATH_HA", os.environ.get("MIP6_DATAPATH", "userspace"))
# The mobile node's tunnel device per data path: a TUN device for the
# userspace back end, an ip6tnl link for the kernel one.
TUNNEL_DEVICE = {"userspace": "mip6tun", "kernel": "mip6tnl"}

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={path}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
"""

HOME_ADDRESS = "fec0:106:2700::4"
HOME_AGENT = "fec0:106:2700::2"
HOME_PREFIX = "fec0:106:2700::/64"
AR = "fec0:106:1100::1"
AR2 = "fec0:106:1000::1"
VISIT_PREFIX = "fec0:106:1100:"
VISIT2_PREFIX = "fec0:106:1000:"

# The scenarios' configurations (DESIGN.md): the home agent on homenet, the
# mobile node with the HOWTO's home address.
HA_CONFIG = f"""[mip6d]
role=home-agent
interface=eth0
home-prefix={HOME_PREFIX}
binding-lifetime=120
datapath={DATAPATH_HA}
"""

MN_CONFIG = f"""[mip6d]
role=mobile-node
interface=eth0
home-address={HOME_ADDRESS}/64
home-agent={HOME_AGENT}
binding-lifetime=120
datapath={DATAPATH_MN}
"""
CN = "fec0:106:2300::10"  # the correspondent node on the core link
# What `mip6-testbed up --second-router LINK` adds on each visited link.
SECOND_ROUTER_PREFIXES = {"visitnet": "fec0:106:1200:", "visitnet2": "fec0:106:1300:"}


def link_prefixes(link, prefix):
    """The prefixes a care-of address on @link may come from: @prefix, and
    the second router's when the bed has one there."""
    options = os.environ.get("MIP6_TESTBED_OPTIONS", "").split()
    second = [o.split(":")[0] for a, o in zip(options, options[1:]) if a == "--second-router"]
    return (prefix, SECOND_ROUTER_PREFIXES[link]) if link in second else (prefix,)


def skip_unless_possible():
    if os.geteuid() != 0:
        print("SKIP: end-to-end tests need root for network namespaces")
        sys.exit(77)
    if subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        print("SKIP: ip netns is not available")
        sys.exit(77)


def wait_for(pred, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def leave_home(cls):
    """A scapy mobile node (on the bed's MN node) away from home, as a
    mobile node leaves it: moved to visitnet first (the next fast Router
    Advertisement at home would put the home address and the on-link home
    prefix back), then without its home addresses and the home prefix's
    route; cls.coa is its care-of address."""
    cls.bed.move("visitnet")
    for a in cls.bed.addresses("mn"):
        if a["local"].startswith("fec0:106:2700:"):
            cls.bed.run("mn", "ip", "-6", "addr", "del", f"{a['local']}/{a['prefixlen']}", "dev", "eth0")
    cls.bed.run("mn", "ip", "-6", "route", "del", HOME_PREFIX, "dev", "eth0", check=False)
    cls.coa = wait_for(lambda: cls.bed.global_address("mn", VISIT_PREFIX), 10,
                       "a care-of address on visitnet")


class Node:
    """mip6d and its private system bus inside one node of the bed."""

    def __init__(self, bed, node, workdir):
        self.bed = bed
        self.node = node
        self.dir = os.path.join(workdir, node)
        os.makedirs(self.dir, exist_ok=True)
        self.bus_path = os.path.join(self.dir, "bus")
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=f"unix:path={self.bus_path}",
                        G_MESSAGES_DEBUG="")
        self.bus = None
        self.daemon = None
        self.log_path = os.path.join(self.dir, "mip6d.log")

    def start_bus(self):
        conf = os.path.join(self.dir, "bus.conf")
        with open(conf, "w") as f:
            f.write(BUS_CONFIG.format(path=self.bus_path))
        self.bus = subprocess.Popen(["dbus-daemon", "--config-file", conf, "--nofork", "--nopidfile"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: os.path.exists(self.bus_path), 5, f"the D-Bus daemon of {self.node}")
        # polkit on this bus is python-dbusmock's polkitd, which allows what
        # the test says (allow_polkit), so mip6d's real authorization runs.
        self.polkit = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--system", "--template",
                                        "polkitd"], env=self.env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        wait_for(lambda: self.gdbus_polkit("AllowUnknown", "false").returncode == 0, 10,
                 f"the polkitd mock of {self.node}")

    def gdbus_polkit(self, method, *args):
        return subprocess.run(["gdbus", "call", "--system", "--dest", "org.freedesktop.PolicyKit1",
                               "--object-path", "/org/freedesktop/PolicyKit1/Authority", "--method",
                               f"org.freedesktop.DBus.Mock.{method}", *args], env=self.env,
                              capture_output=True, text=True)

    def allow_polkit(self, *actions):
        r = self.gdbus_polkit("SetAllowed", "[" + ", ".join(f"'{a}'" for a in actions) + "]")
        assert r.returncode == 0, r.stderr

    def start_mip6d(self, config_text, wait_ready=True):
        if self.bus is None:
            self.start_bus()
        self.config = os.path.join(self.dir, "mip6d.conf")
        with open(self.config, "w") as f:
            f.write(config_text)
        if getattr(self, "log", None):
            self.log.close()
        self.log = open(self.log_path, "a")
        self.daemon = subprocess.Popen(
            ["ip", "netns", "exec", self.bed.ns(self.node), MIP6D, "--config", self.config],
            # MIP6_DEBUG=all puts mip6d's debug log (every core action) in
            # mip6d.log; keep it with MIP6_KEEP_LOGS=1.
            # The state directory systemd would give (StateDirectory=mip6):
            # the node's own, so that runs never share one.
            env=dict(self.env, G_MESSAGES_DEBUG=os.environ.get("MIP6_DEBUG", ""),
                     STATE_DIRECTORY=self.dir),
            stdout=self.log, stderr=subprocess.STDOUT)
        if wait_ready:
            wait_for(lambda: self.ctl("status", check=False).returncode == 0 or self.daemon.poll() is not None,
                     10, f"mip6d on {self.node} to answer on D-Bus")
            if self.daemon.poll() is not None:
                raise AssertionError(f"mip6d on {self.node} exited {self.daemon.returncode}:\n{self.read_log()}")

    def read_log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    def ctl(self, *args, check=True):
        r = subprocess.run(["ip", "netns", "exec", self.bed.ns(self.node), MIP6CTL, *args],
                           env=self.env, capture_output=True, text=True, timeout=20)
        if check and r.returncode != 0:
            raise AssertionError(f"mip6ctl {' '.join(args)} on {self.node} exited {r.returncode}: "
                                 f"{r.stdout}{r.stderr}\nmip6d log:\n{self.read_log()}")
        return r

    def json(self, *args):
        return json.loads(self.ctl(*args, "--json").stdout)

    def stop_mip6d(self):
        """SIGTERM, and the exit status of a clean stop."""
        if self.daemon is None or self.daemon.poll() is not None:
            return self.daemon.returncode if self.daemon else None
        self.daemon.send_signal(signal.SIGTERM)
        try:
            return self.daemon.wait(10)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
            raise AssertionError(f"mip6d on {self.node} did not stop on SIGTERM")

    def cleanup(self):
        for p in (self.daemon, getattr(self, "polkit", None), self.bus):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        if getattr(self, "log", None):
            self.log.close()


class Bed:
    def __init__(self, name, fast_ra=True, options=()):
        """@options: extra arguments of `mip6-testbed up` (the twists of
        real networks, e.g. ["--second-router", "visitnet"])."""
        self.name = name
        args = [TESTBED, "up", name] + (["--fast-ra"] if fast_ra else []) + list(options)
        r = subprocess.run(args, capture_output=True, text=True)
        if r.returncode != 0:
            subprocess.run([TESTBED, "down", name], capture_output=True)
            raise AssertionError(f"mip6-testbed up failed: {r.stdout}{r.stderr}")
        self._ns = {}

    def ns(self, node):
        if node not in self._ns:
            self._ns[node] = subprocess.run([TESTBED, "nsname", self.name, node], check=True,
                                            capture_output=True, text=True).stdout.strip()
        return self._ns[node]

    def run(self, node, *cmd, check=True, timeout=30):
        r = subprocess.run(["ip", "netns", "exec", self.ns(node), *cmd], capture_output=True,
                           text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} on {node} exited {r.returncode}: {r.stdout}{r.stderr}")
        return r

    def popen(self, node, *cmd, **kw):
        return subprocess.Popen(["ip", "netns", "exec", self.ns(node), *cmd], **kw)

    def move(self, link):
        subprocess.run([TESTBED, "move", self.name, link], check=True, capture_output=True)

    def capture(self, link, path):
        subprocess.run([TESTBED, "capture", self.name, link, path], check=True, capture_output=True)

    def down(self):
        subprocess.run([TESTBED, "down", self.name], capture_output=True)

    def addresses(self, node, dev="eth0"):
        out = json.loads(self.run(node, "ip", "-6", "-j", "addr", "show", "dev", dev).stdout)
        return [a for link in out for a in link.get("addr_info", [])]

    def global_address(self, node, prefix, dev="eth0"):
        """The first non-tentative address on @dev starting with @prefix."""
        for a in self.addresses(node, dev):
            if a["local"].startswith(prefix) and not a.get("tentative"):
                return a["local"]
        return None


class BedTestCase(unittest.TestCase):
    """A test case with a fresh bed per test class."""

    fast_ra = True
    bed_options = ()  # extra arguments of `mip6-testbed up`

    @classmethod
    def setUpClass(cls):
        cls.name = f"e{os.getpid() % 100000}"
        cls.workdir = tempfile.mkdtemp(prefix="mip6-e2e-")
        # MIP6_TESTBED_OPTIONS runs the same tests on a bed with twists
        # (the scenarios on a link with a second router, say).
        extra = os.environ.get("MIP6_TESTBED_OPTIONS", "").split()
        cls.bed = Bed(cls.name, cls.fast_ra, list(cls.bed_options) + extra)
        cls.nodes = {}

    @classmethod
    def tearDownClass(cls):
        for n in cls.nodes.values():
            n.cleanup()
        cls.bed.down()
        if os.environ.get("MIP6_KEEP_LOGS"):
            print(f"logs kept in {cls.workdir}")
        else:
            shutil.rmtree(cls.workdir, ignore_errors=True)

    @classmethod
    def node(cls, name):
        if name not in cls.nodes:
            cls.nodes[name] = Node(cls.bed, name, cls.workdir)
        return cls.nodes[name]


def tshark_fields(pcap, display_filter, fields):
    """Rows of the given fields for the packets tshark selects."""
    cmd = ["tshark", "-r", pcap, "-Y", display_filter, "-T", "fields", "-E", "separator=|"]
    for f in fields:
        cmd += ["-e", f]
    r = subprocess.run(cmd, capture_output=True, text=True)
    # A filter tshark cannot parse selects nothing: a check that cannot fail.
    if r.returncode != 0:
        raise AssertionError(f"tshark -Y {display_filter!r} on {pcap} exited {r.returncode}: "
                             f"{r.stderr.strip()}")
    return [line.split("|") for line in r.stdout.splitlines() if line.strip()]


def testbed(*args, check=True, timeout=120):
    """Runs a verb of mip6-testbed; raises with its output on failure."""
    r = subprocess.run([TESTBED, *args], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"mip6-testbed {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


def dock(bed, action, link=None):
    """`mip6-testbed dock NAME plug [LINK]` or `... unplug` (a bed made
    with --dock): carrier on or off for the MN's eth1."""
    return testbed("dock", bed.name, action, *([link] if link else []))


def mn_property(node, name):
    """A string property of org.mip6.MobileNode1, read over D-Bus itself
    (not through mip6ctl)."""
    r = subprocess.run(["ip", "netns", "exec", node.bed.ns(node.node), "gdbus", "call", "--system",
                        "--dest", "org.mip6", "--object-path", "/org/mip6/MobileNode", "--method",
                        "org.freedesktop.DBus.Properties.Get", "org.mip6.MobileNode1", name],
                       env=node.env, capture_output=True, text=True, timeout=20)
    if r.returncode != 0:
        raise AssertionError(f"reading {name} over D-Bus: {r.stdout}{r.stderr}")
    m = re.fullmatch(r"\(<'(.*)'>,\)", r.stdout.strip())
    if not m:
        raise AssertionError(f"{name} is not a string: {r.stdout}")
    return m.group(1)


def start_monitor(node, path):
    """`mip6ctl monitor --json` on @node, one event a line into @path
    (flushed per event, so readable while it runs); returns the process
    once it is subscribed. The caller stops it."""
    err_path = path + ".err"
    with open(path, "w") as out, open(err_path, "w") as err:
        p = node.bed.popen(node.node, MIP6CTL, "monitor", "--json", env=node.env, stdout=out,
                           stderr=err)
    try:
        # It says so on stderr once its match rules are in place.
        wait_for(lambda: "Monitoring" in open(err_path).read() or p.poll() is not None, 10,
                 f"mip6ctl monitor on {node.node} to subscribe")
    except AssertionError:
        p.kill()
        p.wait()
        raise
    if p.poll() is not None:
        raise AssertionError(f"mip6ctl monitor exited {p.returncode}: {open(err_path).read()}")
    return p


def monitor_events(path, event=None):
    """The events start_monitor() wrote so far, or those named @event."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            e = json.loads(line)
        except ValueError:
            continue  # a line still being written
        if event is None or e.get("event") == event:
            out.append(e)
    return out


def stop_process(p, sig=signal.SIGTERM):
    """Stops a process this test started (by its PID) and reaps it."""
    if p is None or p.poll() is not None:
        return
    p.send_signal(sig)
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


class RecordingResult(unittest.TextTestResult):
    """A verbose result that remembers which tests ran, in order."""

    def startTest(self, test):
        self.ran_ids = getattr(self, "ran_ids", [])
        self.ran_ids.append(test.id())
        self.started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        self.seconds = getattr(self, "seconds", {})
        self.seconds[test.id()] = time.monotonic() - self.started
        super().stopTest(test)


def main(label):
    """unittest.main, then one PASS/FAIL/SKIP line per test, so a long run
    ends with a readable verdict per scenario; exits 0 only
    when everything passed, 77 when everything was skipped."""
    runner = unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult)
    result = unittest.main(testRunner=runner, exit=False).result
    verdict = {t.id(): "FAIL" for t, _ in result.failures + result.errors}
    verdict.update({t.id(): "SKIP" for t, _ in result.skipped})
    ran = getattr(result, "ran_ids", [])
    # A failing setUpClass or tearDownClass is an error of no test.
    ran += [i for i in verdict if i not in ran]
    print(flush=True)
    for test_id in ran:
        name = test_id.rsplit(".", 1)[-1].removeprefix("test_").replace("_", " ")
        if name[:1].isdigit():
            name = "scenario " + name
        took = getattr(result, "seconds", {}).get(test_id)
        took = f" ({took:.1f} s)" if took is not None else ""
        print(f"{verdict.get(test_id, 'PASS')}: [{label}] {name}{took}", flush=True)
    if ran and all(verdict.get(i) == "SKIP" for i in ran):
        sys.exit(77)  # meson's "skipped"
    sys.exit(0 if result.wasSuccessful() and ran else 1)
