/* The allocation step: sessions, stale data, strategy, redistribution, protection, results. */
#include <string.h>
#include "evc_internal.h"

#define EVC_LONG_AGO (INT64_MIN / 4)

int evc_station_hold_s(const evc_ctx *c, const evc_station *s)
{
	return s->config.hold_s >= 0 ? s->config.hold_s : c->site->config.flow.hold_s;
}

int64_t evc_power_w(const evc_ctx *c, int64_t ma, int nph)
{
	return ma * nph * c->volt / 1000;
}

/* phase mask of a station using nph phases */
static int mask_of(const evc_ctx *c, const evc_station *s, int nph)
{
	if (c->nphases == 1)
		return 1;
	if (nph >= 3)
		return 7;
	return 1 << (s->config.phase - 1);
}

int64_t evc_station_plan_ma(const evc_ctx *c, const evc_station *s, int nph)
{
	int64_t ma = s->priv.hi;
	int mask = mask_of(c, s, nph);
	for (int ph = 0; ph < c->nphases; ph++) {
		if (!(mask & (1 << ph)))
			continue;
		int64_t room = c->limit_ma[ph] - c->base_ma[ph];
		if (room < ma)
			ma = room;
	}
	return ma > s->priv.lo ? ma : s->priv.lo;
}

int evc_station_max_phases(const evc_ctx *c, const evc_station *s)
{
	if (c->nphases == 1 || s->config.phases == 1)
		return 1;
	if (s->input.vehicle_phases == 1)
		return 1;
	return 3;
}

static void session_start(evc_ctx *c, evc_station *s)
{
	evc_station_priv *p = &s->priv;
	memset(p, 0, sizeof *p);
	p->session = 1;
	p->gstate = EVC_G_WAIT;
	p->connected_s = c->now;
	p->waiting_s = c->now;
	p->event_s = EVC_LONG_AGO;
	p->stop_s = EVC_LONG_AGO;
	p->pend_s = c->now;
	p->pend_sw_s = c->now;
	p->phases = evc_station_max_phases(c, s);
	p->deadline_s = INT64_MAX;
	if (s->config.deadline_wday >= 0) {
		int64_t d;
		if (evc_deadline_next(c->now, c->site->input.utc_offset_s, s->config.deadline_wday,
		                      s->config.deadline_sod, &d) == EVC_OK)
			p->deadline_s = d;
	}
}

static void put_result(evc_station *s, int32_t cur, int32_t nph, int state, int reason)
{
	s->result.current_ma = cur;
	s->result.phases = nph;
	s->result.state = state;
	s->result.reason = reason;
}

