"""Tests of hems.tic (run by CTest with PYTHONPATH set to the built package)."""
import datetime
import os
import unittest

import hems
from hems import tic

CORPUS = os.path.join(os.environ.get("HEMS_CORPUS_DIR", "../../../../shared/corpus"), "tic")


def capture(name):
    with open(os.path.join(CORPUS, name), "rb") as f:
        return f.read()


class DecoderTest(unittest.TestCase):
    def test_corpus_counts_and_chunking(self):
        data = capture("std_mono_ticdecodecpp_midnight.bin")
        dec = tic.Decoder()
        items = dec.feed(data) + dec.finish()
        valid = [i for i in items if isinstance(i, tic.Dataset) and i.status == "ok"]
        bad = [i for i in items if isinstance(i, tic.Dataset) and i.status == "bad-checksum"]
        self.assertEqual(len(valid), 464)
        self.assertEqual(len(bad), 3)
        self.assertEqual(dec.mode, "standard")
        self.assertEqual(dec.counters["frames_complete"], 12)
        # one byte at a time gives the same datasets
        dec2 = tic.Decoder()
        items2 = []
        for i in range(len(data)):
            items2 += dec2.feed(data[i:i + 1])
        items2 += dec2.finish()
        self.assertEqual([d for d in items2 if isinstance(d, tic.Dataset)],
                         [d for d in items if isinstance(d, tic.Dataset)])

    def test_frames(self):
        frames = list(tic.Decoder().frames(capture("hist_mono_tempo_pyteleinfo_10frames.bin")))
        self.assertEqual(len(frames), 10)
        f = frames[-1]
        self.assertTrue(f.complete)
        self.assertEqual(f.mode, "historic")
        self.assertEqual(f.as_dict()["PTEC"], "HCJB")
        self.assertEqual(f.datasets[0], tic.Dataset("ADCO", "021861348497", None, "historic", "ok",
                                                    True, "L", "L", True))

    def test_invalid_reported_with_reason(self):
        dec = tic.Decoder()
        items = dec.feed(capture("std_mono_base_enedis-tic2websocket_PCOUP-badchecksum.txt"))
        frame = [i for i in items if isinstance(i, tic.Frame)][0]
        self.assertEqual(len(frame.datasets), 37)
        self.assertEqual([(d.label, d.status) for d in frame.invalid], [("PCOUP", "bad-checksum")])
        self.assertNotIn("PCOUP", frame.as_dict())
        self.assertEqual(frame.as_dict()["NGTF"], "H PLEINE/CREUSE ")
        date = [d for d in frame.datasets if d.label == "DATE"][0]
        self.assertEqual((date.value, date.horodate), ("", "E170915101601"))

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            tic.Decoder(mode="fast")
        with self.assertRaises(ValueError):
            tic.Decoder(checksum="crc")


class MeterTest(unittest.TestCase):
    def test_reading_three_phase_tempo(self):
        m = tic.Meter()
        m.feed(capture("std_tri_tempo_teleinfo-nom_message.txt"), now=1000)
        r = m.reading()
        self.assertEqual(r["meter_id"], "041776199277")
        self.assertEqual(r["phases"], 3)
        self.assertEqual(r["apparent_power_va"], 2700)
        self.assertEqual(r["current_ma"], (3000, 6000, 3000))
        self.assertEqual(r["voltage_mv"], (237000, 238000, 235000))
        self.assertEqual(r["energy_wh"]["EASF02"], 14090959)
        self.assertEqual(r["tariff_index"], 3)
        self.assertEqual(r["period"], "HCJW")
        self.assertEqual((r["color_today"], r["color_tomorrow"]), ("white", "blue"))
        self.assertEqual(m.value("PRM"), "07361794479930")
        self.assertIsNone(m.value("ADCO"))

    def test_empty(self):
        self.assertIsNone(tic.Meter().reading())


