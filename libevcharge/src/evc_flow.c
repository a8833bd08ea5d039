/* Strategy "flow": per-station modes after Hager's flow (boost, pv, pv_min, pv_min_deadline),
 * PV surplus shared with a home battery and switched loads by rank, 1/3-phase switching and
 * hold delays.
 *
 * Surplus ("pool") = export + what the EVs, switched loads and battery take now: the power
 * that would be exported if none of them ran. The battery takes its share first when it has
 * priority; the EVs get the rest (minus loads ranked before them). Forced stations (boost,
 * pv_min until the minimum energy, pv_min_deadline when the deadline requires) take full
 * current; pv stations share what is left: each needs at least its minimum current on its
 * phases to run. Starts, stops and phase switches happen only after their condition has held
 * for the hold delay (default 300 s), so nothing flaps inside it. Phase switching thresholds:
 * up at max(three_phase_on_w, 3 x min x V), down below min(3 x min x V, up - hysteresis): they
 * never cross whatever the currents. A switch pauses the current for one step. */
#include "evc_internal.h"

static int can_switch(const evc_ctx *c, const evc_station *s)
{
	if (!s->config.switch_phases || evc_station_max_phases(c, s) != 3 ||
	    s->input.vehicle_no_switch)
		return 0;
	if (s->config.max_phase_switches > 0 && s->priv.switches >= s->config.max_phase_switches)
		return 0;
	return 1;
}

static int64_t up_w(const evc_ctx *c, const evc_station *s)
{
	int64_t u = c->site->config.flow.three_phase_on_w;
	int64_t m = evc_power_w(c, s->priv.lo, 3);
	return u > m ? u : m;
}

static int64_t down_w(const evc_ctx *c, const evc_station *s)
{
	int64_t u = up_w(c, s) - c->site->config.flow.switch_hysteresis_w;
	int64_t m = evc_power_w(c, s->priv.lo, 3);
	return u < m ? u : m;
}

/* highest current a pv station can use now: its max, or what it takes + margin */
static int32_t cap_ma(const evc_ctx *c, const evc_station *s)
{
	int32_t cap = s->priv.hi;
	int32_t margin = c->site->config.redistribute_margin_ma;
	if (margin > 0 && (s->priv.flags & EVC_F_RUNNING) && s->priv.nph == s->priv.phases) {
		int32_t cur = s->input.current_ma > 0 ? s->input.current_ma : 0;
		if ((int64_t)cur + margin < s->priv.setpoint_ma && cur + margin < cap) {
			cap = cur + margin;
			if (cap < s->priv.lo)
				cap = s->priv.lo;
		}
	}
	return cap;
}

static void txt_deadline(evc_txt *t, const evc_station *s)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	int d = s->config.deadline_wday;
	evc_txt_s(t, d >= 0 && d < 7 ? days[d] : "?");
	evc_txt_s(t, " ");
	int32_t hh = s->config.deadline_sod / 3600, mm = (s->config.deadline_sod / 60) % 60;
	if (hh < 10)
		evc_txt_s(t, "0");
	evc_txt_i(t, hh);
	evc_txt_s(t, ":");
	if (mm < 10)
		evc_txt_s(t, "0");
	evc_txt_i(t, mm);
}

static void txt_hm(evc_txt *t, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600) {
		evc_txt_i(t, s / 3600);
		evc_txt_s(t, " h ");
	}
	evc_txt_i(t, (s % 3600) / 60);
	evc_txt_s(t, " min");
}

enum { K_PV = 0, K_FORCED = 1 };

