/* Suites "greenup", "flow", "loads": the strategies driven step by step with a tiny plant
 * (grid = house + what the cars drew at the previous setpoint - PV). */
#include "hems_check.h"
#include "evc_tests.h"

#define T0 INT64_C(1748836800)

typedef struct plant {
	evc_site site;
	evc_station st[4];
	evc_load ld[2];
	size_t n, nl;
	int32_t house_ma[3];
	int32_t pv_w;
	int64_t now;
} plant;

static void plant_init(plant *p, size_t n, int strategy)
{
	memset(p, 0, sizeof *p);
	evc_test_setup(&p->site, p->st, n, T0);
	p->site.config.strategy = strategy;
	p->n = n;
	p->now = T0;
}

/* measure with the draws of the last setpoints, then step; returns the step's code */
static int plant_step(plant *p)
{
	int64_t g[3];
	for (int k = 0; k < 3; k++)
		g[k] = p->house_ma[k] - (int64_t)p->pv_w * 1000 / (230 * 3);
	for (size_t i = 0; i < p->n; i++) {
		evc_station *s = &p->st[i];
		int32_t d = s->input.connected && !s->input.vehicle_full ? s->result.current_ma : 0;
		if (s->input.vehicle_max_ma && d > s->input.vehicle_max_ma)
			d = s->input.vehicle_max_ma;
		int nph = s->result.phases ? s->result.phases : 3;
		s->input.current_ma = d;
		s->input.active_phases = d ? nph : 0;
		for (int k = 0; k < 3; k++)
			if (nph == 3 || s->config.phase == k + 1)
				g[k] += d;
	}
	for (size_t i = 0; i < p->nl; i++)
		if (p->ld[i].result.on)
			for (int k = 0; k < 3; k++)
				g[k] += (int64_t)p->ld[i].config.power_w * 1000 / 690;
	for (int k = 0; k < 3; k++)
		p->site.input.grid_ma[k] = (int32_t)g[k];
	p->site.input.time_s = p->now;
	int rc = evc_site_step(&p->site, NULL, 0, p->st, p->n, p->ld, p->nl, p->now);
	p->now += 10;
	return rc;
}

static void plant_run(plant *p, int steps)
{
	for (int i = 0; i < steps; i++)
		ck_assert_int_eq(plant_step(p), 0);
}

/* ---- greenup ---- */

static void gu_setup(plant *p, size_t n)
{
	plant_init(p, n, EVC_STRATEGY_GREENUP);
	p->site.config.main_breaker_ma = 63000;
	p->site.config.derating_pct = 100;
	p->site.config.greenup.max_current_ma = 45000;
	p->site.config.greenup.max_charging_current_ma = 40000;
	p->site.config.greenup.min_guaranteed_mah = 0;
	for (size_t i = 0; i < n; i++)
		p->st[i].config.rated_ma = 16000;
	p->house_ma[0] = p->house_ma[1] = p->house_ma[2] = 5000;
}

START_TEST(gu_zones_and_steps)
{
	plant p;
	gu_setup(&p, 2);
	plant_run(&p, 2);
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_GREEN);
	ck_assert_int_eq(p.st[0].result.current_ma, 16000);
	ck_assert_int_eq(p.st[1].result.current_ma, 16000);
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 30000;
	plant_run(&p, 1); /* 62 A: red, step 1 */
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_RED);
	ck_assert_int_eq(p.st[0].result.current_ma, 12000);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_GU_REDUCED);
	ck_assert_int_eq(p.st[0].result.state, EVC_STATE_REDUCED);
	plant_run(&p, 1); /* 54 A: red, step 2 */
	ck_assert_int_eq(p.st[0].result.current_ma, 8000);
	plant_run(&p, 1); /* 46 A: red at step 2: stop A (connected first, index order) */
	ck_assert_int_eq(p.st[0].result.current_ma, 0);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_GU_STOPPED);
	ck_assert_int_eq(p.st[0].result.state, EVC_STATE_STOPPED);
	ck_assert_int_eq(p.st[1].result.current_ma, 8000);
	plant_run(&p, 1); /* 38 A: green; A waits, no room */
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_GREEN);
	ck_assert_int_eq(p.st[0].result.current_ma, 0);
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 5000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_GU_RESUMED);
}
END_TEST