/* Sessions, integration, limits of each station; the non-EV current per phase. */
static void prepare(evc_ctx *c)
{
	evc_site *site = c->site;
	for (int p = 0; p < 3; p++)
		c->base_ma[p] = p < c->nphases ? site->input.grid_ma[p] : 0;
	for (size_t i = 0; i < c->nc; i++)
		for (int p = 0; p < 3; p++)
			c->circuits[i].priv.ev_ma[p] = 0;
	c->ev_w = 0;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		const evc_station_input *in = &s->input;
		s->result.events = 0;
		if (!in->connected) {
			memset(p, 0, sizeof *p);
			s->result.energy_wh = 0;
			s->result.delivered_mah = 0;
			put_result(s, 0, evc_station_max_phases(c, s), EVC_STATE_IDLE, EVC_R_IDLE);
			evc_txt t;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			evc_txt_s(&t, "no vehicle connected");
			continue;
		}
		if (!p->session)
			session_start(c, s);
		int mnph = in->active_phases == 1 || in->active_phases == 3 ? in->active_phases
		                                                            : p->phases;
		if (c->nphases == 1)
			mnph = 1;
		/* a reading beyond 2000 A is a broken meter, not a car: clamp what is integrated */
		int32_t cur = in->current_ma > 0 ? in->current_ma : 0;
		if (cur > 2000000)
			cur = 2000000;
		p->meas_mask = mask_of(c, s, mnph);
		p->charge_mas += (int64_t)cur * c->dt;
		p->energy_mj += (int64_t)cur * mnph * c->volt * c->dt; /* mA x V x s = mJ */
		s->result.energy_wh = in->energy_wh >= 0 ? in->energy_wh : p->energy_mj / 3600000;
		s->result.delivered_mah = p->charge_mas / 3600;
		for (int ph = 0; ph < 3; ph++) {
			if (!(p->meas_mask & (1 << ph)))
				continue;
			c->base_ma[ph] -= cur;
			for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
			     ci = c->circuits[ci].config.parent)
				c->circuits[ci].priv.ev_ma[ph] += cur;
		}
		c->ev_w += (int64_t)cur * mnph * c->volt / 1000;
		int32_t lo = s->config.min_ma, hi = s->config.rated_ma;
		if (in->vehicle_min_ma > lo)
			lo = in->vehicle_min_ma;
		if (in->vehicle_max_ma > 0 && in->vehicle_max_ma < hi)
			hi = in->vehicle_max_ma;
		p->lo = lo;
		p->hi = hi;
		p->want = 0;
		p->alloc = 0;
		p->flags = 0;
		p->reason = EVC_R_NONE;
		/* what the vehicle or the wiring cannot use is no switch: adopt it silently;
		 * only the flow strategy switches a station that may switch */
		int maxph = evc_station_max_phases(c, s);
		if (p->phases > maxph ||
		    (p->phases != maxph &&
		     (site->config.strategy != EVC_STRATEGY_FLOW || !s->config.switch_phases)))
			p->phases = maxph;
		p->nph = p->phases;
		if (!in->vehicle_full && lo <= hi)
			p->flags |= EVC_F_ACTIVE;
		if (p->setpoint_ma > 0 || p->paused)
			p->flags |= EVC_F_RUNNING; /* a phase switch pause is still a charge */
	}
	c->loads_w = 0;
	for (size_t i = 0; i < c->nl; i++) {
		const evc_load *l = &c->loads[i];
		if (l->priv.on)
			c->loads_w += l->input.power_w >= 0 ? l->input.power_w : l->config.power_w;
	}
	int64_t grid_w = 0;
	for (int p = 0; p < c->nphases; p++)
		grid_w += (int64_t)site->input.grid_ma[p] * c->volt / 1000;
	c->pool_w = -grid_w + c->ev_w + c->loads_w;
	if (site->config.flow.battery_max_charge_w > 0)
		c->pool_w += site->input.battery_w;
	site->result.surplus_w = (int32_t)(c->pool_w > INT32_MAX    ? INT32_MAX
	                                   : c->pool_w < -INT32_MAX ? -INT32_MAX
	                                                            : c->pool_w);
}

static void stale_fallback(evc_ctx *c, int64_t age)
{
	evc_site *site = c->site;
	site->result.stale = 1;
	site->result.reason = EVC_R_STALE;
	evc_txt t;
	evc_txt_init(&t, site->result.text, sizeof site->result.text);
	if (!site->input.meter_ok)
		evc_txt_s(&t, "meter reports a failure: safe currents");
	else {
		evc_txt_s(&t, "grid data ");
		evc_txt_i(&t, age);
		evc_txt_s(&t, " s old (limit ");
		evc_txt_i(&t, site->config.stale_after_s);
		evc_txt_s(&t, " s): safe currents");
	}
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!s->input.connected)
			continue;
		if (!(p->flags & EVC_F_ACTIVE)) {
			p->want = 0;
			continue;
		}
		int32_t fb = s->config.fallback_ma;
		if (fb < 0)
			fb = p->lo;
		if (fb > 0 && fb < p->lo)
			fb = 0; /* below the minimum: a car would not charge; stop instead */
		if (fb > p->hi)
			fb = p->hi;
		p->alloc = fb;
		p->want = fb;
		p->reason = EVC_R_STALE;
		p->flags |= EVC_F_STRATEGY_TEXT;
		evc_txt_init(&t, s->result.text, sizeof s->result.text);
		if (!site->input.meter_ok) {
			evc_txt_s(&t, "meter failure: safe current ");
		} else {
			evc_txt_s(&t, "stale grid data (");
			evc_txt_i(&t, age);
			evc_txt_s(&t, " s old): safe current ");
		}
		evc_txt_a(&t, fb);
	}
}

static void protect_strategy(evc_ctx *c)
{
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE))
			continue;
		p->nph = evc_station_max_phases(c, s);
		if (p->gstate == EVC_G_STOPPED && c->now - p->stop_s < evc_station_hold_s(c, s)) {
			p->want = 0;
			p->reason = EVC_R_HOLD_RESTART;
			continue;
		}
		p->want = p->hi;
		p->reason = EVC_R_PROTECT_FULL;
	}
}

