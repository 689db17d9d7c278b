"""The test bed of the home agent conformance suite.

Two network namespaces made by this run, named after its PID:

    NUT  (c6nut<PID>)  mip6d as home agent, eth0 on the home link Link0
    TN   (c6tn<PID>)   the tester, eth0 on Link0, IPv6 disabled on it

joined by one veth pair (the home link). The TN's kernel takes no part: the
tester crafts and reads Ethernet frames with scapy on its eth0 and plays
every other node of the specification's topology with the addresses of the
TAHI documents:

    R0    the home link's router and the NUT's default router
          (3ffe:501:ffff:100::a0a0, fe80::200:ff:fe00:a0a0, 00:00:00:00:a0:a0).
          Everything "beyond R0" (the mobile node at its care-of addresses
          MN0X / MN0Y, remote correspondents) is sent with R0's MAC as source
          and received as frames the NUT addresses to R0's MAC. Nothing is
          forwarded.
    MN0   the mobile node at home (00:00:00:00:a2:a2), for the
          de-registration cases where the care-of address is the home address.
    CN0   a node on the home link (00:00:00:00:c0:c0) that sends NS to the
          home agent, and the "other node" that answers the HA's DAD probes.

The NUT knows R0's link-layer address statically (a permanent neighbour
entry), so no test depends on the NUT resolving R0.

This module runs in two processes: the parent (bed_main) makes the
namespaces, runs the test process inside the TN namespace and removes
everything in a finally, also when the tests fail or are interrupted.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# The e2e helpers' private system bus configuration, shared.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import mip6e2e  # noqa: E402

PID = os.getpid()
NUT_NS = os.environ.get("MIP6_CONF_NUT_NS", f"c6nut{PID}")
TN_NS = os.environ.get("MIP6_CONF_TN_NS", f"c6tn{PID}")

NUT_MAC = "02:00:00:00:01:01"
TN_MAC = "00:00:00:00:a0:a0"  # the TN's own port carries R0's MAC
R0_MAC = "00:00:00:00:a0:a0"
MN0_MAC = "00:00:00:00:a2:a2"
CN0_MAC = "00:00:00:00:c0:c0"

HOME_PREFIX = "3ffe:501:ffff:100::"
HOME_PLEN = 64
HA = "3ffe:501:ffff:100::1"            # the NUT's home-link address
HA_ANYCAST = "3ffe:501:ffff:100:fdff:ffff:ffff:fffe"  # RFC 2526 id 0x7e
R0 = "3ffe:501:ffff:100::a0a0"
R0_LL = "fe80::200:ff:fe00:a0a0"
HOA = "3ffe:501:ffff:100:200:ff:fe00:a2a2"   # MN0's home address
MN_LL = "fe80::200:ff:fe00:a2a2"             # MN0's link-local address
COA_X = "3ffe:501:ffff:1100:200:ff:fe00:a2a2"  # MN0X
COA_Y = "3ffe:501:ffff:2100:200:ff:fe00:a2a2"  # MN0Y
FOREIGN_HOA = "3ffe:501:ffff:2100:200:ff:fe00:a2a2"  # home address not on Link0
CN0 = "3ffe:501:ffff:100::c0c0"
CN0_LL = "fe80::200:ff:fe00:c0c0"
CN_REMOTE = "3ffe:501:ffff:104::10"   # a correspondent beyond R0

SRCDIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MIP6D = os.path.abspath(os.environ.get("MIP6D", os.path.join(SRCDIR, "build", "daemon", "mip6d")))
DATAPATH = os.environ.get("MIP6_DATAPATH_HA", os.environ.get("MIP6_DATAPATH", "userspace"))


def sh(*cmd, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stdout}{r.stderr}")
    return r


def nut(*cmd, check=True):
    return sh("ip", "netns", "exec", NUT_NS, *cmd, check=check)


def bed_up():
    sh("ip", "netns", "add", NUT_NS)
    sh("ip", "netns", "add", TN_NS)
    # Defaults first, so that eth0 is born with them.
    sh("ip", "netns", "exec", TN_NS, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1")
    sh("ip", "netns", "exec", TN_NS, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
    sh("ip", "-n", NUT_NS, "link", "add", "eth0", "address", NUT_MAC, "type", "veth",
       "peer", "name", "eth0", "address", TN_MAC, "netns", TN_NS)
    for ns in (NUT_NS, TN_NS):
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", ns, "link", "set", "eth0", "up")
    sh("ip", "-n", TN_NS, "link", "set", "eth0", "promisc", "on")
    # The NUT: its home-link address, R0 as default router.
    nut("sysctl", "-qw", "net.ipv6.conf.eth0.accept_ra=0")
    sh("ip", "-n", NUT_NS, "-6", "addr", "add", f"{HA}/{HOME_PLEN}", "dev", "eth0", "nodad")
    for addr in (R0_LL, R0):
        sh("ip", "-n", NUT_NS, "-6", "neigh", "replace", addr, "lladdr", R0_MAC, "dev", "eth0",
           "nud", "permanent")
    # The link-local address must be usable (not tentative) before mip6d starts.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out = sh("ip", "-n", NUT_NS, "-6", "addr", "show", "dev", "eth0").stdout
        if "fe80::" in out and "tentative" not in out:
            break
        time.sleep(0.1)
    sh("ip", "-n", NUT_NS, "-6", "route", "add", "default", "via", R0_LL, "dev", "eth0")


def bed_down():
    for ns in (NUT_NS, TN_NS):
        # Only processes inside the namespaces this run made.
        r = sh("ip", "netns", "pids", ns, check=False)
        for p in r.stdout.split():
            try:
                os.kill(int(p), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        sh("ip", "netns", "del", ns, check=False)


def bed_main(test_script, argv):
    """Make the bed, run @test_script inside the TN namespace, remove the bed."""
    if os.geteuid() != 0:
        print("SKIP: the conformance suite needs root for network namespaces")
        return 77
    if not os.access(MIP6D, os.X_OK):
        print(f"conformance: no mip6d at {MIP6D} (set MIP6D)")
        return 1
    child = None

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    workdir = tempfile.mkdtemp(prefix="mip6-conformance-")
    try:
        bed_up()
        env = dict(os.environ, MIP6_CONF_NUT_NS=NUT_NS, MIP6_CONF_TN_NS=TN_NS, MIP6D=MIP6D,
                   MIP6_CONF_CHILD="1", MIP6_CONF_WORKDIR=workdir, PYTHONDONTWRITEBYTECODE="1")
        child = subprocess.Popen(["ip", "netns", "exec", TN_NS, sys.executable, test_script, *argv],
                                 env=env)
        return child.wait()
    except KeyboardInterrupt:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        return 130
    finally:
        bed_down()
        if os.environ.get("MIP6_KEEP_LOGS"):
            print(f"conformance: logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------------------------ mip6d

BUS_CONFIG = mip6e2e.BUS_CONFIG


class Daemon:
    """mip6d as home agent in the NUT namespace, with a private system bus."""

    def __init__(self):
        self.dir = os.environ.get("MIP6_CONF_WORKDIR") or tempfile.mkdtemp(prefix="mip6-conformance-")
        self.bus_path = os.path.join(self.dir, "bus")
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=f"unix:path={self.bus_path}",
                        STATE_DIRECTORY=os.path.join(self.dir, "state"),
                        RUNTIME_DIRECTORY=os.path.join(self.dir, "run"),
                        G_MESSAGES_DEBUG=os.environ.get("MIP6_DEBUG", ""))
        os.makedirs(self.env["STATE_DIRECTORY"], exist_ok=True)
        os.makedirs(self.env["RUNTIME_DIRECTORY"], exist_ok=True)
        conf = os.path.join(self.dir, "bus.conf")
        with open(conf, "w") as f:
            f.write(BUS_CONFIG.format(path=self.bus_path))
        self.bus = subprocess.Popen(["dbus-daemon", "--config-file", conf, "--nofork", "--nopidfile"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.bus_path):
            if time.monotonic() > deadline:
                raise RuntimeError("the private D-Bus daemon did not start")
            time.sleep(0.05)
        self.proc = None
        self.log_path = os.path.join(self.dir, "mip6d.log")
        self.starts = 0

    def config_text(self, binding_lifetime=120):
        return (f"[mip6d]\nrole=home-agent\ninterface=eth0\n"
                f"home-prefix={HOME_PREFIX}/{HOME_PLEN}\nhome-agent={HA}\n"
                f"binding-lifetime={binding_lifetime}\ndatapath={DATAPATH}\n" +
                # Lines of [mip6d] this bed needs once mip6d has them (e.g.
                # allow-unprotected=true, DESIGN.md "Security"), "\n"-separated.
                os.environ.get("MIP6_HA_EXTRA_CONFIG", "").replace("\\n", "\n").strip() + "\n")

    def start(self, **kw):
        self.stop()
        self.starts += 1
        cfg = os.path.join(self.dir, "mip6d.conf")
        with open(cfg, "w") as f:
            f.write(self.config_text(**kw))
        self.log_offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
        log = open(self.log_path, "a")
        log.write(f"----- start {self.starts}\n")
        log.flush()
        self.proc = subprocess.Popen(["ip", "netns", "exec", NUT_NS, MIP6D, "--config", cfg],
                                     env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 20
        while "ready as" not in self.log():
            if self.proc.poll() is not None:
                raise RuntimeError(f"mip6d exited {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"mip6d not ready after 20 s:\n{self.log()}")
            time.sleep(0.05)

    def log(self):
        """What mip6d wrote since its last start."""
        try:
            with open(self.log_path) as f:
                f.seek(getattr(self, "log_offset", 0))
                return f.read()
        except OSError:
            return ""

    def binding_cache(self):
        """`mip6ctl bc` as text, for failure messages (empty without MIP6CTL)."""
        ctl = os.environ.get("MIP6CTL")
        if not ctl or not os.access(ctl, os.X_OK) or self.proc is None:
            return ""
        r = subprocess.run(["ip", "netns", "exec", NUT_NS, ctl, "bc"], env=self.env,
                           capture_output=True, text=True, timeout=10)
        return (r.stdout + r.stderr).strip()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self):
        self.stop()
        if self.bus.poll() is None:
            self.bus.kill()
            self.bus.wait()
        # The parent removes the work directory (or keeps it, MIP6_KEEP_LOGS).
