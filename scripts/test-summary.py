#!/usr/bin/python3
"""Prints where the time went and one plain closing line from meson's
testlog.json. MIP6_CI_PHASES may name a file of "phase seconds" lines
(.ci/run writes it) to print first."""
import json
import os
import sys

counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "TIMEOUT": 0, "EXPECTEDFAIL": 0, "UNEXPECTEDPASS": 0, "ERROR": 0}
suites = {}
tests = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line:
            t = json.loads(line)
            r = t.get("result", "ERROR")
            counts[r] = counts.get(r, 0) + 1
            d = float(t.get("duration") or 0)
            name = t.get("name", "?")
            suite = name.split(" / ")[0].split(":")[-1]
            suites[suite] = suites.get(suite, 0.0) + d
            tests.append((d, name))

phases = os.environ.get("MIP6_CI_PHASES")
if phases and os.path.exists(phases):
    with open(phases, encoding="utf-8") as f:
        print("CI phases (s): " + ", ".join(line.strip() for line in f if line.strip()))
print("test time by suite (s, summed over tests): "
      + ", ".join(f"{s} {d:.0f}" for s, d in sorted(suites.items(), key=lambda x: -x[1])))
print("slowest tests (s): " + ", ".join(f"{n.split(' / ')[-1]} {d:.0f}" for d, n in sorted(tests)[::-1][:10]))
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["UNEXPECTEDPASS"] + counts["ERROR"]
print(f"mip6: {passed} passed, {failed} failed, {counts['SKIP']} skipped")
