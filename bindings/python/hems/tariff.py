"""hems.tariff: energy cost rules and exact money (libtariff), with Decimal and datetime.

Money is :class:`decimal.Decimal`, never float: prices and quantities go in as Decimal, int or
decimal strings (a float is refused), and results come back exact. Instants are timezone-aware
:class:`datetime.datetime` objects (or integer UTC seconds); local time comes from the config's
POSIX TZ rule string, computed by libtariff itself.

    from decimal import Decimal
    from datetime import datetime, timezone
    import hems.tariff as ht

    with ht.Config.from_file("tariff.json") as cfg:
        run = cfg.cost("electricity", by="day")
        run.add(datetime(2025, 3, 4, 20, tzinfo=timezone.utc),
                datetime(2025, 3, 4, 22, tzinfo=timezone.utc), Decimal("2000"))
        res = run.result()
        print(res.total, res.by_tariff)          # Decimal('0.45') {'HP': (...), 'HC': (...)}
"""
import datetime as _dt
from collections import namedtuple
from decimal import Decimal, ROUND_HALF_UP

from . import _tariff
from ._errors import Error

__all__ = ["HAVE_JSON", "Config", "Costing", "Result", "TimeZone", "Tariff", "Error", "currency_digits", "COMMODITIES"]

#: Whether libtariff was built with its JSON loader (Config needs it).
HAVE_JSON = bool(_tariff.HAVE_JSON)

COMMODITIES = ("electricity", "export", "gas", "water")
_BY = {None: _tariff.BY_NONE, "day": _tariff.BY_DAY, "month": _tariff.BY_MONTH, "year": _tariff.BY_YEAR}

Tariff = namedtuple("Tariff", "id name color")
Tariff.__doc__ = "A tariff of a commodity: its id, display name and colour (None when not set)."


def currency_digits(code):
    """Minor-unit digits of an ISO 4217 currency (``"EUR"`` 2, ``"JPY"`` 0, ``"KWD"`` 3)."""
    n = _tariff.currency_digits(code)
    if n < 0:
        raise Error(n, _tariff.err_name(n), f"{code!r}: {_tariff.strerror(n)}")
    return n


def _utc(when):
    """Integer UTC seconds from an aware datetime or an int."""
    if isinstance(when, bool):
        raise TypeError("an instant is an aware datetime or integer UTC seconds")
    if isinstance(when, int):
        return when
    if isinstance(when, _dt.datetime):
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("naive datetime: give a timezone-aware instant (e.g. tzinfo=timezone.utc)")
        delta = when - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
        if delta.microseconds:
            raise ValueError("instants are whole seconds")
        return delta.days * 86400 + delta.seconds
    raise TypeError("an instant is an aware datetime or integer UTC seconds")


def _decimal_text(value, what):
    if isinstance(value, float):
        raise TypeError(f"{what}: a float is not exact; use Decimal, int or a decimal string")
    if isinstance(value, bool):
        raise TypeError(f"{what}: not a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what}: not a finite number")
        return format(value, "f")
    if isinstance(value, str):
        return value
    raise TypeError(f"{what}: use Decimal, int or a decimal string")


def _period_name(by, key):
    if by == "day":
        return f"{key // 10000:04d}-{key // 100 % 100:02d}-{key % 100:02d}"
    if by == "month":
        return f"{key // 100:04d}-{key % 100:02d}"
    return f"{key:04d}"


class TimeZone:
    """Local civil time from a POSIX TZ rule string (``"CET-1CEST,M3.5.0,M10.5.0/3"``)."""

    def __init__(self, rule):
        _tariff.tz_local(rule, 0)  # validates (raises hems.Error with the column)
        self.rule = rule

    def localtime(self, when):
        """The local time of an instant as an aware datetime (fixed offset in force)."""
        y, mo, d, h, mi, s, _wday, off, dst = _tariff.tz_local(self.rule, _utc(when))
        return _dt.datetime(y, mo, d, h, mi, s, tzinfo=_dt.timezone(_dt.timedelta(seconds=off)))

    def is_dst(self, when):
        """Whether daylight time is in force at an instant."""
        return bool(_tariff.tz_local(self.rule, _utc(when))[8])

    def to_utc(self, local, later=False):
        """The UTC instant of a naive local datetime.

        In the repeated hour, ``later`` picks the second occurrence. A time in the missing hour
        does not exist: ValueError (its message gives the instant of the change)."""
        if local.tzinfo is not None:
            raise ValueError("give a naive local datetime")
        sod = local.hour * 3600 + local.minute * 60 + local.second
        u, gap = _tariff.tz_utc(self.rule, local.year, local.month, local.day, sod, 1 if later else 0)
        utc = _dt.datetime.fromtimestamp(u, _dt.timezone.utc)
        if gap:
            raise ValueError(f"{local} does not exist in {self.rule} (the clock jumps at {utc.isoformat()})")
        return utc


