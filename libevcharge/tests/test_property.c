/* Suite "property": thousands of random scenarios (seeded PRNG, deterministic) checking at
 * every step that
 *  - no phase (main breaker, circuits), the contract power or the balance between phases is
 *    over its limit with the new setpoints whenever zero EV current would keep it under, and
 *    every station on a phase that is over even with zero EV current is at zero;
 *  - every setpoint is 0 or within [min, min(rated, vehicle max)];
 *  - under the flow and protect strategies, no start, stop or phase switch follows the
 *    previous one of the same charge within the hold delay unless forced (protection, stale
 *    data);
 *  - the phase switches of a session never exceed its cap; greenup never starts a charge in
 *    the yellow or red zone and never lowers a running priority station by a step;
 *  - the same inputs give the same outputs (each scenario is run twice and compared). */
#include <stdio.h>
#include "hems_check.h"
#include "evc_tests.h"

#define NS 8
#define NC 2
#define NL 2

typedef struct rng {
	uint64_t s;
} rng;

static uint32_t rnd(rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static int32_t range(rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)(rnd(r) % (uint32_t)(hi - lo + 1));
}

typedef struct world {
	evc_site site;
	evc_circuit c[NC];
	evc_station st[NS];
	evc_load ld[NL];
	size_t nc, ns, nl;
	int32_t house[3];
	int32_t pv_w;
	int32_t draw_cap[NS];
	int64_t last_event[NS];
	int last_kind[NS];
	int switches[NS];
	int32_t prev_ma[NS];
	int32_t prev_level[NS];
	int32_t load_on[NL];
	int64_t load_since[NL];
	int64_t meas_t;
} world;

static void make_world(world *w, rng *r)
{
	memset(w, 0, sizeof *w);
	evc_site_init(&w->site);
	evc_site_config *c = &w->site.config;
	c->phases = range(r, 0, 3) ? 3 : 1;
	c->main_breaker_ma = range(r, 16, 100) * 1000;
	c->derating_pct = range(r, 50, 100);
	c->strategy = range(r, 0, 2);
	c->fairness = range(r, 0, 1);
	c->stale_after_s = range(r, 5, 60);
	c->contract_va = range(r, 0, 2) ? 0 : range(r, 3, 36) * 1000;
	c->unbalance_ma = range(r, 0, 2) ? 0 : range(r, 5, 32) * 1000;
	c->redistribute_margin_ma = range(r, 0, 3000);
	c->greenup.max_current_ma = range(r, 10, 100) * 1000;
	c->greenup.max_charging_current_ma = range(r, 5, c->greenup.max_current_ma / 1000) * 1000;
	c->greenup.hysteresis_pct = range(r, 0, 15);
	c->greenup.min_guaranteed_mah = range(r, 0, 2000);
	c->flow.hold_s = range(r, 0, 300);
	c->flow.three_phase_on_w = range(r, 1000, 8000);
	c->flow.switch_hysteresis_w = range(r, 1, 1000);
	c->flow.battery_max_charge_w = range(r, 0, 1) ? 0 : range(r, 500, 5000);
	c->flow.battery_priority = range(r, 0, 1);
	w->nc = (size_t)range(r, 0, NC);
	for (size_t i = 0; i < w->nc; i++) {
		evc_circuit_init(&w->c[i]);
		w->c[i].config.limit_ma = range(r, 6, 60) * 1000;
		w->c[i].config.parent =
		    i > 0 && range(r, 0, 1) ? (int32_t)range(r, 0, (int32_t)i - 1) : EVC_NO_CIRCUIT;
	}
	w->ns = (size_t)range(r, 1, NS);
	for (size_t i = 0; i < w->ns; i++) {
		evc_station *s = &w->st[i];
		evc_station_init(s);
		char id[2] = {(char)('A' + i), 0};
		evc_id_set(s->config.id, id);
		s->config.phases = range(r, 0, 1) ? 3 : 1;
		s->config.phase = range(r, 1, c->phases);
		s->config.rated_ma = range(r, 6, 63) * 1000;
		s->config.min_ma =
		    range(r, 6000, s->config.rated_ma < 10000 ? s->config.rated_ma : 10000);
		s->config.priority = range(r, 0, 4) == 0;
		s->config.switch_phases = range(r, 0, 1);
		s->config.max_phase_switches = range(r, 0, 3);
		s->config.mode = range(r, 0, 3);
		s->config.hold_s = range(r, 0, 1) ? -1 : range(r, 0, 200);
		s->config.min_energy_wh = range(r, 0, 20000);
		s->config.deadline_wday = range(r, 0, 6);
		s->config.deadline_sod = range(r, 0, 86399);
		s->config.fallback_ma = range(r, 0, 2) ? -1 : 0;
		s->config.circuit =
		    w->nc && range(r, 0, 1) ? range(r, 0, (int32_t)w->nc - 1) : EVC_NO_CIRCUIT;
		w->last_event[i] = INT64_MIN;
	}
	w->nl = (size_t)range(r, 0, NL);
	for (size_t i = 0; i < w->nl; i++) {
		evc_load *l = &w->ld[i];
		evc_load_init(l);
		l->config.power_w = range(r, 500, 3000);
		l->config.on_w = range(r, 0, 4000);
		l->config.off_w = l->config.on_w - range(r, 1, 2000);
		l->config.min_on_s = range(r, 0, 300);
		l->config.min_off_s = range(r, 0, 300);
		l->config.rank = range(r, 0, 4);
		l->config.phases = range(r, 0, 1) ? 3 : 1;
		l->config.phase = range(r, 1, c->phases);
	}
	for (int p = 0; p < 3; p++)
		w->house[p] = range(r, 0, 20000);
	w->pv_w = range(r, 0, 9000);
}