static void redistribute(evc_ctx *c)
{
	int32_t margin = c->site->config.redistribute_margin_ma;
	if (margin <= 0)
		return;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE) || !(p->flags & EVC_F_RUNNING) || p->want <= 0)
			continue;
		if (p->nph != p->phases)
			continue;
		int32_t cur = s->input.current_ma > 0 ? s->input.current_ma : 0;
		if ((int64_t)cur + margin >= p->setpoint_ma)
			continue;
		int32_t cap = cur + margin;
		if (cap < p->lo)
			cap = p->lo;
		if (cap < p->want) {
			p->want = cap;
			p->flags |= EVC_F_REDIST;
		}
	}
}

static void strategy_text(const evc_ctx *c, evc_station *s, evc_txt *t)
{
	const evc_station_priv *p = &s->priv;
	switch (p->reason) {
	case EVC_R_PROTECT_FULL:
		evc_txt_s(t, "protection only: maximum current ");
		evc_txt_a(t, p->hi);
		break;
	case EVC_R_HOLD_RESTART:
		evc_txt_s(t, "stopped ");
		evc_txt_dur(t, c->now - p->stop_s);
		evc_txt_s(t, " ago: restart held for ");
		evc_txt_dur(t, evc_station_hold_s(c, s));
		break;
	default:
		evc_txt_s(t, evc_reason_name(p->reason));
		break;
	}
}

static void cut_text(const evc_ctx *c, const evc_station *s, evc_txt *t, int zero)
{
	const evc_station_priv *p = &s->priv;
	int f = p->flags;
	int m = p->mask;
	if (f & EVC_F_ZERO_PHASE) {
		evc_txt_s(t, "non-EV load alone exceeds the limit on ");
		int first = 1;
		for (int ph = 0; ph < 3; ph++) {
			if (!(m & (1 << ph)) || c->limit_ma[ph] - c->base_ma[ph] >= 0)
				continue;
			if (!first)
				evc_txt_s(t, ", ");
			first = 0;
			evc_txt_phase(t, ph);
			evc_txt_s(t, " (");
			evc_txt_a(t, c->base_ma[ph]);
			evc_txt_s(t, " > ");
			evc_txt_a(t, c->limit_ma[ph]);
			evc_txt_s(t, ")");
		}
		if (first)
			evc_txt_s(t, "its circuit, contract or balance");
		evc_txt_s(t, ": stopped ");
		evc_txt_s(t, s->config.id);
		return;
	}
	const char *what = (f & EVC_F_CUT_CIRCUIT)     ? "circuit limit"
	                   : (f & EVC_F_CUT_CONTRACT)  ? "contract power limit"
	                   : (f & EVC_F_CUT_UNBALANCE) ? "unbalance limit"
	                                               : "main breaker limit";
	if (f & EVC_F_CUT_CIRCUIT && s->config.circuit != EVC_NO_CIRCUIT) {
		evc_txt_s(t, "circuit ");
		evc_txt_s(t, c->circuits[s->config.circuit].config.id);
		evc_txt_s(t, " limit");
	} else {
		evc_txt_s(t, what);
	}
	if (zero) {
		evc_txt_s(t, ": less than the minimum ");
		evc_txt_a(t, p->lo);
		evc_txt_s(t, " left, ");
		evc_txt_s(t, s->config.id);
		evc_txt_s(t, " at zero");
	} else {
		evc_txt_s(t, ": ");
		evc_txt_s(t, s->config.id);
		evc_txt_s(t, " cut to ");
		evc_txt_a(t, p->alloc);
		evc_txt_s(t, " of ");
		evc_txt_a(t, p->want);
		evc_txt_s(t, " wanted");
	}
}

static int cut_reason(int f)
{
	if (f & EVC_F_ZERO_PHASE)
		return EVC_R_PROTECT_ZERO;
	if (f & EVC_F_CUT_CIRCUIT)
		return EVC_R_CIRCUIT_LIMIT;
	if (f & EVC_F_CUT_CONTRACT)
		return EVC_R_CONTRACT_LIMIT;
	if (f & EVC_F_CUT_UNBALANCE)
		return EVC_R_UNBALANCE_LIMIT;
	return EVC_R_PROTECT_LIMIT;
}

