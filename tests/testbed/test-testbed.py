#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end tests of mip6-testbed (meson suite 'netns').

Usage: test-testbed.py TEST   (TEST: check, moves, capture, two-beds,
half-built, second-router, filter-mh, offlink, replug, mtu, ha-router).  Each test makes beds with names unique to its process, removes
them in `finally`, and asserts that nothing of them is left: no namespace, no
state directory, no process.  Exits 77 (meson: skipped) when it cannot make
network namespaces.
"""

import ipaddress
import os
import random
import re
import shutil
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

    # 2. The same with the twists: the second router's namespace and radvd
    # and the MH filter go too.
    name = bed_name("k")
    sd = os.path.join(STATE_ROOT, name)
    up = subprocess.Popen([TB, "up", name, "--second-router", "visitnet",
                           "--filter-mh", "visitnet"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        expect(wait_for(lambda: live_procs_mentioning(sd + "/radvd-ar.conf"),
                        20, 0.005), "radvd on AR never started")
        os.kill(up.pid, signal.SIGKILL)
        up.wait()
        expect(f"mip6tb-{name}-r2visit" in namespaces(),
               "no namespace for R2VISIT was made")
        p = tb("down", name)
        expect("nft table mip6tb_filter_mh on AR" in p.stdout,
               f"down did not remove the MH filter:\n{p.stdout}")
        assert_gone(name)
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
        tb("down", name, ok=None)
    assert_gone(name)

    # 3. An `up` interrupted by SIGTERM cleans up after itself.
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


# ------------------------------------------------- the twists (options)


def ra_table(path):
    """Router advertisements in a pcap, decoded by tshark: a set of
    (source, prefix, router lifetime, L, A), one per Prefix Information
    option.  The file may still be written to: tshark then complains about a
    packet cut short, which does not matter."""
    out = subprocess.run(
        ["tshark", "-r", path, "-n", "-Y", "icmpv6.type == 134", "-T",
         "fields", "-E", "separator=|", "-E", "aggregator=,", "-e",
         "ipv6.src", "-e", "icmpv6.nd.ra.router_lifetime", "-e",
         "icmpv6.opt.prefix", "-e", "icmpv6.opt.prefix.length", "-e",
         "icmpv6.opt.prefix.flag.l", "-e", "icmpv6.opt.prefix.flag.a"],
        capture_output=True, text=True).stdout
    flag = {"1": 1, "True": 1, "0": 0, "False": 0}
    rows = set()
    for ln in out.splitlines():
        f = ln.split("|")
        if len(f) != 6 or not f[2]:
            continue
        for pfx, plen, l, a in zip(*(x.split(",") for x in f[2:])):
            # The home agent's carries its address (AdvRouterAddr, the R
            # bit); keep the prefix.
            net = ipaddress.ip_network(f"{pfx}/{plen}", strict=False)
            rows.add((f[0], str(net), int(f[1]), flag.get(l), flag.get(a)))
    return rows


def tool_needed(tool):
    if subprocess.run(["sh", "-c", f"command -v {tool}"],
                      capture_output=True).returncode != 0:
        print(f"SKIP: {tool} is not installed (scripts/deps.sh)",
              file=sys.stderr)
        sys.exit(SKIP)


def ras_from(path, src, timeout=5):
    return wait_for(lambda: {r for r in ra_table(path) if r[0] == src},
                    timeout, 0.2)


def test_second_router():
    tool_needed("tshark")
    name, name2 = bed_name("s"), bed_name("d")
    tmp = tempfile.mkdtemp(prefix="mip6tb-test-")
    home = os.path.join(tmp, "homenet.pcap")
    visit = os.path.join(tmp, "visitnet.pcap")
    home2 = os.path.join(tmp, "homenet2.pcap")
    try:
        # Refused before anything is made.
        p = tb("up", name, "--second-router", "core", ok=False)
        expect("unknown link 'core'" in p.stderr, p.stderr)
        p = tb("up", name, "--second-router", "homenet:maybe", ok=False)
        expect("unknown mode 'maybe'" in p.stderr, p.stderr)
        assert_gone(name)

        # A Thread/Matter-like border router at home (ULA prefix, router
        # lifetime 0) and a second default router on visitnet.
        tb("up", name, "--fast-ra", "--second-router", "homenet:no-default",
           "--second-router", "visitnet")
        expect(tb("nsname", name, "r2home").stdout.strip()
               == f"mip6tb-{name}-r2home", "nsname r2home")
        p = tb("nsname", name, "r2visit2", ok=False)
        expect("--second-router visitnet2" in p.stderr, p.stderr)
        tb("capture", name, "homenet", home)
        tb("capture", name, "visitnet", visit)
        ha = link_local(name, "ha", "eth0")
        r2h = link_local(name, "r2home", "eth1")
        expect(ha != r2h, "HA and R2HOME share a link-local address")
        got = ras_from(home, ha)
        expect(any(r[1] == "fec0:106:2700::/64" and r[2] > 0 for r in got),
               f"no RA from HA {ha} with the home prefix: {got}")
        got = ras_from(home, r2h)
        expect(got and all(r[1] == "fd00:106:2700::/64" and r[2] == 0
                           for r in got),
               f"RAs from R2HOME {r2h}: {got}, want fd00:106:2700::/64 with "
               "router lifetime 0")
        # The MN takes the ULA prefix but not R2HOME as a default router,
        # and the prefix is routable: CN reaches the MN's ULA address.
        ula = ipaddress.ip_network("fd00:106:2700::/64")
        addr = wait_for(lambda: [a for a in mn_addresses(name) if a in ula], 5)
        expect(addr, "MN formed no address from fd00:106:2700::/64")
        expect(r2h not in mn_default_routers(name),
               "MN took R2HOME (router lifetime 0) as a default router")
        p = tb("exec", name, "cn", "ping", "-6", "-c1", "-W2", str(addr[0]),
               ok=None)
        expect(p.returncode == 0, f"CN cannot reach the MN's ULA address "
               f"{addr[0]}:\n{p.stdout}{p.stderr}")

        tb("move", name, "visitnet")
        ar = link_local(name, "ar", "eth1")
        r2v = link_local(name, "r2visit", "eth1")
        for src, prefix in ((ar, "fec0:106:1100::/64"),
                            (r2v, "fec0:106:1200::/64")):
            got = ras_from(visit, src)
            expect(any(r[1] == prefix and r[2] > 0 for r in got),
                   f"no RA from {src} with {prefix} and a router lifetime: "
                   f"{got}")
        net = ipaddress.ip_network("fec0:106:1200::/64")
        expect(wait_for(lambda: [a for a in mn_addresses(name) if a in net],
                        5), "MN formed no address from fec0:106:1200::/64")
        expect(wait_for(lambda: {ar, r2v} <= set(mn_default_routers(name)),
                        5), "MN has not both AR and R2VISIT as default "
               f"routers: {mn_default_routers(name)}")

        out = tb("check", name).stdout
        for row in (r"^R2HOME\s+CN\s+fec0:106:2300::10\s+ok",
                    r"^CN\s+R2VISIT\s+fec0:106:1200::1\s+ok",
                    r"^MN\s+R2HOME\s+RA on homenet\s+ok",
                    r"^MN\s+R2VISIT\s+RA on visitnet\s+ok"):
            expect(re.search(row, out, re.M), f"no row {row!r}:\n{out}")
        st = tb("status", name).stdout
        expect(f"mip6tb-{name}-r2home" in st and "radvd R2VISIT" in st
               and "MN on visitnet" in st, st)
        tb("down", name)
        assert_gone(name, [home, visit])

        # Plain --second-router homenet: a real second default router.
        tb("up", name2, "--fast-ra", "--second-router", "homenet")
        tb("capture", name2, "homenet", home2)
        r2h = link_local(name2, "r2home", "eth1")
        got = ras_from(home2, r2h)
        expect(any(r[1] == "fd00:106:2700::/64" and r[2] > 0 for r in got),
               f"RAs from R2HOME {r2h}: {got}, want a router lifetime")
        expect(wait_for(lambda: r2h in mn_default_routers(name2), 5),
               "MN did not take R2HOME as a default router")
        tb("check", name2)
    finally:
        tb("down", name, ok=None)
        tb("down", name2, ok=None)
    assert_gone(name, [home, visit])
    assert_gone(name2, [home2])
    shutil.rmtree(tmp)


# Sent by the MN's namespace with scapy (from /usr/bin/python3, where
# Debian's python3-scapy lives) through a raw socket, so the MN's kernel
# routes them: a Binding Update (next header 135), the same behind a
# Destination Options header with a Home Address option, an echo request
# behind a type 2 Routing Header, one behind a Home Address option (route
# optimisation's traffic), and a plain echo request.
SEND_MH = r"""
import socket, sys
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
    HAO, MIP6MH_BU, ICMPv6EchoRequest)
