"""Tests of hems.evcharge (libevcharge through SWIG)."""
import datetime
import json
import os
import subprocess
import unittest

import hems
from hems import evcharge

T0 = 1748836800  # 2025-06-02T06:00:00+02:00, a Monday


class TestEvcharge(unittest.TestCase):
    def test_protection(self):
        site = evcharge.Site()
        site.add_station("A")
        r = site.step(T0, grid_a=[5, 3, 2], stations={"A": {"connected": True}})
        a = r.stations["A"]
        self.assertAlmostEqual(a.current_a, 27.0)
        self.assertEqual(a.phases, 3)
        self.assertEqual(a.state, "reduced")
        self.assertEqual(a.reason, "PROTECT_LIMIT")
        self.assertIn("main breaker limit", a.text)
        self.assertIn("start", a.events)
        self.assertEqual(r.limit_a, [32.0, 32.0, 32.0])
        self.assertEqual(r.headroom_a, [27.0, 29.0, 30.0])
        # the house alone over the limit on L1: zero
        r = site.step(T0 + 10, grid_a=[35 + 27, 30, 29], stations={"A": {"current_a": 27, "active_phases": 3}})
        self.assertEqual(r.stations["A"].current_a, 0)
        self.assertEqual(r.stations["A"].reason, "PROTECT_ZERO")
        self.assertIn("forced", r.stations["A"].events)

    def test_greenup_stop_text(self):
        site = evcharge.Site(strategy="greenup", main_breaker_a=63, derating_pct=100,
                             greenup={"max_current_a": 45, "max_charging_current_a": 40,
                                      "min_guaranteed_ah": 0})
        site.add_station("A", rated_a=16)
        site.add_station("B", rated_a=16)
        cur = {"A": 0.0, "B": 0.0}
        t = T0
        house = 5
        texts = []
        for k in range(8):
            if k == 3:
                house = 30
            grid = [house + cur["A"] + cur["B"]] * 3
            r = site.step(t, grid_a=grid, stations={
                sid: {"connected": True, "current_a": cur[sid], "active_phases": 3} for sid in cur})
            for sid in cur:
                cur[sid] = r.stations[sid].current_a
            texts.append(r.stations["A"].text)
            t += 10
        self.assertIn("red zone: stopped A, longest connected non-priority with 0 Ah delivered", texts)
        self.assertEqual(r.stations["A"].state, "stopped")

    def test_flow_pv_and_loads(self):
        site = evcharge.Site(strategy="flow", flow={"hold_s": 0})
        site.add_station("A", mode="pv", switch_phases=True)
        site.add_load("HP", power_w=2000, on_w=2500, off_w=500, kind="heat_pump")
        r = site.step(T0, grid_a=[-4.35, -4.35, -4.35], stations={"A": {"connected": True}})
        self.assertEqual(r.stations["A"].phases, 1)
        self.assertGreater(r.stations["A"].current_a, 6)
        self.assertEqual(r.stations["A"].reason, "FLOW_PV")
        self.assertIn("HP", r.loads)
        self.assertFalse(r.loads["HP"].on)  # the EV (rank 1) took the surplus first

    def test_stale(self):
        site = evcharge.Site()
        site.add_station("A")
        r = site.step(T0 + 100, grid_a=[0, 0, 0], measured_at=T0, stations={"A": {"connected": True}})
        self.assertTrue(r.stale)
        self.assertEqual(r.stations["A"].reason, "STALE")
        self.assertEqual(r.stations["A"].current_a, 6.0)

    def test_datetime_and_deadline(self):
        when = datetime.datetime(2025, 6, 2, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
        self.assertEqual(evcharge.deadline_next(when, 7200, "tue", "07:00"), T0 + 25 * 3600)
        with self.assertRaises(hems.Error) as cm:
            evcharge._c.deadline_next(T0, 0, 9, 0)
        self.assertEqual(cm.exception.name, "EVC_ERANGE")
        with self.assertRaises(ValueError):
            evcharge.deadline_next(T0, 0, "xyz", "07:00")

    def test_errors(self):
        site = evcharge.Site()
        site.add_station("A", min_a=40, rated_a=32)
        with self.assertRaises(hems.Error) as cm:
            site.step(T0, grid_a=[0, 0, 0])
        self.assertEqual(cm.exception.name, "EVC_ERANGE")
        self.assertIn("station[0].min_ma", cm.exception.message)
        with self.assertRaises(ValueError):
            evcharge.Site(strategy="nope")
        site = evcharge.Site()
        site.add_station("A")
        with self.assertRaises(ValueError):
            site.add_station("A")
        site.step(T0, grid_a=[0, 0, 0])
        with self.assertRaises(hems.Error):
            site.add_station("B")  # after the first step
        with self.assertRaises(hems.Error) as cm:
            site.step(T0 - 10, grid_a=[0, 0, 0])  # time going backwards
        self.assertEqual(cm.exception.name, "EVC_ERANGE")
        with self.assertRaises(ValueError):
            site.step(T0, grid_a=[0, 0])

    def test_constants(self):
        self.assertEqual(evcharge._c.reason_name(evcharge._c.R_GU_STOPPED), "GU_STOPPED")
        self.assertIn("evcharge", hems.versions())


class TestEvsim(unittest.TestCase):
    """The evsim CLI: output shape of --json (one object per step, then a summary)."""

    def setUp(self):
        self.evsim = os.path.join(os.environ.get("HEMS_BINARY_DIR", ""), "examples", "evsim", "evsim")
        self.scen = os.path.join(os.environ.get("HEMS_SOURCE_DIR", ""), "tests", "evcharge", "scenarios")
        if not os.access(self.evsim, os.X_OK):
            self.skipTest("evsim not built")

    def run_evsim(self, name, *args):
        return subprocess.run([self.evsim, "--scenario", os.path.join(self.scen, name), *args],
                              capture_output=True, text=True, timeout=60)

    def test_json_shape(self):
        p = self.run_evsim("f14_heat_pump_thresholds.json", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = [json.loads(x) for x in p.stdout.splitlines()]
        steps, summary = lines[:-1], lines[-1]
        self.assertEqual([s["t"] for s in steps[:3]], [0, 10, 20])
        for s in steps:
            self.assertEqual(len(s["grid_a"]), 3)
            self.assertNotIn("zone", s)  # greenup only
            a = s["stations"]["A"]
            self.assertEqual(set(a), {"current_a", "phases", "state", "energy_wh", "code", "reason"})
            self.assertIn(a["state"], ("idle", "waiting", "charging", "reduced", "stopped", "full"))
            self.assertIn("HP", s["loads"])
        self.assertNotIn("t", summary)
        sm = summary["summary"]
        for key in ("stations", "ev_energy_wh", "pv_share", "peak_a", "limit_a", "starts", "stops",
                    "phase_switches", "loads"):
            self.assertIn(key, sm)
        self.assertEqual(sm["loads"]["HP"]["switches"], 3)

    def test_greenup_zone_and_battery(self):
        p = self.run_evsim("g04_red_steps_then_stop.json", "--json")
        first = json.loads(p.stdout.splitlines()[0])
        self.assertEqual(first["zone"], "green")
        p = self.run_evsim("f12_battery_priority.json", "--json")
        last_step = json.loads(p.stdout.splitlines()[-2])
        self.assertEqual(set(last_step["battery"]), {"power_w", "soc_pct"})
        self.assertIn("battery", json.loads(p.stdout.splitlines()[-1])["summary"])

    def test_errors_and_text(self):
        p = subprocess.run([self.evsim], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 2)
        bad = os.path.join(os.environ.get("HEMS_SOURCE_DIR", ""), "tests", "fuzz", "evcharge",
                           "corpus", "string_number.json")
        p = subprocess.run([self.evsim, "--scenario", bad], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn("stations[0].rated_a: expected a number", p.stderr)
        p = self.run_evsim("p01_breaker_limit.json")
        self.assertEqual(p.returncode, 0)
        self.assertIn("summary:", p.stdout)
        self.assertIn("t=10", p.stdout)


if __name__ == "__main__":
    unittest.main()
