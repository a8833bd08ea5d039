"""The hems package: imports, versions, the Error convention."""
import importlib
import os
import unittest

import hems


class PackageTest(unittest.TestCase):
    # The libraries this build made modules for (CTest sets HEMS_PY_MODULES).
    BUILT = set(filter(None, os.environ.get("HEMS_PY_MODULES", "tic,emsmeter,evcharge,tariff").split(",")))

    def test_versions(self):
        v = hems.versions()
        self.assertEqual(set(v), self.BUILT)
        self.assertEqual(len(set(v.values())), 1, "all libraries share the suite version")
        for lib, text in v.items():
            major, minor, patch = (int(x) for x in text.split("."))
            mod = importlib.import_module(f"hems._{lib}")
            self.assertEqual(mod.version(), major << 16 | minor << 8 | patch)

    def test_error_names(self):
        for lib, prefix in (("tic", "TIC"), ("emsmeter", "EMS"), ("evcharge", "EVC"), ("tariff", "TARIFF")):
            if lib not in self.BUILT:
                continue
            mod = importlib.import_module(f"hems._{lib}")
            self.assertEqual(mod.err_name(mod.EINVAL), f"{prefix}_EINVAL")
            self.assertEqual(mod.strerror(-9999), "unknown error")

    def test_error_str(self):
        e = hems.Error(-1, "TIC_EINVAL", "invalid argument")
        self.assertEqual(str(e), "TIC_EINVAL (-1): invalid argument")
        self.assertEqual(e.code, -1)


if __name__ == "__main__":
    unittest.main()