static void finalize(evc_ctx *c, int stale)
{
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!s->input.connected)
			continue;
		int32_t sp = (p->flags & EVC_F_ACTIVE) ? p->alloc : 0;
		int32_t nph = p->nph;
		int switching = (p->flags & EVC_F_SWITCHING) != 0;
		int events = 0;
		int forced = 0;
		if (switching)
			sp = 0;
		/* choosing the phases of a charge that has not started is no switch */
		if (nph != p->phases && (p->setpoint_ma > 0 || p->paused)) {
			events |= EVC_EVENT_SWITCH;
			p->switches++;
		}
		if (p->setpoint_ma == 0 && sp > 0 && !p->paused) {
			events |= EVC_EVENT_START;
			if (stale)
				events |= EVC_EVENT_FORCED; /* safe fallback current */
		}
		if ((p->setpoint_ma > 0 || p->paused) && sp == 0 && !switching &&
		    (p->flags & EVC_F_ACTIVE)) {
			events |= EVC_EVENT_STOP;
			if (stale || (p->want > 0 && p->alloc == 0)) {
				events |= EVC_EVENT_FORCED;
				forced = 1;
			}
		}
		evc_txt t; /* branches that write a text start it afresh */
		int state, reason = p->reason;
		if (s->input.vehicle_full) {
			state = EVC_STATE_FULL;
			reason = EVC_R_FULL;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			evc_txt_s(&t, "vehicle full after ");
			evc_txt_i(&t, s->result.energy_wh);
			evc_txt_s(&t, " Wh");
		} else if (p->lo > p->hi) {
			state = EVC_STATE_WAITING;
			reason = EVC_R_VEHICLE_LIMITS;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			evc_txt_s(&t, "vehicle minimum ");
			evc_txt_a(&t, p->lo);
			evc_txt_s(&t, " above the maximum ");
			evc_txt_a(&t, p->hi);
			evc_txt_s(&t, ": cannot charge");
		} else if (switching) {
			state = EVC_STATE_CHARGING;
			if (!(p->flags & EVC_F_STRATEGY_TEXT)) {
				evc_txt_init(&t, s->result.text, sizeof s->result.text);
				strategy_text(c, s, &t);
			}
		} else if (!stale && ((p->want > 0 && p->alloc < p->want) ||
		                      (sp == 0 && (p->flags & EVC_F_ZERO_PHASE)))) {
			reason = cut_reason(p->flags);
			if (sp == 0 && !(p->flags & EVC_F_ZERO_PHASE))
				reason = EVC_R_NO_ROOM;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			cut_text(c, s, &t, sp == 0);
			state = sp > 0 ? EVC_STATE_REDUCED
			        : (p->gstate != EVC_G_WAIT || (p->flags & EVC_F_RUNNING))
			            ? EVC_STATE_STOPPED
			            : EVC_STATE_WAITING;
		} else if (!stale && (p->flags & EVC_F_REDIST) && sp > 0) {
			reason = EVC_R_REDISTRIBUTED;
			state = EVC_STATE_CHARGING;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			evc_txt_s(&t, "car takes ");
			evc_txt_a(&t, s->input.current_ma);
			evc_txt_s(&t, " of ");
			evc_txt_a(&t, p->setpoint_ma);
			evc_txt_s(&t, " offered: capped at ");
			evc_txt_a(&t, sp);
			evc_txt_s(&t, ", the rest goes to the others");
		} else {
			if (sp > 0)
				state = (p->flags & EVC_F_REDUCED) ? EVC_STATE_REDUCED
				                                   : EVC_STATE_CHARGING;
			else if (p->gstate == EVC_G_STOPPED || (p->flags & EVC_F_STOPPED) ||
			         (p->flags & EVC_F_RUNNING))
				state = EVC_STATE_STOPPED;
			else
				state = EVC_STATE_WAITING;
			if (!(p->flags & EVC_F_STRATEGY_TEXT)) {
				evc_txt_init(&t, s->result.text, sizeof s->result.text);
				strategy_text(c, s, &t);
			}
		}
		put_result(s, sp, nph, state, reason);
		s->result.events = events;
		if (events & (EVC_EVENT_START | EVC_EVENT_STOP | EVC_EVENT_SWITCH))
			p->event_s = c->now;
		if (events & EVC_EVENT_STOP) {
			p->stop_s = c->now;
			p->pend = EVC_PEND_NONE;
			p->pend_s = c->now;
		}
		if (events & (EVC_EVENT_START | EVC_EVENT_SWITCH)) {
			p->pend = EVC_PEND_NONE;
			p->pend_s = c->now;
			p->pend_sw = 0;
			p->pend_sw_s = c->now;
		}
		if (sp > 0) {
			if (p->gstate != EVC_G_RUN)
				p->gstate = EVC_G_RUN;
		} else if (p->gstate == EVC_G_RUN && !switching && (events & EVC_EVENT_STOP)) {
			p->gstate = EVC_G_STOPPED;
			p->waiting_s = c->now;
		} else if (p->gstate == EVC_G_RUN && !switching && !p->paused) {
			/* started by the strategy but protection left no room: still waiting */
			p->gstate = EVC_G_WAIT;
		}
		(void)forced;
		p->paused = switching && (p->flags & EVC_F_ACTIVE);
		p->setpoint_ma = sp;
		p->phases = nph;
	}
}