START_TEST(gu_yellow_waiting)
{
	plant p;
	gu_setup(&p, 2);
	p.st[1].input.connected = 0;
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 22000;
	plant_run(&p, 2); /* 38 A: green, A running at 16 A */
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 27000;
	plant_run(&p, 1); /* 43 A: yellow */
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_YELLOW);
	ck_assert_int_eq(p.st[0].result.current_ma, 16000);
	p.st[1].input.connected = 1;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[1].result.current_ma, 0);
	ck_assert_int_eq(p.st[1].result.reason, EVC_R_GU_WAIT_YELLOW);
	ck_assert_int_eq(p.st[0].result.current_ma, 12000); /* reduced so B can start */
}
END_TEST

START_TEST(gu_hysteresis)
{
	plant p;
	gu_setup(&p, 1);
	p.site.config.greenup.hysteresis_pct = 10; /* 4.5 A */
	plant_run(&p, 2);
	ck_assert_int_eq(p.st[0].result.current_ma, 16000);
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 26000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_YELLOW); /* 42 A */
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 21000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_YELLOW); /* 37 A > 35.5 A */
	p.house_ma[0] = p.house_ma[1] = p.house_ma[2] = 19000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.zone, EVC_ZONE_GREEN); /* 35 A */
}
END_TEST

Suite *evc_greenup_suite(void)
{
	Suite *s = suite_create("greenup");
	TCase *tc = tcase_create("greenup");
	tcase_add_test(tc, gu_zones_and_steps);
	tcase_add_test(tc, gu_yellow_waiting);
	tcase_add_test(tc, gu_hysteresis);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- flow ---- */

START_TEST(flow_pv_hold_and_switch)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	p.site.config.flow.hold_s = 60;
	p.st[0].config.mode = EVC_MODE_PV;
	p.st[0].config.switch_phases = 1;
	p.pv_w = 3000;
	plant_run(&p, 6); /* t = 0..50: waiting for the hold */
	ck_assert_int_eq(p.st[0].result.current_ma, 0);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_PV_STARTING);
	plant_run(&p, 1); /* t = 60: start on one phase */
	ck_assert_int_eq(p.st[0].result.phases, 1);
	ck_assert_int_ge(p.st[0].result.current_ma, 13000); /* 3000 W / 230 V, rounding */
	ck_assert_int_le(p.st[0].result.current_ma, 13050);
	ck_assert(p.st[0].result.events & EVC_EVENT_START);
	p.pv_w = 9000;
	int switched = 0;
	for (int i = 0; i < 10; i++) {
		plant_run(&p, 1);
		if (p.st[0].result.events & EVC_EVENT_SWITCH) {
			switched = 1;
			ck_assert_int_eq(p.st[0].result.current_ma, 0);
			ck_assert_int_eq(p.st[0].result.reason, EVC_R_PHASE_SWITCH);
			break;
		}
		ck_assert_int_eq(p.st[0].result.phases, 1);
	}
	ck_assert(switched);
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.phases, 3);
	ck_assert_int_gt(p.st[0].result.current_ma, 6000);
	ck_assert_int_eq(p.st[0].result.events & EVC_EVENT_START, 0); /* resumes, no new start */
}
END_TEST

START_TEST(flow_thresholds_never_cross)
{
	/* any minimum and rated current: the down threshold stays below the up threshold */
	plant p;
	for (int32_t min = 6000; min <= 16000; min += 1000) {
		plant_init(&p, 1, EVC_STRATEGY_FLOW);
		p.site.config.flow.hold_s = 0;
		p.st[0].config.mode = EVC_MODE_PV;
		p.st[0].config.switch_phases = 1;
		p.st[0].config.min_ma = min;
		p.site.config.flow.three_phase_on_w = 100; /* absurdly low: clamped */
		/* a surplus just at the 3-phase minimum must not switch back and forth */
		p.pv_w = 3 * 230 * min / 1000;
		plant_run(&p, 30);
		int switches = 0;
		for (int i = 0; i < 30; i++) {
			plant_run(&p, 1);
			if (p.st[0].result.events & EVC_EVENT_SWITCH)
				switches++;
		}
		ck_assert_int_le(switches, 1);
	}
}
END_TEST

