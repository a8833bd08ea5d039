"""Enedis TIC (Linky) decoding: ``hems.tic``.

A thin Pythonic layer over libtic (module ``hems._tic``)::

    from hems import tic
    dec = tic.Decoder()                      # auto mode
    for frame in dec.frames(data):           # complete frames as they end
        for ds in frame.datasets:
            print(ds.label, ds.value, ds.horodate)

    meter = tic.Meter()
    meter.feed(data)                         # bytes from a file or a port
    print(meter.reading()["apparent_power_va"])

    tic.lookup("EAST")["unit"]               # 'Wh'
    tic.parse_horodate("E170915101601")      # aware datetime in UTC

Every failing call raises :class:`hems.Error`.
"""
import collections
import datetime
import time

from . import _tic
from ._errors import Error

__all__ = ["Decoder", "Dataset", "Frame", "Meter", "SerialPort", "lookup", "labels",
           "parse_horodate", "decode_stge", "decode_schedule", "decode_relais", "period",
           "tomorrow_color", "encode_frame", "encode_datasets", "MODES", "Error"]

#: Mode names and their libtic values.
MODES = {"auto": 0, "historic": 1, "standard": 2, "pmepmi": 3}
_MODE_NAMES = {v: k for k, v in MODES.items()}
_CHECKSUM = {"spec": 0, "mode2": 1, "either": 2}
_STATUS = {0: "ok", 1: "bad-checksum", 2: "bad-value", 3: "malformed", 4: "overlong",
           5: "unknown-label"}
_FRAME_STATUS = {0: "complete", 1: "aborted", 2: "restarted", 3: "flushed"}

NO_VALUE_CHECK = 0x01
COOKED_TTY = 0x02
STRICT_LABELS = 0x04


def _mode(mode):
    if isinstance(mode, int):
        return mode
    try:
        return MODES[mode]
    except KeyError:
        raise ValueError("unknown TIC mode %r (auto, historic, standard, pmepmi)" % (mode,))


Dataset = collections.namedtuple(
    "Dataset", "label value horodate mode status in_frame checksum expected known")
Dataset.__doc__ = """One information group. ``status`` is "ok" for a valid one, else the reason
("bad-checksum", "bad-value", "malformed", "overlong", "unknown-label"); ``horodate`` is
None when the group has none; ``known`` tells whether the label is in the dictionary."""


class Frame:
    """A frame (STX … ETX): its valid datasets and the rejected ones."""

    __slots__ = ("status", "mode", "datasets", "invalid")

    def __init__(self, status, mode, datasets, invalid):
        self.status = status        #: "complete", "aborted", "restarted", "flushed"
        self.mode = mode            #: "historic", "standard" or "pmepmi"
        self.datasets = datasets    #: list of valid :class:`Dataset`
        self.invalid = invalid      #: list of rejected :class:`Dataset`

    @property
    def complete(self):
        return self.status == "complete"

    def as_dict(self):
        """``{label: value}`` of the valid datasets."""
        return {d.label: d.value for d in self.datasets}

    def __repr__(self):
        return "<Frame %s %s: %d datasets, %d invalid>" % (
            self.mode, self.status, len(self.datasets), len(self.invalid))


def _dataset(ev):
    _, label, value, horodate, mode, status, in_frame, ck, exp, known = ev
    return Dataset(label, value, horodate, _MODE_NAMES.get(mode, "?"), _STATUS.get(status, "?"),
                   bool(in_frame), chr(ck) if ck else "", chr(exp) if exp else "", known is not None)


class Decoder:
    """A streaming TIC decoder: feed it bytes in any pieces.

    :param mode: "auto" (default), "historic", "standard" or "pmepmi".
    :param checksum: historic-mode checksum convention: "spec" (default), "mode2", "either".
    :param check_values: check each value against its label's character set and length.
    :param cooked_tty: tolerate a capture through a cooked tty (CR read as LF, ETX lost).
    :param strict_labels: reject labels that are not in the dictionary.
    """

    def __init__(self, mode="auto", checksum="spec", check_values=True, cooked_tty=False,
                 strict_labels=False):
        flags = (0 if check_values else NO_VALUE_CHECK) | (COOKED_TTY if cooked_tty else 0) | (
            STRICT_LABELS if strict_labels else 0)
        if checksum not in _CHECKSUM:
            raise ValueError("checksum must be one of %s" % ", ".join(_CHECKSUM))
        self._dec = _tic.decoder_new(_mode(mode), _CHECKSUM[checksum], flags)
        if self._dec is None:
            raise ValueError("invalid decoder options")
        self._frame = None

    def __del__(self):
        dec = getattr(self, "_dec", None)
        if dec is not None:
            _tic.decoder_free(dec)
            self._dec = None

    def _events(self, events):
        """Turns raw events into Dataset and Frame objects (frames when they end)."""
        for ev in events:
            kind = ev[0]
            if kind == "begin":
                self._frame = ([], [])
            elif kind in ("dataset", "invalid"):
                ds = _dataset(ev)
                if ds.in_frame and self._frame is not None:
                    self._frame[0 if kind == "dataset" else 1].append(ds)
                yield ds
            else:
                _, status, mode, _valid, _invalid, _bad = ev
                datasets, invalid = self._frame if self._frame is not None else ([], [])
                self._frame = None
                yield Frame(_FRAME_STATUS.get(status, "?"), _MODE_NAMES.get(mode, "?"), datasets,
                            invalid)

    def feed(self, data):
        """Decodes bytes; returns the list of :class:`Dataset` (valid and rejected) and
        :class:`Frame` (at each frame end) they produced, in stream order."""
        return list(self._events(_tic.decoder_feed(self._dec, bytes(data))))

    def finish(self):
        """Ends the input: a group or frame in progress is reported as cut."""
        return list(self._events(_tic.decoder_finish(self._dec)))

    def datasets(self, data):
        """Iterates over the valid datasets of ``data``."""
        for item in self.feed(data):
            if isinstance(item, Dataset) and item.status == "ok":
                yield item

    def frames(self, data, complete_only=True):
        """Iterates over the frames that end in ``data`` (complete ones only by default)."""
        for item in self.feed(data):
            if isinstance(item, Frame) and (item.complete or not complete_only):
                yield item

    @property
    def counters(self):
        """The decoder's counters as a dict."""
        return _tic.decoder_counters(self._dec)

    @property
    def mode(self):
        """The configured mode, or the one auto mode locked onto ("auto" until then)."""
        return _MODE_NAMES[_tic.decoder_mode(self._dec)]


