/* evsim scenario loader: JSON (jansson) -> libevcharge objects + timeline.
 * Every error names the path of the offending value ("stations[1].rated_a: ..."). */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "evsim.h"

typedef struct ld {
	evsim_error *err;
	int failed;
} ld;

static int failf(ld *L, const char *fmt, ...)
{
	if (L->failed)
		return -1;
	L->failed = 1;
	if (L->err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(L->err->text, sizeof L->err->text, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* number -> value*scale rounded, within [lo, hi] */
static int num(ld *L, json_t *obj, const char *path, const char *key, double scale, double lo,
               double hi, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_number(v))
		return failf(L, "%s.%s: expected a number", path, key);
	double d = json_number_value(v);
	if (!isfinite(d) || d < lo || d > hi)
		return failf(L, "%s.%s: %g out of range [%g, %g]", path, key, d, lo, hi);
	*out = (int64_t)llround(d * scale);
	return 1;
}

static int num32(ld *L, json_t *obj, const char *path, const char *key, double scale, double lo,
                 double hi, int32_t *out)
{
	int64_t v;
	int r = num(L, obj, path, key, scale, lo, hi, &v);
	if (r == 1)
		*out = (int32_t)v;
	return r;
}

static int boolean(ld *L, json_t *obj, const char *path, const char *key, int32_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return failf(L, "%s.%s: expected true or false", path, key);
	*out = json_is_true(v);
	return 1;
}

static const char *str(ld *L, json_t *obj, const char *path, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		failf(L, "%s.%s: expected a string", path, key);
		return NULL;
	}
	return json_string_value(v);
}

static int check_keys(ld *L, json_t *obj, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		int ok = 0;
		for (size_t i = 0; keys[i]; i++)
			if (!strcmp(keys[i], k))
				ok = 1;
		if (!ok)
			return failf(L, "%s: unknown key \"%s\"", path, k);
	}
	return 0;
}

static int day_index(const char *d)
{
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	for (int i = 0; i < 7; i++)
		if (!strcmp(d, days[i]))
			return i;
	return -1;
}

/* "HH:MM" -> seconds of day */
static int hhmm(const char *s, int32_t *out)
{
	int h, m;
	char extra;
	if (sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*out = h * 3600 + m * 60;
	return 0;
}

/* days from civil (Howard Hinnant's algorithm) */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2025-06-02T06:00:00+02:00" or "...Z" */
static int parse_start(const char *s, int64_t *utc, int32_t *offset)
{
	int y, mo, d, h, mi, se, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || n != 19)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970 ||
	    y > 9999)
		return -1;
	const char *z = s + 19;
	int32_t off = 0;
	if (!strcmp(z, "Z")) {
		off = 0;
	} else {
		int oh, om;
		char sign;
		int m2 = 0;
		if (sscanf(z, "%c%2d:%2d%n", &sign, &oh, &om, &m2) != 3 || m2 != 6 || z[6] ||
		    (sign != '+' && sign != '-') || oh > 14 || om > 59)
			return -1;
		off = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
	}
	int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	*utc = local - off;
	*offset = off;
	return 0;
}

static long find_id(const char *ids, size_t stride, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids + i * stride, id))
			return (long)i;
	return -1;
}

