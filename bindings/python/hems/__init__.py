"""hems: Python access to the hems energy-management libraries.

Submodules (each present when its library was built):

* ``hems.tic``      Enedis TIC (Linky) decoding
* ``hems.emsmeter`` device drivers (Modbus, TIC, Enphase)
* ``hems.evcharge`` EV current allocation
* ``hems.tariff``   cost rules and exact money

Every failing call raises :class:`hems.Error`.
"""
from ._errors import Error

__all__ = ["Error", "versions"]


def versions():
    """Return ``{"tic": "0.1.0", ...}`` for every library this package was built with."""
    import importlib
    out = {}
    for lib in ("tic", "emsmeter", "evcharge", "tariff"):
        try:
            mod = importlib.import_module(f"hems._{lib}")
        except ImportError:
            continue
        out[lib] = mod.version_string()
    return out
