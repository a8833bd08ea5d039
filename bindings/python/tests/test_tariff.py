"""hems.tariff: configs, exact Decimal money, local time, costing, errors, the bill."""
import os
import tempfile
import unittest
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import hems
import hems.tariff as ht

CONFIG = """{"currency": "EUR", "timezone": "CET-1CEST,M3.5.0,M10.5.0/3",
 "electricity": {
   "tariffs": [{"id": "HP", "name": "Heures pleines", "color": "#e4572e",
                "prices": [{"from": "2024-02-01", "price": "0.2516"},
                           {"from": "2025-02-01", "price": "0.2700"}]},
               {"id": "HC", "prices": [{"price": "0.1828"}]}],
   "rules": [{"tariff": "HC", "date": "12-25", "repeat_yearly": true},
             {"tariff": "HC", "start": "22:00", "end": "05:59"},
             {"tariff": "HP", "days": ["mon","tue","wed","thu","fri"]}],
   "vat_percent": "20", "meter_periods": {"HC..": "HC", "HP..": "HP"}},
 "export": {"tariffs": [{"id": "OA", "prices": [{"price": "0.1269"}]}]},
 "gas": {"tariffs": [{"id": "G", "prices": [{"price": "1.05"}]}], "kwh_per_m3": "11.2"}}
"""
UTC = timezone.utc


def at(*a):
    return datetime(*a, tzinfo=UTC)


