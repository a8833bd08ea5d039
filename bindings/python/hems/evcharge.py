"""EV charging current allocation (libevcharge) for Python.

Build a :class:`Site`, add stations (and optionally circuits and switched loads), then call
:meth:`Site.step` every few seconds with the latest measurements. Each step returns a
:class:`StepResult` with one :class:`StationResult` per station: the setpoint in amperes, the
phases, the state, a reason code and a reason text::

    from hems import evcharge
    site = evcharge.Site(strategy="greenup", main_breaker_a=63, derating_pct=100,
                         greenup={"max_current_a": 45, "max_charging_current_a": 40})
    site.add_station("A", rated_a=16)
    r = site.step(now=1748836800, grid_a=[5, 5, 5], stations={"A": {"connected": True}})
    print(r.stations["A"].current_a, r.stations["A"].reason, r.stations["A"].text)

Units follow the scenario files of ``evsim``: amperes (float), W, Wh, seconds. The library
itself works in integer mA; values are rounded to the mA. Time is UTC seconds (an ``int``)
or an aware :class:`datetime.datetime`. Every failing call raises :class:`hems.Error`.
"""
import datetime as _dt

from . import _evcharge as _c
from ._errors import Error

__all__ = ["Site", "Station", "StepResult", "StationResult", "LoadResult", "deadline_next",
           "Error", "STRATEGIES", "MODES"]

STRATEGIES = {"protect": _c.STRATEGY_PROTECT, "greenup": _c.STRATEGY_GREENUP,
              "flow": _c.STRATEGY_FLOW}
FAIRNESS = {"equal": _c.FAIR_EQUAL, "fcfs": _c.FAIR_FCFS}
MODES = {"boost": _c.MODE_BOOST, "pv": _c.MODE_PV, "pv_min": _c.MODE_PV_MIN,
         "pv_min_deadline": _c.MODE_PV_MIN_DEADLINE}
LOAD_KINDS = {"relay": _c.LOAD_RELAY, "heat_pump": _c.LOAD_HEAT_PUMP,
              "water_heater": _c.LOAD_WATER_HEATER}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVENTS = (("start", _c.EVENT_START), ("stop", _c.EVENT_STOP), ("switch", _c.EVENT_SWITCH),
          ("forced", _c.EVENT_FORCED))


def _ma(amps):
    return int(round(float(amps) * 1000))


def _seconds(t):
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None:
            raise ValueError("naive datetime: give an aware datetime or UTC seconds")
        return int(t.timestamp())
    return int(t)


def _parse_deadline(deadline):
    if deadline is None:
        return _c.NO_DEADLINE, 0
    day, hhmm = deadline
    if day not in DAYS:
        raise ValueError(f"deadline day {day!r}: expected one of {', '.join(DAYS)}")
    h, m = (int(x) for x in hhmm.split(":"))
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"deadline time {hhmm!r}: expected HH:MM")
    return DAYS.index(day), h * 3600 + m * 60


def deadline_next(from_s, utc_offset_s, day, time):
    """UTC instant of the next local ``day`` ("mon".."sun") ``time`` ("HH:MM") at or after
    ``from_s``, for a local time that is ``utc_offset_s`` ahead of UTC."""
    wday, sod = _parse_deadline((day, time))
    return _c.deadline_next(_seconds(from_s), int(utc_offset_s), wday, sod)


class Station:
    """Configuration handle of one station (returned by :meth:`Site.add_station`)."""

    def __init__(self, site, index, id):
        self._site = site
        self.index = index
        self.id = id


class StationResult:
    """What a step decided for one station."""

    def __init__(self, st):
        r = st.result
        self.id = st.config.id
        self.current_a = r.current_ma / 1000.0
        self.current_ma = r.current_ma
        self.phases = r.phases
        self.state = _c.state_name(r.state)
        self.reason = _c.reason_name(r.reason)
        self.reason_code = r.reason
        self.text = r.text
        self.energy_wh = r.energy_wh
        self.delivered_ah = r.delivered_mah / 1000.0
        self.events = {name for name, flag in EVENTS if r.events & flag}

    def __repr__(self):
        return (f"StationResult({self.id!r}, {self.current_a:.1f} A, {self.phases} ph, "
                f"{self.state}, {self.reason}: {self.text!r})")


