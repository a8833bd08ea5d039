"""The hems package: imports, versions, the Error convention."""
import unittest

import hems


class PackageTest(unittest.TestCase):
    def test_versions(self):
        v = hems.versions()
        self.assertEqual(set(v), {"tic", "emsmeter", "evcharge", "tariff"})
        self.assertEqual(len(set(v.values())), 1, "all libraries share the suite version")
        major, minor, patch = (int(x) for x in v["tic"].split("."))
        from hems import _tic
        self.assertEqual(_tic.version(), major << 16 | minor << 8 | patch)

    def test_error_names(self):
        from hems import _tic, _tariff
        self.assertEqual(_tic.err_name(_tic.EINVAL), "TIC_EINVAL")
        self.assertEqual(_tariff.strerror(-9999), "unknown error")

    def test_error_str(self):
        e = hems.Error(-1, "TIC_EINVAL", "invalid argument")
        self.assertEqual(str(e), "TIC_EINVAL (-1): invalid argument")
        self.assertEqual(e.code, -1)


if __name__ == "__main__":
    unittest.main()