START_TEST(flow_battery_share)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	p.site.config.flow.battery_max_charge_w = 3000;
	p.site.config.flow.battery_priority = 1;
	p.site.input.battery_soc_pct = 50;
	p.st[0].config.mode = EVC_MODE_PV;
	p.pv_w = 5000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.battery_share_w, 3000);
	ck_assert_int_eq(p.site.result.ev_share_w, p.site.result.surplus_w - 3000);
	ck_assert_int_eq(p.site.result.reason, EVC_R_BATTERY_FIRST);
	p.site.config.flow.battery_priority = 0;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.battery_share_w, 0);
	ck_assert_int_eq(p.site.result.reason, EVC_R_EV_FIRST);
	/* a full battery takes nothing */
	p.site.config.flow.battery_priority = 1;
	p.site.input.battery_soc_pct = 100;
	plant_run(&p, 1);
	ck_assert_int_eq(p.site.result.battery_share_w, 0);
}
END_TEST

START_TEST(flow_deadline)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	p.st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	p.st[0].config.min_energy_wh = 10000;
	p.st[0].config.deadline_wday = 0; /* Monday 07:00 local: 1 h after T0 at +02:00 */
	p.st[0].config.deadline_sod = 7 * 3600;
	p.site.input.utc_offset_s = 7200;
	p.st[0].input.vehicle_max_ma = 16000;
	plant_run(&p, 1);
	/* 10 kWh at 11 kW needs 55 min, plus margin: must charge at once */
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_DEADLINE_GRID);
	ck_assert_int_eq(p.st[0].result.current_ma, 16000);
	p.st[0].config.min_energy_wh = 20000;
	evc_station_init(&p.st[0]); /* new session */
	p.st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	p.st[0].config.min_energy_wh = 20000;
	p.st[0].config.deadline_wday = 0;
	p.st[0].config.deadline_sod = 7 * 3600;
	p.st[0].input.connected = 1;
	p.st[0].input.vehicle_max_ma = 16000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_DEADLINE_MISS);
	/* with a week to go it waits for PV */
	evc_station_init(&p.st[0]);
	p.st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	p.st[0].config.min_energy_wh = 5000;
	p.st[0].config.deadline_wday = 0;
	p.st[0].config.deadline_sod = 5 * 3600; /* passed today: next Monday */
	p.st[0].input.connected = 1;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_DEADLINE_PV);
	ck_assert_int_eq(p.st[0].result.current_ma, 0);
}
END_TEST

