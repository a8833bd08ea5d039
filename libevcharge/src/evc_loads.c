/* Switched loads (heat pump, water heater, relay): on/off from the surplus left at their rank
 * in the priority order (battery, EVs, loads), with on/off thresholds (hysteresis), minimum on
 * and off times, and protection (off when their phase would be over the limit). */
#include "evc_internal.h"

static int load_over_limit(const evc_ctx *c, const evc_load *l, const int64_t *proj)
{
	for (int p = 0; p < c->nphases; p++) {
		int on_phase = c->nphases == 1 || l->config.phases == 3 || l->config.phase == p + 1;
		if (on_phase && proj[p] > c->limit_ma[p])
			return 1;
	}
	return 0;
}

static int64_t load_w(const evc_load *l)
{
	return l->input.power_w >= 0 ? l->input.power_w : l->config.power_w;
}

void evc_loads_run(evc_ctx *c)
{
	evc_site *site = c->site;
	const evc_flow_config *f = &site->config.flow;
	/* projected phase currents after the new EV setpoints */
	int64_t proj[3];
	int64_t ev_w = 0;
	for (int p = 0; p < 3; p++)
		proj[p] = c->base_ma[p];
	for (size_t i = 0; i < c->ns; i++) {
		const evc_station *s = &c->st[i];
		if (!s->input.connected || s->result.current_ma <= 0)
			continue;
		int nph = c->nphases == 1 ? 1 : s->result.phases;
		int m = c->nphases == 1 ? 1 : nph >= 3 ? 7 : 1 << (s->config.phase - 1);
		for (int p = 0; p < 3; p++)
			if (m & (1 << p))
				proj[p] += s->result.current_ma;
		ev_w += evc_power_w(c, s->result.current_ma, nph);
	}
	int64_t rem = c->pool_w;
	int bat = f->battery_max_charge_w > 0 && site->input.battery_soc_pct < 100;
	int bat_rank = f->battery_priority ? 0 : 2;
	for (int r = 0; r <= 255; r++) {
		if (bat && r == bat_rank) {
			int64_t take =
			    rem < f->battery_max_charge_w ? rem : f->battery_max_charge_w;
			if (take > 0)
				rem -= take;
		}
		if (r == f->ev_rank)
			rem -= ev_w;
		for (size_t i = 0; i < c->nl; i++) {
			evc_load *l = &c->loads[i];
			if (l->config.rank != r)
				continue;
			evc_load_priv *p = &l->priv;
			if (!p->started) {
				p->started = 1;
				p->since_s = c->now - 86400 * 365;
			}
			int64_t since = c->now - p->since_s;
			int was = p->on;
			int on = was;
			int reason;
			evc_txt t;
			evc_txt_init(&t, l->result.text, sizeof l->result.text);
			l->result.surplus_w = (int32_t)(rem > INT32_MAX    ? INT32_MAX
			                                : rem < -INT32_MAX ? -INT32_MAX
			                                                   : rem);
			/* a load that is on counts its own draw in rem; one that is off does not */
			if (site->result.stale) {
				on = 0;
				reason = EVC_R_LOAD_OFF;
				evc_txt_s(&t, "grid data stale: off");
			} else if (!l->input.available) {
				on = 0;
				reason = EVC_R_LOAD_OFF;
				evc_txt_s(&t, "not available: off");
			} else if (was && load_over_limit(c, l, proj)) {
				on = 0;
				reason = EVC_R_LOAD_PROTECT;
				evc_txt_s(&t, "phase over the limit: off");
			} else if (was) {
				if (rem < l->config.off_w) {
					if (since >= l->config.min_on_s) {
						on = 0;
						reason = EVC_R_LOAD_OFF;
						evc_txt_s(&t, "surplus ");
						evc_txt_w(&t, rem);
						evc_txt_s(&t, " < off threshold ");
						evc_txt_w(&t, l->config.off_w);
						evc_txt_s(&t, ": off");
					} else {
						reason = EVC_R_LOAD_MIN_ON;
						evc_txt_s(&t, "surplus below the off threshold, "
						              "kept on for the minimum on time (");
						evc_txt_dur(&t, l->config.min_on_s - since);
						evc_txt_s(&t, " left)");
					}
				} else {
					reason = EVC_R_LOAD_ON;
					evc_txt_s(&t, "surplus ");
					evc_txt_w(&t, rem);
					evc_txt_s(&t, " >= off threshold ");
					evc_txt_w(&t, l->config.off_w);
					evc_txt_s(&t, ": on");
				}
			} else {
				if (rem >= l->config.on_w) {
					if (since >= l->config.min_off_s) {
						on = 1;
						reason = EVC_R_LOAD_ON;
						evc_txt_s(&t, "surplus ");
						evc_txt_w(&t, rem);
						evc_txt_s(&t, " >= on threshold ");
						evc_txt_w(&t, l->config.on_w);
						evc_txt_s(&t, ": on");
					} else {
						reason = EVC_R_LOAD_MIN_OFF;
						evc_txt_s(&t,
						          "surplus above the on threshold, kept "
						          "off for the minimum off time (");
						evc_txt_dur(&t, l->config.min_off_s - since);
						evc_txt_s(&t, " left)");
					}
				} else {
					reason = EVC_R_LOAD_OFF;
					evc_txt_s(&t, "surplus ");
					evc_txt_w(&t, rem);
					evc_txt_s(&t, " < on threshold ");
					evc_txt_w(&t, l->config.on_w);
					evc_txt_s(&t, ": off");
				}
			}
			if (on != was)
				p->since_s = c->now;
			p->on = on;
			l->result.on = on;
			l->result.reason = reason;
			if (on) /* staying on keeps its draw; switching on adds its trigger power */
				rem -= was ? load_w(l) : l->config.power_w;
		}
	}
}
