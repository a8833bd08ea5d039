/* Strategy "greenup": load management after Legrand's Green'Up range.
 *
 * Zones from the largest measured phase current: green below the charging threshold,
 * yellow up to the maximum current, red above; leaving a zone downwards needs the current to
 * fall a hysteresis (% of the maximum) below its threshold. One action per step (or per
 * action_interval_s):
 *  - green: start the request that has waited the longest (priority stations first) if the
 *    predicted current stays green, else reduce running charges one step so it can; with no
 *    request waiting, raise one step the charge that was reduced first;
 *  - yellow: no new start; if a request waits, reduce running charges one step;
 *  - red: no new start; reduce one step; at the second step and still red, stop one charge:
 *    the non-priority station connected the longest that has received the minimum guaranteed
 *    charge, then the non-priority connected the longest, then priority stations.
 * Priority stations are started first, never reduced, stopped last. */
#include "evc_internal.h"

static int32_t level_ma(const evc_ctx *c, const evc_station *s, int level)
{
	const evc_greenup_config *g = &c->site->config.greenup;
	int64_t v = s->priv.hi;
	if (level == 1)
		v = (int64_t)s->config.rated_ma * g->step1_pct / 100;
	else if (level >= 2)
		v = (int64_t)s->config.rated_ma * g->step2_pct / 100;
	if (v > s->priv.hi)
		v = s->priv.hi;
	if (v < s->priv.lo)
		v = s->priv.lo;
	return (int32_t)v;
}

static int is_running(const evc_station *s)
{
	return (s->priv.flags & EVC_F_ACTIVE) && s->priv.gstate == EVC_G_RUN;
}

static int is_waiting(const evc_station *s)
{
	return (s->priv.flags & EVC_F_ACTIVE) && s->priv.gstate != EVC_G_RUN;
}

/* the largest phase current once station s draws cur_ma more on its phases */
static int64_t predicted(const evc_ctx *c, const evc_station *s, int64_t add_ma)
{
	int m = c->nphases == 1 ? 1 : s->priv.nph >= 3 ? 7 : 1 << (s->config.phase - 1);
	int64_t mx = INT64_MIN;
	for (int p = 0; p < c->nphases; p++) {
		int64_t v = c->site->input.grid_ma[p] + ((m & (1 << p)) ? add_ma : 0);
		if (v > mx)
			mx = v;
	}
	return mx;
}

/* Reduce every running non-priority charge one step. Returns the new level, 0 if none. */
static int reduce_step(evc_ctx *c)
{
	int from = -1;
	for (size_t i = 0; i < c->ns; i++) {
		const evc_station *s = &c->st[i];
		if (is_running(s) && !s->config.priority && s->priv.level < 2 &&
		    (from < 0 || s->priv.level < from))
			from = s->priv.level;
	}
	if (from < 0)
		return 0;
	uint32_t seq = ++c->site->priv.seq;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		if (is_running(s) && !s->config.priority && s->priv.level == from) {
			s->priv.level = from + 1;
			if (!s->priv.reduced_seq)
				s->priv.reduced_seq = seq;
		}
	}
	return from + 1;
}

static int site_level(const evc_ctx *c)
{
	int lv = 0;
	for (size_t i = 0; i < c->ns; i++) {
		const evc_station *s = &c->st[i];
		if (is_running(s) && !s->config.priority && s->priv.level > lv)
			lv = s->priv.level;
	}
	return lv;
}

static evc_station *longest_waiting(evc_ctx *c)
{
	evc_station *best = NULL;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		if (!is_waiting(s))
			continue;
		if (!best || s->config.priority > best->config.priority ||
		    (s->config.priority == best->config.priority &&
		     s->priv.waiting_s < best->priv.waiting_s))
			best = s;
	}
	return best;
}

static evc_station *first_reduced(evc_ctx *c)
{
	evc_station *best = NULL;
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		if (!is_running(s) || s->priv.level == 0)
			continue;
		if (!best || s->priv.reduced_seq < best->priv.reduced_seq)
			best = s;
	}
	return best;
}

/* stop order; *tier: 1 guaranteed charge delivered, 2 non-priority, 3 priority */
static evc_station *stop_candidate(evc_ctx *c, int *tier)
{
	int64_t guar = c->site->config.greenup.min_guaranteed_mah;
	for (int t = 1; t <= 3; t++) {
		evc_station *best = NULL;
		for (size_t i = 0; i < c->ns; i++) {
			evc_station *s = &c->st[i];
			if (!is_running(s))
				continue;
			if (t < 3 && s->config.priority)
				continue;
			if (t == 3 && !s->config.priority)
				continue;
			if (t == 1 && s->priv.charge_mas / 3600 < guar)
				continue;
			if (!best || s->priv.connected_s < best->priv.connected_s)
				best = s;
		}
		if (best) {
			*tier = t;
			return best;
		}
	}
	return NULL;
}

