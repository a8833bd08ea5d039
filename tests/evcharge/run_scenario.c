/* Scenario runner: runs each scenario file with evsim's simulated site and checks its
 * "expect" block (format: tests/evcharge/README.md). Exit 0 when every expectation holds.
 * usage: run_scenario FILE... */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "evsim.h"

#define MAX_EVENTS 64

/* fail() takes its format from the fixed set below, always with (str, str, double, double). */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

typedef struct chk {
	const char *file;
	json_t *expect;
	int failures;
	double max_grid_a;
	int has_max;
	/* first time each "events" entry matched, -1 none */
	int64_t ev_first[MAX_EVENTS];
	int64_t ord_first[MAX_EVENTS];
} chk;

static void fail(chk *c, int64_t t, const char *fmt, const char *a, const char *b, double x,
                 double y)
{
	c->failures++;
	fprintf(stderr, "%s: t=%lld: ", c->file, (long long)t);
	fprintf(stderr, fmt, a, b, x, y);
	fputc('\n', stderr);
}

static long station_index(const evsim_scenario *sc, const char *id)
{
	for (size_t i = 0; i < sc->n_stations; i++)
		if (!strcmp(sc->stations[i].config.id, id))
			return (long)i;
	return -1;
}

static long load_index(const evsim_scenario *sc, const char *id)
{
	for (size_t i = 0; i < sc->n_loads; i++)
		if (!strcmp(sc->loads[i].config.id, id))
			return (long)i;
	return -1;
}

static double amps(int32_t ma)
{
	return ma / 1000.0;
}

static void check_station(chk *c, const evsim *sim, const char *id, json_t *e)
{
	long i = station_index(sim->sc, id);
	if (i < 0) {
		fail(c, sim->t, "no station %s%s", id, "", 0, 0);
		return;
	}
	const evc_station *s = &sim->sc->stations[i];
	json_t *v;
	if ((v = json_object_get(e, "current_a")) &&
	    fabs(amps(s->result.current_ma) - json_number_value(v)) > 0.05)
		fail(c, sim->t, "%s: current %s%.1f A, expected %.1f A", id, "",
		     amps(s->result.current_ma), json_number_value(v));
	if ((v = json_object_get(e, "current_min_a")) &&
	    amps(s->result.current_ma) < json_number_value(v) - 1e-9)
		fail(c, sim->t, "%s: current %s%.1f A below %.1f A", id, "",
		     amps(s->result.current_ma), json_number_value(v));
	if ((v = json_object_get(e, "current_max_a")) &&
	    amps(s->result.current_ma) > json_number_value(v) + 1e-9)
		fail(c, sim->t, "%s: current %s%.1f A above %.1f A", id, "",
		     amps(s->result.current_ma), json_number_value(v));
	if ((v = json_object_get(e, "phases")) && s->result.phases != json_integer_value(v))
		fail(c, sim->t, "%s: phases %s%.0f, expected %.0f", id, "", s->result.phases,
		     (double)json_integer_value(v));
	if ((v = json_object_get(e, "state")) &&
	    strcmp(evc_state_name(s->result.state), json_string_value(v)))
		fail(c, sim->t, "%s: state %s", id, evc_state_name(s->result.state), 0, 0);
	if ((v = json_object_get(e, "state")) &&
	    strcmp(evc_state_name(s->result.state), json_string_value(v)))
		fprintf(stderr, "   (expected state %s)\n", json_string_value(v));
	if ((v = json_object_get(e, "code")) &&
	    strcmp(evc_reason_name(s->result.reason), json_string_value(v))) {
		fail(c, sim->t, "%s: code %s", id, evc_reason_name(s->result.reason), 0, 0);
		fprintf(stderr, "   (expected code %s; text \"%s\")\n", json_string_value(v),
		        s->result.text);
	}
	if ((v = json_object_get(e, "energy_wh_min")) &&
	    (double)sim->st[i].session_mwh / 1000.0 < json_number_value(v))
		fail(c, sim->t, "%s: session energy %s%.0f Wh below %.0f Wh", id, "",
		     (double)sim->st[i].session_mwh / 1000.0, json_number_value(v));
	if ((v = json_object_get(e, "text")) && !strstr(s->result.text, json_string_value(v))) {
		fail(c, sim->t, "%s: text \"%s\"", id, s->result.text, 0, 0);
		fprintf(stderr, "   (expected to contain \"%s\")\n", json_string_value(v));
	}
}

