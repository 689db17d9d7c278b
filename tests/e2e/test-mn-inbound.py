#!/usr/bin/python3
"""Forged signalling at a registered mobile node (RFC 6275 §11.7.3,
§11.3.6, §11.7.4, §6.4): an attacker on the visited link sends Binding
Acknowledgements, Binding Errors and Binding Refresh Requests built with
scapy. Each is dropped before the core sees it, counted by reason in
`mip6ctl stats`, and changes nothing of the binding.
"""
import importlib.util
import json
import os

import mip6e2e as e2e
from mip6e2e import CN, HOME_ADDRESS, HOME_AGENT

_spec = importlib.util.spec_from_file_location(
    "mobile_node_scenarios", os.path.join(os.path.dirname(__file__), "test-mobile-node.py"))
_scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_scenarios)

PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile-peer.py")
OTHER_HOME_ADDRESS = "fec0:106:2700::99"


class ForgedSignalling(_scenarios.Scenario):
    def forge(self, **msg):
        # From the access router's namespace: on the visited link, any source.
        self.bed.run("ar", "/usr/bin/python3", PEER, json.dumps(msg))

    def test_forged_signalling_dropped(self):
        self.wait_state("home")
        s, _ = self.go("visitnet", e2e.VISIT_PREFIX)
        coa, seq = s["care_of_address"], s["sequence"]
        bc_before = self.ha.json("bc")
        cases = [
            # §11.7.3: a BA must come from the node the BU went to.
            ("ba_not_from_home_agent", dict(type="ba", src=CN, dst=coa, rh2=HOME_ADDRESS, seq=seq)),
            # §6.1.8 / §9.5.4: a BA to a care-of address carries a type 2
            # routing header with the home address.
            ("ba_without_rh2", dict(type="ba", src=HOME_AGENT, dst=coa, seq=seq)),
            ("ba_rh2_not_home_address",
             dict(type="ba", src=HOME_AGENT, dst=coa, rh2=OTHER_HOME_ADDRESS, seq=seq)),
            # §6.1.9, §11.3.6: a Binding Error for another home address.
            ("be_wrong_home_address",
             dict(type="be", src=HOME_AGENT, dst=coa, status=1, home_address=OTHER_HOME_ADDRESS)),
            ("be_not_from_home_agent",
             dict(type="be", src=CN, dst=coa, status=1, home_address=HOME_ADDRESS)),
            # §11.7.4: a Binding Refresh Request from anyone but the home agent.
            ("brr_not_from_home_agent", dict(type="brr", src=CN, dst=coa, rh2=HOME_ADDRESS)),
        ]
        for reason, msg in cases:
            self.forge(**msg)
        key = lambda r: f"dropped_{r}"
        stats = e2e.wait_for(lambda: (lambda st: st if all(st.get(key(r), 0) >= 1 for r, _ in cases)
                                      else None)(self.mn.json("stats")), 5,
                             f"every forged message counted: {self.mn.json('stats')}")
        for reason, _ in cases:
            self.assertEqual(stats[key(reason)], 1, (reason, stats))
        # Nothing changed: same state, care-of address and sequence number,
        # no Binding Update provoked, and the home agent's cache as it was.
        after = self.status()
        self.assertEqual((after["state"], after["care_of_address"], after["sequence"]),
                         ("foreign", coa, seq), after)
        self.assertEqual([(e["home_address"], e["care_of_address"], e["sequence"])
                          for e in self.ha.json("bc")],
                         [(e["home_address"], e["care_of_address"], e["sequence"]) for e in bc_before])
        r = self.bed.run("mn", "ping", "-6", "-c", "1", "-W", "2", "-I", HOME_ADDRESS, CN, check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    e2e.skip_unless_possible()
    e2e.main(f"MN {e2e.DATAPATH_MN}, HA {e2e.DATAPATH_HA}")
