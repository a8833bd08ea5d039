"""hems.emsmeter: read an energy installation (Modbus meters, chargers, I/O, TIC, Enphase).

    from hems.emsmeter import Installation
    with Installation.from_file("installation.json") as inst:
        inst.poll()
        for r in inst.readings():
            print(r["device"], r["status"], r["quantities"].get("power_w"))

A reading is a dict with the keys meterpoll prints: ``device``, ``status`` ("ok",
"comm_error", "off", "unknown"), ``time`` (a timezone-aware UTC ``datetime``, or
``None`` before the first poll), ``error`` (for "comm_error") and ``quantities``
(only what the device provides: a quantity it does not give is absent, never 0).
Every failure raises :class:`hems.Error`.
"""
import json as _json
import time as _time
from datetime import datetime, timezone

from . import _emsmeter
from ._errors import Error

__all__ = ["Installation", "builtin_models", "version", "Error"]


def version():
    """Version of libemsmeter, e.g. "0.1.0"."""
    return _emsmeter.version_string()


def builtin_models():
    """Model names of the register maps compiled into libemsmeter."""
    return [_emsmeter.py_builtin_map_name(i) for i in range(_emsmeter.py_builtin_map_count())]


def _reading(text):
    r = _json.loads(text)
    t = r.get("time")
    r["time"] = (datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                 if t else None)
    return r


class Installation:
    """An installation loaded from its JSON configuration (see the libemsmeter guide)."""

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def from_file(cls, path, maps_dir=None, coalesce=True):
        """Load and validate a configuration file; raises hems.Error ("file:line:col: path: reason")."""
        return cls(_emsmeter.py_load(str(path), 1, maps_dir, 1 if coalesce else 0))

    @classmethod
    def from_string(cls, text, maps_dir=None, coalesce=True):
        """Load and validate a configuration given as a JSON string or a dict."""
        if not isinstance(text, str):
            text = _json.dumps(text)
        return cls(_emsmeter.py_load(text, 0, maps_dir, 1 if coalesce else 0))

    def close(self):
        """Close every connection and free the installation (idempotent)."""
        if self._h is not None:
            _emsmeter.py_free(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def _handle(self):
        if self._h is None:
            raise Error(-1, "EMS_EINVAL", "installation is closed")
        return self._h

    @property
    def devices(self):
        """Device names, in configuration order."""
        h = self._handle()
        return [_emsmeter.py_device_name(h, i) for i in range(_emsmeter.py_device_count(h))]

    def model(self, device):
        """Model of a device ("eastron-sdm630", "generic", "virtual", ...)."""
        return _emsmeter.py_device_model(self._handle(), self._index(device))

    @property
    def groups(self):
        """Measure group names."""
        h = self._handle()
        return [_emsmeter.py_group_name(h, i) for i in range(_emsmeter.py_group_count(h))]

    def _index(self, device):
        try:
            return self.devices.index(device)
        except ValueError:
            raise Error(-16, "EMS_ENOTFOUND", "no device named %r" % (device,)) from None

    def poll(self, now=None):
        """Poll every device whose sample time has come (the GIL is released meanwhile).

        ``now`` is the UTC time in seconds (default: the current time)."""
        _emsmeter.py_poll(self._handle(), int(_time.time() if now is None else now))

    def readings(self):
        """The last reading of every device, as a list of dicts."""
        h = self._handle()
        return [_reading(_emsmeter.py_reading_json(h, i)) for i in range(_emsmeter.py_device_count(h))]

    def reading(self, device):
        """The last reading of one device, as a dict."""
        return _reading(_emsmeter.py_reading_json(self._handle(), self._index(device)))

    def stats(self, device):
        """Counters and last error of a device, as a dict."""
        return _json.loads(_emsmeter.py_stats_json(self._handle(), self._index(device)))

    def group(self, name):
        """Aggregated reading of a measure group."""
        return _reading(_emsmeter.py_group_json(self._handle(), name))

    def load(self, load_type):
        """Aggregated reading of the devices of one load type ("heat_pump", "ev", ...)."""
        return _reading(_emsmeter.py_load_json(self._handle(), load_type))

    def write(self, device, quantity, value):
        """Write a writable quantity: "charger_set_current" (A), "charger_enabled" (0/1),
        "output_1".. (0/1)."""
        _emsmeter.py_write(self._handle(), device, quantity, float(value))

    def enable(self, device, enabled=True):
        """Enable or disable (status "off") a device."""
        _emsmeter.py_set_enabled(self._handle(), device, 1 if enabled else 0)