static void check_at(chk *c, const evsim *sim, json_t *a)
{
	json_t *v;
	const evsim_scenario *sc = sim->sc;
	if ((v = json_object_get(a, "zone")) &&
	    strcmp(evc_zone_name(sc->site.result.zone), json_string_value(v)))
		fail(c, sim->t, "zone %s, expected %s", evc_zone_name(sc->site.result.zone),
		     json_string_value(v), 0, 0);
	if ((v = json_object_get(a, "stale")) && (sc->site.result.stale != 0) != json_is_true(v))
		fail(c, sim->t, "stale %s%s%.0f", "", "", sc->site.result.stale, 0);
	if ((v = json_object_get(a, "site_code")) &&
	    strcmp(evc_reason_name(sc->site.result.reason), json_string_value(v)))
		fail(c, sim->t, "site code %s, expected %s",
		     evc_reason_name(sc->site.result.reason), json_string_value(v), 0, 0);
	if ((v = json_object_get(a, "site_text")) &&
	    !strstr(sc->site.result.text, json_string_value(v)))
		fail(c, sim->t, "site text \"%s\" lacks \"%s\"", sc->site.result.text,
		     json_string_value(v), 0, 0);
	json_t *sts = json_object_get(a, "stations");
	const char *k;
	json_t *e;
	json_object_foreach(sts, k, e) check_station(c, sim, k, e);
	json_t *lds = json_object_get(a, "loads");
	json_object_foreach(lds, k, e)
	{
		long i = load_index(sc, k);
		if (i < 0) {
			fail(c, sim->t, "no load %s%s", k, "", 0, 0);
			continue;
		}
		const evc_load *l = &sc->loads[i];
		if ((v = json_object_get(e, "on")) && (l->result.on != 0) != json_is_true(v))
			fail(c, sim->t, "load %s: on=%s", k, l->result.on ? "true" : "false", 0, 0);
		if ((v = json_object_get(e, "code")) &&
		    strcmp(evc_reason_name(l->result.reason), json_string_value(v)))
			fail(c, sim->t, "load %s: code %s", k, evc_reason_name(l->result.reason), 0,
			     0);
	}
	json_t *b = json_object_get(a, "battery");
	if (b) {
		if ((v = json_object_get(b, "power_min_w")) &&
		    sim->battery_w < json_number_value(v))
			fail(c, sim->t, "battery %s%spower %.0f W below %.0f W", "", "",
			     sim->battery_w, json_number_value(v));
		if ((v = json_object_get(b, "power_max_w")) &&
		    sim->battery_w > json_number_value(v))
			fail(c, sim->t, "battery %s%spower %.0f W above %.0f W", "", "",
			     sim->battery_w, json_number_value(v));
	}
	json_t *g = json_object_get(a, "grid_max_a");
	if (g) {
		for (int p = 0; p < sc->site.config.phases; p++)
			if (amps(sim->grid_ma[p]) > json_number_value(g) + 1e-9)
				fail(c, sim->t, "grid %s%s%.1f A above %.1f A", "", "",
				     amps(sim->grid_ma[p]), json_number_value(g));
	}
}