static int32_t clampi(int32_t v, int32_t lo, int32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* measurement from the previous setpoints; random walk of the world; one step; checks */
static void world_step(world *w, rng *r, int64_t now, int check)
{
	evc_site *site = &w->site;
	int nph = site->config.phases;
	for (int p = 0; p < nph; p++)
		w->house[p] = clampi(w->house[p] + range(r, -3000, 3000), -5000, 60000);
	if (range(r, 0, 20) == 0)
		w->house[0] = range(r, 0, 90000); /* sometimes a huge load */
	w->pv_w = clampi(w->pv_w + range(r, -1500, 1500), 0, 12000);
	for (size_t i = 0; i < w->ns; i++) {
		evc_station_input *in = &w->st[i].input;
		if (range(r, 0, 40) == 0)
			in->connected = !in->connected;
		if (range(r, 0, 30) == 0) {
			in->vehicle_max_ma = range(r, 0, 1) ? 0 : range(r, 6, 40) * 1000;
			in->vehicle_min_ma = range(r, 0, 2) ? 0 : range(r, 6, 12) * 1000;
			in->vehicle_phases = range(r, 0, 2) ? 0 : 1;
			in->vehicle_no_switch = range(r, 0, 3) == 0;
			w->draw_cap[i] = range(r, 0, 1) ? 0 : range(r, 0, 32) * 1000;
		}
		in->vehicle_full = in->connected && range(r, 0, 200) == 0 ? 1 : in->vehicle_full;
		if (!in->connected) {
			in->vehicle_full = 0;
			w->last_event[i] = INT64_MIN;
		}
	}
	for (size_t i = 0; i < w->nl; i++)
		if (range(r, 0, 60) == 0)
			w->ld[i].input.available = !w->ld[i].input.available;
	/* the physics: cars draw their setpoint (capped) on the commanded phases */
	int64_t g[3] = {0, 0, 0};
	for (int p = 0; p < nph; p++)
		g[p] = w->house[p] - (int64_t)w->pv_w * 1000 / (230 * nph);
	for (size_t i = 0; i < w->ns; i++) {
		evc_station *s = &w->st[i];
		int32_t d = s->input.connected && !s->input.vehicle_full ? s->result.current_ma : 0;
		if (s->input.vehicle_max_ma && d > s->input.vehicle_max_ma)
			d = s->input.vehicle_max_ma;
		if (w->draw_cap[i] && d > w->draw_cap[i])
			d = w->draw_cap[i];
		int ph =
		    nph == 1 ? 1
		    : s->result.phases == 3 && s->config.phases == 3 && s->input.vehicle_phases != 1
		        ? 3
		        : 1;
		s->input.current_ma = d;
		s->input.active_phases = d ? ph : 0;
		for (int p = 0; p < nph; p++)
			if (d && (nph == 1 || ph == 3 || s->config.phase == p + 1))
				g[p] += d;
	}
	for (int p = 0; p < 3; p++)
		site->input.grid_ma[p] = p < nph ? (int32_t)g[p] : 0;
	if (range(r, 0, 50) != 0)
		w->meas_t = now; /* sometimes the meter lags behind */
	site->input.time_s = w->meas_t;
	site->input.battery_soc_pct = range(r, 0, 100);
	site->input.battery_w = range(r, -2000, 3000);
	int rc = evc_site_step(site, w->c, w->nc, w->st, w->ns, w->ld, w->nl, now);
	ck_assert_int_eq(rc, 0);
	if (!check)
		return;
	/* switched loads keep their minimum on and off times unless protection, stale data or
	 * unavailability switch them off, and only switch on above their on threshold */
	for (size_t i = 0; i < w->nl; i++) {
		const evc_load *l = &w->ld[i];
		if (l->result.on == w->load_on[i])
			continue;
		int64_t held = now - w->load_since[i];
		if (l->result.on) {
			if (held < l->config.min_off_s || l->result.surplus_w < l->config.on_w)
				ck_abort_msg(
				    "load %zu on after %lld s off (min %d), surplus %d W (on %d)",
				    i, (long long)held, l->config.min_off_s, l->result.surplus_w,
				    l->config.on_w);
		} else if (l->result.reason == EVC_R_LOAD_OFF && !site->result.stale &&
		           l->input.available && held < l->config.min_on_s) {
			ck_abort_msg("load %zu off after %lld s on (min %d)", i, (long long)held,
			             l->config.min_on_s);
		}
		w->load_on[i] = l->result.on;
		w->load_since[i] = now;
	}
	/* setpoint bounds */
	for (size_t i = 0; i < w->ns; i++) {
		const evc_station *s = &w->st[i];
		int32_t sp = s->result.current_ma;
		if (!s->input.connected) {
			ck_assert_int_eq(sp, 0);
			continue;
		}
		int32_t lo = s->config.min_ma, hi = s->config.rated_ma;
		if (s->input.vehicle_min_ma > lo)
			lo = s->input.vehicle_min_ma;
		if (s->input.vehicle_max_ma > 0 && s->input.vehicle_max_ma < hi)
			hi = s->input.vehicle_max_ma;
		if (sp != 0 && (sp < lo || sp > hi))
			ck_abort_msg("station %zu setpoint %d outside [%d, %d]", i, sp, lo, hi);
		ck_assert(s->result.phases == 1 || s->result.phases == 3);
		/* the state agrees with the setpoint; every decision has a text */
		int on =
		    s->result.state == EVC_STATE_CHARGING || s->result.state == EVC_STATE_REDUCED;
		if (sp > 0 && !on)
			ck_abort_msg("station %zu at %d mA in state %s", i, sp,
			             evc_state_name(s->result.state));
		if (sp == 0 && on && s->result.reason != EVC_R_PHASE_SWITCH)
			ck_abort_msg("station %zu at 0 mA in state %s (%s)", i,
			             evc_state_name(s->result.state), s->result.text);
		size_t len = 0;
		while (len < EVC_TEXT_MAX && s->result.text[len])
			len++;
		ck_assert_uint_gt(len, 0);
		ck_assert_uint_lt(len, EVC_TEXT_MAX);
	}
	if (site->result.stale)
		goto flapping;
	/* protection: non-EV current per phase from the measurement */
	int64_t base[3] = {0, 0, 0}, proj[3];
	for (int p = 0; p < nph; p++)
		base[p] = site->input.grid_ma[p];
	for (size_t i = 0; i < w->ns; i++) {
		const evc_station *s = &w->st[i];
		if (!s->input.connected || !s->input.current_ma)
			continue;
		for (int p = 0; p < nph; p++)
			if (nph == 1 || s->input.active_phases == 3 || s->config.phase == p + 1)
				base[p] -= s->input.current_ma;
	}
	int64_t limit = (int64_t)site->config.main_breaker_ma * site->config.derating_pct / 100;
	int64_t circ_ev[NC][3];
	memset(circ_ev, 0, sizeof circ_ev);
	for (int p = 0; p < 3; p++)
		proj[p] = base[p];
	for (size_t i = 0; i < w->ns; i++) {
		const evc_station *s = &w->st[i];
		int32_t sp = s->result.current_ma;
		if (!s->input.connected || !sp)
			continue;
		for (int p = 0; p < nph; p++) {
			if (!(nph == 1 || s->result.phases == 3 || s->config.phase == p + 1))
				continue;
			proj[p] += sp;
			for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
			     ci = w->c[ci].config.parent)
				circ_ev[ci][p] += sp;
			if (base[p] > limit)
				ck_abort_msg(
				    "station %zu at %d mA on phase %d whose non-EV load %lld "
				    "is over the limit %lld",
				    i, sp, p + 1, (long long)base[p], (long long)limit);
		}
	}
	for (int p = 0; p < nph; p++) {
		if (base[p] <= limit && proj[p] > limit)
			ck_abort_msg("phase %d: %lld mA with the new setpoints over the limit %lld "
			             "(non-EV %lld)",
			             p + 1, (long long)proj[p], (long long)limit,
			             (long long)base[p]);
		for (size_t ci = 0; ci < w->nc; ci++)
			if (circ_ev[ci][p] > w->c[ci].config.limit_ma)
				ck_abort_msg("circuit %zu phase %d: %lld mA over %d", ci, p + 1,
				             (long long)circ_ev[ci][p], w->c[ci].config.limit_ma);
	}
	if (site->config.unbalance_ma > 0 && nph == 3) {
		int64_t u0 = 0, u = 0;
		for (int p = 0; p < 3; p++)
			for (int q = 0; q < 3; q++) {
				if (base[p] - base[q] > u0)
					u0 = base[p] - base[q];
				if (proj[p] - proj[q] > u)
					u = proj[p] - proj[q];
			}
		if (u0 <= site->config.unbalance_ma && u > site->config.unbalance_ma)
			ck_abort_msg("unbalance %lld mA over %d (without EV %lld)", (long long)u,
			             site->config.unbalance_ma, (long long)u0);
	}
	if (site->config.contract_va > 0) {
		int64_t imp0 = 0, imp = 0;
		for (int p = 0; p < nph; p++) {
			imp0 += base[p] > 0 ? base[p] : 0;
			imp += proj[p] > 0 ? proj[p] : 0;
		}
		if (imp0 * 230 <= (int64_t)site->config.contract_va * 1000 &&
		    imp * 230 > (int64_t)site->config.contract_va * 1000)
			ck_abort_msg("contract: %lld mVA over %d VA", (long long)(imp * 230),
			             site->config.contract_va);
	}
flapping:
	for (size_t i = 0; i < w->ns; i++) {
		const evc_station *s = &w->st[i];
		if (!s->input.connected) {
			w->switches[i] = 0;
			w->prev_ma[i] = 0;
			continue;
		}
		/* the phase switches of a session never exceed the cap */
		if (s->result.events & EVC_EVENT_SWITCH)
			w->switches[i]++;
		if (s->config.max_phase_switches > 0 &&
		    w->switches[i] > s->config.max_phase_switches)
			ck_abort_msg("station %zu: %d phase switches, cap %d", i, w->switches[i],
			             s->config.max_phase_switches);
		/* greenup: a running priority station is never lowered by a reduction step (it
		 * may start at a step when nothing else can make room); white-box: its step */
		if (site->config.strategy == EVC_STRATEGY_GREENUP && s->config.priority &&
		    w->prev_ma[i] > 0 && s->result.current_ma > 0 &&
		    s->priv.level > w->prev_level[i])
			ck_abort_msg("priority station %zu reduced from step %d to %d: %s", i,
			             w->prev_level[i], s->priv.level, s->result.text);
		w->prev_level[i] = s->priv.level;
		w->prev_ma[i] = s->result.current_ma;
		/* greenup: no new start in the yellow or red zone */
		if (site->config.strategy == EVC_STRATEGY_GREENUP &&
		    site->result.zone != EVC_ZONE_GREEN && (s->result.events & EVC_EVENT_START) &&
		    !(s->result.events & EVC_EVENT_FORCED))
			ck_abort_msg("station %zu started in zone %s: %s", i,
			             evc_zone_name(site->result.zone), s->result.text);
	}
	if (site->config.strategy == EVC_STRATEGY_GREENUP)
		return;
	for (size_t i = 0; i < w->ns; i++) {
		const evc_station *s = &w->st[i];
		int ev = s->result.events & (EVC_EVENT_START | EVC_EVENT_STOP | EVC_EVENT_SWITCH);
		/* the vehicle going full or out of its limits ends what the hold protects */
		if (s->result.state == EVC_STATE_FULL || s->result.reason == EVC_R_VEHICLE_LIMITS) {
			w->last_event[i] = INT64_MIN;
			continue;
		}
		if (!ev)
			continue;
		int hold = s->config.hold_s >= 0 ? s->config.hold_s : site->config.flow.hold_s;
		if (!(s->result.events & EVC_EVENT_FORCED) && w->last_event[i] != INT64_MIN &&
		    now - w->last_event[i] < hold)
			ck_abort_msg("station %zu: event %d at %lld only %lld s after the previous "
			             "one (%d) (hold %d s, reason %s: %s)",
			             i, s->result.events, (long long)now,
			             (long long)(now - w->last_event[i]), w->last_kind[i], hold,
			             evc_reason_name(s->result.reason), s->result.text);
		w->last_event[i] = now;
		w->last_kind[i] = s->result.events;
	}
}

