/* Configuration defaults and checks. */
#include <string.h>
#include "evc_internal.h"

void evc_site_config_init(evc_site_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->version = EVC_SITE_CONFIG_VERSION;
	cfg->phases = 3;
	cfg->voltage_v = 230;
	cfg->main_breaker_ma = 40000;
	cfg->derating_pct = 80;
	cfg->contract_va = 0;
	cfg->unbalance_ma = 0;
	cfg->stale_after_s = 30;
	cfg->strategy = EVC_STRATEGY_PROTECT;
	cfg->fairness = EVC_FAIR_EQUAL;
	cfg->redistribute_margin_ma = 2000;
	cfg->greenup.max_current_ma = 40000;
	cfg->greenup.max_charging_current_ma = 32000;
	cfg->greenup.hysteresis_pct = 0;
	cfg->greenup.step1_pct = 75;
	cfg->greenup.step2_pct = 50;
	cfg->greenup.min_guaranteed_mah = 32000;
	cfg->greenup.action_interval_s = 0;
	cfg->flow.three_phase_on_w = 4100;
	cfg->flow.switch_hysteresis_w = 500;
	cfg->flow.hold_s = 300;
	cfg->flow.battery_priority = 0;
	cfg->flow.battery_max_charge_w = 0;
	cfg->flow.ev_rank = 1;
}

void evc_circuit_config_init(evc_circuit_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->parent = EVC_NO_CIRCUIT;
	cfg->limit_ma = 32000;
}

void evc_station_config_init(evc_station_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->phases = 3;
	cfg->phase = 1;
	cfg->rated_ma = 32000;
	cfg->min_ma = 6000;
	cfg->mode = EVC_MODE_BOOST;
	cfg->hold_s = -1;
	cfg->deadline_wday = EVC_NO_DEADLINE;
	cfg->fallback_ma = -1;
	cfg->circuit = EVC_NO_CIRCUIT;
}

void evc_load_config_init(evc_load_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->kind = EVC_LOAD_RELAY;
	cfg->rank = 3;
	cfg->phases = 3;
	cfg->phase = 1;
}

void evc_id_set(char *dst, const char *id)
{
	if (!dst)
		return;
	size_t i = 0;
	if (id)
		for (; id[i] && i + 1 < EVC_ID_MAX; i++)
			dst[i] = id[i];
	dst[i] = '\0';
}

void evc_site_init(evc_site *site)
{
	if (!site)
		return;
	memset(site, 0, sizeof *site);
	evc_site_config_init(&site->config);
	site->input.meter_ok = 1;
	site->input.battery_soc_pct = 100;
}

void evc_circuit_init(evc_circuit *circuit)
{
	if (!circuit)
		return;
	memset(circuit, 0, sizeof *circuit);
	evc_circuit_config_init(&circuit->config);
}

void evc_station_init(evc_station *station)
{
	if (!station)
		return;
	memset(station, 0, sizeof *station);
	evc_station_config_init(&station->config);
	station->input.energy_wh = -1;
}

void evc_load_init(evc_load *load)
{
	if (!load)
		return;
	memset(load, 0, sizeof *load);
	evc_load_config_init(&load->config);
	load->input.power_w = -1;
	load->input.available = 1;
}

static int fail(evc_check_error *err, const char *object, long index, const char *field,
                const char *why)
{
	if (err) {
		err->object = object;
		err->index = index;
		err->field = field;
		err->why = why;
	}
	return EVC_ERANGE;
}

#define RANGE(obj, idx, val, lo, hi, name, why)                                                    \
	do {                                                                                       \
		if ((val) < (lo) || (val) > (hi))                                                  \
			return fail(err, obj, idx, name, why);                                     \
	} while (0)