class Result:
    """Totals of a costing run or of one period. Quantities in Wh or dm³, money in the currency.

    Attributes: ``quantity``, ``unpriced`` (Decimal), ``cost`` (exact Decimal, excl. VAT),
    ``total`` (rounded once, half away from zero, to the currency's minor unit),
    ``total_incl_vat`` (rounded; equal to ``total`` without a VAT rate), ``by_tariff``
    (``{id: (quantity, exact cost)}`` in config order), ``energy_kwh`` (gas), ``periods``
    (``{"2025-03-30": Result}`` when costed by day, month or year).
    """

    def __init__(self, raw, digits, by=None):
        q = Decimal(1).scaleb(-digits)
        self.quantity = Decimal(raw["quantity"])
        self.unpriced = Decimal(raw["unpriced"])
        self.cost = Decimal(raw["cost"])
        self.total = self.cost.quantize(q, rounding=ROUND_HALF_UP)
        vat = raw["cost_vat"]
        self.cost_incl_vat = Decimal(vat) if vat is not None else self.cost
        self.total_incl_vat = self.cost_incl_vat.quantize(q, rounding=ROUND_HALF_UP)
        self.by_tariff = {tid: (Decimal(qty), Decimal(cost)) for tid, qty, cost in raw["by_tariff"]}
        self.energy_kwh = Decimal(raw["energy_kwh"])
        self.periods = {_period_name(by, key): Result(sub, digits) for key, sub in raw.get("periods", [])}

    def __repr__(self):
        return f"Result(quantity={self.quantity}, unpriced={self.unpriced}, total={self.total})"


class Costing:
    """A costing run of one commodity (see :meth:`Config.cost`)."""

    def __init__(self, config, commodity, by, capacity):
        if commodity not in COMMODITIES:
            raise ValueError(f"commodity is one of {COMMODITIES}")
        if by not in _BY:
            raise ValueError("by is None, 'day', 'month' or 'year'")
        self._config = config
        self._by = by
        self._h = _tariff.cost_new(config._handle(), COMMODITIES.index(commodity), _BY[by], capacity)
        config._live += 1

    def add(self, start, end, quantity):
        """Count ``quantity`` (Wh or dm³) consumed over [start, end), priced by the rules."""
        _tariff.cost_add(self._h, _utc(start), _utc(end), _decimal_text(quantity, "quantity"))

    def add_label(self, start, end, quantity, label):
        """Count a quantity under the meter's own period label (PTEC, LTARF, NTARF, index name)."""
        _tariff.cost_add_label(self._h, _utc(start), _utc(end), _decimal_text(quantity, "quantity"), label)

    def add_index(self, start, end, label, index_start, index_end):
        """Count the delta of a per-period energy index (whole Wh or dm³) between two readings."""
        _tariff.cost_add_index(self._h, _utc(start), _utc(end), label, int(index_start), int(index_end))

    def result(self):
        """The totals so far, as a :class:`Result`."""
        return Result(_tariff.cost_result(self._h), self._config.digits, self._by)

    def __del__(self):
        h = getattr(self, "_h", None)
        if h is not None:
            _tariff.cost_free(h)
            self._h = None
            self._config._live -= 1


class Config:
    """A tariff config loaded from JSON (see docs/guides/libtariff.md for the format)."""

    def __init__(self, handle):
        self._h = handle
        self._live = 0
        self.currency, self.digits, tariffs = _tariff.config_info(handle)
        self._tariffs = {k: [Tariff(*t) for t in v] for k, v in tariffs.items()}

    @classmethod
    def from_file(cls, path):
        """Load a config file (series CSV files are read relative to its folder)."""
        return cls(_tariff.config_load_file(str(path)))

    @classmethod
    def from_string(cls, text, base_dir=None):
        """Load a config from a JSON string."""
        return cls(_tariff.config_load_string(text, None if base_dir is None else str(base_dir)))

    def _handle(self):
        if self._h is None:
            raise ValueError("the config is closed")
        return self._h

    def tariffs(self, commodity="electricity"):
        """The tariffs of a commodity, in config order (empty if the commodity is not configured)."""
        return list(self._tariffs.get(commodity, []))

    def price_at(self, commodity, when):
        """``(tariff id, Decimal price)`` in force at an instant, or None if unpriced."""
        r = _tariff.price_at(self._handle(), COMMODITIES.index(commodity), _utc(when))
        return None if r is None else (r[0], Decimal(r[1]).normalize())

    def cost(self, commodity="electricity", by=None, capacity=400):
        """A new :class:`Costing`; ``by`` is None, 'day', 'month' or 'year'; ``capacity`` is the
        most periods it can hold (400 covers a year by day)."""
        return Costing(self, commodity, by, capacity)

    def bill(self, import_=None, export=None, self_consumption=None):
        """The bill view from costing runs: electricity import, export (feed-in) revenue, and the
        self-consumed PV energy costed as electricity. Returns a dict of exact Decimals
        (``import_cost``, ``export_revenue``, ``net``, ``pv_saving`` and their ``_vat`` forms) and
        ``unpriced``."""
        raw = _tariff.bill(self._handle(), import_ and import_._h, export and export._h,
                           self_consumption and self_consumption._h)
        return {k: Decimal(v) for k, v in raw.items()}

    def round(self, amount):
        """Round an amount once, half away from zero, to the currency's minor unit."""
        return Decimal(amount).quantize(Decimal(1).scaleb(-self.digits), rounding=ROUND_HALF_UP)

    def close(self):
        """Free the config. Costing runs made from it must be gone first."""
        if self._live:
            raise ValueError(f"{self._live} costing run(s) still use this config")
        if self._h is not None:
            _tariff.config_free(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self._live:
            self.close()

    def __del__(self):
        if getattr(self, "_h", None) is not None and not self._live:
            _tariff.config_free(self._h)
            self._h = None
