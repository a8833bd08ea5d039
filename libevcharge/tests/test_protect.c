/* Suite "protect": limits under every strategy: breaker x derating, zero when the house alone
 * exceeds, circuits, contract, unbalance, fairness, vehicle limits, redistribution, stale. */
#include "hems_check.h"
#include "evc_tests.h"

#define T0 INT64_C(1748836800)

static int step(evc_site *site, evc_station *st, size_t n, int64_t now)
{
	site->input.time_s = now;
	return evc_site_step(site, NULL, 0, st, n, NULL, 0, now);
}

START_TEST(breaker_limit)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	evc_test_grid(&site, 5000, 3000, 2000);
	ck_assert_int_eq(step(&site, st, 1, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 27000);
	ck_assert_int_eq(st[0].result.reason, EVC_R_PROTECT_LIMIT);
	ck_assert_int_eq(st[0].result.state, EVC_STATE_REDUCED);
	ck_assert_int_eq(st[0].result.phases, 3);
	ck_assert_int_eq(site.result.limit_ma[0], 32000);
	ck_assert_int_eq(site.result.headroom_ma[0], 27000);
	ck_assert_ptr_nonnull(strstr(st[0].result.text, "main breaker limit"));
	/* the car draws it: the measured grid includes it, the setpoint holds */
	st[0].input.current_ma = 27000;
	st[0].input.active_phases = 3;
	evc_test_grid(&site, 32000, 30000, 29000);
	ck_assert_int_eq(step(&site, st, 1, T0 + 10), 0);
	ck_assert_int_eq(st[0].result.current_ma, 27000);
	/* derating is adjustable */
	site.config.derating_pct = 100;
	ck_assert_int_eq(step(&site, st, 1, T0 + 20), 0);
	ck_assert_int_eq(st[0].result.current_ma, 32000);
	ck_assert_int_eq(st[0].result.reason, EVC_R_PROTECT_FULL);
}
END_TEST

