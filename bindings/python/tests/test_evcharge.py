"""Tests of hems.evcharge (libevcharge through SWIG)."""
import datetime
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


if __name__ == "__main__":
    unittest.main()