static int load_ev(ld *L, json_t *o, const char *path, evsim_ev *ev, int *given)
{
	static const char *const keys[] = {"connected", "max_a",  "min_a",         "draw_a",
	                                   "phases",    "switch", "full_after_wh", NULL};
	if (!json_is_object(o))
		return failf(L, "%s: expected an object", path);
	if (check_keys(L, o, path, keys))
		return -1;
	int32_t b = 0;
	int64_t v = 0;
	int r;
	if ((r = boolean(L, o, path, "connected", &b)) < 0)
		return -1;
	if (r) {
		ev->connected = b;
		*given |= 1;
	}
	if ((r = num32(L, o, path, "max_a", 1000, 0, 1000, &ev->max_ma)) < 0)
		return -1;
	if (r)
		*given |= 2;
	if ((r = num32(L, o, path, "min_a", 1000, 0, 1000, &ev->min_ma)) < 0)
		return -1;
	if (r)
		*given |= 4;
	if ((r = num32(L, o, path, "draw_a", 1000, 0, 1000, &ev->draw_ma)) < 0)
		return -1;
	if (r)
		*given |= 8;
	if ((r = num(L, o, path, "phases", 1, 1, 3, &v)) < 0)
		return -1;
	if (r) {
		if (v != 1 && v != 3)
			return failf(L, "%s.phases: must be 1 or 3", path);
		ev->phases = (int)v;
		*given |= 16;
	}
	if ((r = boolean(L, o, path, "switch", &b)) < 0)
		return -1;
	if (r) {
		ev->can_switch = b;
		*given |= 32;
	}
	if ((r = num(L, o, path, "full_after_wh", 1, 0, 1e9, &v)) < 0)
		return -1;
	if (r) {
		ev->full_after_wh = v;
		*given |= 64;
	}
	return 0;
}

