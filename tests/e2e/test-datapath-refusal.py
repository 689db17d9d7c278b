#!/usr/bin/python3
"""On the host: mip6d with datapath=kernel on a kernel
without Mobile IPv6 refuses to start, and its message names the missing
kernel option; with datapath=auto it starts on the userspace data path.

Both roles, each in a network namespace of its own (created and removed
here). On a host whose kernel can carry the kernel data path the refusal
cannot be shown: skipped (the VM tier shows the other side).
"""
import os
import shutil
import subprocess
import tempfile
import unittest

import mip6e2e as e2e

PROBE = os.environ.get("MIP6_PROBE", "mip6-probe")

CONFIGS = {
    "mobile-node": """[mip6d]
role=mobile-node
interface=lo
home-address=fec0:106:2700::4/64
home-agent=fec0:106:2700::2
datapath={datapath}
""",
    "home-agent": """[mip6d]
role=home-agent
interface=lo
home-prefix=fec0:106:2700::/64
datapath={datapath}
""",
}


class Namespace:
    """Just enough of e2e.Bed for e2e.Node: one namespace, one node."""

    def __init__(self, name):
        self.name = name
        subprocess.run(["ip", "netns", "add", name], check=True)
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        # the home agent's own address in the home prefix, so that the
        # data path is the only thing a start can fail on
        subprocess.run(["ip", "-n", name, "addr", "add", "fec0:106:2700::2/64", "dev", "lo", "nodad"],
                       check=True)

    def ns(self, node):
        return self.name

    def down(self):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


class Refusal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        probe = subprocess.run([PROBE], capture_output=True, text=True)
        if "datapath: userspace" not in probe.stdout:
            raise unittest.SkipTest(f"this kernel can carry the kernel data path: {probe.stdout.strip()}")
        cls.workdir = tempfile.mkdtemp(prefix="mip6-refusal-")
        cls.bed = Namespace(f"mip6r{os.getpid() % 100000}")

    @classmethod
    def tearDownClass(cls):
        cls.bed.down()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def start(self, role, datapath):
        node = e2e.Node(self.bed, f"{role}-{datapath}", self.workdir)
        self.addCleanup(node.cleanup)
        node.start_mip6d(CONFIGS[role].format(datapath=datapath), wait_ready=False)
        return node

    def check_refused(self, role):
        node = self.start(role, "kernel")
        try:
            rc = node.daemon.wait(10)
        except subprocess.TimeoutExpired:
            self.fail(f"mip6d ({role}) with datapath=kernel still runs:\n{node.read_log()}")
        log = node.read_log()
        self.assertNotEqual(rc, 0, log)
        self.assertIn("CONFIG_IPV6_MIP6", log)
        # nothing of mip6 was left in the namespace
        links = subprocess.run(["ip", "-n", self.bed.name, "-o", "link"], capture_output=True, text=True).stdout
        self.assertNotIn("mip6", links)

    def check_auto(self, role):
        node = self.start(role, "auto")
        e2e.wait_for(lambda: node.ctl("status", check=False).returncode == 0 or node.daemon.poll() is not None,
                     10, f"mip6d ({role}) to answer on D-Bus")
        self.assertIsNone(node.daemon.poll(), node.read_log())
        self.assertEqual(node.json("status")["datapath"], "userspace")
        self.assertEqual(node.stop_mip6d(), 0, node.read_log())

    def test_mobile_node_refuses_kernel(self):
        self.check_refused("mobile-node")

    def test_home_agent_refuses_kernel(self):
        self.check_refused("home-agent")

    def test_mobile_node_auto_is_userspace(self):
        self.check_auto("mobile-node")

    def test_home_agent_auto_is_userspace(self):
        self.check_auto("home-agent")


if __name__ == "__main__":
    e2e.skip_unless_possible()
    e2e.main("host kernel, forced data path")
