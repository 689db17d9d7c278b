#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end tests of mip6-testbed (meson suite 'netns').

Usage: test-testbed.py TEST   (TEST: check, moves, capture, two-beds,
half-built).  Each test makes beds with names unique to its process, removes
them in `finally`, and asserts that nothing of them is left: no namespace, no
state directory, no process.  Exits 77 (meson: skipped) when it cannot make
network namespaces.
"""

import ipaddress
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TB = os.environ.get("MIP6_TESTBED", os.path.join(HERE, "mip6-testbed"))
STATE_ROOT = "/run/mip6-testbed"
SKIP = 77


class Failure(Exception):
    pass


def skip_unless_possible():
    why = None
    if os.geteuid() != 0:
        why = "not root: network namespaces need CAP_SYS_ADMIN"
    else:
        for tool in ("ip", "radvd", "tcpdump", "ping"):
            if subprocess.run(["sh", "-c", f"command -v {tool}"],
                              capture_output=True).returncode != 0:
                why = f"{tool} is not installed (scripts/deps.sh)"
                break
    if why is None:
        probe = f"mip6tb-probe{os.getpid()}"
        p = subprocess.run(["ip", "netns", "add", probe], capture_output=True,
                           text=True)
        if p.returncode != 0:
            why = ("cannot create a network namespace: "
                   + p.stderr.strip())
        else:
            subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    if why:
        print(f"SKIP: {why}", file=sys.stderr)
        sys.exit(SKIP)


def tb(*args, ok=True, timeout=120):
    p = subprocess.run([TB, *args], capture_output=True, text=True,
                       timeout=timeout)
    if ok is True and p.returncode != 0:
        raise Failure(f"`mip6-testbed {' '.join(args)}` exited "
                      f"{p.returncode}:\n{p.stdout}{p.stderr}")
    if ok is False and p.returncode == 0:
        raise Failure(f"`mip6-testbed {' '.join(args)}` succeeded but "
                      f"should have failed:\n{p.stdout}{p.stderr}")
    return p


def expect(cond, msg):
    if not cond:
        raise Failure(msg)


def wait_for(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while True:
        r = pred()
        if r or time.monotonic() >= deadline:
            return r
        time.sleep(step)


def bed_name(suffix):
    return f"t{os.getpid()}{suffix}"


def namespaces():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True,
                         text=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def live_procs_mentioning(text):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmd and state != "Z" and int(pid) != os.getpid():
            found.append(f"{pid}: {cmd.replace(chr(0), ' ')}")
    return found


def assert_gone(name, extra_paths=()):
    ns = [n for n in namespaces() if n.startswith(f"mip6tb-{name}-")]
    expect(not ns, f"bed {name}: namespaces left: {ns}")
    sd = os.path.join(STATE_ROOT, name)
    expect(not os.path.exists(sd), f"bed {name}: state dir {sd} left")
    procs = live_procs_mentioning(sd + "/")
    for p in extra_paths:
        procs += live_procs_mentioning(p)
    expect(not procs, f"bed {name}: processes left: {procs}")


def mn_addresses(name):
    out = tb("exec", name, "mn", "ip", "-6", "-o", "addr", "show", "dev",
             "eth0", "-tentative").stdout
    return [ipaddress.ip_address(m) for m in
            re.findall(r"inet6 ([0-9a-f:]+)/", out)]


def link_local(name, node, iface):
    out = tb("exec", name, node, "ip", "-6", "-o", "addr", "show", "dev",
             iface, "scope", "link").stdout
    return re.search(r"inet6 (fe80::[0-9a-f:]+)/", out).group(1)


def mn_default_routers(name):
    """Default routers the MN learnt (expired ones included)."""
    out = tb("exec", name, "mn", "ip", "-6", "route", "show",
             "default").stdout
    return re.findall(r"via (fe80::[0-9a-f:]+)", out)


# ------------------------------------------------------------------ tests


def test_check():
    name = bed_name("c")
    try:
        tb("up", name, "--fast-ra")
        expect(tb("nsname", name, "MN").stdout.strip() == f"mip6tb-{name}-mn",
               "nsname MN is not the MN's namespace")
        p = tb("exec", name, "cn", "sh", "-c", "exit 7", ok=None)
        expect(p.returncode == 7, f"exec returned {p.returncode}, not 7")

        out = tb("check", name).stdout
        print(out)
        rows = [ln for ln in out.splitlines()[1:] if re.match(r"^\S+\s+\S+", ln)
                and not ln.endswith("passed")]
        # 6 nodes, 9 global addresses, no node pings itself: 45 pings + RA.
        expect(len(rows) == 46, f"expected 46 rows, got {len(rows)}")
        expect(all(" ok " in r for r in rows), "a check row is not ok")
        expect(re.search(r"^MN\s+AR\s+RA on visitnet\s+ok RA after .* address "
                         r"fec0:106:1100:", out, re.M),
               "no RA row for the MN on visitnet")
        st = tb("status", name).stdout
        expect("MN on homenet" in st, f"check did not move the MN back:\n{st}")
        # A second check passes too: the first left nothing in the way.
        tb("check", name)

        # check must see a broken bed: without R's route to visitnet, no node
        # behind R reaches AR's visitnet address.
        tb("exec", name, "r", "ip", "-6", "route", "del", "fec0:106:1100::/64")
        p = tb("check", name, ok=False)
        print(p.stdout)
        # Exactly the nodes whose way to visitnet goes through R fail.
        failed = sorted(re.findall(r"^(\S+)\s+(\S+)\s+(\S+)\s+FAIL",
                                   p.stdout, re.M))
        want = sorted((n, "AR", "fec0:106:1100::1") for n in ("HA", "R", "MN"))
        expect(failed == want, f"failed rows {failed}, expected {want}")
    finally:
        tb("down", name, ok=None)
    assert_gone(name)


def test_moves():
    name = bed_name("m")
    mon = None
    try:
        tb("up", name, "--fast-ra")
        lls = {n: link_local(name, n, i) for n, i in
               (("ha", "eth0"), ("ar", "eth1"), ("ar2", "eth1"))}
        mon = subprocess.Popen([TB, "exec", name, "mn", "ip", "-o", "monitor",
                                "link"], stdout=subprocess.PIPE, text=True)
        seen = []

        def reader():
            for ln in mon.stdout:
                seen.append(ln)
        threading.Thread(target=reader, daemon=True).start()

        def read_mon():
            return list(seen)

        # The monitor listens once it reports a change we make on lo.
        mtu = [65535]

        def monitor_ready():
            tb("exec", name, "mn", "ip", "link", "set", "lo", "mtu",
               str(mtu[0]))
            mtu[0] ^= 1
            return any(" lo:" in ln for ln in read_mon())

        expect(wait_for(monitor_ready, 5, 0.1), "ip monitor did not start")

        for link, router, prefix in (("visitnet", "ar", "fec0:106:1100::/64"),
                                     ("visitnet2", "ar2", "fec0:106:1000::/64"),
                                     ("homenet", "ha", "fec0:106:2700::/64")):
            tb("move", name, link)
            net = ipaddress.ip_network(prefix)
            got = wait_for(lambda: [a for a in mn_addresses(name) if a in net],
                           5)
            expect(got, f"MN has no address from {prefix} on {link}")
            expect(wait_for(lambda: lls[router] in mn_default_routers(name), 5),
                   f"MN has no default route via {router.upper()} on {link}")
            st = tb("status", name).stdout
            expect(f"MN on {link}" in st, f"status after move:\n{st}")
        # The default routes of the links left behind expire (router
        # lifetime 1 s with fast RAs; the kernel lists expired routes until
        # its garbage collector runs, so ask for the route actually used).
        def via_ha():
            out = tb("exec", name, "mn", "ip", "-6", "route", "get",
                     "fec0:106:2300::10").stdout
            return f"via {lls['ha']} " in out
        expect(wait_for(via_ha, 4), "MN at home does not route via HA")

        # Link events: each move is carrier down then carrier up on eth0.
        time.sleep(0.2)
        states = []
        for ln in read_mon():
            if re.search(r"^\d+: eth0[@:]", ln):
                s = "down" if "NO-CARRIER" in ln else (
                    "up" if "LOWER_UP" in ln else None)
                if s and (not states or states[-1] != s):
                    states.append(s)
        expect(states[:6] == ["down", "up"] * 3,
               f"MN link events {states}, expected down/up three times")

        p = tb("move", name, "core", ok=False)
        expect("unknown link 'core'" in p.stderr, p.stderr)
        p = tb("move", name + "x", "visitnet", ok=False)
        expect("no test bed named" in p.stderr, p.stderr)
    finally:
        if mon:
            mon.terminate()
            mon.wait()
        tb("down", name, ok=None)
    assert_gone(name)


def pcap_text(path, bpf="icmp6 and ip6[40] == 134"):
    return subprocess.run(["tcpdump", "-r", path, "-n", "-v", bpf],
                          capture_output=True, text=True).stdout


def test_capture():
    name = bed_name("p")
    tmp = tempfile.mkdtemp(prefix="mip6tb-test-")
    visit = os.path.join(tmp, "visitnet.pcap")
    home = os.path.join(tmp, "homenet.pcap")
    try:
        tb("up", name, "--fast-ra")
        ar = link_local(name, "ar", "eth1")
        ha = link_local(name, "ha", "eth0")
        tb("capture", name, "visitnet", visit)
        tb("capture", name, "homenet", home)
        tb("move", name, "visitnet")

        # Readable while tcpdump runs: RAs from AR with its prefix appear.
        def ra_from_ar():
            t = pcap_text(visit)
            return f"{ar} > ff02::1" in t and "fec0:106:1100::/64" in t
        expect(wait_for(ra_from_ar, 5), "no RA from AR in the visitnet pcap")
        expect(live_procs_mentioning(visit), "tcpdump is not running")
        # Links are separate: no HA advertisements on visitnet, no AR ones
        # at home, and the MN's frames on visitnet after the move.
        t = pcap_text(visit)
        expect(ha not in t and "fec0:106:2700::" not in t,
               "HA's RAs leaked into visitnet")
        th = pcap_text(home)
        expect(f"{ha} > ff02::1" in th, "no RA from HA in the homenet pcap")
        expect("fec0:106:1100::" not in th, "AR's RAs leaked into homenet")
        mn = link_local(name, "mn", "eth0")
        expect(mn in pcap_text(visit, f"src host {mn}"),
               "no frame of the MN on visitnet")
        p = tb("capture", name, "nowhere", visit, ok=False)
        expect("unknown link" in p.stderr, p.stderr)
    finally:
        tb("down", name, ok=None)
    assert_gone(name, [visit, home])
    expect("fec0:106:1100::/64" in pcap_text(visit),
           "pcap unreadable after down")
    for f in (visit, home):
        os.unlink(f)
    os.rmdir(tmp)


def test_two_beds():
    a, b = bed_name("a"), bed_name("b")
    try:
        tb("up", a, "--fast-ra")
        tb("up", b, "--fast-ra")
        p = tb("up", a, ok=False)
        expect(f"run `mip6-testbed down {a}` first" in p.stderr, p.stderr)
        checks = [subprocess.Popen([TB, "check", n], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
                  for n in (a, b)]
        for n, c in zip((a, b), checks):
            out = c.communicate(timeout=120)[0]
            expect(c.returncode == 0, f"check {n} failed:\n{out}")
        tb("move", a, "visitnet")
        net = ipaddress.ip_network("fec0:106:1100::/64")
        expect(wait_for(lambda: [x for x in mn_addresses(a) if x in net], 5),
               f"MN of {a} got no visitnet address")
        expect("MN on homenet" in tb("status", b).stdout,
               f"moving the MN of {a} moved the MN of {b}")
        tb("down", a)
        assert_gone(a)
        expect(f"mip6tb-{b}-mn" in namespaces(), f"down {a} removed {b}")
        out = tb("exec", b, "mn", "ping", "-6", "-c1", "-W1",
                 "fec0:106:2300::10", ok=None)
        expect(out.returncode == 0, f"bed {b} broken after down {a}")
    finally:
        tb("down", a, ok=None)
        tb("down", b, ok=None)
    assert_gone(a)
    assert_gone(b)


def test_half_built():
    p = tb("up", "Bad_Name", ok=False)
    expect("invalid bed name" in p.stderr, p.stderr)

    # 1. An `up` killed outright (no chance to clean up) leaves a half-built
    # bed with radvd running; `down` removes it, and a second `down` too.
    name = bed_name("h")
    sd = os.path.join(STATE_ROOT, name)
    up = subprocess.Popen([TB, "up", name], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    try:
        def radvd_running():
            return live_procs_mentioning(sd + "/radvd-ha.conf")
        expect(wait_for(radvd_running, 20, 0.005), "radvd on HA never started")
        # At a different moment each run: while radvd on AR or AR2 starts.
        time.sleep(random.uniform(0, 0.3))
        os.kill(up.pid, signal.SIGKILL)
        up.wait()
        with open(os.path.join(sd, "bed.json")) as f:
            expect('"building"' in f.read(), "bed was complete, not half-built")
        expect(f"mip6tb-{name}-ha" in namespaces(), "no namespace was made")
        p = tb("down", name)
        expect("radvd HA" in p.stdout, f"down did not stop radvd:\n{p.stdout}")
        assert_gone(name)
        p = tb("down", name)
        expect("nothing to remove" in p.stdout, p.stdout)
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
        tb("down", name, ok=None)
    assert_gone(name)

    # 2. An `up` interrupted by SIGTERM cleans up after itself.
    name = bed_name("i")
    up = subprocess.Popen([TB, "up", name], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    try:
        expect(wait_for(lambda: f"mip6tb-{name}-mn" in namespaces(), 20,
                        0.005), "up made no namespace")
        os.kill(up.pid, signal.SIGTERM)
        out = up.communicate(timeout=30)[0]
        expect(up.returncode != 0 and "interrupted by SIGTERM" in out,
               f"up exited {up.returncode}: {out}")
        assert_gone(name)
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
        tb("down", name, ok=None)
    assert_gone(name)


TESTS = {"check": test_check, "moves": test_moves, "capture": test_capture,
         "two-beds": test_two_beds, "half-built": test_half_built}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print(f"usage: {sys.argv[0]} {{{','.join(TESTS)}}}", file=sys.stderr)
        return 2
    skip_unless_possible()
    t0 = time.monotonic()
    try:
        TESTS[sys.argv[1]]()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print(f"PASS: {sys.argv[1]} ({time.monotonic() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