class Meter:
    """The meter view: latest value of every label and a normalised reading."""

    def __init__(self, mode="auto", **decoder_options):
        self.decoder = Decoder(mode, **decoder_options)
        self._m = _tic.meter_new()
        if self._m is None:
            raise MemoryError("cannot allocate a meter view")

    def __del__(self):
        m = getattr(self, "_m", None)
        if m is not None:
            _tic.meter_free(m)
            self._m = None

    def feed(self, data, now=None):
        """Feeds bytes; ``now`` (UTC seconds, default time.time()) stamps complete frames.
        Returns the number of frames completed."""
        if now is None:
            now = int(time.time())
        return _tic.meter_feed(self._m, self.decoder._dec, bytes(data), int(now))

    def value(self, label):
        """The latest value of a label, or None."""
        return _tic.meter_value(self._m, label)

    def reading(self):
        """The normalised reading (a dict; units in the key names), or None before any data."""
        return _tic.meter_reading(self._m)


def lookup(label, mode="auto"):
    """The dictionary entry of a label (a dict), or None if unknown in that mode."""
    return _tic.dict_lookup(label, _mode(mode))


def labels():
    """Every dictionary entry, in table order."""
    return [_tic.dict_entry(i) for i in range(_tic.label_count())]


def parse_horodate(value):
    """Parses a horodate: standard "SAAMMJJhhmmss" or PME-PMI "dd/mm/yy hh:mm:ss".

    Returns an aware ``datetime`` in UTC when the season is known, else a naive local one.
    The raw fields (``season``, ``dst``, ``degraded``) are in :func:`horodate_fields`."""
    h = horodate_fields(value)
    if h["dst"] >= 0:
        return datetime.datetime.fromtimestamp(h["utc"], datetime.timezone.utc)
    return datetime.datetime(h["year"], h["month"], h["day"], h["hour"], h["minute"], h["second"])


def horodate_fields(value):
    """The fields of a horodate as a dict (year…second, season, dst, degraded, utc)."""
    raw = value.encode("latin-1") if isinstance(value, str) else bytes(value)
    if len(raw) == 17:
        return _tic.parse_pmepmi_date(raw)
    return _tic.parse_horodate(raw)


def _b(value):
    return value.encode("latin-1") if isinstance(value, str) else bytes(value)


def decode_stge(value):
    """The STGE status register as a dict of named fields."""
    return _tic.decode_stge(_b(value))


def decode_schedule(value):
    """A PJOURF+1/PPOINTE profile: list of (hour, minute, tariff index, action word)."""
    return [tuple(t) for t in _tic.decode_schedule(_b(value))]


def decode_relais(value):
    """RELAIS as a list of the closed relays (1..8)."""
    bits = _tic.decode_relais(_b(value))
    return [i + 1 for i in range(8) if bits & (1 << i)]


def period(value, label="PTEC"):
    """The tariff period of a PTEC (historic) or LTARF (standard) value ("" if unknown)."""
    if label == "LTARF":
        return _tic.period_of_ltarf(_b(value))
    return _tic.period_of_ptec(_b(value))


def tomorrow_color(value):
    """Colour of a historic DEMAIN value: "blue", "white", "red" or "unknown"."""
    return _tic.color_of_demain(_b(value))


def encode_frame(datasets, mode="standard", mode2=False):
    """Bytes of a frame (STX, datasets, ETX). ``datasets``: (label, value[, horodate])."""
    return _tic.encode(_mode(mode), list(datasets), 1 if mode2 else 0, 1)


def encode_datasets(datasets, mode="standard", mode2=False):
    """Bytes of datasets without frame delimiters."""
    return _tic.encode(_mode(mode), list(datasets), 1 if mode2 else 0, 0)


class SerialPort:
    """A TIC serial port (libserialport for adapters, termios for ptys); a context manager.

    ``read(timeout)`` returns the bytes available (b"" on timeout) and raises
    :class:`hems.Error` (TIC_EDISCONNECTED) when the adapter goes away."""

    available = bool(_tic.serial_available())

    def __init__(self, device, mode="standard"):
        self._port = _tic.serial_open(device, _mode(mode))

    def read(self, timeout=1.0):
        return _tic.serial_read(self._port, int(timeout * 1000))

    def close(self):
        if self._port is not None:
            _tic.serial_close(self._port)
            self._port = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
