"""Integration test of the whole suite through hems-demo (run by CTest).

Runs the demo on its simulated home with --json and checks what must hold whatever the
weather: every Linky frame decoded, no Modbus failure, energy balances, the import
costed by libtariff's rules equal to the import costed from the Linky's own indexes,
the breaker never over its rating for longer than one step, and the hourly lines
adding up to the summary."""
import json
import subprocess
import sys
import unittest

DEMO = sys.argv.pop(1) if len(sys.argv) > 1 else "hems-demo"


def run(*args):
    out = subprocess.run([DEMO, "--json", *args], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise AssertionError(f"hems-demo failed ({out.returncode}): {out.stderr}")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    return lines[:-1], lines[-1]["summary"]


class DemoTest(unittest.TestCase):
    def check_run(self, hours, step, seed):
        hourly, s = run("--hours", str(hours), "--step", str(step), "--seed", str(seed))
        steps = hours * 3600 // step
        self.assertEqual(s["tic_frames"], steps + 1, "every Linky frame decodes")
        self.assertEqual(s["modbus_errors"], 0)
        self.assertEqual(len(hourly), hours)
        for key in ("pv_kwh", "ev_kwh", "import_kwh", "export_kwh"):
            self.assertAlmostEqual(sum(h[key] for h in hourly), s[key], places=2, msg=key)
        # energy balance: import + PV = house + car + water heater + export
        self.assertAlmostEqual(s["import_kwh"] + s["pv_kwh"],
                               s["house_kwh"] + s["ev_kwh"] + s["water_heater_kwh"] + s["export_kwh"],
                               places=2)
        # the PV meter read over Modbus (libemsmeter <- hems-sim) tells the same production:
        # the meter's power at the start of each step, integrated over the step
        self.assertAlmostEqual(s["pv_meter_kwh"], s["pv_kwh"], delta=0.01 * s["pv_kwh"] + 0.05)
        # the breaker's rating is exceeded at most for one step after a load switches on
        self.assertLessEqual(s["over_breaker_s"], 2 * step)
        # the Linky's indexes (whole Wh) and the rules price the same import
        self.assertAlmostEqual(float(s["import_cost"]), float(s["import_cost_by_meter_index"]), delta=0.02)
        self.assertGreater(float(s["import_cost_vat"]), float(s["import_cost"]))
        self.assertAlmostEqual(float(s["net"]), float(s["import_cost"]) - float(s["export_revenue"]), delta=0.011)
        return hourly, s

    def test_default_day(self):
        hourly, s = self.check_run(26, 10, 1)
        self.assertGreater(s["ev_kwh"], 0, "the car charges")
        self.assertGreater(s["water_heater_kwh"], 0, "the water heater runs on PV surplus")
        self.assertEqual({h["period"] for h in hourly}, {"HP", "HC"})

    def test_other_seed_and_step(self):
        self.check_run(6, 30, 7)

    def test_bad_option(self):
        out = subprocess.run([DEMO, "--hours", "0"], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("--hours", out.stderr)


if __name__ == "__main__":
    unittest.main()
