/* evsim physics: house + EV + loads - PV + battery per phase, vehicles drawing
 * min(setpoint, max, draw) from the moment the setpoint is given, a self-consumption battery,
 * a meter that freezes when meter_ok is false. */
#include <string.h>
#include "evsim.h"

static void apply_changes(evsim *sim)
{
	evsim_scenario *sc = sim->sc;
	while (sim->next_change < sc->n_timeline && sc->timeline[sim->next_change].t <= sim->t) {
		const evsim_change *ch = &sc->timeline[sim->next_change++];
		if (ch->has_house)
			memcpy(sim->house_ma, ch->house_ma, sizeof sim->house_ma);
		if (ch->has_pv)
			sim->pv_w = ch->pv_w;
		if (ch->has_meter)
			sim->meter_ok = ch->meter_ok;
		for (size_t i = 0; i < sc->n_stations; i++) {
			if (!ch->has_ev[i])
				continue;
			evsim_ev *ev = &sim->st[i].ev;
			int g = ch->has_ev_field[i];
			const evsim_ev *n = &ch->ev[i];
			if (g & 1) {
				if (n->connected && !ev->connected) {
					sim->st[i].session_mwh = 0;
					sim->st[i].full = 0;
				}
				ev->connected = n->connected;
			}
			if (g & 2) {
				ev->max_ma = n->max_ma;
				if (!(g & 8))
					ev->draw_ma = n->max_ma;
			}
			if (g & 4)
				ev->min_ma = n->min_ma;
			if (g & 8)
				ev->draw_ma = n->draw_ma;
			if (g & 16)
				ev->phases = n->phases;
			if (g & 32)
				ev->can_switch = n->can_switch;
			if (g & 64)
				ev->full_after_wh = n->full_after_wh;
		}
	}
}

/* vehicle draw for the setpoint/phases in the station's result */
static void vehicle_draw(evsim *sim, size_t i, int32_t sp, int phases)
{
	evsim_station_sim *v = &sim->st[i];
	const evc_station *s = &sim->sc->stations[i];
	v->draw_ma = 0;
	v->draw_phases = 0;
	if (!v->ev.connected || v->full || sp <= 0)
		return;
	int32_t d = sp;
	if (v->ev.max_ma > 0 && v->ev.max_ma < d)
		d = v->ev.max_ma;
	if (v->ev.draw_ma > 0 && v->ev.draw_ma < d)
		d = v->ev.draw_ma;
	if (v->ev.min_ma > 0 && d < v->ev.min_ma)
		d = 0; /* the car does not start below its minimum */
	int ph = phases;
	if (s->config.phases == 1 || sim->sc->site.config.phases == 1)
		ph = 1;
	if (v->ev.phases == 1)
		ph = 1;
	v->draw_ma = d;
	v->draw_phases = d > 0 ? ph : 0;
}

/* grid per phase with the current draws, loads and the battery reacting; W of house */
static void physics(evsim *sim, int32_t *grid, int32_t *bat_w_out)
{
	evsim_scenario *sc = sim->sc;
	int nph = sc->site.config.phases;
	int64_t v = sc->site.config.voltage_v;
	int64_t g[3] = {0, 0, 0};
	for (int p = 0; p < nph; p++)
		g[p] = sim->house_ma[p] - (int64_t)sim->pv_w * 1000 / (v * nph);
	for (size_t i = 0; i < sc->n_stations; i++) {
		const evsim_station_sim *st = &sim->st[i];
		if (!st->draw_ma)
			continue;
		int m = nph == 1               ? 1
		        : st->draw_phases == 3 ? 7
		                               : 1 << (sc->stations[i].config.phase - 1);
		for (int p = 0; p < 3; p++)
			if (m & (1 << p))
				g[p] += st->draw_ma;
	}
	for (size_t i = 0; i < sc->n_loads; i++) {
		const evc_load *l = &sc->loads[i];
		if (!l->priv.on)
			continue;
		int lph = nph == 1 ? 1 : l->config.phases;
		int64_t per = (int64_t)l->config.power_w * 1000 / (v * lph);
		for (int p = 0; p < nph; p++)
			if (lph == 3 || nph == 1 || l->config.phase == p + 1)
				g[p] += per;
	}
	int64_t net_w = 0;
	for (int p = 0; p < nph; p++)
		net_w += g[p] * v / 1000;
	int32_t bw = 0;
	if (sc->battery.present) {
		int64_t cap = sc->battery.capacity_wh * 1000;
		if (net_w < 0 && sc->battery.energy_mwh < cap) {
			bw =
			    (int32_t)(-net_w < sc->battery.max_charge_w ? -net_w
			                                                : sc->battery.max_charge_w);
		} else if (net_w > 0 && sc->battery.energy_mwh > 0 &&
		           sc->battery.max_discharge_w > 0) {
			bw = -(int32_t)(net_w < sc->battery.max_discharge_w
			                    ? net_w
			                    : sc->battery.max_discharge_w);
		}
		for (int p = 0; p < nph; p++)
			g[p] += (int64_t)bw * 1000 / (v * nph);
	}
	for (int p = 0; p < 3; p++)
		grid[p] = p < nph ? (int32_t)g[p] : 0;
	*bat_w_out = bw;
}