START_TEST(house_alone_exceeds)
{
	evc_site site;
	evc_station st[2];
	evc_test_setup(&site, st, 2, T0);
	st[1].config.phases = 1;
	st[1].config.phase = 2;
	evc_test_grid(&site, 35000, 3000, 2000);
	ck_assert_int_eq(step(&site, st, 2, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 0);
	ck_assert_int_eq(st[0].result.reason, EVC_R_PROTECT_ZERO);
	ck_assert_ptr_nonnull(strstr(st[0].result.text, "L1 (35.0 A > 32.0 A)"));
	ck_assert_int_gt(st[1].result.current_ma, 0);
	ck_assert_int_eq(site.result.headroom_ma[0], -3000);
}
END_TEST

START_TEST(equal_and_fcfs)
{
	evc_site site;
	evc_station st[3];
	evc_test_setup(&site, st, 3, T0);
	evc_test_grid(&site, 18000, 18000, 18000); /* 14 A of room */
	ck_assert_int_eq(step(&site, st, 3, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 7000);
	ck_assert_int_eq(st[1].result.current_ma, 7000);
	ck_assert_int_eq(st[2].result.current_ma, 0);
	ck_assert_int_eq(st[2].result.reason, EVC_R_NO_ROOM);
	/* first come first served: A connected first */
	evc_test_setup(&site, st, 3, T0);
	site.config.fairness = EVC_FAIR_FCFS;
	evc_test_grid(&site, 2000, 2000, 2000);
	st[1].input.connected = st[2].input.connected = 0;
	ck_assert_int_eq(step(&site, st, 3, T0), 0);
	st[1].input.connected = 1;
	ck_assert_int_eq(step(&site, st, 3, T0 + 10), 0);
	/* nothing measured drawn: 30 A of room, B needs its 6 A minimum */
	ck_assert_int_eq(st[0].result.current_ma, 24000);
	ck_assert_int_eq(st[1].result.current_ma, 6000);
}
END_TEST

START_TEST(priority_admitted_first)
{
	evc_site site;
	evc_station st[2];
	evc_test_setup(&site, st, 2, T0);
	evc_test_grid(&site, 24000, 24000, 24000); /* 8 A: room for one minimum */
	st[1].config.priority = 1;
	ck_assert_int_eq(step(&site, st, 2, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 0);
	ck_assert_int_eq(st[1].result.current_ma, 8000);
}
END_TEST

START_TEST(circuits)
{
	evc_site site;
	evc_station st[3];
	evc_circuit c[2];
	evc_test_setup(&site, st, 3, T0);
	evc_circuit_init(&c[0]);
	evc_circuit_init(&c[1]);
	evc_id_set(c[0].config.id, "SUB");
	evc_id_set(c[1].config.id, "GARAGE");
	c[0].config.limit_ma = 20000;
	c[1].config.parent = 0;
	c[1].config.limit_ma = 10000;
	st[0].config.circuit = 1;
	st[1].config.circuit = 0;
	evc_test_grid(&site, 2000, 2000, 2000);
	ck_assert_int_eq(evc_site_step(&site, c, 2, st, 3, NULL, 0, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 10000);
	ck_assert_int_eq(st[1].result.current_ma, 10000);
	ck_assert_int_eq(st[2].result.current_ma, 10000); /* main: 30 A for three */
	ck_assert_int_eq(st[0].result.reason, EVC_R_CIRCUIT_LIMIT);
	ck_assert_ptr_nonnull(strstr(st[0].result.text, "circuit GARAGE limit"));
	/* a measured sub-board with 15 A of other loads leaves 5 A: below the minimum */
	c[0].input.measured = 1;
	c[0].input.current_ma[0] = c[0].input.current_ma[1] = c[0].input.current_ma[2] = 15000;
	ck_assert_int_eq(evc_site_step(&site, c, 2, st, 3, NULL, 0, T0 + 10), 0);
	ck_assert_int_eq(st[0].result.current_ma + st[1].result.current_ma, 0);
}
END_TEST

START_TEST(contract_and_unbalance)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	site.config.contract_va = 6000;
	evc_test_grid(&site, 2000, 2000, 2000);
	ck_assert_int_eq(step(&site, st, 1, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, (6000000 - 6000 * 230) / 690);
	ck_assert_int_eq(st[0].result.reason, EVC_R_CONTRACT_LIMIT);
	/* unbalance: a single-phase station on L1 */
	evc_test_setup(&site, st, 1, T0);
	site.config.unbalance_ma = 16000;
	st[0].config.phases = 1;
	evc_test_grid(&site, 5000, 2000, 2000);
	ck_assert_int_eq(step(&site, st, 1, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 13000);
	ck_assert_int_eq(st[0].result.reason, EVC_R_UNBALANCE_LIMIT);
	/* a three-phase station is not limited by the unbalance rule */
	st[0].config.phases = 3;
	ck_assert_int_eq(step(&site, st, 1, T0 + 10), 0);
	ck_assert_int_eq(st[0].result.current_ma, 27000);
}
END_TEST

START_TEST(vehicle_limits_and_redistribution)
{
	evc_site site;
	evc_station st[2];
	evc_test_setup(&site, st, 2, T0);
	site.config.redistribute_margin_ma = 2000;
	evc_test_grid(&site, 2000, 2000, 2000);
	st[0].input.vehicle_max_ma = 16000;
	st[1].input.vehicle_min_ma = 10000;
	ck_assert_int_eq(step(&site, st, 2, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 15000);
	ck_assert_int_eq(st[1].result.current_ma, 15000);
	/* A takes only 9 A of its 15: capped at 11 A, B gets 19 A */
	st[0].input.current_ma = 9000;
	st[0].input.active_phases = 3;
	st[1].input.current_ma = 15000;
	st[1].input.active_phases = 3;
	evc_test_grid(&site, 26000, 26000, 26000);
	ck_assert_int_eq(step(&site, st, 2, T0 + 10), 0);
	ck_assert_int_eq(st[0].result.current_ma, 11000);
	ck_assert_int_eq(st[0].result.reason, EVC_R_REDISTRIBUTED);
	ck_assert_int_eq(st[1].result.current_ma, 19000);
	/* minimum above maximum */
	st[1].input.vehicle_max_ma = 8000;
	ck_assert_int_eq(step(&site, st, 2, T0 + 20), 0);
	ck_assert_int_eq(st[1].result.current_ma, 0);
	ck_assert_int_eq(st[1].result.reason, EVC_R_VEHICLE_LIMITS);
	/* full */
	st[0].input.vehicle_full = 1;
	ck_assert_int_eq(step(&site, st, 2, T0 + 30), 0);
	ck_assert_int_eq(st[0].result.current_ma, 0);
	ck_assert_int_eq(st[0].result.state, EVC_STATE_FULL);
	ck_assert_int_eq(st[0].result.events & EVC_EVENT_STOP, 0);
}
END_TEST

START_TEST(stale_fallback)
{
	evc_site site;
	evc_station st[2];
	evc_test_setup(&site, st, 2, T0);
	st[1].config.fallback_ma = 0;
	evc_test_grid(&site, 2000, 2000, 2000);
	ck_assert_int_eq(step(&site, st, 2, T0), 0);
	site.input.time_s = T0;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 2, NULL, 0, T0 + 30), 0);
	ck_assert_int_eq(site.result.stale, 0); /* 30 s is still fresh */
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 2, NULL, 0, T0 + 31), 0);
	ck_assert_int_eq(site.result.stale, 1);
	ck_assert_int_eq(site.result.reason, EVC_R_STALE);
	ck_assert_int_eq(st[0].result.current_ma, 6000);
	ck_assert_int_eq(st[0].result.reason, EVC_R_STALE);
	ck_assert_ptr_nonnull(strstr(st[0].result.text, "31 s old"));
	ck_assert_int_eq(st[1].result.current_ma, 0);
	ck_assert(st[1].result.events & EVC_EVENT_FORCED);
	/* a meter reporting a failure is stale at once */
	site.input.time_s = T0 + 40;
	site.input.meter_ok = 0;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 2, NULL, 0, T0 + 40), 0);
	ck_assert_int_eq(site.result.stale, 1);
	ck_assert_ptr_nonnull(strstr(st[0].result.text, "meter failure"));
	/* a measurement from the future beyond the age limit is not trusted either */
	site.input.meter_ok = 1;
	site.input.time_s = T0 + 500;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 2, NULL, 0, T0 + 50), 0);
	ck_assert_int_eq(site.result.stale, 1);
}
END_TEST

START_TEST(single_phase_site)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	site.config.phases = 1;
	site.config.main_breaker_ma = 32000;
	site.input.grid_ma[0] = 10000;
	ck_assert_int_eq(step(&site, st, 1, T0), 0);
	ck_assert_int_eq(st[0].result.current_ma, 15600);
	ck_assert_int_eq(st[0].result.phases, 1);
}
END_TEST

Suite *evc_protect_suite(void)
{
	Suite *s = suite_create("protect");
	TCase *tc = tcase_create("limits");
	tcase_add_test(tc, breaker_limit);
	tcase_add_test(tc, house_alone_exceeds);
	tcase_add_test(tc, circuits);
	tcase_add_test(tc, contract_and_unbalance);
	tcase_add_test(tc, single_phase_site);
	suite_add_tcase(s, tc);
	tc = tcase_create("sharing");
	tcase_add_test(tc, equal_and_fcfs);
	tcase_add_test(tc, priority_admitted_first);
	tcase_add_test(tc, vehicle_limits_and_redistribution);
	suite_add_tcase(s, tc);
	tc = tcase_create("stale");
	tcase_add_test(tc, stale_fallback);
	suite_add_tcase(s, tc);
	return s;
}
