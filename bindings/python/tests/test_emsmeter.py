"""hems.emsmeter against hems-sim (a subprocess on free ports on 127.0.0.1)."""
import os
import subprocess
import tempfile
import time
import unittest

import hems
from hems import emsmeter

BIN = os.environ.get("HEMS_BINARY_DIR", "")
SIM = os.path.join(BIN, "examples", "hems-sim", "hems-sim")

SIM_CONFIG = """{"servers": [{"port": 0, "devices": [
  {"unit": 1, "model": "eastron-sdm630", "power_w": 2000},
  {"unit": 2, "model": "phoenix-ev-eth"},
  {"unit": 3, "model": "generic", "fc": 4, "register": "0x0010", "words": 2, "factor": 1, "energy_wh": 5000}]}]}"""


@unittest.skipUnless(os.access(SIM, os.X_OK), "hems-sim not built")
class WithSimulator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cfg = os.path.join(cls.tmp.name, "sim.json")
        ports = os.path.join(cls.tmp.name, "ports")
        with open(cfg, "w") as f:
            f.write(SIM_CONFIG)
        cls.sim = subprocess.Popen([SIM, "--config", cfg, "--ports-file", ports, "--duration", "120"],
                                   stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(ports) and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(ports) as f:
            cls.port = int(f.readline())

    @classmethod
    def tearDownClass(cls):
        cls.sim.terminate()
        cls.sim.wait(timeout=10)
        cls.tmp.cleanup()

    def config(self):
        return {
            "buses": [{"id": "lan", "type": "tcp", "host": "127.0.0.1", "port": self.port}],
            "timeout_ms": 300, "retries": 0,
            "groups": ["garage"],
            "devices": [
                {"name": "grid", "model": "eastron-sdm630", "bus": "lan", "address": 1, "load_type": "grid"},
                {"name": "wallbox", "model": "phoenix-ev-eth", "bus": "lan", "address": 2,
                 "load_type": "ev", "groups": ["garage"]},
                {"name": "old", "model": "generic", "bus": "lan", "address": 3,
                 "fc": 4, "register": "0x0010", "words": 2, "factor": "1"},
                {"name": "absent", "model": "eastron-sdm120", "bus": "lan", "address": 9},
            ],
        }

    def test_poll_and_readings(self):
        with emsmeter.Installation.from_string(self.config()) as inst:
            self.assertEqual(inst.devices, ["grid", "wallbox", "old", "absent"])
            self.assertEqual(inst.model("grid"), "eastron-sdm630")
            self.assertEqual(inst.groups, ["garage"])
            inst.poll()
            rs = {r["device"]: r for r in inst.readings()}
            grid = rs["grid"]
            self.assertEqual(grid["status"], "ok")
            self.assertAlmostEqual(grid["quantities"]["power_w"], 2000, delta=2)
            self.assertEqual(len(grid["quantities"]["voltage_v"]), 3)
            self.assertIsNotNone(grid["time"].tzinfo)
            self.assertEqual(rs["old"]["quantities"], {"energy_import_wh": 5000})
            self.assertNotIn("power_w", rs["old"]["quantities"])  # absent, not zero
            self.assertEqual(rs["absent"]["status"], "comm_error")
            self.assertIn("error", rs["absent"])
            st = inst.stats("absent")
            self.assertEqual(st["status"], "comm_error")
            self.assertEqual(st["failures"], 1)
            self.assertEqual(st["last_error"], "EMS_EMODBUS")
            self.assertEqual(inst.reading("wallbox")["quantities"]["charger_state"], "C")

    def test_charger_and_totals(self):
        with emsmeter.Installation.from_string(self.config()) as inst:
            inst.write("wallbox", "charger_set_current", 8)
            inst.poll(now=1000)
            wb = inst.reading("wallbox")["quantities"]
            self.assertEqual(wb["charger_set_current_a"], 8)
            self.assertAlmostEqual(wb["power_w"], 8 * 230 * 3, delta=1)
            self.assertAlmostEqual(inst.group("garage")["quantities"]["power_w"], wb["power_w"])
            self.assertEqual(inst.load("ev")["status"], "ok")
            with self.assertRaises(hems.Error):
                inst.write("grid", "charger_set_current", 8)
            with self.assertRaises(hems.Error):
                inst.group("kitchen")
            inst.enable("old", False)
            self.assertEqual(inst.reading("old")["status"], "off")

    def test_closed(self):
        inst = emsmeter.Installation.from_string(self.config())
        inst.close()
        inst.close()
        with self.assertRaises(hems.Error):
            inst.poll()


class Config(unittest.TestCase):
    def test_errors_say_where(self):
        with self.assertRaises(hems.Error) as cm:
            emsmeter.Installation.from_string('{"devices": [\n {"name": "a", "model": "eastron-sdm630",\n'
                                              '  "host": "127.0.0.1", "address": 300}]}')
        self.assertIn("<string>:3:", str(cm.exception))
        self.assertIn("devices[0].address", str(cm.exception))
        with self.assertRaises(hems.Error):
            emsmeter.Installation.from_file("/nonexistent/installation.json")

    def test_builtin_models(self):
        models = emsmeter.builtin_models()
        self.assertIn("eastron-sdm630", models)
        self.assertIn("hager-ecr380d", models)
        self.assertIn("sunspec-802", models)
        self.assertEqual(emsmeter.version(), hems.versions()["emsmeter"])


if __name__ == "__main__":
    unittest.main()