class LoadResult:
    """What a step decided for one switched load."""

    def __init__(self, ld):
        r = ld.result
        self.id = ld.config.id
        self.on = bool(r.on)
        self.reason = _c.reason_name(r.reason)
        self.text = r.text
        self.surplus_w = r.surplus_w

    def __repr__(self):
        return f"LoadResult({self.id!r}, {'on' if self.on else 'off'}, {self.reason}: {self.text!r})"


class StepResult:
    """Result of :meth:`Site.step`: ``stations`` and ``loads`` (dicts by id), the greenup
    ``zone``, whether the data was ``stale``, the site's ``reason`` and ``text``."""

    def __init__(self, site):
        r = site._site.result
        self.zone = _c.zone_name(r.zone)
        self.stale = bool(r.stale)
        self.reason = _c.reason_name(r.reason)
        self.text = r.text
        self.limit_a = [_c.int3_get(r.limit_ma, i) / 1000.0 for i in range(site.phases)]
        self.headroom_a = [_c.int3_get(r.headroom_ma, i) / 1000.0 for i in range(site.phases)]
        self.surplus_w = r.surplus_w
        self.battery_share_w = r.battery_share_w
        self.ev_share_w = r.ev_share_w
        self.stations = {st.config.id: StationResult(st) for st in site._iter_stations()}
        self.loads = {ld.config.id: LoadResult(ld) for ld in site._iter_loads()}

    def __repr__(self):
        return f"StepResult(zone={self.zone}, stale={self.stale}, stations={self.stations})"