static int check_site(const evc_site_config *c, evc_check_error *err)
{
	if (c->version != EVC_SITE_CONFIG_VERSION) {
		if (err) {
			err->object = "site";
			err->index = -1;
			err->field = "version";
			err->why = "not EVC_SITE_CONFIG_VERSION (use evc_site_config_init)";
		}
		return EVC_EINVAL;
	}
	if (c->phases != 1 && c->phases != 3)
		return fail(err, "site", -1, "phases", "must be 1 or 3");
	RANGE("site", -1, c->voltage_v, 100, 400, "voltage_v", "must be 100..400 V");
	RANGE("site", -1, c->main_breaker_ma, 1000, 2000000, "main_breaker_ma",
	      "must be 1..2000 A");
	RANGE("site", -1, c->derating_pct, 1, 100, "derating_pct", "must be 1..100 %");
	RANGE("site", -1, c->contract_va, 0, 10000000, "contract_va", "must be 0..10 MVA");
	RANGE("site", -1, c->unbalance_ma, 0, 2000000, "unbalance_ma", "must be 0..2000 A");
	RANGE("site", -1, c->stale_after_s, 1, 86400, "stale_after_s", "must be 1..86400 s");
	RANGE("site", -1, c->strategy, 0, 2, "strategy", "unknown strategy");
	RANGE("site", -1, c->fairness, 0, 1, "fairness", "unknown fairness policy");
	RANGE("site", -1, c->redistribute_margin_ma, 0, 100000, "redistribute_margin_ma",
	      "must be 0..100 A");
	const evc_greenup_config *g = &c->greenup;
	RANGE("site", -1, g->max_current_ma, 1000, 2000000, "greenup.max_current_ma",
	      "must be 1..2000 A");
	RANGE("site", -1, g->max_charging_current_ma, 1000, g->max_current_ma,
	      "greenup.max_charging_current_ma", "must be 1 A..max_current_ma");
	RANGE("site", -1, g->hysteresis_pct, 0, 50, "greenup.hysteresis_pct", "must be 0..50 %");
	RANGE("site", -1, g->step1_pct, 1, 100, "greenup.step1_pct", "must be 1..100 %");
	RANGE("site", -1, g->step2_pct, 1, g->step1_pct, "greenup.step2_pct",
	      "must be 1..step1_pct %");
	RANGE("site", -1, g->min_guaranteed_mah, 0, 1000000, "greenup.min_guaranteed_mah",
	      "must be 0..1000 Ah");
	RANGE("site", -1, g->action_interval_s, 0, 86400, "greenup.action_interval_s",
	      "must be 0..86400 s");
	const evc_flow_config *f = &c->flow;
	RANGE("site", -1, f->three_phase_on_w, 0, 1000000, "flow.three_phase_on_w",
	      "must be 0..1 MW");
	RANGE("site", -1, f->switch_hysteresis_w, 1, 100000, "flow.switch_hysteresis_w",
	      "must be 1..100000 W");
	RANGE("site", -1, f->hold_s, 0, 86400, "flow.hold_s", "must be 0..86400 s");
	RANGE("site", -1, f->battery_priority, 0, 1, "flow.battery_priority", "must be 0 or 1");
	RANGE("site", -1, f->battery_max_charge_w, 0, 10000000, "flow.battery_max_charge_w",
	      "must be 0..10 MW");
	RANGE("site", -1, f->ev_rank, 0, 255, "flow.ev_rank", "must be 0..255");
	return EVC_OK;
}