static void run_world(uint64_t seed, int steps, world *out, int check)
{
	rng r = {seed};
	make_world(out, &r);
	int64_t now = INT64_C(1748836800);
	out->meas_t = now;
	out->site.input.utc_offset_s = 7200;
	for (int k = 0; k < steps; k++) {
		now += range(&r, 1, 30);
		world_step(out, &r, now, check);
	}
}

START_TEST(random_scenarios)
{
	static world w1, w2;
	const int scenarios = 2000;
	for (int n = 0; n < scenarios; n++) {
		uint64_t seed = UINT64_C(0x5EED0000) + (uint64_t)n;
		run_world(seed, 150, &w1, 1);
		/* determinism: the same seed gives the very same results */
		if (n % 10 == 0) {
			run_world(seed, 150, &w2, 0);
			for (size_t i = 0; i < w1.ns; i++)
				ck_assert_mem_eq(&w1.st[i].result, &w2.st[i].result,
				                 sizeof w1.st[i].result);
			ck_assert_mem_eq(&w1.site.result, &w2.site.result, sizeof w1.site.result);
		}
	}
}
END_TEST

Suite *evc_property_suite(void)
{
	Suite *s = suite_create("property");
	TCase *tc = tcase_create("random");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, random_scenarios);
	suite_add_tcase(s, tc);
	return s;
}