/* The deadline is planned with what the breaker leaves for the car, not its rating. */
START_TEST(flow_deadline_plans_with_site_headroom)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	ck_assert_int_eq(p.site.config.main_breaker_ma * p.site.config.derating_pct / 100, 32000);
	for (int k = 0; k < 3; k++)
		p.house_ma[k] = 20000; /* 12 A left per phase */
	p.st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	p.st[0].config.min_energy_wh = 10000;
	p.st[0].config.deadline_wday = 0; /* Monday 07:15 local: 75 min after T0 at +02:00 */
	p.st[0].config.deadline_sod = 7 * 3600 + 15 * 60;
	p.site.input.utc_offset_s = 7200;
	p.st[0].input.vehicle_max_ma = 32000;
	plant_run(&p, 1);
	/* at 32 A (22 kW) 10 kWh would need 28 min: it would wait for PV; at the 12 A the
	 * breaker leaves (8.3 kW) it needs 73 min of the 75 left: grid charging now */
	ck_assert_int_eq(p.st[0].result.current_ma, 12000);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_PROTECT_LIMIT); /* forced, then capped */
	ck_assert_msg(strstr(p.st[0].result.text, "cut to 12.0 A") != NULL, "text: %s", p.st[0].result.text);
	/* the charge stays latched on the grid when the house load goes away */
	for (int k = 0; k < 3; k++)
		p.house_ma[k] = 0;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_DEADLINE_GRID);
	ck_assert_int_eq(p.st[0].result.current_ma, 32000);
	/* with the house load gone the same deadline leaves time: PV first */
	evc_station_init(&p.st[0]);
	p.st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	p.st[0].config.min_energy_wh = 10000;
	p.st[0].config.deadline_wday = 0;
	p.st[0].config.deadline_sod = 7 * 3600 + 15 * 60;
	p.st[0].input.connected = 1;
	p.st[0].input.vehicle_max_ma = 32000;
	for (int k = 0; k < 3; k++)
		p.house_ma[k] = 0;
	plant_run(&p, 1);
	ck_assert_int_eq(p.st[0].result.reason, EVC_R_FLOW_DEADLINE_PV);
	ck_assert_int_eq(p.st[0].result.current_ma, 0);
}
END_TEST

Suite *evc_flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc = tcase_create("flow");
	tcase_add_test(tc, flow_pv_hold_and_switch);
	tcase_add_test(tc, flow_thresholds_never_cross);
	tcase_add_test(tc, flow_battery_share);
	tcase_add_test(tc, flow_deadline);
	tcase_add_test(tc, flow_deadline_plans_with_site_headroom);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- switched loads ---- */

START_TEST(load_hysteresis_and_min_times)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	p.st[0].input.connected = 0;
	p.nl = 1;
	evc_load_init(&p.ld[0]);
	evc_id_set(p.ld[0].config.id, "HP");
	p.ld[0].config.power_w = 2000;
	p.ld[0].config.on_w = 2500;
	p.ld[0].config.off_w = 500;
	p.ld[0].config.min_on_s = 60;
	p.ld[0].config.min_off_s = 30;
	p.pv_w = 3000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 1);
	ck_assert_int_eq(p.ld[0].result.reason, EVC_R_LOAD_ON);
	p.pv_w = 1800; /* surplus with its own draw: 1800 >= 500: stays on */
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 1);
	p.pv_w = 0;
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.reason, EVC_R_LOAD_MIN_ON);
	ck_assert_int_eq(p.ld[0].result.on, 1);
	plant_run(&p, 5);
	ck_assert_int_eq(p.ld[0].result.on, 0);
	p.pv_w = 3000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 0);
	ck_assert_int_eq(p.ld[0].result.reason, EVC_R_LOAD_MIN_OFF);
	plant_run(&p, 3);
	ck_assert_int_eq(p.ld[0].result.on, 1);
	/* not available: off */
	p.ld[0].input.available = 0;
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 0);
}
END_TEST

START_TEST(load_protection)
{
	plant p;
	plant_init(&p, 1, EVC_STRATEGY_FLOW);
	p.st[0].input.connected = 0;
	p.nl = 1;
	evc_load_init(&p.ld[0]);
	p.ld[0].config.power_w = 2000;
	p.ld[0].config.on_w = 1000;
	p.ld[0].config.off_w = -100000;
	p.ld[0].config.min_on_s = 3600;
	p.pv_w = 3000;
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 1);
	p.house_ma[0] = 40000; /* L1 over the 32 A limit: off despite the minimum on time */
	plant_run(&p, 1);
	ck_assert_int_eq(p.ld[0].result.on, 0);
	ck_assert_int_eq(p.ld[0].result.reason, EVC_R_LOAD_PROTECT);
}
END_TEST

Suite *evc_loads_suite(void)
{
	Suite *s = suite_create("loads");
	TCase *tc = tcase_create("loads");
	tcase_add_test(tc, load_hysteresis_and_min_times);
	tcase_add_test(tc, load_protection);
	suite_add_tcase(s, tc);
	return s;
}