int evc_site_step(evc_site *site, evc_circuit *circuits, size_t n_circuits, evc_station *stations,
                  size_t n_stations, evc_load *loads, size_t n_loads, int64_t now_s)
{
	int rc =
	    evc_site_check(site, circuits, n_circuits, stations, n_stations, loads, n_loads, NULL);
	if (rc)
		return rc;
	if (site->priv.started && now_s < site->priv.last_step_s)
		return EVC_ERANGE;
	if (now_s > INT64_MAX / 4 || now_s < INT64_MIN / 8)
		return EVC_ERANGE;
	evc_ctx c;
	memset(&c, 0, sizeof c);
	c.site = site;
	c.circuits = circuits;
	c.nc = n_circuits;
	c.st = stations;
	c.ns = n_stations;
	c.loads = loads;
	c.nl = n_loads;
	c.now = now_s;
	c.dt = site->priv.started ? now_s - site->priv.last_step_s : 0;
	if (c.dt > 86400)
		c.dt = 86400; /* a day-long gap integrates at most one day */
	c.nphases = site->config.phases;
	c.volt = site->config.voltage_v;
	evc_site_result *r = &site->result;
	memset(r, 0, sizeof *r);
	for (int p = 0; p < 3; p++) {
		c.limit_ma[p] = p < c.nphases ? (int64_t)site->config.main_breaker_ma *
		                                    site->config.derating_pct / 100
		                              : 0;
		r->limit_ma[p] = (int32_t)c.limit_ma[p];
	}
	prepare(&c);
	int64_t age = now_s - site->input.time_s;
	int stale = !site->input.meter_ok || age > site->config.stale_after_s ||
	            age < -(int64_t)site->config.stale_after_s;
	if (stale) {
		stale_fallback(&c, age);
		r->zone = site->config.strategy == EVC_STRATEGY_GREENUP ? site->priv.zone : 0;
	} else {
		switch (site->config.strategy) {
		case EVC_STRATEGY_GREENUP:
			evc_greenup_run(&c);
			break;
		case EVC_STRATEGY_FLOW:
			evc_flow_run(&c);
			break;
		default:
			protect_strategy(&c);
			break;
		}
		redistribute(&c);
		for (size_t i = 0; i < n_stations; i++) {
			evc_station *s = &stations[i];
			if (s->input.connected)
				s->priv.mask = mask_of(&c, s, s->priv.nph);
			if (s->priv.flags & EVC_F_SWITCHING)
				s->priv.want = 0;
		}
		evc_protect_allocate(&c);
		if (r->reason == EVC_R_NONE) {
			evc_txt t;
			evc_txt_init(&t, r->text, sizeof r->text);
			r->reason = EVC_R_PROTECT_FULL;
			evc_txt_s(&t, "headroom ");
			for (int p = 0; p < c.nphases; p++) {
				if (p)
					evc_txt_s(&t, " / ");
				evc_txt_a(&t, c.limit_ma[p] - c.base_ma[p]);
			}
		}
	}
	finalize(&c, stale);
	evc_loads_run(&c);
	site->priv.started = 1;
	site->priv.last_step_s = now_s;
	return EVC_OK;
}