src, dst, hoa, seq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ip = IPv6(src=src, dst=dst)
pkts = [ip / MIP6MH_BU(seq=seq, flags=0x28),
        ip / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / MIP6MH_BU(seq=seq),
        ip / IPv6ExtHdrRouting(type=2, addresses=[hoa], segleft=1)
           / ICMPv6EchoRequest(id=0x6d37, seq=seq),
        ip / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)])
           / ICMPv6EchoRequest(id=0x6d38, seq=seq),
        ip / ICMPv6EchoRequest(id=0x6d36, seq=seq)]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
for p in pkts:
    s.sendto(bytes(p), (dst, 0))
"""


def test_filter_mh():
    tool_needed("nft")
    name = bed_name("f")
    tmp = tempfile.mkdtemp(prefix="mip6tb-test-")
    home = os.path.join(tmp, "homenet.pcap")
    ha_addr, hoa = "fec0:106:2700::2", "fec0:106:2700::4"
    try:
        p = tb("up", name, "--filter-mh", "homenet", ok=False)
        expect("unknown link 'homenet'" in p.stderr, p.stderr)
        tb("up", name, "--fast-ra", "--filter-mh", "visitnet")
        rules = tb("exec", name, "ar", "nft", "list", "table", "ip6",
                   "mip6tb_filter_mh").stdout
        expect("hook forward" in rules and "mobility-header" in rules
               and "exthdr dst exists" in rules and "rt type 2" in rules,
               f"MH filter not loaded on AR:\n{rules}")
        tb("capture", name, "homenet", home)
        tb("move", name, "visitnet")
        net = ipaddress.ip_network("fec0:106:1100::/64")
        coa = wait_for(lambda: [a for a in mn_addresses(name) if a in net], 5)
        expect(coa, "MN has no care-of address on visitnet")
        coa = str(coa[0])
        ar = link_local(name, "ar", "eth1")
        # Without mip6d the home prefix still looks on-link to the MN (its
        # home address stays on eth0): send HA's traffic to AR, as a
        # visiting host's packets go.
        tb("exec", name, "mn", "ip", "-6", "route", "add", ha_addr + "/128",
           "via", ar, "dev", "eth0")

        def send(seq):
            p = tb("exec", name, "mn", "/usr/bin/python3", "-c", SEND_MH, coa,
                   ha_addr, hoa, str(seq), ok=None)
            expect(p.returncode == 0, f"scapy could not send:\n{p.stderr}")

        def at_home(bpf):
            out = subprocess.run(["tcpdump", "-r", home, "-n",
                                  f"src host {coa} and ({bpf})"],
                                 capture_output=True, text=True).stdout
            return len(out.splitlines())

        echo = "icmp6 and ip6[40] == 128"
        for seq in (1, 2):
            send(seq)
        expect(wait_for(lambda: at_home(echo) >= 2, 5),
               "the MN's echo requests did not reach homenet through AR")
        time.sleep(0.3)
        for what, bpf in (("Mobility Header", "ip6[6] == 135"),
                          ("Destination Options", "ip6[6] == 60"),
                          ("type 2 Routing Header", "ip6[6] == 43")):
            expect(at_home(bpf) == 0, f"a {what} packet passed the filter")
        rules = tb("exec", name, "ar", "nft", "list", "table", "ip6",
                   "mip6tb_filter_mh").stdout
        # Both Binding Updates meet the first rule (meta l4proto looks
        # behind extension headers), the echo behind the Home Address option
        # the second, the one behind the Routing Header the third.
        counts = [int(c) for c in re.findall(r"counter packets (\d+)", rules)]
        expect(len(counts) == 3 and counts[0] >= 4 and counts[1] >= 2
               and counts[2] >= 2,
               f"the filter's counters do not show the drops:\n{rules}")

        # Off at run time: Mobility Headers pass.
        out = tb("filter", name, "visitnet", "off").stdout
        expect("is off" in out, out)
        p = tb("exec", name, "ar", "nft", "list", "table", "ip6",
               "mip6tb_filter_mh", ok=None)
        expect(p.returncode != 0, "filter off left the nft table")
        send(3)
        expect(wait_for(lambda: at_home("ip6[6] == 135") >= 1
                        and at_home("ip6[6] == 60") >= 1, 5),
               "with the filter off, the MH packets did not reach homenet")
        # And on again (twice: idempotent).
        tb("filter", name, "visitnet", "on")
        tb("filter", name, "visitnet", "on")
        n_mh = at_home("ip6[6] == 135")
        n_echo = at_home(echo)
        send(4)
        expect(wait_for(lambda: at_home(echo) > n_echo, 5), "echo lost")
        time.sleep(0.3)
        expect(at_home("ip6[6] == 135") == n_mh, "filter on again: MH passed")
        expect("MH filter on AR (visitnet) on" in tb("status", name).stdout,
               "status does not show the filter")
        p = tb("filter", name, "homenet", "on", ok=False)
        expect("unknown link" in p.stderr, p.stderr)
    finally:
        tb("down", name, ok=None)
    assert_gone(name, [home])
    shutil.rmtree(tmp)


def test_offlink():
    tool_needed("tshark")
    name = bed_name("o")
    tmp = tempfile.mkdtemp(prefix="mip6tb-test-")
    visit = os.path.join(tmp, "visitnet.pcap")
    visit2 = os.path.join(tmp, "visitnet2.pcap")
    try:
        tb("up", name, "--fast-ra", "--offlink-prefix", "visitnet")
        tb("capture", name, "visitnet", visit)
        tb("capture", name, "visitnet2", visit2)
        ar = link_local(name, "ar", "eth1")
        ar2 = link_local(name, "ar2", "eth1")
        got = ras_from(visit, ar)
        expect(got and all(r[1:] == ("fec0:106:1100::/64", r[2], 0, 1)
                           for r in got),
               f"AR's RAs: {got}, want fec0:106:1100::/64 with L=0 A=1")
        got = ras_from(visit2, ar2)
        expect(got and all(r[3:] == (1, 1) for r in got),
               f"AR2's RAs: {got}, want L=1 A=1 (not off-link)")

        tb("move", name, "visitnet")
        net = ipaddress.ip_network("fec0:106:1100::/64")
        coa = wait_for(lambda: [a for a in mn_addresses(name) if a in net], 5)
        expect(coa, "MN formed no address from the off-link prefix")
        routes = tb("exec", name, "mn", "ip", "-6", "route", "show", "exact",
                    "fec0:106:1100::/64").stdout
        expect(not routes.strip(), f"off-link prefix has a route:\n{routes}")
        # AR's own address in the prefix is reached through the router.
        out = tb("exec", name, "mn", "ip", "-6", "route", "get",
                 "fec0:106:1100::1", "from", str(coa[0])).stdout
        expect(f"via {ar} " in out, f"not via AR:\n{out}")
        tb("exec", name, "mn", "ping", "-6", "-c1", "-W2", "-I", str(coa[0]),
           "fec0:106:1100::1")
        tb("check", name)
    finally:
        tb("down", name, ok=None)
    assert_gone(name, [visit, visit2])
    shutil.rmtree(tmp)


MN_SYSCTLS = ("forwarding", "autoconf", "accept_ra", "accept_redirects",
              "accept_dad", "optimistic_dad", "use_optimistic")


def mn_sysctls(name):
    out = {}
    for k in MN_SYSCTLS:
        p = tb("exec", name, "mn", "sysctl", "-n", f"net.ipv6.conf.eth0.{k}",
               ok=None)
        out[k] = p.stdout.strip() if p.returncode == 0 else None
    return out


def mn_link(name):
    """(ifindex of the MN's eth0, bridge of its port)."""
    out = tb("exec", name, "mn", "ip", "-o", "link", "show", "eth0").stdout
    idx = int(out.split(":")[0])
    port = tb("exec", name, "sw", "ip", "-o", "link", "show",
              "mn-eth0").stdout
    m = re.search(r" master (\S+) ", port)
    return idx, m.group(1) if m else None


def test_replug():
    name = bed_name("r")
    try:
        tb("up", name, "--fast-ra")
        before = mn_sysctls(name)
        idx0, br = mn_link(name)
        expect(br == "homenet", f"MN's port on {br}")
        p = tb("replug", name)
        idx1, br = mn_link(name)
        expect(idx1 != idx0, f"ifindex unchanged ({idx0})")
        expect(f"ifindex {idx0} -> {idx1}" in p.stdout, p.stdout)
        expect(br == "homenet", f"replug without LINK went to {br}")
        expect(mn_sysctls(name) == before,
               f"sysctls {mn_sysctls(name)}, at creation {before}")
        home = ipaddress.ip_network("fec0:106:2700::/64")
        expect(ipaddress.ip_address("fec0:106:2700::4")
               not in mn_addresses(name), "the static home address is back")
        expect(wait_for(lambda: [a for a in mn_addresses(name) if a in home],
                        5), "MN formed no address from the home prefix")
        st = tb("status", name).stdout
        expect("no static home address" in st, st)

        tb("replug", name, "visitnet")
        idx2, br = mn_link(name)
        expect(idx2 not in (idx0, idx1) and br == "visitnet",
               f"after replug visitnet: ifindex {idx2}, bridge {br}")
        net = ipaddress.ip_network("fec0:106:1100::/64")
        expect(wait_for(lambda: [a for a in mn_addresses(name) if a in net],
                        5), "MN formed no address on visitnet")
        expect("MN on visitnet" in tb("status", name).stdout, "status")
        # check works without the static home address (it goes home first).
        tb("check", name)
        expect(mn_link(name)[1] == "visitnet", "check did not move back")
        p = tb("replug", name, "core", ok=False)
        expect("unknown link 'core'" in p.stderr, p.stderr)
    finally:
        tb("down", name, ok=None)
    assert_gone(name)


def link_mtu(name, node, iface):
    out = tb("exec", name, node, "ip", "-o", "link", "show", iface).stdout
    return int(re.search(r" mtu (\d+) ", out).group(1))


def test_mtu():
    name = bed_name("u")
    try:
        p = tb("up", name, "--mtu", "1000", "visitnet", ok=False)
        expect("use an MTU from 1280" in p.stderr, p.stderr)
        tb("up", name, "--fast-ra", "--mtu", "1280", "visitnet", "--mtu",
           "1280", "core")
        for node, iface, want in (("ar", "eth1", 1280), ("ar", "eth0", 1280),
                                  ("cn", "eth0", 1280), ("r", "eth0", 1280),
                                  ("r", "eth1", 1500), ("ha", "eth0", 1500),
                                  ("sw", "visitnet", 1280),
                                  ("sw", "core", 1280),
                                  ("sw", "ar-eth1", 1280),
                                  ("sw", "homenet", 1500),
                                  ("sw", "mn-eth0", 1500)):
            got = link_mtu(name, node, iface)
            expect(got == want, f"{node} {iface}: MTU {got}, want {want}")
        # A path MTU of 1280 between home and core: R says Packet Too Big.
        p = tb("exec", name, "ha", "ping", "-6", "-c1", "-W2", "-M", "do",
               "-s", "1300", "fec0:106:2300::10", ok=None)
        expect("mtu=1280" in p.stdout + p.stderr,
               f"no Packet Too Big with mtu=1280:\n{p.stdout}{p.stderr}")
        tb("exec", name, "ha", "ping", "-6", "-c1", "-W2", "-M", "do", "-s",
           "1200", "fec0:106:2300::10")
        # On visitnet the MN's port has the link's MTU and the MN learns it
        # from the RA's MTU option; its own device keeps 1500.
        tb("move", name, "visitnet")
        expect(link_mtu(name, "sw", "mn-eth0") == 1280, "MN port not 1280")
        expect(wait_for(lambda: tb("exec", name, "mn", "sysctl", "-n",
                                   "net.ipv6.conf.eth0.mtu").stdout.strip()
                        == "1280", 5), "MN did not learn MTU 1280 from RA")
        expect(link_mtu(name, "mn", "eth0") == 1500, "MN eth0 changed MTU")
        tb("move", name, "homenet")
        expect(link_mtu(name, "sw", "mn-eth0") == 1500, "MN port not 1500")
        tb("check", name)
    finally:
        tb("down", name, ok=None)
    assert_gone(name)


def test_ha_router():
    tool_needed("tshark")
    name = bed_name("h")
    tmp = tempfile.mkdtemp(prefix="mip6tb-test-")
    home = os.path.join(tmp, "homenet.pcap")
    core = os.path.join(tmp, "core.pcap")
    try:
        tb("up", name, "--fast-ra", "--ha-router")
        # No R: HA has R's uplink and core address, and forwards.
        expect(f"mip6tb-{name}-r" not in namespaces(), "R's namespace exists")
        p = tb("exec", name, "r", "true", ok=False)
        expect("--ha-router" in p.stderr, p.stderr)
        out = tb("exec", name, "ha", "ip", "-6", "-o", "addr", "show", "dev",
                 "eth1").stdout
        expect("fec0:106:2300::2/64" in out, f"HA's eth1:\n{out}")
        out = tb("exec", name, "ha", "sysctl", "-n",
                 "net.ipv6.conf.eth1.forwarding").stdout.strip()
        expect(out == "1", f"HA's eth1 forwarding is {out}")
        tb("capture", name, "homenet", home)
        tb("capture", name, "core", core)
        # HA's radvd still says it is a home agent (RFC 6275 7.1, 7.4): H
        # flag and a Home Agent Information option (type 8), and it is a
        # default router (the only one on homenet).
        ha = link_local(name, "ha", "eth0")
        rows = wait_for(lambda: tshark(home, f"icmpv6.type == 134 && ipv6.src == {ha}",
                                       ["icmpv6.nd.ra.flag.h", "icmpv6.nd.ra.router_lifetime",
                                        "icmpv6.opt.type"]), 5, 0.2)
        expect(rows, "no RA from HA on homenet")
        h, lifetime, types = rows[0]
        expect(h in ("1", "True") and int(lifetime) > 0
               and "8" in types.split(","), f"HA's RA: {rows[0]}")
        # The MN at home reaches CN through HA, the way back is the same:
        # the echo crosses core between HA's eth1 and CN.
        tb("exec", name, "mn", "ping", "-6", "-c1", "-W2", "-I",
           "fec0:106:2700::4", "fec0:106:2300::10")
        hamac = tb("exec", name, "ha", "cat",
                   "/sys/class/net/eth1/address").stdout.strip()
        got = wait_for(lambda: tshark(core, "icmpv6.type == 128 && ipv6.src == fec0:106:2700::4",
                                      ["eth.src"]), 5, 0.2)
        expect(got and got[0][0] == hamac,
               f"echo request on core not from HA's eth1 ({hamac}): {got}")
        p = tb("check", name)
        expect(" R " not in p.stdout and "fec0:106:2300::2 " in p.stdout,
               f"check table:\n{p.stdout}")
        st = tb("status", name).stdout
        expect("HA is the home router" in st, st)
    finally:
        tb("down", name, ok=None)
    assert_gone(name, [home, core])
    shutil.rmtree(tmp)


def tshark(path, display_filter, fields):
    cmd = ["tshark", "-r", path, "-Y", display_filter, "-T", "fields",
           "-E", "separator=|"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return [tuple(line.split("|")) for line in out.splitlines() if line]


TESTS = {"check": test_check, "moves": test_moves, "capture": test_capture,
         "two-beds": test_two_beds, "half-built": test_half_built,
         "second-router": test_second_router, "filter-mh": test_filter_mh,
         "offlink": test_offlink, "replug": test_replug, "mtu": test_mtu,
         "ha-router": test_ha_router}


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