/* decide forced/pv for one station; writes the text of forced ones */
static int classify(evc_ctx *c, evc_station *s, evc_txt *t)
{
	evc_station_priv *p = &s->priv;
	int64_t e = s->result.energy_wh;
	int64_t min_e = s->config.min_energy_wh;
	switch (s->config.mode) {
	case EVC_MODE_BOOST:
		p->reason = EVC_R_FLOW_BOOST;
		evc_txt_s(t, "boost: full current ");
		evc_txt_a(t, p->hi);
		evc_txt_s(t, ", grid or PV");
		return K_FORCED;
	case EVC_MODE_PV_MIN:
		if (e < min_e) {
			p->reason = EVC_R_FLOW_MIN_ENERGY;
			evc_txt_s(t, "pv_min: ");
			evc_txt_i(t, e);
			evc_txt_s(t, " of ");
			evc_txt_i(t, min_e);
			evc_txt_s(t, " Wh minimum, full current");
			return K_FORCED;
		}
		return K_PV;
	case EVC_MODE_PV_MIN_DEADLINE: {
		if (e >= min_e) {
			p->forced = 0;
			return K_PV;
		}
		int64_t rem = min_e - e;
		/* Plan with what the site can give now, not with the station's rating: on a
		 * site whose breaker is below it, the rating would start the charge too late. */
		int nph = evc_station_max_phases(c, s);
		int64_t pmax = evc_power_w(c, evc_station_plan_ma(c, s, nph), nph);
		int64_t need = pmax > 0 ? (rem * 3600 + pmax - 1) / pmax : INT32_MAX;
		int64_t margin = evc_station_hold_s(c, s) + need / 10;
		int64_t left = p->deadline_s == INT64_MAX ? INT32_MAX : p->deadline_s - c->now;
		if (!p->forced && need + margin >= left)
			p->forced = 1;
		if (!p->forced) {
			p->reason = EVC_R_FLOW_DEADLINE_PV;
			evc_txt_s(t, "pv_min_deadline: ");
			evc_txt_i(t, rem);
			evc_txt_s(t, " Wh left by ");
			txt_deadline(t, s);
			evc_txt_s(t, " (");
			txt_hm(t, left);
			evc_txt_s(t, " left, needs ");
			txt_hm(t, need);
			evc_txt_s(t, "): PV first; ");
			return K_PV;
		}
		if (need > left) {
			p->reason = EVC_R_FLOW_DEADLINE_MISS;
			evc_txt_s(t, "pv_min_deadline: cannot be met, ");
			evc_txt_i(t, rem);
			evc_txt_s(t, " Wh left needs ");
			txt_hm(t, need);
			evc_txt_s(t, left > 0 ? ", only " : ", deadline passed ");
			if (left > 0) {
				txt_hm(t, left);
				evc_txt_s(t, " to ");
				txt_deadline(t, s);
			} else {
				txt_deadline(t, s);
			}
			evc_txt_s(t, ": full current");
		} else {
			p->reason = EVC_R_FLOW_DEADLINE_GRID;
			evc_txt_s(t, "pv_min_deadline: ");
			evc_txt_i(t, rem);
			evc_txt_s(t, " Wh left by ");
			txt_deadline(t, s);
			evc_txt_s(t, " needs ");
			txt_hm(t, need);
			evc_txt_s(t, " of ");
			txt_hm(t, left);
			evc_txt_s(t, " left: full current now");
		}
		return K_FORCED;
	}
	default:
		return K_PV;
	}
}

/* pending phase switch towards target (1 or 3); returns 1 when it switches now */
static int switch_towards(evc_ctx *c, evc_station *s, int target, evc_txt *t, int64_t avail,
                          int64_t thr)
{
	evc_station_priv *p = &s->priv;
	if (p->pend_sw != target) {
		p->pend_sw = target;
		p->pend_sw_s = c->now;
	}
	int64_t held = c->now - p->pend_sw_s;
	int hold = evc_station_hold_s(c, s);
	if (held >= hold && c->now - p->event_s >= hold) {
		p->nph = target;
		p->flags |= EVC_F_SWITCHING;
		p->reason = EVC_R_PHASE_SWITCH;
		evc_txt_init(t, s->result.text, sizeof s->result.text);
		evc_txt_s(t, target == 3 ? "switching to 3 phases: " : "switching to 1 phase: ");
		if (avail >= 0) {
			evc_txt_s(t, "surplus ");
			evc_txt_w(t, avail);
			evc_txt_s(t, target == 3 ? " >= " : " < ");
			evc_txt_w(t, thr);
		} else {
			evc_txt_s(t, "full current needs 3 phases");
		}
		evc_txt_s(t, " for ");
		evc_txt_dur(t, held);
		evc_txt_s(t, ", current paused");
		return 1;
	}
	return 0;
}