int evc_site_check(const evc_site *site, const evc_circuit *circuits, size_t n_circuits,
                   const evc_station *stations, size_t n_stations, const evc_load *loads,
                   size_t n_loads, evc_check_error *err)
{
	if (err) {
		err->object = "site";
		err->index = -1;
		err->field = "";
		err->why = "";
	}
	if (!site || (n_circuits && !circuits) || (n_stations && !stations) ||
	    (n_loads && !loads)) {
		if (err)
			err->why = "NULL site or NULL array with a non-zero count";
		return EVC_EINVAL;
	}
	int rc = check_site(&site->config, err);
	if (rc)
		return rc;
	if (n_stations > EVC_MAX_STATIONS)
		return fail(err, "station", -1, "count", "more than EVC_MAX_STATIONS stations");
	if (n_circuits > 4096)
		return fail(err, "circuit", -1, "count", "more than 4096 circuits");
	const int32_t sph = site->config.phases;
	for (size_t i = 0; i < n_circuits; i++) {
		const evc_circuit_config *cc = &circuits[i].config;
		long li = (long)i;
		if (cc->parent != EVC_NO_CIRCUIT && (cc->parent < 0 || (size_t)cc->parent >= i))
			return fail(err, "circuit", li, "parent",
			            "must be EVC_NO_CIRCUIT or an earlier circuit's index");
		RANGE("circuit", li, cc->limit_ma, 0, 2000000, "limit_ma", "must be 0..2000 A");
	}
	for (size_t i = 0; i < n_stations; i++) {
		const evc_station_config *sc = &stations[i].config;
		long li = (long)i;
		if (sc->phases != 1 && sc->phases != 3)
			return fail(err, "station", li, "phases", "must be 1 or 3");
		RANGE("station", li, sc->phase, 1, sph, "phase", "must be 1..site phases");
		RANGE("station", li, sc->rated_ma, 1000, 1000000, "rated_ma", "must be 1..1000 A");
		RANGE("station", li, sc->min_ma, 1000, sc->rated_ma, "min_ma",
		      "must be from 1 A up to the rated current");
		RANGE("station", li, sc->priority, 0, 1, "priority", "must be 0 or 1");
		RANGE("station", li, sc->switch_phases, 0, 1, "switch_phases", "must be 0 or 1");
		RANGE("station", li, sc->max_phase_switches, 0, 1000000, "max_phase_switches",
		      "must be >= 0");
		RANGE("station", li, sc->mode, 0, 3, "mode", "unknown mode");
		RANGE("station", li, sc->hold_s, -1, 86400, "hold_s", "must be -1..86400 s");
		RANGE("station", li, sc->min_energy_wh, 0, 10000000, "min_energy_wh",
		      "must be 0..10 MWh");
		RANGE("station", li, sc->deadline_wday, -1, 6, "deadline_wday",
		      "must be -1 (none) or 0 (Monday)..6");
		RANGE("station", li, sc->deadline_sod, 0, 86399, "deadline_sod",
		      "must be 0..86399 s");
		if (sc->mode == EVC_MODE_PV_MIN_DEADLINE && sc->deadline_wday < 0)
			return fail(err, "station", li, "deadline_wday",
			            "mode pv_min_deadline needs a deadline");
		RANGE("station", li, sc->fallback_ma, -1, sc->rated_ma, "fallback_ma",
		      "must be -1, 0 or up to rated_ma");
		if (sc->circuit != EVC_NO_CIRCUIT &&
		    (sc->circuit < 0 || (size_t)sc->circuit >= n_circuits))
			return fail(err, "station", li, "circuit",
			            "must be EVC_NO_CIRCUIT or a circuit index");
	}
	for (size_t i = 0; i < n_loads; i++) {
		const evc_load_config *lc = &loads[i].config;
		long li = (long)i;
		RANGE("load", li, lc->kind, 0, 2, "kind", "unknown load kind");
		RANGE("load", li, lc->power_w, 0, 1000000, "power_w", "must be 0..1 MW");
		RANGE("load", li, lc->on_w, 0, 1000000, "on_w", "must be 0..1 MW");
		RANGE("load", li, lc->off_w, -1000000, lc->on_w - 1, "off_w",
		      "must be below on_w (thresholds may not cross)");
		RANGE("load", li, lc->min_on_s, 0, 86400, "min_on_s", "must be 0..86400 s");
		RANGE("load", li, lc->min_off_s, 0, 86400, "min_off_s", "must be 0..86400 s");
		RANGE("load", li, lc->rank, 0, 255, "rank", "must be 0..255");
		if (lc->phases != 1 && lc->phases != 3)
			return fail(err, "load", li, "phases", "must be 1 or 3");
		RANGE("load", li, lc->phase, 1, sph, "phase", "must be 1..site phases");
	}
	return EVC_OK;
}