int evsim_run(evsim *sim, evsim_scenario *sc, evsim_step_fn fn, void *user)
{
	memset(sim, 0, sizeof *sim);
	sim->sc = sc;
	sim->meter_ok = 1;
	for (size_t i = 0; i < sc->n_stations; i++) {
		sim->st[i].ev.phases = 3;
		sim->st[i].ev.can_switch = 1;
	}
	evc_site *site = &sc->site;
	int nph = site->config.phases;
	int64_t v = site->config.voltage_v;
	int32_t meas[3] = {0, 0, 0};
	int64_t meas_t = sc->start_utc;
	for (sim->t = 0; sim->t <= sc->duration_s; sim->t += sc->step_s) {
		int64_t now = sc->start_utc + sim->t;
		/* energy over the previous interval with the draws then */
		if (sim->t > 0) {
			int64_t dt = sc->step_s;
			int64_t house_w = 0;
			for (int p = 0; p < nph; p++)
				house_w += (int64_t)sim->house_ma[p] * v / 1000;
			int64_t pv_left = sim->pv_w - (house_w > 0 ? house_w : 0);
			if (pv_left < 0)
				pv_left = 0;
			int64_t ev_total = 0;
			for (size_t i = 0; i < sc->n_stations; i++)
				ev_total +=
				    (int64_t)sim->st[i].draw_ma * sim->st[i].draw_phases * v / 1000;
			for (size_t i = 0; i < sc->n_stations; i++) {
				evsim_station_sim *st = &sim->st[i];
				int64_t w = (int64_t)st->draw_ma * st->draw_phases * v / 1000;
				int64_t mwh = w * dt * 1000 / 3600;
				st->session_mwh += mwh;
				st->energy_mwh += mwh;
				if (ev_total > 0) {
					int64_t pvw = pv_left < ev_total ? pv_left : ev_total;
					st->pv_mwh += pvw * w / ev_total * dt * 1000 / 3600;
				}
				if (st->ev.full_after_wh > 0 &&
				    st->session_mwh >= st->ev.full_after_wh * 1000)
					st->full = 1;
			}
			for (size_t i = 0; i < sc->n_loads; i++) {
				if (sc->loads[i].priv.on) {
					sim->ld[i].on_s += dt;
					sim->ld[i].energy_mwh +=
					    (int64_t)sc->loads[i].config.power_w * dt * 1000 / 3600;
				}
			}
			if (sc->battery.present) {
				int64_t e = (int64_t)sim->battery_w * dt * 1000 / 3600;
				sc->battery.energy_mwh += e;
				if (e > 0)
					sim->bat_in_mwh += e;
				else
					sim->bat_out_mwh -= e;
				int64_t cap = sc->battery.capacity_wh * 1000;
				if (sc->battery.energy_mwh > cap)
					sc->battery.energy_mwh = cap;
				if (sc->battery.energy_mwh < 0)
					sc->battery.energy_mwh = 0;
			}
		}
		apply_changes(sim);
		/* vehicles that are now full or gone stop drawing */
		for (size_t i = 0; i < sc->n_stations; i++) {
			evsim_station_sim *st = &sim->st[i];
			if (!st->ev.connected || st->full) {
				st->draw_ma = 0;
				st->draw_phases = 0;
			}
		}
		/* what the meter sees: the new house/PV with the previous setpoints */
		int32_t grid[3], bw;
		physics(sim, grid, &bw);
		if (sim->meter_ok) {
			memcpy(meas, grid, sizeof meas);
			meas_t = now;
		}
		memcpy(site->input.grid_ma, meas, sizeof meas);
		site->input.time_s = meas_t;
		site->input.utc_offset_s = sc->utc_offset_s;
		site->input.battery_w = bw;
		if (sc->battery.present)
			site->input.battery_soc_pct = (int32_t)(sc->battery.energy_mwh * 100 /
			                                        (sc->battery.capacity_wh * 1000));
		for (size_t i = 0; i < sc->n_stations; i++) {
			evc_station_input *in = &sc->stations[i].input;
			const evsim_station_sim *st = &sim->st[i];
			in->connected = st->ev.connected;
			in->vehicle_full = st->full;
			in->current_ma = st->draw_ma;
			in->active_phases = st->draw_phases ? st->draw_phases : 0;
			in->vehicle_max_ma = st->ev.max_ma;
			in->vehicle_min_ma = st->ev.min_ma;
			in->vehicle_phases = st->ev.phases;
			in->vehicle_no_switch = !st->ev.can_switch;
			in->energy_wh = st->ev.connected ? st->session_mwh / 1000 : -1;
		}
		int prev_on[EVSIM_MAX_LOADS];
		for (size_t i = 0; i < sc->n_loads; i++)
			prev_on[i] = sc->loads[i].priv.on;
		sim->rc = evc_site_step(site, sc->circuits, sc->n_circuits, sc->stations,
		                        sc->n_stations, sc->loads, sc->n_loads, now);
		if (sim->rc)
			return sim->rc;
		for (size_t i = 0; i < sc->n_loads; i++)
			if (prev_on[i] != sc->loads[i].priv.on)
				sim->ld[i].switches++;
		for (size_t i = 0; i < sc->n_stations; i++) {
			const evc_station_result *r = &sc->stations[i].result;
			if (r->events & EVC_EVENT_START)
				sim->st[i].starts++;
			if (r->events & EVC_EVENT_STOP)
				sim->st[i].stops++;
			if (r->events & EVC_EVENT_SWITCH)
				sim->st[i].switches++;
			vehicle_draw(sim, i, r->current_ma, r->phases);
		}
		physics(sim, sim->grid_ma, &sim->battery_w);
		for (int p = 0; p < nph; p++) {
			if (sim->grid_ma[p] > sim->peak_ma) {
				sim->peak_ma = sim->grid_ma[p];
				sim->peak_t = sim->t;
			}
		}
		if (fn && fn(sim, user))
			break;
	}
	return 0;
}