@unittest.skipUnless(ht.HAVE_JSON, "libtariff built without its JSON loader")
class TariffTest(unittest.TestCase):
    def setUp(self):
        self.cfg = ht.Config.from_string(CONFIG)

    def tearDown(self):
        self.cfg = None

    def test_config_info(self):
        self.assertEqual(self.cfg.currency, "EUR")
        self.assertEqual(self.cfg.digits, 2)
        self.assertEqual([t.id for t in self.cfg.tariffs()], ["HP", "HC"])
        self.assertEqual(self.cfg.tariffs()[0].name, "Heures pleines")
        self.assertEqual(self.cfg.tariffs("water"), [])
        self.assertEqual(ht.currency_digits("JPY"), 0)
        with self.assertRaises(hems.Error) as e:
            ht.currency_digits("XYZ")
        self.assertEqual(e.exception.name, "TARIFF_ENOTFOUND")

    def test_price_at(self):
        self.assertEqual(self.cfg.price_at("electricity", at(2025, 3, 4, 10)), ("HP", Decimal("0.27")))
        self.assertEqual(self.cfg.price_at("electricity", at(2024, 3, 4, 10)), ("HP", Decimal("0.2516")))
        self.assertEqual(self.cfg.price_at("electricity", at(2025, 12, 25, 10)), ("HC", Decimal("0.1828")))
        self.assertIsNone(self.cfg.price_at("electricity", at(2025, 3, 8, 10)))  # Saturday: unpriced
        self.assertEqual(self.cfg.price_at("electricity", 1741082400)[0], "HP")

    def test_costing_exact(self):
        run = self.cfg.cost("electricity", by="day")
        run.add(at(2025, 3, 4, 20), at(2025, 3, 4, 22), Decimal("2000"))
        run.add(at(2025, 3, 8, 10), at(2025, 3, 8, 11), "500.5")  # Saturday: unpriced
        res = run.result()
        self.assertEqual(res.quantity, Decimal("2500.5"))
        self.assertEqual(res.unpriced, Decimal("500.5"))
        self.assertEqual(res.by_tariff["HP"], (Decimal("1000"), Decimal("0.27")))
        self.assertEqual(res.by_tariff["HC"], (Decimal("1000"), Decimal("0.1828")))
        self.assertEqual(res.cost, Decimal("0.4528"))
        self.assertEqual(res.total, Decimal("0.45"))
        self.assertEqual(str(res.total), "0.45")
        self.assertEqual(res.total_incl_vat, Decimal("0.54"))  # 0.54336
        self.assertEqual(sorted(res.periods), ["2025-03-04", "2025-03-08"])
        self.assertEqual(res.periods["2025-03-08"].unpriced, Decimal("500.5"))
        self.assertIsInstance(res.total, Decimal)

    def test_labels_and_index(self):
        run = self.cfg.cost()
        run.add_label(at(2025, 3, 4, 11), at(2025, 3, 4, 12), 1000, "HC..")
        run.add_index(at(2025, 3, 4, 12), at(2025, 3, 4, 13), "HP..", 1000000, 1001234)
        res = run.result()
        self.assertEqual(res.by_tariff["HC"][0], Decimal(1000))
        self.assertEqual(res.by_tariff["HP"], (Decimal(1234), Decimal("0.33318")))
        with self.assertRaises(hems.Error) as e:
            run.add_label(at(2025, 3, 4, 11), at(2025, 3, 4, 12), 1, "XX")
        self.assertEqual(e.exception.name, "TARIFF_ENOTFOUND")
        with self.assertRaises(hems.Error) as e:
            run.add_index(at(2025, 3, 4, 11), at(2025, 3, 4, 12), "HP..", 5, 4)
        self.assertEqual(e.exception.name, "TARIFF_ERANGE")

    def test_gas_energy(self):
        run = self.cfg.cost("gas", by="month")
        run.add(at(2025, 1, 31), at(2025, 2, 2), "2000")  # 2 m³
        res = run.result()
        self.assertEqual(res.total, Decimal("2.10"))
        self.assertEqual(res.energy_kwh, Decimal("22.4"))
        self.assertEqual(list(res.periods), ["2025-01", "2025-02"])

    def test_bill(self):
        imp = self.cfg.cost("electricity")
        imp.add(at(2025, 3, 4, 20), at(2025, 3, 4, 22), 2000)
        exp = self.cfg.cost("export")
        exp.add(at(2025, 3, 4, 10), at(2025, 3, 4, 12), 1000)
        own = self.cfg.cost("electricity")
        own.add(at(2025, 3, 4, 10), at(2025, 3, 4, 12), 1000)
        b = self.cfg.bill(import_=imp, export=exp, self_consumption=own)
        self.assertEqual(b["import_cost"], Decimal("0.4528"))
        self.assertEqual(b["export_revenue"], Decimal("0.1269"))
        self.assertEqual(b["net"], Decimal("0.3259"))
        self.assertEqual(b["pv_saving"], Decimal("0.27"))
        self.assertEqual(b["pv_saving_vat"], Decimal("0.324"))
        self.assertEqual(self.cfg.round(b["net"]), Decimal("0.33"))
        self.assertEqual(self.cfg.bill()["net"], 0)

    def test_refuses_inexact_and_naive(self):
        run = self.cfg.cost()
        with self.assertRaises(TypeError):
            run.add(at(2025, 3, 4, 20), at(2025, 3, 4, 22), 2000.0)
        with self.assertRaises(ValueError):
            run.add(datetime(2025, 3, 4, 20), at(2025, 3, 4, 22), 1)
        with self.assertRaises(hems.Error) as e:
            run.add(at(2025, 3, 4, 20), at(2025, 3, 4, 22), "1.0001")
        self.assertEqual(e.exception.name, "TARIFF_ERANGE")
        with self.assertRaises(hems.Error) as e:
            run.add(at(2025, 3, 4, 22), at(2025, 3, 4, 20), 1)
        self.assertEqual(e.exception.name, "TARIFF_EINVAL")
        with self.assertRaises(ValueError):
            self.cfg.cost("heat")
        with self.assertRaises(ValueError):
            self.cfg.cost(by="week")

    def test_config_errors_located(self):
        bad = CONFIG.replace('"end": "05:59"', '"end": "24:00"')
        with self.assertRaises(hems.Error) as e:
            ht.Config.from_string(bad)
        self.assertEqual(e.exception.name, "TARIFF_ECONFIG")
        self.assertIn("<string>:8:", e.exception.message)
        self.assertIn("electricity.rules[1].end", e.exception.message)
        with self.assertRaises(hems.Error) as e:
            ht.Config.from_string('{"currency": "EUR",')
        self.assertEqual(e.exception.name, "TARIFF_EPARSE")
        with self.assertRaises(hems.Error) as e:
            ht.Config.from_file("/nonexistent.json")
        self.assertEqual(e.exception.name, "TARIFF_EIO")

    def test_file_and_context(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.json")
            with open(p, "w") as f:
                f.write(CONFIG)
            with ht.Config.from_file(p) as cfg:
                self.assertEqual(cfg.currency, "EUR")
            with self.assertRaises(ValueError):
                cfg.price_at("electricity", 0)
            cfg2 = ht.Config.from_file(p)
            run = cfg2.cost()
            with self.assertRaises(ValueError):
                cfg2.close()  # a run still uses it
            del run
            cfg2.close()

class TimeZoneTest(unittest.TestCase):
    def test_currency(self):
        self.assertEqual(ht.currency_digits("KWD"), 3)

    def test_without_json(self):
        if ht.HAVE_JSON:
            self.skipTest("the JSON loader is built")
        with self.assertRaises(hems.Error) as e:
            ht.Config.from_string("{}")
        self.assertIn("without its JSON loader", e.exception.message)

    def test_timezone(self):
        tz = ht.TimeZone("CET-1CEST,M3.5.0,M10.5.0/3")
        self.assertEqual(tz.localtime(at(2025, 3, 30, 1)), datetime(2025, 3, 30, 3, tzinfo=timezone(timedelta(hours=2))))
        self.assertEqual(tz.localtime(at(2025, 3, 30, 0, 59, 59)).hour, 1)
        self.assertTrue(tz.is_dst(at(2025, 7, 1)))
        self.assertEqual(tz.to_utc(datetime(2025, 10, 26, 2, 30)), at(2025, 10, 26, 0, 30))
        self.assertEqual(tz.to_utc(datetime(2025, 10, 26, 2, 30), later=True), at(2025, 10, 26, 1, 30))
        with self.assertRaises(ValueError):
            tz.to_utc(datetime(2025, 3, 30, 2, 30))  # the missing hour
        syd = ht.TimeZone("AEST-10AEDT,M10.1.0,M4.1.0/3")
        self.assertTrue(syd.is_dst(at(2025, 1, 1)))
        self.assertFalse(syd.is_dst(at(2025, 7, 1)))
        with self.assertRaises(hems.Error) as e:
            ht.TimeZone("Europe/Paris")
        self.assertEqual(e.exception.name, "TARIFF_EPARSE")
        self.assertIn("column", e.exception.message)


if __name__ == "__main__":
    unittest.main()