class Site:
    """A site (mains, limits, strategy) with its stations, circuits and switched loads.

    Keyword arguments mirror the ``site`` object of evsim scenarios: ``phases``,
    ``voltage_v``, ``main_breaker_a``, ``derating_pct``, ``contract_kva``, ``unbalance_a``,
    ``stale_after_s``, ``strategy`` ("protect", "greenup", "flow"), ``fairness`` ("equal",
    "fcfs"), ``battery_priority``, ``battery_max_charge_w``, ``redistribute_margin_a``, and
    dicts ``greenup`` (max_current_a, max_charging_current_a, hysteresis_pct, step1_pct,
    step2_pct, min_guaranteed_ah, action_interval_s) and ``flow`` (three_phase_w,
    switch_hysteresis_w, hold_s, ev_rank).
    """

    def __init__(self, phases=3, voltage_v=230, main_breaker_a=40, derating_pct=80,
                 contract_kva=0, unbalance_a=0, stale_after_s=30, strategy="protect",
                 fairness="equal", battery_priority=False, battery_max_charge_w=0,
                 redistribute_margin_a=2.0, greenup=None, flow=None):
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy {strategy!r}: expected one of {', '.join(STRATEGIES)}")
        if fairness not in FAIRNESS:
            raise ValueError(f"fairness {fairness!r}: expected equal or fcfs")
        self._site = _c.site()
        _c.site_init(self._site)
        c = self._site.config
        c.phases = int(phases)
        c.voltage_v = int(voltage_v)
        c.main_breaker_ma = _ma(main_breaker_a)
        c.derating_pct = int(derating_pct)
        c.contract_va = int(round(contract_kva * 1000))
        c.unbalance_ma = _ma(unbalance_a)
        c.stale_after_s = int(stale_after_s)
        c.strategy = STRATEGIES[strategy]
        c.fairness = FAIRNESS[fairness]
        c.redistribute_margin_ma = _ma(redistribute_margin_a)
        g = c.greenup
        for key, val in (greenup or {}).items():
            if key == "max_current_a":
                g.max_current_ma = _ma(val)
            elif key == "max_charging_current_a":
                g.max_charging_current_ma = _ma(val)
            elif key == "min_guaranteed_ah":
                g.min_guaranteed_mah = _ma(val)
            elif key in ("hysteresis_pct", "step1_pct", "step2_pct", "action_interval_s"):
                setattr(g, key, int(val))
            else:
                raise ValueError(f"greenup: unknown key {key!r}")
        f = c.flow
        f.battery_priority = 1 if battery_priority else 0
        f.battery_max_charge_w = int(battery_max_charge_w)
        for key, val in (flow or {}).items():
            if key == "three_phase_w":
                f.three_phase_on_w = int(val)
            elif key in ("switch_hysteresis_w", "hold_s", "ev_rank"):
                setattr(f, key, int(val))
            else:
                raise ValueError(f"flow: unknown key {key!r}")
        self.phases = c.phases
        self._station_specs = []
        self._circuit_specs = []
        self._load_specs = []
        self._stations = self._circuits = self._loads = None

    # ---- building -------------------------------------------------------------------
    def _building(self):
        if self._stations is not None:
            raise Error(_c.EINVAL, "EVC_EINVAL", "stations, circuits and loads must be added "
                        "before the first step")

    def add_circuit(self, id, limit_a, parent=None):
        """Add a circuit (sub-board) with a per-phase limit, under ``parent`` (an earlier
        circuit's id) or directly under the main breaker."""
        self._building()
        names = [s[0] for s in self._circuit_specs]
        if parent is not None and parent not in names:
            raise ValueError(f"circuit {id!r}: no earlier circuit {parent!r}")
        self._circuit_specs.append((id, _ma(limit_a), names.index(parent) if parent else _c.NO_CIRCUIT))

    def add_station(self, id, phases=3, phase=1, rated_a=32, min_a=6, priority=False,
                    switch_phases=False, mode="boost", hold_s=None, min_energy_wh=0,
                    deadline=None, max_switches=0, fallback_a=None, circuit=None):
        """Add a station; ``deadline`` is a (day, "HH:MM") pair such as ("tue", "07:00")."""
        self._building()
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
        if any(s["id"] == id for s in self._station_specs):
            raise ValueError(f"station {id!r} added twice")
        circuits = [s[0] for s in self._circuit_specs]
        if circuit is not None and circuit not in circuits:
            raise ValueError(f"station {id!r}: no circuit {circuit!r}")
        wday, sod = _parse_deadline(deadline)
        self._station_specs.append(dict(
            id=id, phases=int(phases), phase=int(phase), rated_ma=_ma(rated_a),
            min_ma=_ma(min_a), priority=1 if priority else 0,
            switch_phases=1 if switch_phases else 0, mode=MODES[mode],
            hold_s=-1 if hold_s is None else int(hold_s), min_energy_wh=int(min_energy_wh),
            deadline_wday=wday, deadline_sod=sod, max_phase_switches=int(max_switches),
            fallback_ma=-1 if fallback_a is None else _ma(fallback_a),
            circuit=circuits.index(circuit) if circuit is not None else _c.NO_CIRCUIT))
        return Station(self, len(self._station_specs) - 1, id)

    def add_load(self, id, power_w, on_w, off_w, min_on_s=0, min_off_s=0, rank=3,
                 kind="relay", phases=3, phase=1):
        """Add a switched load (heat pump, water heater, relay) sharing the PV surplus."""
        self._building()
        if kind not in LOAD_KINDS:
            raise ValueError(f"load kind {kind!r}: expected one of {', '.join(LOAD_KINDS)}")
        self._load_specs.append(dict(id=id, power_w=int(power_w), on_w=int(on_w),
                                     off_w=int(off_w), min_on_s=int(min_on_s),
                                     min_off_s=int(min_off_s), rank=int(rank),
                                     kind=LOAD_KINDS[kind], phases=int(phases),
                                     phase=int(phase)))

    def _freeze(self):
        n = len(self._station_specs)
        self._stations = _c.StationArray(max(n, 1))
        for i, spec in enumerate(self._station_specs):
            st = self._stations[i]
            _c.station_init(st)
            for k, v in spec.items():
                if k == "id":
                    st.config.id = v[:_c.ID_MAX - 1]
                else:
                    setattr(st.config, k, v)
            self._stations[i] = st
        self._circuits = _c.CircuitArray(max(len(self._circuit_specs), 1))
        for i, (cid, limit, parent) in enumerate(self._circuit_specs):
            ci = self._circuits[i]
            _c.circuit_init(ci)
            ci.config.id = cid[:_c.ID_MAX - 1]
            ci.config.limit_ma = limit
            ci.config.parent = parent
            self._circuits[i] = ci
        self._loads = _c.LoadArray(max(len(self._load_specs), 1))
        for i, spec in enumerate(self._load_specs):
            ld = self._loads[i]
            _c.load_init(ld)
            for k, v in spec.items():
                if k == "id":
                    ld.config.id = v[:_c.ID_MAX - 1]
                else:
                    setattr(ld.config, k, v)
            self._loads[i] = ld
        err = _c.check_error()
        rc = _c.site_check(self._site, self._circuits.cast(), len(self._circuit_specs),
                           self._stations.cast(), n, self._loads.cast(),
                           len(self._load_specs), err)
        if rc < 0:
            self._stations = None
            where = err.object if err.index < 0 else f"{err.object}[{err.index}]"
            raise Error(rc, _c.err_name(rc), f"{where}.{err.field}: {err.why}")

    def _iter_stations(self):
        for i in range(len(self._station_specs)):
            yield self._stations[i]

    def _iter_loads(self):
        for i in range(len(self._load_specs)):
            yield self._loads[i]

    # ---- running --------------------------------------------------------------------
    def step(self, now, grid_a, measured_at=None, meter_ok=True, battery_w=0,
             battery_soc_pct=100, utc_offset_s=0, stations=None, loads=None, circuits=None):
        """One allocation step.

        ``grid_a``: grid current per phase (A, + import); ``measured_at``: when it was
        measured (default ``now``); ``stations``: {id: {connected, current_a, active_phases,
        vehicle_full, vehicle_max_a, vehicle_min_a, vehicle_phases, vehicle_no_switch,
        energy_wh}} (missing keys keep their last value); ``loads``: {id: {power_w,
        available}}; ``circuits``: {id: [A per phase]} measured sub-board currents.
        """
        if self._stations is None:
            self._freeze()
        now_s = _seconds(now)
        inp = self._site.input
        grid = list(grid_a)
        if len(grid) != self.phases:
            raise ValueError(f"grid_a: expected {self.phases} values, got {len(grid)}")
        grid += [0] * (3 - len(grid))
        _c.int3_set(inp.grid_ma, *[_ma(x) for x in grid])
        inp.time_s = now_s if measured_at is None else _seconds(measured_at)
        inp.meter_ok = 1 if meter_ok else 0
        inp.battery_w = int(battery_w)
        inp.battery_soc_pct = int(battery_soc_pct)
        inp.utc_offset_s = int(utc_offset_s)
        ids = {s["id"]: i for i, s in enumerate(self._station_specs)}
        for sid, values in (stations or {}).items():
            if sid not in ids:
                raise KeyError(f"no station {sid!r}")
            st = self._stations[ids[sid]]
            si = st.input
            for key, val in values.items():
                if key in ("current_a", "vehicle_max_a", "vehicle_min_a"):
                    setattr(si, key[:-2] + "_ma", _ma(val))
                elif key in ("connected", "vehicle_full", "vehicle_no_switch"):
                    setattr(si, key, 1 if val else 0)
                elif key in ("active_phases", "vehicle_phases", "energy_wh"):
                    setattr(si, key, int(val))
                else:
                    raise KeyError(f"station {sid!r}: unknown input {key!r}")
            self._stations[ids[sid]] = st
        lids = {s["id"]: i for i, s in enumerate(self._load_specs)}
        for lid, values in (loads or {}).items():
            if lid not in lids:
                raise KeyError(f"no load {lid!r}")
            ld = self._loads[lids[lid]]
            for key, val in values.items():
                if key not in ("power_w", "available"):
                    raise KeyError(f"load {lid!r}: unknown input {key!r}")
                setattr(ld.input, key, int(val))
            self._loads[lids[lid]] = ld
        cids = {s[0]: i for i, s in enumerate(self._circuit_specs)}
        for cid, amps in (circuits or {}).items():
            ci = self._circuits[cids[cid]]
            ci.input.measured = 1
            _c.int3_set(ci.input.current_ma, *[_ma(x) for x in list(amps) + [0] * (3 - len(amps))])
            self._circuits[cids[cid]] = ci
        _c.site_step(self._site, self._circuits.cast(), len(self._circuit_specs),
                     self._stations.cast(), len(self._station_specs), self._loads.cast(),
                     len(self._load_specs), now_s)
        return StepResult(self)