static int on_step(const evsim *sim, void *user)
{
	chk *c = user;
	const evsim_scenario *sc = sim->sc;
	if (c->has_max)
		for (int p = 0; p < sc->site.config.phases; p++)
			if (amps(sim->grid_ma[p]) > c->max_grid_a + 1e-9)
				fail(c, sim->t, "grid phase %s%s%.0f at %.1f A over max_grid_a", "",
				     "", p + 1, amps(sim->grid_ma[p]));
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(c->expect, "at"), i, a)
	{
		if (json_integer_value(json_object_get(a, "t")) == sim->t)
			check_at(c, sim, a);
	}
	const char *lists[2] = {"events", "order"};
	for (int L = 0; L < 2; L++) {
		int64_t *first = L ? c->ord_first : c->ev_first;
		json_array_foreach(json_object_get(c->expect, lists[L]), i, a)
		{
			if (i >= MAX_EVENTS || first[i] >= 0)
				continue;
			long si =
			    station_index(sc, json_string_value(json_object_get(a, "station")));
			json_t *lo = json_object_get(a, "load");
			if (lo) {
				long li = load_index(sc, json_string_value(lo));
				if (li >= 0 &&
				    !strcmp(evc_reason_name(sc->loads[li].result.reason),
				            json_string_value(json_object_get(a, "code"))))
					first[i] = sim->t;
				continue;
			}
			if (si < 0)
				continue;
			const evc_station *s = &sc->stations[si];
			const char *code = json_string_value(json_object_get(a, "code"));
			const char *ev = json_string_value(json_object_get(a, "event"));
			int hit = 0;
			if (code && !strcmp(evc_reason_name(s->result.reason), code))
				hit = 1;
			if (ev) {
				int f = !strcmp(ev, "start")    ? EVC_EVENT_START
				        : !strcmp(ev, "stop")   ? EVC_EVENT_STOP
				        : !strcmp(ev, "switch") ? EVC_EVENT_SWITCH
				                                : 0;
				hit = (s->result.events & f) != 0 && (!code || hit);
			}
			if (hit)
				first[i] = sim->t;
		}
	}
	return 0;
}