class DictionaryTest(unittest.TestCase):
    def test_lookup(self):
        e = tic.lookup("EAST")
        self.assertEqual((e["unit"], e["type"], e["max_len"], e["horodate"]), ("Wh", "uint", 9, False))
        self.assertTrue(tic.lookup("SMAXSN-1")["horodate"])
        self.assertIsNone(tic.lookup("EAST", "historic"))
        self.assertEqual(tic.lookup("DATE", "pmepmi")["type"], "date")
        self.assertFalse(tic.lookup("EA_s", "pmepmi")["verified"])
        names = [e["name"] for e in tic.labels()]
        self.assertIn("PJOURF+1", names)
        self.assertIn("BBRHPJR", names)

    def test_accessors(self):
        self.assertEqual(tic.parse_horodate("E170915101601"),
                         datetime.datetime(2017, 9, 15, 8, 16, 1, tzinfo=datetime.timezone.utc))
        self.assertEqual(tic.parse_horodate(" 200214060000"), datetime.datetime(2020, 2, 14, 6, 0))
        self.assertTrue(tic.horodate_fields("h191203125805")["degraded"])
        with self.assertRaises(hems.Error) as cm:
            tic.parse_horodate("X170915101601")
        self.assertEqual(cm.exception.name, "TIC_EFORMAT")
        st = tic.decode_stge("463A0800")
        self.assertEqual((st["supplier_index"], st["color_today"], st["mobile_peak"]), (3, "white", 1))
        self.assertEqual(tic.decode_schedule("00004001 06004002 NONUTILE"),
                         [(0, 0, 1, 0x4001), (6, 0, 2, 0x4002)])
        self.assertEqual(tic.decode_relais("005"), [1, 3])
        self.assertEqual(tic.period("HPJR"), "HPJR")
        self.assertEqual(tic.period(" HEURE  CREUSE  ", "LTARF"), "HC")
        self.assertEqual(tic.tomorrow_color("ROUG"), "red")


class EncoderTest(unittest.TestCase):
    def test_round_trip(self):
        data = tic.encode_frame([("ADSC", "041776199277"), ("DATE", "", "H200214230804"),
                                 ("NGTF", "     TEMPO      ")], "standard")
        self.assertTrue(data.startswith(b"\x02\nADSC\t041776199277\tI\r"))
        frame = list(tic.Decoder().frames(data))[0]
        self.assertEqual(frame.as_dict(), {"ADSC": "041776199277", "DATE": "",
                                           "NGTF": "     TEMPO      "})
        self.assertEqual(tic.encode_datasets([("IINST", "002")], "historic"), b"\nIINST 002 Y\r")
        with self.assertRaises(hems.Error):
            tic.encode_frame([("A\tB", "1")], "standard")


@unittest.skipUnless(tic.SerialPort.available and hasattr(os, "openpty"), "no serial support")
class SerialTest(unittest.TestCase):
    def test_pty(self):
        master, slave = os.openpty()
        try:
            name = os.ttyname(slave)
            with tic.SerialPort(name, "historic") as port:
                os.write(master, tic.encode_frame([("IINST", "002")], "historic"))
                got = b""
                for _ in range(20):
                    got += port.read(1.0)
                    if got.endswith(b"\x03"):
                        break
                self.assertEqual(got, b"\x02\nIINST 002 Y\r\x03")
                self.assertEqual(port.read(0.05), b"")
                os.close(master)
                master = -1
                os.close(slave)
                slave = -1
                with self.assertRaises(hems.Error) as cm:
                    for _ in range(5):
                        port.read(1.0)
                self.assertEqual(cm.exception.name, "TIC_EDISCONNECTED")
        finally:
            if master >= 0:
                os.close(master)
            if slave >= 0:
                os.close(slave)


TICDUMP = os.path.join(os.environ.get("HEMS_BINARY_DIR", ""), "examples", "ticdump", "ticdump")


@unittest.skipUnless(tic.SerialPort.available and hasattr(os, "openpty") and os.access(TICDUMP, os.X_OK),
                     "no serial support or no ticdump")
class TicdumpPortTest(unittest.TestCase):
    """ticdump --port end to end: frames through a pty, then the adapter goes away."""

    def test_port_json_then_disconnect(self):
        import json
        import subprocess
        import time
        master, slave = os.openpty()
        proc = subprocess.Popen([TICDUMP, "--json", "--stats", "--mode", "historic", "--port",
                                 os.ttyname(slave)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            time.sleep(0.5)
            frame = tic.encode_frame([("ADCO", "021861348497"), ("IINST", "012")], "historic")
            for _ in range(3):
                os.write(master, frame)
            time.sleep(0.5)
            os.close(slave)
            os.close(master)
            out, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 1, err)
        self.assertIn(b"device disconnected", err)
        lines = out.decode().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(json.loads(lines[0]), {"mode": "historic", "invalid": 0, "datasets": [
            {"label": "ADCO", "value": "021861348497"}, {"label": "IINST", "value": "012"}]})


if __name__ == "__main__":
    unittest.main()
