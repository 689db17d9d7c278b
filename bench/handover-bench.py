#!/usr/bin/python3
"""handover-bench — handover time and packet loss on the test bed.

The mobile node moves home → visitnet → visitnet2 → home, N rounds, while a
10 ms probe runs from its home address to CN. For every handover it prints
the phase timings mip6d reports (link event → routes switched) and the
probes lost around it. Numbers only; nothing is asserted (a noisy machine
is no place for timed tests)."""
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import mip6e2e as e2e  # noqa: E402

ROUNDS = int(os.environ.get("MIP6_BENCH_ROUNDS", "3"))


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root for network namespaces")
        return 77
    workdir = tempfile.mkdtemp(prefix="mip6-bench-")
    bed = e2e.Bed(f"bh{os.getpid() % 10000}")
    ha, mn = e2e.Node(bed, "ha", workdir), e2e.Node(bed, "mn", workdir)
    rows = []
    try:
        ha.start_mip6d(f"[mip6d]\nrole=home-agent\ninterface=eth0\nhome-prefix={e2e.HOME_PREFIX}\n")
        mn.start_mip6d(f"[mip6d]\nrole=mobile-node\ninterface=eth0\n"
                       f"home-address={e2e.HOME_ADDRESS}/64\nhome-agent={e2e.HOME_AGENT}\n")
        e2e.wait_for(lambda: mn.json("status")["state"] == "home", 10, "home")
        for _ in range(ROUNDS):
            for link in ("visitnet", "visitnet2", "homenet"):
                probe = bed.popen("mn", "ping", "-6", "-i", "0.01", "-W", "1", "-I", e2e.HOME_ADDRESS,
                                  "fec0:106:2300::10", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
                time.sleep(0.5)
                before = (mn.json("status")["last_handover"] or {}).get("started")
                bed.move(link)
                want = "home" if link == "homenet" else "foreign"
                e2e.wait_for(lambda: mn.json("status")["state"] == want, 15, want)
                e2e.wait_for(lambda: (mn.json("status")["last_handover"] or {}).get("started") != before, 5,
                             "the handover record")
                time.sleep(0.5)
                probe.send_signal(signal.SIGINT)
                out = probe.communicate(timeout=10)[0]
                m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
                lost = int(m.group(1)) - int(m.group(2)) if m else -1
                h = (mn.json("status")["last_handover"] or {})
                rows.append((link, h.get("total_ms", -1), h.get("ra_received_ms", -1),
                             h.get("ba_received_ms", -1), lost))
    finally:
        for n in (mn, ha):
            n.stop_mip6d()
            n.cleanup()
        bed.down()
        subprocess.run(["rm", "-rf", workdir])

    print(f"{'to':<10} {'total ms':>9} {'RA ms':>7} {'BA ms':>7} {'lost (10 ms probes)':>20}")
    for link, total, ra, ba, lost in rows:
        print(f"{link:<10} {total:>9.1f} {ra:>7.1f} {ba:>7.1f} {lost:>20}")
    totals = [r[1] for r in rows if r[1] >= 0]
    losses = [r[4] for r in rows if r[4] >= 0]
    if totals:
        print(f"handover total: median {statistics.median(totals):.1f} ms, max {max(totals):.1f} ms; "
              f"probes lost: median {statistics.median(losses)}, max {max(losses)} "
              f"(includes the test bed's own link-down gap in 'move')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