static int load(ld *L, evsim_scenario *sc, json_t *root)
{
	static const char *const top[] = {"site",     "strategy",    "greenup",    "flow",
	                                  "stations", "circuits",    "battery",    "loads",
	                                  "start",    "step_s",      "duration_s", "timeline",
	                                  "expect",   "description", NULL};
	char path[96];
	if (!json_is_object(root))
		return failf(L, "scenario: expected a JSON object");
	if (check_keys(L, root, "scenario", top))
		return -1;
	evc_site_init(&sc->site);
	evc_site_config *cfg = &sc->site.config;

	json_t *site = json_object_get(root, "site");
	if (!site || !json_is_object(site))
		return failf(L, "site: missing or not an object");
	static const char *const site_keys[] = {"phases",
	                                        "voltage_v",
	                                        "main_breaker_a",
	                                        "derating_pct",
	                                        "battery_priority",
	                                        "stale_after_s",
	                                        "contract_kva",
	                                        "unbalance_a",
	                                        "fairness",
	                                        "redistribute_margin_a",
	                                        NULL};
	if (check_keys(L, site, "site", site_keys))
		return -1;
	if (num32(L, site, "site", "phases", 1, 1, 3, &cfg->phases) < 0 ||
	    num32(L, site, "site", "voltage_v", 1, 100, 400, &cfg->voltage_v) < 0 ||
	    num32(L, site, "site", "main_breaker_a", 1000, 1, 2000, &cfg->main_breaker_ma) < 0 ||
	    num32(L, site, "site", "derating_pct", 1, 1, 100, &cfg->derating_pct) < 0 ||
	    boolean(L, site, "site", "battery_priority", &cfg->flow.battery_priority) < 0 ||
	    num32(L, site, "site", "stale_after_s", 1, 1, 86400, &cfg->stale_after_s) < 0 ||
	    num32(L, site, "site", "contract_kva", 1000, 0, 10000, &cfg->contract_va) < 0 ||
	    num32(L, site, "site", "unbalance_a", 1000, 0, 2000, &cfg->unbalance_ma) < 0 ||
	    num32(L, site, "site", "redistribute_margin_a", 1000, 0, 100,
	          &cfg->redistribute_margin_ma) < 0)
		return -1;
	if (cfg->phases != 1 && cfg->phases != 3)
		return failf(L, "site.phases: must be 1 or 3");
	const char *fair = str(L, site, "site", "fairness");
	if (L->failed)
		return -1;
	if (fair) {
		if (!strcmp(fair, "equal"))
			cfg->fairness = EVC_FAIR_EQUAL;
		else if (!strcmp(fair, "fcfs"))
			cfg->fairness = EVC_FAIR_FCFS;
		else
			return failf(L, "site.fairness: \"%s\" is not \"equal\" or \"fcfs\"", fair);
	}
	const char *strat = str(L, root, "scenario", "strategy");
	if (L->failed)
		return -1;
	if (strat) {
		if (!strcmp(strat, "protect"))
			cfg->strategy = EVC_STRATEGY_PROTECT;
		else if (!strcmp(strat, "greenup"))
			cfg->strategy = EVC_STRATEGY_GREENUP;
		else if (!strcmp(strat, "flow"))
			cfg->strategy = EVC_STRATEGY_FLOW;
		else
			return failf(L, "strategy: \"%s\" is not protect, greenup or flow", strat);
	}
	json_t *g = json_object_get(root, "greenup");
	if (g) {
		static const char *const gk[] = {
		    "max_current_a", "max_charging_current_a", "hysteresis_pct",    "step1_pct",
		    "step2_pct",     "min_guaranteed_ah",      "action_interval_s", NULL};
		if (!json_is_object(g))
			return failf(L, "greenup: expected an object");
		if (check_keys(L, g, "greenup", gk))
			return -1;
		evc_greenup_config *gc = &cfg->greenup;
		if (num32(L, g, "greenup", "max_current_a", 1000, 1, 2000, &gc->max_current_ma) <
		        0 ||
		    num32(L, g, "greenup", "max_charging_current_a", 1000, 1, 2000,
		          &gc->max_charging_current_ma) < 0 ||
		    num32(L, g, "greenup", "hysteresis_pct", 1, 0, 50, &gc->hysteresis_pct) < 0 ||
		    num32(L, g, "greenup", "step1_pct", 1, 1, 100, &gc->step1_pct) < 0 ||
		    num32(L, g, "greenup", "step2_pct", 1, 1, 100, &gc->step2_pct) < 0 ||
		    num32(L, g, "greenup", "min_guaranteed_ah", 1000, 0, 1000,
		          &gc->min_guaranteed_mah) < 0 ||
		    num32(L, g, "greenup", "action_interval_s", 1, 0, 86400,
		          &gc->action_interval_s) < 0)
			return -1;
	}
	json_t *f = json_object_get(root, "flow");
	if (f) {
		static const char *const fk[] = {"three_phase_w", "switch_hysteresis_w", "hold_s",
		                                 "ev_rank", NULL};
		if (!json_is_object(f))
			return failf(L, "flow: expected an object");
		if (check_keys(L, f, "flow", fk))
			return -1;
		evc_flow_config *fc = &cfg->flow;
		if (num32(L, f, "flow", "three_phase_w", 1, 0, 1e6, &fc->three_phase_on_w) < 0 ||
		    num32(L, f, "flow", "switch_hysteresis_w", 1, 1, 1e5,
		          &fc->switch_hysteresis_w) < 0 ||
		    num32(L, f, "flow", "hold_s", 1, 0, 86400, &fc->hold_s) < 0 ||
		    num32(L, f, "flow", "ev_rank", 1, 0, 255, &fc->ev_rank) < 0)
			return -1;
	}
	/* circuits */
	json_t *cs = json_object_get(root, "circuits");
	if (cs) {
		if (!json_is_array(cs))
			return failf(L, "circuits: expected an array");
		if (json_array_size(cs) > EVSIM_MAX_CIRCUITS)
			return failf(L, "circuits: more than %d", EVSIM_MAX_CIRCUITS);
		size_t i;
		json_t *c;
		json_array_foreach(cs, i, c)
		{
			static const char *const ck[] = {"id", "parent", "limit_a", NULL};
			snprintf(path, sizeof path, "circuits[%zu]", i);
			if (!json_is_object(c))
				return failf(L, "%s: expected an object", path);
			if (check_keys(L, c, path, ck))
				return -1;
			evc_circuit *ci = &sc->circuits[i];
			evc_circuit_init(ci);
			const char *id = str(L, c, path, "id");
			if (L->failed)
				return -1;
			if (!id || !*id || strlen(id) >= EVC_ID_MAX)
				return failf(L, "%s.id: missing, empty or longer than %d", path,
				             EVC_ID_MAX - 1);
			evc_id_set(ci->config.id, id);
			if (num32(L, c, path, "limit_a", 1000, 0, 2000, &ci->config.limit_ma) < 0)
				return -1;
			const char *par = str(L, c, path, "parent");
			if (L->failed)
				return -1;
			if (par) {
				long pi =
				    find_id(sc->circuits[0].config.id, sizeof(evc_circuit), i, par);
				if (pi < 0)
					return failf(L,
					             "%s.parent: \"%s\" is not an earlier circuit",
					             path, par);
				ci->config.parent = (int32_t)pi;
			}
			sc->n_circuits = i + 1;
		}
	}
	/* stations */
	json_t *sts = json_object_get(root, "stations");
	if (!sts || !json_is_array(sts))
		return failf(L, "stations: missing or not an array");
	if (json_array_size(sts) > EVSIM_MAX_STATIONS)
		return failf(L, "stations: more than %d", EVSIM_MAX_STATIONS);
	size_t i;
	json_t *so;
	json_array_foreach(sts, i, so)
	{
		static const char *const sk[] = {
		    "id",       "phases",        "phase",      "rated_a", "min_a",
		    "priority", "switch_phases", "mode",       "hold_s",  "min_energy_wh",
		    "deadline", "max_switches",  "fallback_a", "circuit", NULL};
		snprintf(path, sizeof path, "stations[%zu]", i);
		if (!json_is_object(so))
			return failf(L, "%s: expected an object", path);
		if (check_keys(L, so, path, sk))
			return -1;
		evc_station *s = &sc->stations[i];
		evc_station_init(s);
		evc_station_config *c = &s->config;
		const char *id = str(L, so, path, "id");
		if (L->failed)
			return -1;
		if (!id || !*id || strlen(id) >= EVC_ID_MAX)
			return failf(L, "%s.id: missing, empty or longer than %d", path,
			             EVC_ID_MAX - 1);
		if (find_id(sc->stations[0].config.id, sizeof(evc_station), i, id) >= 0)
			return failf(L, "%s.id: \"%s\" used twice", path, id);
		evc_id_set(c->id, id);
		if (num32(L, so, path, "phases", 1, 1, 3, &c->phases) < 0 ||
		    num32(L, so, path, "phase", 1, 1, 3, &c->phase) < 0 ||
		    num32(L, so, path, "rated_a", 1000, 1, 1000, &c->rated_ma) < 0 ||
		    num32(L, so, path, "min_a", 1000, 1, 1000, &c->min_ma) < 0 ||
		    boolean(L, so, path, "priority", &c->priority) < 0 ||
		    boolean(L, so, path, "switch_phases", &c->switch_phases) < 0 ||
		    num32(L, so, path, "hold_s", 1, 0, 86400, &c->hold_s) < 0 ||
		    num32(L, so, path, "min_energy_wh", 1, 0, 1e7, &c->min_energy_wh) < 0 ||
		    num32(L, so, path, "max_switches", 1, 0, 1e6, &c->max_phase_switches) < 0 ||
		    num32(L, so, path, "fallback_a", 1000, 0, 1000, &c->fallback_ma) < 0)
			return -1;
		const char *mode = str(L, so, path, "mode");
		if (L->failed)
			return -1;
		if (mode) {
			static const char *const modes[] = {"boost", "pv", "pv_min",
			                                    "pv_min_deadline"};
			int m = -1;
			for (int k = 0; k < 4; k++)
				if (!strcmp(mode, modes[k]))
					m = k;
			if (m < 0)
				return failf(
				    L,
				    "%s.mode: \"%s\" is not boost, pv, pv_min or pv_min_deadline",
				    path, mode);
			c->mode = m;
		}
		json_t *dl = json_object_get(so, "deadline");
		if (dl) {
			char dpath[128];
			snprintf(dpath, sizeof dpath, "%s.deadline", path);
			static const char *const dk[] = {"day", "time", NULL};
			if (!json_is_object(dl))
				return failf(L, "%s: expected an object", dpath);
			if (check_keys(L, dl, dpath, dk))
				return -1;
			const char *day = str(L, dl, dpath, "day");
			const char *tm = str(L, dl, dpath, "time");
			if (L->failed)
				return -1;
			if (!day || day_index(day) < 0)
				return failf(L, "%s.day: expected mon..sun", dpath);
			if (!tm || hhmm(tm, &c->deadline_sod))
				return failf(L, "%s.time: expected \"HH:MM\"", dpath);
			c->deadline_wday = day_index(day);
		}
		const char *circ = str(L, so, path, "circuit");
		if (L->failed)
			return -1;
		if (circ) {
			long ci = find_id(sc->circuits[0].config.id, sizeof(evc_circuit),
			                  sc->n_circuits, circ);
			if (ci < 0)
				return failf(L, "%s.circuit: no circuit \"%s\"", path, circ);
			c->circuit = (int32_t)ci;
		}
		sc->n_stations = i + 1;
	}
	/* loads */
	json_t *lds = json_object_get(root, "loads");
	if (lds) {
		if (!json_is_array(lds))
			return failf(L, "loads: expected an array");
		if (json_array_size(lds) > EVSIM_MAX_LOADS)
			return failf(L, "loads: more than %d", EVSIM_MAX_LOADS);
		json_t *lo;
		json_array_foreach(lds, i, lo)
		{
			static const char *const lk[] = {"id",     "kind",     "power_w",   "on_w",
			                                 "off_w",  "min_on_s", "min_off_s", "rank",
			                                 "phases", "phase",    NULL};
			snprintf(path, sizeof path, "loads[%zu]", i);
			if (!json_is_object(lo))
				return failf(L, "%s: expected an object", path);
			if (check_keys(L, lo, path, lk))
				return -1;
			evc_load *l = &sc->loads[i];
			evc_load_init(l);
			const char *id = str(L, lo, path, "id");
			if (L->failed)
				return -1;
			if (!id || !*id || strlen(id) >= EVC_ID_MAX)
				return failf(L, "%s.id: missing, empty or longer than %d", path,
				             EVC_ID_MAX - 1);
			evc_id_set(l->config.id, id);
			const char *kind = str(L, lo, path, "kind");
			if (L->failed)
				return -1;
			if (kind) {
				if (!strcmp(kind, "relay"))
					l->config.kind = EVC_LOAD_RELAY;
				else if (!strcmp(kind, "heat_pump"))
					l->config.kind = EVC_LOAD_HEAT_PUMP;
				else if (!strcmp(kind, "water_heater"))
					l->config.kind = EVC_LOAD_WATER_HEATER;
				else
					return failf(L,
					             "%s.kind: \"%s\" is not relay, heat_pump or "
					             "water_heater",
					             path, kind);
			}
			if (num32(L, lo, path, "power_w", 1, 0, 1e6, &l->config.power_w) < 0 ||
			    num32(L, lo, path, "on_w", 1, 0, 1e6, &l->config.on_w) < 0 ||
			    num32(L, lo, path, "off_w", 1, -1e6, 1e6, &l->config.off_w) < 0 ||
			    num32(L, lo, path, "min_on_s", 1, 0, 86400, &l->config.min_on_s) < 0 ||
			    num32(L, lo, path, "min_off_s", 1, 0, 86400, &l->config.min_off_s) <
			        0 ||
			    num32(L, lo, path, "rank", 1, 0, 255, &l->config.rank) < 0 ||
			    num32(L, lo, path, "phases", 1, 1, 3, &l->config.phases) < 0 ||
			    num32(L, lo, path, "phase", 1, 1, 3, &l->config.phase) < 0)
				return -1;
			sc->n_loads = i + 1;
		}
	}
	/* battery */
	json_t *b = json_object_get(root, "battery");
	if (b) {
		static const char *const bk[] = {"capacity_wh", "soc_pct", "max_charge_w",
		                                 "max_discharge_w", NULL};
		if (!json_is_object(b))
			return failf(L, "battery: expected an object");
		if (check_keys(L, b, "battery", bk))
			return -1;
		int64_t soc = 50;
		sc->battery.present = 1;
		sc->battery.capacity_wh = 10000;
		sc->battery.max_charge_w = 3000;
		if (num(L, b, "battery", "capacity_wh", 1, 1, 1e7, &sc->battery.capacity_wh) < 0 ||
		    num(L, b, "battery", "soc_pct", 1, 0, 100, &soc) < 0 ||
		    num32(L, b, "battery", "max_charge_w", 1, 1, 1e6, &sc->battery.max_charge_w) <
		        0 ||
		    num32(L, b, "battery", "max_discharge_w", 1, 0, 1e6,
		          &sc->battery.max_discharge_w) < 0)
			return -1;
		sc->battery.energy_mwh = sc->battery.capacity_wh * 1000 * soc / 100;
		cfg->flow.battery_max_charge_w = sc->battery.max_charge_w;
	}
	/* time */
	const char *start = str(L, root, "scenario", "start");
	if (L->failed)
		return -1;
	if (start) {
		if (parse_start(start, &sc->start_utc, &sc->utc_offset_s))
			return failf(L, "start: \"%s\" is not YYYY-MM-DDTHH:MM:SS+HH:MM (or Z)",
			             start);
	} else {
		parse_start("2025-06-02T06:00:00+02:00", &sc->start_utc, &sc->utc_offset_s);
	}
	sc->step_s = 10;
	sc->duration_s = 3600;
	if (num(L, root, "scenario", "step_s", 1, 1, 86400, &sc->step_s) < 0 ||
	    num(L, root, "scenario", "duration_s", 1, 0, 366 * 86400.0, &sc->duration_s) < 0)
		return -1;
	if (sc->duration_s / sc->step_s > 2000000)
		return failf(L, "duration_s: more than 2000000 steps");
	/* timeline */
	json_t *tl = json_object_get(root, "timeline");
	if (!tl || !json_is_array(tl))
		return failf(L, "timeline: missing or not an array");
	size_t n = json_array_size(tl);
	sc->timeline = calloc(n ? n : 1, sizeof *sc->timeline);
	if (!sc->timeline)
		return failf(L, "timeline: out of memory");
	json_t *e;
	int64_t last_t = -1;
	json_array_foreach(tl, i, e)
	{
		static const char *const ek[] = {"t", "house_a", "pv_w", "meter_ok", "ev", NULL};
		snprintf(path, sizeof path, "timeline[%zu]", i);
		if (!json_is_object(e))
			return failf(L, "%s: expected an object", path);
		if (check_keys(L, e, path, ek))
			return -1;
		evsim_change *ch = &sc->timeline[i];
		if (num(L, e, path, "t", 1, 0, 366 * 86400.0, &ch->t) != 1)
			return failf(L, "%s.t: missing or not a number", path);
		if (ch->t < last_t)
			return failf(L, "%s.t: %lld before the previous change point", path,
			             (long long)ch->t);
		last_t = ch->t;
		json_t *h = json_object_get(e, "house_a");
		if (h) {
			if (!json_is_array(h) || json_array_size(h) != (size_t)cfg->phases)
				return failf(L, "%s.house_a: expected an array of %d numbers", path,
				             cfg->phases);
			for (size_t p = 0; p < json_array_size(h); p++) {
				json_t *x = json_array_get(h, p);
				if (!json_is_number(x) || !isfinite(json_number_value(x)) ||
				    fabs(json_number_value(x)) > 2000)
					return failf(
					    L, "%s.house_a[%zu]: expected a number within +-2000",
					    path, p);
				ch->house_ma[p] = (int32_t)llround(json_number_value(x) * 1000);
			}
			ch->has_house = 1;
		}
		int r;
		if ((r = num32(L, e, path, "pv_w", 1, 0, 1e7, &ch->pv_w)) < 0)
			return -1;
		ch->has_pv = r;
		int32_t mo = 1;
		if ((r = boolean(L, e, path, "meter_ok", &mo)) < 0)
			return -1;
		ch->has_meter = r;
		ch->meter_ok = mo;
		json_t *evs = json_object_get(e, "ev");
		if (evs) {
			if (!json_is_object(evs))
				return failf(L, "%s.ev: expected an object", path);
			const char *k;
			json_t *eo;
			json_object_foreach(evs, k, eo)
			{
				long si = find_id(sc->stations[0].config.id, sizeof(evc_station),
				                  sc->n_stations, k);
				char epath[160];
				snprintf(epath, sizeof epath, "%s.ev.%.40s", path, k);
				if (si < 0)
					return failf(L, "%s: no station \"%.40s\"", epath, k);
				ch->has_ev[si] = 1;
				if (load_ev(L, eo, epath, &ch->ev[si], &ch->has_ev_field[si]))
					return -1;
			}
		}
		sc->n_timeline = i + 1;
	}
	evc_check_error ce;
	int rc = evc_site_check(&sc->site, sc->circuits, sc->n_circuits, sc->stations,
	                        sc->n_stations, sc->loads, sc->n_loads, &ce);
	if (rc) {
		/* name the scenario's key, not the library's field: stations[0].min_a */
		char field[64];
		snprintf(field, sizeof field, "%s", ce.field);
		size_t fl = strlen(field);
		if (fl > 4 && !strcmp(field + fl - 4, "_mah"))
			memcpy(field + fl - 4, "_ah", 4);
		else if (fl > 3 && !strcmp(field + fl - 3, "_ma"))
			memcpy(field + fl - 3, "_a", 3);
		else if (!strcmp(field, "contract_va"))
			snprintf(field, sizeof field, "contract_kva");
		else if (!strcmp(field, "deadline_wday") || !strcmp(field, "deadline_sod"))
			snprintf(field, sizeof field, "deadline");
		else if (!strcmp(field, "max_phase_switches"))
			snprintf(field, sizeof field, "max_switches");
		if (ce.index >= 0)
			return failf(L, "%ss[%ld].%s: %s", ce.object, ce.index, field, ce.why);
		return failf(L, "%s.%s: %s", ce.object, field, ce.why);
	}
	return 0;
}

static int finish(evsim_scenario *sc, json_t *root, json_error_t *je, evsim_error *err)
{
	if (!root) {
		if (err) {
			snprintf(err->text, sizeof err->text, "JSON: %s", je->text);
			err->line = je->line;
			err->column = je->column;
		}
		return -1;
	}
	ld L = {err, 0};
	if (load(&L, sc, root)) {
		json_decref(root);
		free(sc->timeline);
		sc->timeline = NULL;
		return -1;
	}
	sc->json = root;
	return 0;
}

int evsim_load_buffer(evsim_scenario *sc, const char *buf, size_t len, evsim_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	memset(sc, 0, sizeof *sc);
	json_error_t je;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	return finish(sc, root, &je, err);
}

int evsim_load_file(evsim_scenario *sc, const char *path, evsim_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	memset(sc, 0, sizeof *sc);
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	return finish(sc, root, &je, err);
}

void evsim_free(evsim_scenario *sc)
{
	if (!sc)
		return;
	free(sc->timeline);
	sc->timeline = NULL;
	if (sc->json)
		json_decref((json_t *)sc->json);
	sc->json = NULL;
}