static void put_a(FILE *o, int64_t ma)
{
	int neg = ma < 0;
	if (neg)
		ma = -ma;
	int64_t d = (ma + 50) / 100;
	if (neg && d)
		fputc('-', o);
	fprintf(o, "%lld.%lld", (long long)(d / 10), (long long)(d % 10));
}

static void put_json_str(FILE *o, const char *s)
{
	fputc('"', o);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(o, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(o, "\\u%04x", ch);
		else
			fputc(ch, o);
	}
	fputc('"', o);
}

static void put_wh(FILE *o, int64_t mwh)
{
	int64_t d = (mwh + 50) / 100;
	fprintf(o, "%lld.%lld", (long long)(d / 10), (long long)(d % 10));
}

void evsim_print_step(FILE *o, const evsim *sim, int json)
{
	const evsim_scenario *sc = sim->sc;
	int nph = sc->site.config.phases;
	int greenup = sc->site.config.strategy == EVC_STRATEGY_GREENUP;
	if (json) {
		fprintf(o, "{\"t\": %lld, \"grid_a\": [", (long long)sim->t);
		for (int p = 0; p < nph; p++) {
			if (p)
				fputs(", ", o);
			put_a(o, sim->grid_ma[p]);
		}
		fputs("]", o);
		if (greenup)
			fprintf(o, ", \"zone\": \"%s\"", evc_zone_name(sc->site.result.zone));
		if (sc->site.result.stale)
			fputs(", \"stale\": true", o);
		fputs(", \"stations\": {", o);
		for (size_t i = 0; i < sc->n_stations; i++) {
			const evc_station *s = &sc->stations[i];
			if (i)
				fputs(", ", o);
			put_json_str(o, s->config.id);
			fputs(": {\"current_a\": ", o);
			put_a(o, s->result.current_ma);
			fprintf(o, ", \"phases\": %d, \"state\": \"%s\", \"energy_wh\": ",
			        (int)s->result.phases, evc_state_name(s->result.state));
			put_wh(o, sim->st[i].session_mwh);
			fprintf(o, ", \"code\": \"%s\", \"reason\": ",
			        evc_reason_name(s->result.reason));
			put_json_str(o, s->result.text);
			fputs("}", o);
		}
		fputs("}", o);
		if (sc->battery.present) {
			fprintf(o, ", \"battery\": {\"power_w\": %d, \"soc_pct\": %lld}",
			        (int)sim->battery_w,
			        (long long)(sc->battery.energy_mwh * 100 /
			                    (sc->battery.capacity_wh * 1000)));
		}
		if (sc->n_loads) {
			fputs(", \"loads\": {", o);
			for (size_t i = 0; i < sc->n_loads; i++) {
				const evc_load *l = &sc->loads[i];
				if (i)
					fputs(", ", o);
				put_json_str(o, l->config.id);
				fprintf(o,
				        ": {\"on\": %s, \"power_w\": %d, \"code\": \"%s\", "
				        "\"reason\": ",
				        l->result.on ? "true" : "false",
				        l->result.on ? (int)l->config.power_w : 0,
				        evc_reason_name(l->result.reason));
				put_json_str(o, l->result.text);
				fputs("}", o);
			}
			fputs("}", o);
		}
		fputs("}\n", o);
		return;
	}
	fprintf(o, "t=%-6lld grid=", (long long)sim->t);
	for (int p = 0; p < nph; p++) {
		if (p)
			fputc('/', o);
		put_a(o, sim->grid_ma[p]);
	}
	fputs(" A", o);
	if (greenup)
		fprintf(o, " %s", evc_zone_name(sc->site.result.zone));
	for (size_t i = 0; i < sc->n_stations; i++) {
		const evc_station *s = &sc->stations[i];
		fprintf(o, " | %s ", s->config.id);
		put_a(o, s->result.current_ma);
		fprintf(o, "A/%dph %s: %s", (int)s->result.phases, evc_state_name(s->result.state),
		        s->result.text);
	}
	if (sc->battery.present)
		fprintf(o, " | battery %+d W", (int)sim->battery_w);
	for (size_t i = 0; i < sc->n_loads; i++)
		fprintf(o, " | %s %s", sc->loads[i].config.id,
		        sc->loads[i].result.on ? "on" : "off");
	fputc('\n', o);
}