static void pending_text(evc_ctx *c, evc_station *s, evc_txt *t)
{
	evc_station_priv *p = &s->priv;
	int hold = evc_station_hold_s(c, s);
	int64_t w1 = hold - (c->now - p->pend_sw_s);
	int64_t w2 = hold - (c->now - p->event_s);
	evc_txt_s(t, "; switching to ");
	evc_txt_s(t, p->pend_sw == 3 ? "3 phases" : "1 phase");
	evc_txt_s(t, " in ");
	evc_txt_dur(t, w1 > w2 ? w1 : w2);
}

void evc_flow_run(evc_ctx *c)
{
	evc_site *site = c->site;
	const evc_flow_config *f = &site->config.flow;
	/* battery and EV shares of the surplus */
	int64_t pool = c->pool_w;
	int64_t bat_w = 0;
	int bat = f->battery_max_charge_w > 0 && site->input.battery_soc_pct < 100;
	int bat_rank = f->battery_priority ? 0 : 2;
	int64_t ev_share = pool;
	if (bat && bat_rank <= f->ev_rank) {
		bat_w = pool < f->battery_max_charge_w ? pool : f->battery_max_charge_w;
		if (bat_w < 0)
			bat_w = 0;
		ev_share -= bat_w;
	}
	for (size_t i = 0; i < c->nl; i++) {
		const evc_load *l = &c->loads[i];
		if (l->priv.on && l->config.rank < f->ev_rank)
			ev_share -= l->input.power_w >= 0 ? l->input.power_w : l->config.power_w;
	}
	evc_txt st;
	evc_txt_init(&st, site->result.text, sizeof site->result.text);
	evc_txt_s(&st, "surplus ");
	evc_txt_w(&st, pool);
	if (f->battery_max_charge_w > 0) {
		site->result.reason = f->battery_priority ? EVC_R_BATTERY_FIRST : EVC_R_EV_FIRST;
		evc_txt_s(&st,
		          f->battery_priority ? ", battery first (" : ", EVs before the battery (");
		evc_txt_w(&st, bat_w);
		evc_txt_s(&st, " to the battery)");
	} else {
		site->result.reason = EVC_R_FLOW_PV;
	}

	/* forced stations first */
	int64_t forced_w = 0;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE))
			continue;
		evc_txt t;
		evc_txt_init(&t, s->result.text, sizeof s->result.text);
		p->flags |= EVC_F_STRATEGY_TEXT;
		int k = classify(c, s, &t);
		p->limit = k; /* scratch: K_PV / K_FORCED */
		if (k != K_FORCED)
			continue;
		int hold = evc_station_hold_s(c, s);
		if (p->gstate == EVC_G_STOPPED && c->now - p->stop_s < hold) {
			p->want = 0;
			p->reason = EVC_R_HOLD_RESTART;
			evc_txt_init(&t, s->result.text, sizeof s->result.text);
			evc_txt_s(&t, "stopped ");
			evc_txt_dur(&t, c->now - p->stop_s);
			evc_txt_s(&t, " ago: restart held for ");
			evc_txt_dur(&t, hold);
			continue;
		}
		p->want = p->hi;
		int maxph = evc_station_max_phases(c, s);
		if (p->nph < maxph && can_switch(c, s) && (p->flags & EVC_F_RUNNING)) {
			if (!switch_towards(c, s, maxph, &t, -1, 0))
				pending_text(c, s, &t);
		} else if (p->nph < maxph && !(p->flags & EVC_F_RUNNING)) {
			p->nph = maxph; /* not charging: start directly on all phases */
		}
		forced_w += evc_power_w(c, p->want, p->nph);
	}
	int64_t budget = ev_share - forced_w;
	site->result.battery_share_w = (int32_t)bat_w;
	site->result.ev_share_w = (int32_t)(ev_share > INT32_MAX    ? INT32_MAX
	                                    : ev_share < -INT32_MAX ? -INT32_MAX
	                                                            : ev_share);

	/* pv stations: pass 1, admission at the minimum in fairness order */
	evc_order_stations(c->st, c->ns);
	int64_t rem = budget;
	for (size_t k = 0; k < c->ns; k++) {
		evc_station *s = &c->st[c->st[k].priv.ord];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE) || p->limit != K_PV)
			continue;
		evc_txt t;
		t.buf = s->result.text;
		t.cap = sizeof s->result.text;
		t.len = 0;
		while (t.len + 1 < t.cap && t.buf[t.len])
			t.len++;
		int hold = evc_station_hold_s(c, s);
		int running = (p->flags & EVC_F_RUNNING) != 0;
		int sw = can_switch(c, s);
		if (!running) {
			int maxph = evc_station_max_phases(c, s);
			p->nph = maxph;
			if (sw && rem < up_w(c, s))
				p->nph = 1;
		}
		int64_t pmin = evc_power_w(c, p->lo, p->nph);
		int64_t pmin_low = (running && sw && p->nph == 3) ? evc_power_w(c, p->lo, 1) : pmin;
		if (t.len == 0)
			evc_txt_s(&t, s->config.mode == EVC_MODE_PV ? "pv: "
			              : s->config.mode == EVC_MODE_PV_MIN
			                  ? "pv_min: minimum reached, "
			              : s->config.mode == EVC_MODE_PV_MIN_DEADLINE
			                  ? "pv_min_deadline: minimum reached, "
			                  : "pv: ");
		if (p->reason != EVC_R_FLOW_DEADLINE_PV)
			p->reason = EVC_R_FLOW_PV;
		if (running) {
			if (rem >= pmin_low) {
				if (p->pend == EVC_PEND_STOP) {
					p->pend = EVC_PEND_NONE;
					p->pend_s = c->now;
				}
				p->want = p->lo;
				rem -= pmin;
				p->flags |= EVC_F_ADMITTED;
			} else {
				if (p->pend != EVC_PEND_STOP) {
					p->pend = EVC_PEND_STOP;
					p->pend_s = c->now;
				}
				int64_t held = c->now - p->pend_s;
				if (held >= hold) {
					p->want = 0;
					p->flags |= EVC_F_STOPPED;
					p->reason = EVC_R_FLOW_PV_STOPPED;
					evc_txt_s(&t, "stopped, surplus ");
					evc_txt_w(&t, rem > 0 ? rem : 0);
					evc_txt_s(&t, " below the ");
					evc_txt_w(&t, pmin_low);
					evc_txt_s(&t, " minimum for ");
					evc_txt_dur(&t, held);
				} else {
					p->want = p->lo;
					p->flags |= EVC_F_HELD;
					p->reason = EVC_R_FLOW_PV_STOPPING;
					evc_txt_s(&t, "surplus ");
					evc_txt_w(&t, rem > 0 ? rem : 0);
					evc_txt_s(&t, " below the ");
					evc_txt_w(&t, pmin_low);
					evc_txt_s(&t, " minimum: minimum current, stopping in ");
					evc_txt_dur(&t, hold - held);
					rem -= pmin;
				}
			}
			continue;
		}
		if (p->gstate == EVC_G_STOPPED && c->now - p->stop_s < hold) {
			p->want = 0;
			p->reason = EVC_R_HOLD_RESTART;
			evc_txt_s(&t, "stopped ");
			evc_txt_dur(&t, c->now - p->stop_s);
			evc_txt_s(&t, " ago: restart held for ");
			evc_txt_dur(&t, hold);
			continue;
		}
		if (rem >= pmin) {
			if (p->pend != EVC_PEND_START) {
				p->pend = EVC_PEND_START;
				p->pend_s = c->now;
			}
			int64_t held = c->now - p->pend_s;
			if (held >= hold) {
				p->want = p->lo;
				p->flags |= EVC_F_ADMITTED;
				rem -= pmin;
			} else {
				p->want = 0;
				p->reason = EVC_R_FLOW_PV_STARTING;
				evc_txt_s(&t, "surplus ");
				evc_txt_w(&t, rem);
				evc_txt_s(&t, " >= ");
				evc_txt_w(&t, pmin);
				evc_txt_s(&t, ", starting in ");
				evc_txt_dur(&t, hold - held);
				rem -= pmin; /* reserved */
			}
		} else {
			if (p->pend == EVC_PEND_START) {
				p->pend = EVC_PEND_NONE;
				p->pend_s = c->now;
			}
			p->want = 0;
			if (p->reason != EVC_R_FLOW_DEADLINE_PV)
				p->reason = EVC_R_FLOW_PV_WAIT;
			evc_txt_s(&t, "waiting for surplus: ");
			evc_txt_w(&t, rem > 0 ? rem : 0);
			evc_txt_s(&t, " of ");
			evc_txt_w(&t, pmin);
			evc_txt_s(&t, " needed");
		}
	}
	/* pass 2: share what is left above the minimums */
	if (rem > 0) {
		if (site->config.fairness == EVC_FAIR_FCFS) {
			for (size_t k = 0; k < c->ns && rem > 0; k++) {
				evc_station *s = &c->st[c->st[k].priv.ord];
				evc_station_priv *p = &s->priv;
				if (!(p->flags & EVC_F_ACTIVE) || p->limit != K_PV ||
				    !(p->flags & EVC_F_ADMITTED))
					continue;
				int64_t room_w = evc_power_w(c, cap_ma(c, s) - p->want, p->nph);
				int64_t g = rem < room_w ? rem : room_w;
				if (g <= 0)
					continue;
				p->want += (int32_t)(g * 1000 / (p->nph * c->volt));
				rem -= g;
			}
		} else {
			for (int round = 0; round < 64 && rem > 0; round++) {
				int64_t open = 0;
				for (size_t i = 0; i < c->ns; i++) {
					const evc_station *s = &c->st[i];
					if ((s->priv.flags & EVC_F_ACTIVE) &&
					    s->priv.limit == K_PV &&
					    (s->priv.flags & EVC_F_ADMITTED) &&
					    s->priv.want < cap_ma(c, s))
						open++;
				}
				if (!open)
					break;
				int64_t share = rem / open;
				if (share <= 0)
					break;
				int64_t given = 0;
				for (size_t i = 0; i < c->ns; i++) {
					evc_station *s = &c->st[i];
					evc_station_priv *p = &s->priv;
					if (!(p->flags & EVC_F_ACTIVE) || p->limit != K_PV ||
					    !(p->flags & EVC_F_ADMITTED) || p->want >= cap_ma(c, s))
						continue;
					int64_t room_w =
					    evc_power_w(c, cap_ma(c, s) - p->want, p->nph);
					int64_t g = share < room_w ? share : room_w;
					int32_t add = (int32_t)(g * 1000 / (p->nph * c->volt));
					if (add <= 0)
						continue;
					p->want += add;
					given += evc_power_w(c, add, p->nph);
				}
				if (given <= 0)
					break;
				rem -= given;
			}
		}
	}
	/* texts of charging pv stations, and phase switching decisions */
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE) || p->limit != K_PV)
			continue;
		evc_txt t;
		t.buf = s->result.text;
		t.cap = sizeof s->result.text;
		t.len = 0;
		while (t.len + 1 < t.cap && t.buf[t.len])
			t.len++;
		int64_t own = p->want > 0 ? evc_power_w(c, p->want, p->nph) : 0;
		int64_t avail = own + rem; /* what the budget gives it (rem < 0: overdrawn) */
		if ((p->flags & EVC_F_ADMITTED) && !(p->flags & EVC_F_HELD)) {
			evc_txt_a(&t, p->want);
			evc_txt_s(&t, p->nph == 3 ? " on 3 phases from " : " on 1 phase from ");
			evc_txt_w(&t, avail);
			evc_txt_s(&t, " surplus");
		}
		if (!(p->flags & EVC_F_RUNNING) || !can_switch(c, s)) {
			p->pend_sw = 0;
			p->pend_sw_s = c->now;
			continue;
		}
		int64_t up = up_w(c, s), down = down_w(c, s);
		if (p->nph == 1 && avail >= up && p->want > 0) {
			if (!switch_towards(c, s, 3, &t, avail, up))
				pending_text(c, s, &t);
		} else if (p->nph == 3 && avail < down) {
			if (!switch_towards(c, s, 1, &t, avail, down))
				pending_text(c, s, &t);
		} else {
			p->pend_sw = 0;
			p->pend_sw_s = c->now;
		}
	}
}