static void check_end(chk *c, const evsim *sim)
{
	size_t i;
	json_t *a, *v;
	json_array_foreach(json_object_get(c->expect, "events"), i, a)
	{
		if (i >= MAX_EVENTS)
			break;
		const char *what = json_string_value(json_object_get(a, "code"));
		if (!what)
			what = json_string_value(json_object_get(a, "event"));
		const char *who = json_string_value(json_object_get(a, "station"));
		if (!who)
			who = json_string_value(json_object_get(a, "load"));
		if (json_is_true(json_object_get(a, "never"))) {
			if (c->ev_first[i] >= 0)
				fail(c, c->ev_first[i], "%s: %s happened, expected never", who,
				     what, 0, 0);
			continue;
		}
		if (c->ev_first[i] < 0) {
			fail(c, sim->t, "%s: %s never happened", who, what, 0, 0);
			continue;
		}
		if ((v = json_object_get(a, "after")) && c->ev_first[i] < json_integer_value(v))
			fail(c, c->ev_first[i], "%s: %s first at %.0f, expected after %.0f", who,
			     what, (double)c->ev_first[i], (double)json_integer_value(v));
		if ((v = json_object_get(a, "before")) && c->ev_first[i] > json_integer_value(v))
			fail(c, c->ev_first[i], "%s: %s first at %.0f, expected before %.0f", who,
			     what, (double)c->ev_first[i], (double)json_integer_value(v));
	}
	int64_t prev = -1;
	json_array_foreach(json_object_get(c->expect, "order"), i, a)
	{
		if (i >= MAX_EVENTS)
			break;
		const char *who = json_string_value(json_object_get(a, "station"));
		const char *what = json_string_value(json_object_get(a, "code"));
		if (!what)
			what = json_string_value(json_object_get(a, "event"));
		if (c->ord_first[i] < 0)
			fail(c, sim->t, "order: %s %s never happened", who, what, 0, 0);
		else if (c->ord_first[i] < prev)
			fail(c, c->ord_first[i], "order: %s %s came before the previous entry", who,
			     what, 0, 0);
		else
			prev = c->ord_first[i];
	}
	json_t *sum = json_object_get(c->expect, "summary");
	const char *k;
	json_t *e;
	int64_t ev = 0, pv = 0;
	for (size_t s = 0; s < sim->sc->n_stations; s++) {
		ev += sim->st[s].energy_mwh;
		pv += sim->st[s].pv_mwh;
	}
	json_object_foreach(sum, k, e)
	{
		if (!strcmp(k, "pv_share_min") || !strcmp(k, "pv_share_max")) {
			double share = ev > 0 ? (double)pv / (double)ev : 0;
			if (k[9] == 'm' && k[10] == 'i' ? share < json_number_value(e)
			                                : share > json_number_value(e))
				fail(c, sim->t, "summary: %s %s%.3f vs %.3f", k, "", share,
				     json_number_value(e));
			continue;
		}
		if (!strcmp(k, "peak_max_a")) {
			if (amps((int32_t)sim->peak_ma) > json_number_value(e) + 1e-9)
				fail(c, sim->peak_t, "summary: peak %s%s%.1f A above %.1f A", "",
				     "", amps((int32_t)sim->peak_ma), json_number_value(e));
			continue;
		}
		long si = station_index(sim->sc, k);
		if (si < 0) {
			fail(c, sim->t, "summary: no station %s%s", k, "", 0, 0);
			continue;
		}
		const evsim_station_sim *st = &sim->st[si];
		double wh = (double)st->energy_mwh / 1000.0;
		struct {
			const char *key;
			double val;
			int kind; /* 0 exact, 1 min, 2 max */
		} items[] = {
		    {"energy_wh_min", wh, 1},          {"energy_wh_max", wh, 2},
		    {"starts", st->starts, 0},         {"stops", st->stops, 0},
		    {"switches", st->switches, 0},     {"starts_max", st->starts, 2},
		    {"stops_max", st->stops, 2},       {"switches_max", st->switches, 2},
		    {"switches_min", st->switches, 1},
		};
		for (size_t j = 0; j < sizeof items / sizeof items[0]; j++) {
			json_t *x = json_object_get(e, items[j].key);
			if (!x)
				continue;
			double want = json_number_value(x);
			int bad = items[j].kind == 0   ? fabs(items[j].val - want) > 1e-9
			          : items[j].kind == 1 ? items[j].val < want
			                               : items[j].val > want;
			if (bad)
				fail(c, sim->t, "summary: %s.%s = %.1f, expected %.1f", k,
				     items[j].key, items[j].val, want);
		}
	}
}

int main(int argc, char **argv)
{
	int bad = 0;
	if (argc < 2) {
		fputs("usage: run_scenario FILE...\n", stderr);
		return 2;
	}
	for (int f = 1; f < argc; f++) {
		static evsim_scenario sc;
		evsim_error err;
		if (evsim_load_file(&sc, argv[f], &err)) {
			fprintf(stderr, "%s: load: %s\n", argv[f], err.text);
			bad++;
			continue;
		}
		chk c;
		memset(&c, 0, sizeof c);
		c.file = argv[f];
		c.expect = json_object_get((json_t *)sc.json, "expect");
		if (!json_is_object(c.expect)) {
			fprintf(stderr, "%s: no \"expect\" object\n", argv[f]);
			bad++;
			evsim_free(&sc);
			continue;
		}
		for (int i = 0; i < MAX_EVENTS; i++)
			c.ev_first[i] = c.ord_first[i] = -1;
		json_t *mx = json_object_get(c.expect, "max_grid_a");
		if (mx) {
			c.has_max = 1;
			c.max_grid_a = json_number_value(mx);
		}
		static evsim sim;
		int rc = evsim_run(&sim, &sc, on_step, &c);
		if (rc) {
			fprintf(stderr, "%s: step failed: %s\n", argv[f], evc_strerror(rc));
			c.failures++;
		} else {
			check_end(&c, &sim);
		}
		printf("%s: %s (%d failure%s)\n", argv[f], c.failures ? "FAIL" : "ok", c.failures,
		       c.failures == 1 ? "" : "s");
		if (c.failures)
			bad++;
		evsim_free(&sc);
	}
	return bad ? 1 : 0;
}