void evsim_print_summary(FILE *o, const evsim *sim, int json)
{
	const evsim_scenario *sc = sim->sc;
	int64_t ev = 0, pv = 0;
	int starts = 0, stops = 0, switches = 0;
	for (size_t i = 0; i < sc->n_stations; i++) {
		ev += sim->st[i].energy_mwh;
		pv += sim->st[i].pv_mwh;
		starts += sim->st[i].starts;
		stops += sim->st[i].stops;
		switches += sim->st[i].switches;
	}
	int64_t limit =
	    (int64_t)sc->site.config.main_breaker_ma * sc->site.config.derating_pct / 100;
	int64_t share_pm = ev > 0 ? pv * 1000 / ev : 0; /* per mille */
	if (json) {
		fputs("{\"summary\": {\"stations\": {", o);
		for (size_t i = 0; i < sc->n_stations; i++) {
			if (i)
				fputs(", ", o);
			put_json_str(o, sc->stations[i].config.id);
			fputs(": {\"energy_wh\": ", o);
			put_wh(o, sim->st[i].energy_mwh);
			fputs(", \"pv_energy_wh\": ", o);
			put_wh(o, sim->st[i].pv_mwh);
			fprintf(o, ", \"starts\": %d, \"stops\": %d, \"phase_switches\": %d}",
			        sim->st[i].starts, sim->st[i].stops, sim->st[i].switches);
		}
		fputs("}, \"ev_energy_wh\": ", o);
		put_wh(o, ev);
		fprintf(o,
		        ", \"pv_share\": %lld.%03lld, \"peak_a\": ", (long long)(share_pm / 1000),
		        (long long)(share_pm % 1000));
		put_a(o, sim->peak_ma);
		fprintf(o, ", \"peak_t\": %lld, \"limit_a\": ", (long long)sim->peak_t);
		put_a(o, limit);
		fprintf(
		    o,
		    ", \"over_limit\": %s, \"starts\": %d, \"stops\": %d, \"phase_switches\": %d",
		    sim->peak_ma > limit ? "true" : "false", starts, stops, switches);
		if (sc->battery.present) {
			fputs(", \"battery\": {\"charged_wh\": ", o);
			put_wh(o, sim->bat_in_mwh);
			fputs(", \"discharged_wh\": ", o);
			put_wh(o, sim->bat_out_mwh);
			fprintf(o, ", \"soc_pct\": %lld}",
			        (long long)(sc->battery.energy_mwh * 100 /
			                    (sc->battery.capacity_wh * 1000)));
		}
		if (sc->n_loads) {
			fputs(", \"loads\": {", o);
			for (size_t i = 0; i < sc->n_loads; i++) {
				if (i)
					fputs(", ", o);
				put_json_str(o, sc->loads[i].config.id);
				fprintf(o, ": {\"on_s\": %lld, \"energy_wh\": ",
				        (long long)sim->ld[i].on_s);
				put_wh(o, sim->ld[i].energy_mwh);
				fprintf(o, ", \"switches\": %d}", sim->ld[i].switches);
			}
			fputs("}", o);
		}
		fputs("}}\n", o);
		return;
	}
	fputs("summary:\n", o);
	for (size_t i = 0; i < sc->n_stations; i++) {
		fprintf(o, "  %s: ", sc->stations[i].config.id);
		put_wh(o, sim->st[i].energy_mwh);
		fputs(" Wh (PV ", o);
		put_wh(o, sim->st[i].pv_mwh);
		fprintf(o, " Wh), %d starts, %d stops, %d phase switches\n", sim->st[i].starts,
		        sim->st[i].stops, sim->st[i].switches);
	}
	fputs("  EV energy ", o);
	put_wh(o, ev);
	fprintf(o, " Wh, %lld.%lld %% from PV\n  peak phase current ", (long long)(share_pm / 10),
	        (long long)(share_pm % 10));
	put_a(o, sim->peak_ma);
	fputs(" A (limit ", o);
	put_a(o, limit);
	fprintf(o, " A)%s at t=%lld\n", sim->peak_ma > limit ? " OVER" : "",
	        (long long)sim->peak_t);
	fprintf(o, "  %d starts, %d stops, %d phase switches\n", starts, stops, switches);
	if (sc->battery.present) {
		fputs("  battery: charged ", o);
		put_wh(o, sim->bat_in_mwh);
		fputs(" Wh, discharged ", o);
		put_wh(o, sim->bat_out_mwh);
		fputs(" Wh\n", o);
	}
	for (size_t i = 0; i < sc->n_loads; i++) {
		fprintf(o, "  load %s: on %lld s, ", sc->loads[i].config.id,
		        (long long)sim->ld[i].on_s);
		put_wh(o, sim->ld[i].energy_mwh);
		fprintf(o, " Wh, %d switches\n", sim->ld[i].switches);
	}
}