static const char *zone_txt(int z)
{
	return z == EVC_ZONE_RED ? "red zone" : z == EVC_ZONE_YELLOW ? "yellow zone" : "green zone";
}

void evc_greenup_run(evc_ctx *c)
{
	evc_site *site = c->site;
	const evc_greenup_config *g = &site->config.greenup;
	int64_t imax = INT64_MIN;
	for (int p = 0; p < c->nphases; p++)
		if (site->input.grid_ma[p] > imax)
			imax = site->input.grid_ma[p];
	int64_t h = (int64_t)g->max_current_ma * g->hysteresis_pct / 100;
	int prev = site->priv.zone ? site->priv.zone : EVC_ZONE_GREEN;
	int zone;
	if (imax > g->max_current_ma)
		zone = EVC_ZONE_RED;
	else if (prev == EVC_ZONE_RED && imax > g->max_current_ma - h)
		zone = EVC_ZONE_RED;
	else if (imax > g->max_charging_current_ma)
		zone = EVC_ZONE_YELLOW;
	else if (prev >= EVC_ZONE_YELLOW && imax > (int64_t)g->max_charging_current_ma - h)
		zone = EVC_ZONE_YELLOW;
	else
		zone = EVC_ZONE_GREEN;
	site->priv.zone = zone;
	site->result.zone = zone;

	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		if (!s->input.connected)
			continue;
		s->priv.nph =
		    c->nphases == 3 && s->config.phases == 3 && s->input.vehicle_phases != 1 ? 3
		                                                                             : 1;
		if (!(s->priv.flags & EVC_F_ACTIVE) && s->priv.gstate == EVC_G_RUN) {
			s->priv.gstate = EVC_G_WAIT; /* full: the session's charge is over */
			s->priv.level = 0;
			s->priv.reduced_seq = 0;
		}
	}

	evc_txt st;
	evc_txt_init(&st, site->result.text, sizeof site->result.text);
	evc_txt_s(&st, zone_txt(zone));
	site->result.reason = EVC_R_GU_CHARGING;

	evc_station *acted = NULL;
	int act_reason = 0;
	int tier = 0;
	int new_level = 0;
	int can_act = site->priv.last_action_s == 0 ||
	              c->now - site->priv.last_action_s >= g->action_interval_s;
	evc_station *w = longest_waiting(c);
	int64_t w_pred = 0;
	if (can_act) {
		if (zone == EVC_ZONE_GREEN) {
			if (w) {
				/* start at the running charges' step, or a lower step that fits */
				int lv = w->config.priority ? 0 : site_level(c);
				w_pred = predicted(c, w, level_ma(c, w, lv));
				/* a priority request first makes room for its full current */
				if (w_pred > g->max_charging_current_ma && w->config.priority &&
				    (new_level = reduce_step(c)) != 0)
					lv = 3; /* acted: reduced the others */
				while (lv < 2 && w_pred > g->max_charging_current_ma) {
					lv++;
					w_pred = predicted(c, w, level_ma(c, w, lv));
				}
				if (lv == 3) {
					act_reason = EVC_R_GU_REDUCED;
				} else if (w_pred <= g->max_charging_current_ma) {
					act_reason = w->priv.gstate == EVC_G_STOPPED
					                 ? EVC_R_GU_RESUMED
					                 : EVC_R_GU_STARTED;
					w->priv.gstate = EVC_G_RUN;
					w->priv.level = lv;
					w->priv.reduced_seq = lv ? ++site->priv.seq : 0;
					acted = w;
				} else if ((new_level = reduce_step(c)) != 0) {
					act_reason = EVC_R_GU_REDUCED;
				}
			} else {
				evc_station *r = first_reduced(c);
				if (r) {
					int32_t now_ma = level_ma(c, r, r->priv.level);
					int32_t up_ma = level_ma(c, r, r->priv.level - 1);
					if (predicted(c, r, up_ma - now_ma) <=
					    g->max_charging_current_ma) {
						r->priv.level--;
						if (!r->priv.level)
							r->priv.reduced_seq = 0;
						act_reason = EVC_R_GU_RAISED;
						acted = r;
					}
				}
			}
		} else if (zone == EVC_ZONE_YELLOW) {
			if (w && (new_level = reduce_step(c)) != 0)
				act_reason = EVC_R_GU_REDUCED;
		} else {
			if ((new_level = reduce_step(c)) != 0) {
				act_reason = EVC_R_GU_REDUCED;
			} else {
				acted = stop_candidate(c, &tier);
				if (acted) {
					act_reason = EVC_R_GU_STOPPED;
					acted->priv.gstate = EVC_G_STOPPED;
					acted->priv.level = 0;
					acted->priv.reduced_seq = 0;
					acted->priv.waiting_s = c->now;
					acted->priv.flags |= EVC_F_STOPPED;
				}
			}
		}
		if (act_reason)
			site->priv.last_action_s = c->now;
	}

	/* wants and texts */
	for (size_t i = 0; i < c->ns; i++) {
		evc_station *s = &c->st[i];
		evc_station_priv *p = &s->priv;
		if (!(p->flags & EVC_F_ACTIVE))
			continue;
		evc_txt t;
		evc_txt_init(&t, s->result.text, sizeof s->result.text);
		p->flags |= EVC_F_STRATEGY_TEXT;
		evc_txt_s(&t, zone_txt(zone));
		evc_txt_s(&t, ": ");
		if (p->gstate == EVC_G_RUN) {
			p->want = level_ma(c, s, p->level);
			if (p->level)
				p->flags |= EVC_F_REDUCED;
			if (s == acted && act_reason == EVC_R_GU_RAISED) {
				p->reason = EVC_R_GU_RAISED;
				evc_txt_s(&t, "raised ");
				evc_txt_s(&t, s->config.id);
				evc_txt_s(&t, " to ");
				evc_txt_a(&t, p->want);
				evc_txt_s(&t, ", reduced first");
			} else if (s == acted) {
				p->reason = act_reason;
				evc_txt_s(&t,
				          act_reason == EVC_R_GU_RESUMED ? "resumed " : "started ");
				evc_txt_s(&t, s->config.id);
				evc_txt_s(&t, s->config.priority ? ", priority station, waiting "
				                                 : ", longest waiting request, ");
				evc_txt_dur(&t, c->now - p->waiting_s);
				evc_txt_s(&t, " at ");
				evc_txt_a(&t, p->want);
			} else if (p->level) {
				p->reason = EVC_R_GU_REDUCED;
				evc_txt_s(&t, "reduced ");
				evc_txt_s(&t, s->config.id);
				evc_txt_s(&t, p->level == 1 ? " to step 1 (" : " to step 2 (");
				evc_txt_i(&t, p->level == 1 ? g->step1_pct : g->step2_pct);
				evc_txt_s(&t, " % of rated): ");
				evc_txt_a(&t, p->want);
			} else {
				p->reason = EVC_R_GU_CHARGING;
				evc_txt_s(&t, "charging at ");
				evc_txt_a(&t, p->want);
			}
		} else {
			p->want = 0;
			if (s == acted) {
				p->reason = EVC_R_GU_STOPPED;
				evc_txt_s(&t, "stopped ");
				evc_txt_s(&t, s->config.id);
				if (tier == 1) {
					evc_txt_s(&t, ", longest connected non-priority with ");
					evc_txt_ah(&t, p->charge_mas / 3600);
					evc_txt_s(&t, " delivered");
				} else if (tier == 2) {
					evc_txt_s(&t, ", longest connected non-priority (");
					evc_txt_ah(&t, p->charge_mas / 3600);
					evc_txt_s(&t, " delivered, none has the guaranteed ");
					evc_txt_ah(&t, g->min_guaranteed_mah);
					evc_txt_s(&t, ")");
				} else {
					evc_txt_s(&t, ", priority station, nothing else to stop");
				}
			} else if (zone == EVC_ZONE_GREEN) {
				p->reason = EVC_R_GU_WAIT_ROOM;
				evc_txt_s(&t, "waiting ");
				evc_txt_dur(&t, c->now - p->waiting_s);
				if (s == w && w_pred > 0) {
					evc_txt_s(&t, ", starting would reach ");
					evc_txt_a(&t, w_pred);
					evc_txt_s(&t, " over ");
					evc_txt_a(&t, g->max_charging_current_ma);
				} else {
					evc_txt_s(&t, ", another request goes first");
				}
			} else {
				p->reason =
				    zone == EVC_ZONE_RED ? EVC_R_GU_WAIT_RED : EVC_R_GU_WAIT_YELLOW;
				evc_txt_s(&t, "no new start, ");
				evc_txt_s(&t, s->config.id);
				evc_txt_s(&t, " waiting ");
				evc_txt_dur(&t, c->now - p->waiting_s);
			}
		}
	}
	/* the site's text says what was done */
	if (act_reason) {
		site->result.reason = act_reason;
		evc_txt_s(&st, ": ");
		if (act_reason == EVC_R_GU_REDUCED) {
			evc_txt_s(&st, "running charges reduced to step ");
			evc_txt_i(&st, new_level);
			if (w && zone != EVC_ZONE_RED)
				evc_txt_s(&st, " so that a waiting request can start");
		} else if (acted) {
			/* the acting station's text without its "<zone> zone: " prefix */
			const char *txt = acted->result.text;
			const char *colon = txt;
			while (*colon && *colon != ':')
				colon++;
			evc_txt_s(&st, *colon ? colon + 2 : txt);
		}
	}
}
