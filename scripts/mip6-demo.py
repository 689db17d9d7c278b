#!/usr/bin/python3
"""The demo: the HOWTO's test bed in network namespaces, mip6d as home agent
and as mobile node, and the mobile node roaming home -> visitnet ->
visitnet2 -> home while a ping from its home address runs. At every step it
prints what mip6ctl shows. Ctrl-C at any time removes everything."""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import mip6e2e as e2e  # noqa: E402

HA_CONFIG = f"""[mip6d]
role=home-agent
interface=eth0
home-prefix={e2e.HOME_PREFIX}
binding-lifetime=120
"""
MN_CONFIG = f"""[mip6d]
role=mobile-node
interface=eth0
home-address={e2e.HOME_ADDRESS}/64
home-agent={e2e.HOME_AGENT}
binding-lifetime=120
"""

BOLD = "\033[1m" if sys.stdout.isatty() else ""
RESET = "\033[0m" if sys.stdout.isatty() else ""


def banner(text):
    print(f"\n{BOLD}=== {text} ==={RESET}", flush=True)


def show(node, *cmd):
    print(f"{BOLD}[{node.node}] $ mip6ctl {' '.join(cmd)}{RESET}")
    print(node.ctl(*cmd, check=False).stdout.rstrip(), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build", help="meson build directory (default: build)")
    ap.add_argument("--pause", type=float, default=2.0, help="seconds to stay on each network")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    e2e.MIP6D = os.path.join(build, "daemon", "mip6d")
    e2e.MIP6CTL = os.path.join(build, "mip6ctl", "mip6ctl")
    if os.geteuid() != 0:
        sys.exit("mip6-demo: must run as root: it builds network namespaces (try: sudo sh scripts/demo.sh)")

    name = f"demo{os.getpid() % 10000}"
    workdir = tempfile.mkdtemp(prefix="mip6-demo-")
    bed = None
    nodes = []
    probe = None
    # Ctrl-C and kill both end in the clean-up below, even when started from
    # a script that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(130))
    try:
        banner("Building the HOWTO test bed (HA, R, AR, AR2, MN, CN; radvd with fast RAs)")
        bed = e2e.Bed(name, fast_ra=True)
        ha, mn = e2e.Node(bed, "ha", workdir), e2e.Node(bed, "mn", workdir)
        nodes += [ha, mn]
        banner("Starting mip6d: home agent on HA, mobile node on MN")
        ha.start_mip6d(HA_CONFIG)
        mn.start_mip6d(MN_CONFIG)
        e2e.wait_for(lambda: mn.json("status")["state"] == "home", 10, "the mobile node to be home")
        show(mn, "status")

        probe = bed.popen("mn", "ping", "-6", "-i", "0.05", "-W", "1", "-I", e2e.HOME_ADDRESS,
                          "fec0:106:2300::10", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(f"ping from the home address {e2e.HOME_ADDRESS} to CN fec0:106:2300::10 every 50 ms")

        for link in ("visitnet", "visitnet2", "homenet"):
            time.sleep(args.pause)
            banner(f"The mobile node moves to {link}")
            bed.move(link)
            want = "home" if link == "homenet" else "foreign"
            e2e.wait_for(lambda: mn.json("status")["state"] == want, 15, f"state {want}")
            # counters reach D-Bus at most once a second
            time.sleep(1.1)
            show(mn, "status")
            show(mn, "bul")
            show(mn, "stats")
            show(ha, "bc")

        time.sleep(args.pause)
        probe.send_signal(signal.SIGINT)
        out = probe.communicate(timeout=10)[0]
        probe = None
        m = re.search(r"(\d+) packets transmitted, (\d+) received.*", out)
        banner("Result")
        print("ping:", m.group(0) if m else out.strip().splitlines()[-1:])
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted: cleaning up")
        return 130
    except AssertionError as e:
        print(f"demo failed: {e}", file=sys.stderr)
        return 1
    finally:
        if probe is not None:
            probe.kill()
        for n in nodes:
            n.stop_mip6d() if n.daemon and n.daemon.poll() is None else None
            n.cleanup()
        if bed is not None:
            bed.down()
        subprocess.run(["rm", "-rf", workdir])


if __name__ == "__main__":
    sys.exit(main())
